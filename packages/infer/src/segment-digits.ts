import { type Component, connectedComponents } from './connected-components.js';
import { MIN_PART_FRACTION, STROKE_THRESHOLD } from './normalize-digit.js';
import type { Box } from './resample.js';
import type { InkImage } from './to-ink-image.js';

/** One digit cut out of a row of digits: its ink alone, and where it was. */
export interface DigitRegion {
  /** Bounding box in the ink image's pixels. */
  box: Box;
  /** Ink of this digit only (other digits erased), `box.width + 2m` x `box.height + 2m` with margin m. */
  ink: Float32Array;
  width: number;
  height: number;
}

/** Components whose horizontal spans overlap by this fraction of the narrower one are one digit (broken strokes). */
export const MERGE_OVERLAP_FRACTION = 0.5;
/** A group wider than this multiple of the row's digit height is split (touching digits). */
export const SPLIT_WIDTH_RATIO = 1.2;
/** Touching digits are cut at the lightest column within this central fraction of the group. */
const SPLIT_SEARCH_FRACTION = 0.5;
/** Pixels of context kept around each cut-out digit for its faint edges. */
const MARGIN_PX = 2;

interface Group {
  labels: number[];
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function overlapFraction(a: Group, b: Group): number {
  const overlap = Math.min(a.maxX, b.maxX) - Math.max(a.minX, b.minX) + 1;
  const narrower = Math.min(a.maxX - a.minX + 1, b.maxX - b.minX + 1);
  return overlap / narrower;
}

function mergeOverlapping(components: Component[]): Group[] {
  let groups: Group[] = components.map((c) => ({
    labels: [c.label],
    minX: c.minX,
    maxX: c.maxX,
    minY: c.minY,
    maxY: c.maxY,
  }));
  let merged = true;
  while (merged) {
    merged = false;
    groups.sort((a, b) => a.minX - b.minX);
    const next: Group[] = [];
    for (const g of groups) {
      const last = next[next.length - 1];
      if (last !== undefined && overlapFraction(last, g) >= MERGE_OVERLAP_FRACTION) {
        last.labels.push(...g.labels);
        last.minX = Math.min(last.minX, g.minX);
        last.maxX = Math.max(last.maxX, g.maxX);
        last.minY = Math.min(last.minY, g.minY);
        last.maxY = Math.max(last.maxY, g.maxY);
        merged = true;
      } else next.push(g);
    }
    groups = next;
  }
  return groups;
}

interface Part {
  labels: Set<number>;
  minX: number;
  maxX: number;
}

function splitWide(part: Part, ink: InkImage, labels: Int32Array, digitHeight: number, out: Part[]): void {
  const width = part.maxX - part.minX + 1;
  if (width <= SPLIT_WIDTH_RATIO * digitHeight) {
    out.push(part);
    return;
  }
  const from = part.minX + Math.floor((width * (1 - SPLIT_SEARCH_FRACTION)) / 2);
  const to = part.minX + Math.ceil((width * (1 + SPLIT_SEARCH_FRACTION)) / 2);
  let bestX = from;
  let best = Number.POSITIVE_INFINITY;
  for (let x = from; x < to; x++) {
    let column = 0;
    for (let y = 0; y < ink.height; y++) {
      const i = y * ink.width + x;
      if (part.labels.has(labels[i]!)) column += ink.data[i]!;
    }
    if (column < best) {
      best = column;
      bestX = x;
    }
  }
  splitWide({ labels: part.labels, minX: part.minX, maxX: bestX }, ink, labels, digitHeight, out);
  splitWide({ labels: part.labels, minX: bestX + 1, maxX: part.maxX }, ink, labels, digitHeight, out);
}

function cutOut(part: Part, ink: InkImage, labels: Int32Array): DigitRegion | undefined {
  let minY = ink.height;
  let maxY = -1;
  let minX = ink.width;
  let maxX = -1;
  for (let y = 0; y < ink.height; y++) {
    for (let x = part.minX; x <= part.maxX; x++) {
      if (part.labels.has(labels[y * ink.width + x]!)) {
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
      }
    }
  }
  if (maxY < 0) return undefined;
  const x0 = Math.max(0, minX - MARGIN_PX);
  const y0 = Math.max(0, minY - MARGIN_PX);
  const x1 = Math.min(ink.width - 1, maxX + MARGIN_PX);
  const y1 = Math.min(ink.height - 1, maxY + MARGIN_PX);
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  const out = new Float32Array(width * height);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const i = y * ink.width + x;
      const label = labels[i]!;
      const inColumns = x >= part.minX - MARGIN_PX && x <= part.maxX + MARGIN_PX;
      const own = label === 0 ? inColumns : part.labels.has(label) && x >= part.minX && x <= part.maxX;
      if (own) out[(y - y0) * width + (x - x0)] = ink.data[i]!;
    }
  }
  return { box: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 }, ink: out, width, height };
}

/**
 * Splits a row of handwritten digits into single digits, left to right: connected components
 * (specks dropped), components overlapping horizontally merged (broken strokes, the bar of a 5),
 * too-wide groups cut at the lightest column (touching digits).
 */
export function segmentDigits(ink: InkImage): DigitRegion[] {
  const { labels, components } = connectedComponents(ink.data, ink.width, ink.height, STROKE_THRESHOLD);
  if (components.length === 0) return [];
  const heaviest = Math.max(...components.map((c) => c.mass));
  const kept = components.filter((c) => c.mass >= MIN_PART_FRACTION * heaviest);
  const groups = mergeOverlapping(kept);
  const heights = groups.map((g) => g.maxY - g.minY + 1).sort((a, b) => a - b);
  const rowHeight = heights[heights.length >> 1]!;
  const parts: Part[] = [];
  for (const g of groups) {
    const digitHeight = Math.max(rowHeight, g.maxY - g.minY + 1);
    splitWide({ labels: new Set(g.labels), minX: g.minX, maxX: g.maxX }, ink, labels, digitHeight, parts);
  }
  const regions: DigitRegion[] = [];
  for (const part of parts) {
    const region = cutOut(part, ink, labels);
    if (region !== undefined) regions.push(region);
  }
  return regions;
}
