// The TensorFlow.js WebAssembly binaries, bundled with the page so the wasm
// backend works offline and never reaches for a CDN. Vite copies each file
// into the build (hashed) and gives us its URL.
import wasmUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';

/** File name → URL map in the form `setWasmPaths` (and `loadRecognizer({ wasmPaths })`) accepts. */
export const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': absolute(wasmUrl),
  'tfjs-backend-wasm-simd.wasm': absolute(wasmSimdUrl),
  'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreadedSimdUrl),
};

function absolute(url: string): string {
  return new URL(url, document.baseURI).href;
}
