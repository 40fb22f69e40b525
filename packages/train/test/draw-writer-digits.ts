import { createRng } from '@mnist/data';
import { PNG } from 'pngjs';

/** Two writers whose digits look nothing like MNIST's: seven-segment strokes, and dot-matrix dots. */
export type Writer = 'segments' | 'dots';

const SEGMENTS: Record<string, [number, number, number, number]> = {
  a: [0, 0, 1, 0],
  b: [1, 0, 1, 1],
  c: [1, 1, 1, 2],
  d: [0, 2, 1, 2],
  e: [0, 1, 0, 2],
  f: [0, 0, 0, 1],
  g: [0, 1, 1, 1],
};
const SEGMENT_DIGITS = ['abcdef', 'bc', 'abged', 'abgcd', 'fgbc', 'afgcd', 'afgedc', 'abc', 'abcdefg', 'abfgcd'];
// 5 x 7 dot-matrix font, one string per row.
const DOT_DIGITS = [
  ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  ['11111', '00010', '00100', '00010', '00001', '10001', '01110'],
  ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
];

const SIZE = 64;

function distanceToSegment(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const t = Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
}

/**
 * Draws `digit` in `writer`'s style as a 64 x 64 PNG, dark ink on white paper, with a random slant,
 * size, position and pen width from `seed`.
 */
export function drawWriterDigit(writer: Writer, digit: number, seed: number): Buffer {
  const rng = createRng(seed);
  const slant = (rng() - 0.5) * 0.4;
  const scale = 0.8 + rng() * 0.3;
  const ox = SIZE / 2 + (rng() - 0.5) * 8;
  const oy = SIZE / 2 + (rng() - 0.5) * 8;
  const pen = 2 + rng() * 1.5;
  const ink = new Float32Array(SIZE * SIZE);
  // Unit glyph coordinates (x in [0, 1], y in [0, 2]) to pixels.
  const place = (x: number, y: number): [number, number] => {
    const h = 36 * scale;
    const px = (x - 0.5) * h * 0.5 - (y - 1) * slant * h * 0.5;
    const py = (y - 1) * h * 0.5;
    return [ox + px, oy + py];
  };
  const shapes: ((x: number, y: number) => number)[] = [];
  if (writer === 'segments') {
    for (const name of SEGMENT_DIGITS[digit]!) {
      const [x0, y0, x1, y1] = SEGMENTS[name]!;
      const [a, b] = place(x0, y0);
      const [c, d] = place(x1, y1);
      shapes.push((x, y) => distanceToSegment(x, y, a, b, c, d) - pen);
    }
  } else {
    DOT_DIGITS[digit]!.forEach((row, r) => {
      [...row].forEach((bit, c) => {
        if (bit !== '1') return;
        const [cx, cy] = place(c / 4, (r / 6) * 2);
        shapes.push((x, y) => Math.hypot(x - cx, y - cy) - pen * 0.9);
      });
    });
  }
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let d = Number.POSITIVE_INFINITY;
      for (const shape of shapes) d = Math.min(d, shape(x + 0.5, y + 0.5));
      ink[y * SIZE + x] = Math.max(0, Math.min(1, 0.5 - d));
    }
  }
  const png = new PNG({ width: SIZE, height: SIZE });
  for (let i = 0; i < SIZE * SIZE; i++) {
    const v = Math.round(255 * (1 - ink[i]!));
    png.data[i * 4] = v;
    png.data[i * 4 + 1] = v;
    png.data[i * 4 + 2] = v;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}
