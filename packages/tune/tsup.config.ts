import { definePackageBuild } from '../../config/tsup.ts';

export default definePackageBuild({
  entry: {
    index: 'src/index.ts',
    // `@mnist/tune/queue`: the BullMQ/Redis coordinator and worker (loads bullmq only when imported).
    queue: 'src/queue/index.ts',
  },
});
