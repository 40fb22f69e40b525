import { type Component, connectedComponents } from './connected-components.js';
import { MIN_PART_FRACTION, STROKE_THRESHOLD } from './normalize-digit.js';
import type { Box } from './resample.js';
import type { InkImage } from './to-ink-image.js';

/** A small mark between digits, as it is written in text. */
export type Mark = '.' | ',' | '-';

/** One digit cut out of a row of digits: its ink alone, and where it was. */
export interface DigitRegion {
  /** `digit` for a digit to classify; a mark (decimal point, comma, dash) to copy into the text as it is. */
  kind: 'digit' | Mark;
  /** The line (0 = top) the region belongs to, for pages with several rows of digits. */
  line: number;
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

function cutOut(part: Part, ink: InkImage, labels: Int32Array): Omit<DigitRegion, 'kind' | 'line'> | undefined {
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

/** Lines are told apart where the vertical gap between bands of ink is at least this fraction of the digit height. */
export const LINE_GAP_FRACTION = 0.3;
/** A group no taller than this fraction of the line's digit height is a mark (point, comma, dash) or a speck, never a digit. */
export const MARK_HEIGHT_FRACTION = 0.45;
/** A mark candidate must carry at least this fraction of the heaviest component's ink (lighter ones are dust). */
const MARK_MIN_MASS_FRACTION = 0.01;
/** Marks smaller than this fraction of the digit height in both directions are specks, dropped. */
const SPECK_SIZE_FRACTION = 0.1;
/** A dash is at least this many times as wide as it is tall. */
const DASH_ASPECT = 1.8;
/** A comma is at least this many times as tall as it is wide (a point is rounder). */
const COMMA_ASPECT = 1.4;

const heightOf = (c: { minY: number; maxY: number }) => c.maxY - c.minY + 1;
const widthOf = (c: { minX: number; maxX: number }) => c.maxX - c.minX + 1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

/**
 * Splits components into lines (top to bottom) by their vertical extents: bands of ink separated by a
 * gap of at least {@link LINE_GAP_FRACTION} of the digit height. A band holding only small marks joins the
 * nearest band with digits.
 */
function splitLines(components: Component[], digitHeight: number): Component[][] {
  const sorted = [...components].sort((a, b) => a.minY - b.minY);
  const bands: { minY: number; maxY: number; members: Component[] }[] = [];
  for (const c of sorted) {
    const last = bands[bands.length - 1];
    if (last !== undefined && c.minY - last.maxY - 1 < LINE_GAP_FRACTION * digitHeight) {
      last.maxY = Math.max(last.maxY, c.maxY);
      last.members.push(c);
    } else bands.push({ minY: c.minY, maxY: c.maxY, members: [c] });
  }
  const tall = (band: { members: Component[] }) => band.members.some((c) => heightOf(c) > MARK_HEIGHT_FRACTION * digitHeight);
  const lines = bands.filter(tall);
  if (lines.length === 0) return [components];
  for (const band of bands) {
    if (tall(band)) continue;
    const centre = (band.minY + band.maxY) / 2;
    const nearest = lines.reduce((best, line) =>
      Math.abs((line.minY + line.maxY) / 2 - centre) < Math.abs((best.minY + best.maxY) / 2 - centre) ? line : best,
    );
    nearest.members.push(...band.members);
  }
  return lines.map((line) => line.members);
}

/** What a small group is: a point or comma low in the line, a dash in its middle, else a speck (undefined). */
function markOf(group: Group, lineTop: number, lineBottom: number, digitHeight: number): Mark | undefined {
  const w = widthOf(group);
  const h = heightOf(group);
  if (Math.max(w, h) < SPECK_SIZE_FRACTION * digitHeight) return undefined;
  const lineHeight = lineBottom - lineTop + 1;
  const centre = ((group.minY + group.maxY) / 2 - lineTop) / lineHeight;
  if (w >= DASH_ASPECT * h && centre > 0.25 && centre < 0.75) return '-';
  if (w <= MARK_HEIGHT_FRACTION * digitHeight && centre > 0.6) return h >= COMMA_ASPECT * w ? ',' : '.';
  return undefined;
}

/**
 * Splits handwritten digits into single digits, line by line (top to bottom) and left to right:
 * connected components (dust dropped), separated into lines by the gaps between them; within a line,
 * components overlapping horizontally merged (broken strokes, the bar of a 5), too-wide groups cut at
 * the lightest column (touching digits). Small marks are told from digits by their size relative to the
 * line's digits: a decimal point or comma low in the line and a dash in its middle are returned as marks
 * when they stand between two digits; other small marks (specks) are dropped. None is ever read as a digit.
 */
export function segmentDigits(ink: InkImage): DigitRegion[] {
  const { labels, components } = connectedComponents(ink.data, ink.width, ink.height, STROKE_THRESHOLD);
  if (components.length === 0) return [];
  const heaviest = Math.max(...components.map((c) => c.mass));
  const kept = components.filter((c) => c.mass >= MARK_MIN_MASS_FRACTION * heaviest);
  const substantial = kept.filter((c) => c.mass >= MIN_PART_FRACTION * heaviest);
  const tallest = Math.max(...substantial.map(heightOf));
  const pageDigitHeight = median(substantial.filter((c) => heightOf(c) > MARK_HEIGHT_FRACTION * tallest).map(heightOf)) || tallest;
  const regions: DigitRegion[] = [];
  splitLines(kept, pageDigitHeight).forEach((members, line) => {
    // Digits come from the substantial components only (as before); lighter ones can only be marks.
    const groups = mergeOverlapping(members.filter((c) => c.mass >= MIN_PART_FRACTION * heaviest));
    const light = mergeOverlapping(members.filter((c) => c.mass < MIN_PART_FRACTION * heaviest)).filter(
      (g) => !groups.some((big) => overlapFraction(big, g) >= MERGE_OVERLAP_FRACTION),
    );
    const tallGroups = groups.filter((g) => heightOf(g) > MARK_HEIGHT_FRACTION * Math.max(...groups.map(heightOf)));
    if (tallGroups.length === 0) return;
    const rowHeight = median(tallGroups.map(heightOf));
    const lineTop = Math.min(...tallGroups.map((g) => g.minY));
    const lineBottom = Math.max(...tallGroups.map((g) => g.maxY));
    const items: (DigitRegion | { kind: Mark; x: number })[] = [];
    for (const g of [...groups, ...light].sort((a, b) => a.minX - b.minX)) {
      if (heightOf(g) <= MARK_HEIGHT_FRACTION * rowHeight) {
        const mark = markOf(g, lineTop, lineBottom, rowHeight);
        if (mark !== undefined) items.push({ kind: mark, x: g.minX });
        continue;
      }
      const parts: Part[] = [];
      const digitHeight = Math.max(rowHeight, heightOf(g));
      splitWide({ labels: new Set(g.labels), minX: g.minX, maxX: g.maxX }, ink, labels, digitHeight, parts);
      for (const part of parts) {
        const region = cutOut(part, ink, labels);
        if (region !== undefined) items.push({ ...region, kind: 'digit', line });
      }
    }
    // A mark counts where it separates two digits ("3.14", "1,5", "12-34"); elsewhere it is dropped.
    items.forEach((item, k) => {
      if (item.kind === 'digit') {
        regions.push(item as DigitRegion);
        return;
      }
      const digitBefore = items.slice(0, k).some((i) => i.kind === 'digit');
      const digitAfter = items.slice(k + 1).some((i) => i.kind === 'digit');
      const previous = items[k - 1];
      if (digitBefore && digitAfter && previous?.kind === 'digit') {
        const box = { x: (item as { x: number }).x, y: lineTop, width: 1, height: 1 };
        regions.push({ kind: item.kind, line, box, ink: new Float32Array(0), width: 0, height: 0 });
      }
    });
  });
  return regions;
}
