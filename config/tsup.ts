import { defineConfig, type Options } from 'tsup';

/**
 * The build every published package shares: ESM + CommonJS with types and source maps, for ES2022.
 * A package passes only what is its own: its entries, modules to leave external, and `shims` when
 * its code reads `import.meta.url` (the CommonJS build needs the shim).
 */
export function definePackageBuild(options: Pick<Options, 'entry' | 'external' | 'shims' | 'noExternal'>) {
  return defineConfig({
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...options,
  });
}
