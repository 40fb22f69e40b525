/**
 * WebGL implementations that run on the CPU (SwiftShader, llvmpipe, Microsoft's
 * Basic Render Driver). On them TensorFlow.js's WebGL backend is many times
 * slower than its WebAssembly backend, so the page prefers wasm there.
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** True when `renderer` (a WebGL renderer string) names a CPU-only implementation. */
export function isSoftwareRenderer(renderer: string | undefined): boolean {
  return renderer !== undefined && SOFTWARE_RENDERER.test(renderer);
}

/** The browser's WebGL renderer string, or undefined without WebGL. */
export function webglRenderer(): string | undefined {
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return undefined;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return undefined;
  }
}
