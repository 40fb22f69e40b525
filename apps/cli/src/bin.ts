#!/usr/bin/env node
import { main } from './main.js';

// `mnist … 2>&1 | head` closes the pipe early: stop quietly, as other command-line tools do, instead of a
// stack trace. (Standard output's closing is handled by processContext: `mnist train` carries on.)
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mnist: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
