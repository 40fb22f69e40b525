/** Path of the WebAssembly text source of the SIMD kernels. */
export const SIMD_WAT_PATH: string;
/** Path of the generated TypeScript file holding the compiled module. */
export const SIMD_BINARY_PATH: string;
/** Compiles the .wat source with wabt. */
export function compileSimdKernels(): Promise<Buffer>;
/** The generated TypeScript file's text for `bytes`. */
export function simdBinarySource(bytes: Buffer): string;
