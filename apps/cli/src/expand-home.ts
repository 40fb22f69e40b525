import { homedir } from 'node:os';
import { join } from 'node:path';

/** `~` and `~/x` as the shell would expand them (for a value the shell did not expand: quoted, or after `=`). */
export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  return join(env.HOME ?? homedir(), path.slice(1));
}
