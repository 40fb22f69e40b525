import { version } from '../package.json';

/** The version of `@mnist/cli`, printed by `mnist --version`. */
export const CLI_VERSION: string = version;
