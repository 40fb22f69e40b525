import { definePackageBuild } from '../../config/tsup.ts';

// shims: import.meta.url in the CommonJS build.
export default definePackageBuild({ entry: ['src/index.ts', 'src/bin.ts'], shims: true });
