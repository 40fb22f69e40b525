import { MNIST_PIXELS_PER_IMAGE, MNIST_SIDE_PX } from '@mnist/test-utils';

/** Bilinear (enlarging) or area-ish (shrinking, via supersampling) rescale of a 28x28 digit. */
function scaleDigit(digit: Float32Array, scale: number): { data: Float32Array; size: number } {
  const size = Math.max(1, Math.round(MNIST_SIDE_PX * scale));
  const out = new Float32Array(size * size);
  const samples = scale < 1 ? 4 : 1;
  const at = (x: number, y: number) => {
    const cx = Math.min(MNIST_SIDE_PX - 1, Math.max(0, x));
    const cy = Math.min(MNIST_SIDE_PX - 1, Math.max(0, y));
    const x0 = Math.floor(cx);
    const y0 = Math.floor(cy);
    const x1 = Math.min(MNIST_SIDE_PX - 1, x0 + 1);
    const y1 = Math.min(MNIST_SIDE_PX - 1, y0 + 1);
    const tx = cx - x0;
    const ty = cy - y0;
    const v = (xx: number, yy: number) => digit[yy * MNIST_SIDE_PX + xx]!;
    return (v(x0, y0) * (1 - tx) + v(x1, y0) * tx) * (1 - ty) + (v(x0, y1) * (1 - tx) + v(x1, y1) * tx) * ty;
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          sum += at((x + (sx + 0.5) / samples) / scale - 0.5, (y + (sy + 0.5) / samples) / scale - 0.5);
        }
      }
      out[y * size + x] = sum / (samples * samples);
    }
  }
  return { data: out, size };
}

/** Grayscale dilation (max, thickens) or erosion (min, thins) with a disc of `radius` pixels. */
function morph(image: Float32Array, size: number, radius: number, mode: 'thicken' | 'thin'): Float32Array {
  const out = new Float32Array(image.length);
  const pick = mode === 'thicken' ? Math.max : Math.min;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let v = image[y * size + x]!;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          if (dx * dx + dy * dy > radius * radius) continue;
          const xx = x + dx;
          const yy = y + dy;
          const n = xx < 0 || yy < 0 || xx >= size || yy >= size ? 0 : image[yy * size + xx]!;
          v = pick(v, n);
        }
      }
      out[y * size + x] = v;
    }
  }
  return out;
}

export type Transform = 'scaled' | 'inverted' | 'thickened' | 'thinned';
export const TRANSFORMS: readonly Transform[] = ['scaled', 'inverted', 'thickened', 'thinned'];

/**
 * MNIST digit `index` placed at a random 0.4x-3x scale, off-centre in a larger frame; then
 * optionally polarity-inverted (dark ink on light paper) or with strokes thickened or thinned.
 */
export function transformDigit(
  images: Uint8Array,
  index: number,
  transform: Transform,
  rng: () => number,
): { data: Uint8Array; width: number; height: number } {
  const digit = Float32Array.from(images.subarray(index * MNIST_PIXELS_PER_IMAGE, (index + 1) * MNIST_PIXELS_PER_IMAGE), (v) => v / 255);
  const minScale = transform === 'thinned' ? 1.5 : 0.4;
  const scale = minScale + rng() * (3 - minScale);
  let { data, size } = scaleDigit(digit, scale);
  if (transform === 'thickened') data = morph(data, size, Math.max(1, Math.round(scale * 0.8)), 'thicken');
  if (transform === 'thinned') data = morph(data, size, Math.max(1, Math.round(scale * 0.3)), 'thin');
  const width = size + 16 + Math.floor(rng() * 80);
  const height = size + 16 + Math.floor(rng() * 40);
  const left = Math.floor(rng() * (width - size));
  const top = Math.floor(rng() * (height - size));
  const out = new Uint8Array(width * height);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) out[(top + y) * width + left + x] = Math.round(Math.min(1, data[y * size + x]!) * 255);
  }
  if (transform === 'inverted') for (let i = 0; i < out.length; i++) out[i] = 255 - out[i]!;
  return { data: out, width, height };
}
