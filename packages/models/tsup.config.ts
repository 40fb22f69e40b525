import { definePackageBuild } from '../../config/tsup.ts';

export default definePackageBuild({ entry: ['src/index.ts'] });
