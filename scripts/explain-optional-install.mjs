#!/usr/bin/env node
// Runs after `pnpm install` (the root postinstall). @tensorflow/tfjs-node is an optional
// dependency whose install script downloads libtensorflow; offline, or on a platform without a
// build, that download fails with a stack trace above. Nothing needs it: say so in one line.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Whether tfjs-node installed with its native binding (lib/napi-v*\/tfjs_binding.node). */
function tfjsNodeInstalled() {
  try {
    const require = createRequire(new URL('../packages/train/package.json', import.meta.url));
    const lib = join(dirname(require.resolve('@tensorflow/tfjs-node/package.json')), 'lib');
    return existsSync(lib) && readdirSync(lib).some((dir) => existsSync(join(lib, dir, 'tfjs_binding.node')));
  } catch {
    return false;
  }
}

if (!tfjsNodeInstalled()) {
  console.log(
    'note: @tensorflow/tfjs-node did not install (its libtensorflow download fails offline or on unsupported platforms): expected and harmless, training and inference use the WebAssembly backend.',
  );
}
