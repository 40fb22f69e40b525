/** A point in the pad's backing-store pixels. */
export interface Point {
  x: number;
  y: number;
}

/** One pen-down-to-pen-up stroke. */
export type Stroke = Point[];

/** Points closer than this (backing-store px) to the previous one add nothing but noise. */
export const MIN_POINT_DISTANCE_PX = 1.5;

/** Appends `point` unless it is within `minDistance` of the stroke's last point. Returns whether it was added. */
export function addPoint(stroke: Stroke, point: Point, minDistance = MIN_POINT_DISTANCE_PX): boolean {
  const last = stroke[stroke.length - 1];
  if (last && Math.hypot(point.x - last.x, point.y - last.y) < minDistance) return false;
  stroke.push({ x: point.x, y: point.y });
  return true;
}

/** A drawing instruction for a smooth stroke (the subset of CanvasPath the pad uses). */
export type PathSegment =
  | { kind: 'dot'; x: number; y: number }
  | { kind: 'move'; x: number; y: number }
  | { kind: 'line'; x: number; y: number }
  | { kind: 'quad'; cx: number; cy: number; x: number; y: number };

/**
 * Turns a polyline into a smooth path: quadratic curves through the midpoints
 * of consecutive points, using each sampled point as the control point. The
 * path starts at the first point and ends at the last, so nothing drawn is lost.
 */
export function smoothPath(stroke: readonly Point[]): PathSegment[] {
  const first = stroke[0];
  if (!first) return [];
  if (stroke.length === 1) return [{ kind: 'dot', x: first.x, y: first.y }];
  const segments: PathSegment[] = [{ kind: 'move', x: first.x, y: first.y }];
  if (stroke.length === 2) {
    const last = stroke[1]!;
    segments.push({ kind: 'line', x: last.x, y: last.y });
    return segments;
  }
  for (let i = 1; i < stroke.length - 1; i += 1) {
    const control = stroke[i]!;
    const next = stroke[i + 1]!;
    segments.push({ kind: 'quad', cx: control.x, cy: control.y, x: (control.x + next.x) / 2, y: (control.y + next.y) / 2 });
  }
  const last = stroke[stroke.length - 1]!;
  segments.push({ kind: 'line', x: last.x, y: last.y });
  return segments;
}

/** Draws `stroke` on a 2-D context with the current stroke/fill style and a round pen of `width`. */
export function drawStroke(context: CanvasRenderingContext2D, stroke: readonly Point[], width: number): void {
  const segments = smoothPath(stroke);
  context.lineWidth = width;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.beginPath();
  for (const segment of segments) {
    switch (segment.kind) {
      case 'dot':
        context.arc(segment.x, segment.y, width / 2, 0, Math.PI * 2);
        context.fill();
        return;
      case 'move':
        context.moveTo(segment.x, segment.y);
        break;
      case 'line':
        context.lineTo(segment.x, segment.y);
        break;
      case 'quad':
        context.quadraticCurveTo(segment.cx, segment.cy, segment.x, segment.y);
        break;
    }
  }
  context.stroke();
}
