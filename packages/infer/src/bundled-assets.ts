/**
 * Files this package ships beside its JavaScript, referenced as `new URL('./file', import.meta.url)`:
 * Vite (build and dev server), webpack 5, Rollup and esbuild-based tools recognise the pattern and
 * emit each file with the app, with no configuration. Functions (not constants) so that an app
 * importing only `preprocess` references none of them. The build copies them to dist/ with the
 * same relative paths (scripts/copy-assets.mjs).
 */

/** The bundled model file (see model/model-file.ts). */
export function bundledModelUrl(): URL {
  return new URL('./model/default-model.bin', import.meta.url);
}

/** tfjs-backend-wasm's binaries, by the file names tfjs-backend-wasm asks for. */
export function bundledWasmUrls(): Record<string, string> {
  return {
    'tfjs-backend-wasm.wasm': new URL('./wasm/tfjs-backend-wasm.wasm', import.meta.url).href,
    'tfjs-backend-wasm-simd.wasm': new URL('./wasm/tfjs-backend-wasm-simd.wasm', import.meta.url).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL('./wasm/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url).href,
  };
}
