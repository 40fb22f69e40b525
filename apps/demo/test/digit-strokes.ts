/**
 * Handwritten digits as pen paths, the way a person writes them: each digit
 * is a list of strokes, each stroke a dense list of points in a unit square
 * (x right, y down). The tests replay them with page.mouse down/move/up.
 */
export type UnitPoint = readonly [x: number, y: number];
export type UnitStroke = readonly UnitPoint[];

/** Points per unit of path length: about one mouse event per 0.8% of the pad. */
const POINTS_PER_UNIT = 120;

function arc(cx: number, cy: number, rx: number, ry: number, fromDeg: number, toDeg: number): UnitPoint[] {
  const length = (Math.abs(toDeg - fromDeg) * Math.PI * (rx + ry)) / 360;
  const steps = Math.max(8, Math.ceil(length * POINTS_PER_UNIT));
  const points: UnitPoint[] = [];
  for (let i = 0; i <= steps; i += 1) {
    const t = ((fromDeg + ((toDeg - fromDeg) * i) / steps) * Math.PI) / 180;
    points.push([cx + rx * Math.cos(t), cy + ry * Math.sin(t)]);
  }
  return points;
}

function line(...anchors: UnitPoint[]): UnitPoint[] {
  const points: UnitPoint[] = [anchors[0]!];
  for (let a = 1; a < anchors.length; a += 1) {
    const [x0, y0] = anchors[a - 1]!;
    const [x1, y1] = anchors[a]!;
    const steps = Math.max(4, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * POINTS_PER_UNIT));
    for (let i = 1; i <= steps; i += 1) points.push([x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps]);
  }
  return points;
}

/** Angles are in degrees with y pointing down: -90 is the top of a circle, 90 the bottom. */
export const DIGIT_STROKES: Record<'0' | '1' | '3' | '7', UnitStroke[]> = {
  // An oval, started at the top and drawn anticlockwise with a little overlap, as most people do.
  '0': [arc(0.5, 0.5, 0.2, 0.31, -90, -90 - 375)],
  // A single downstroke, slightly slanted.
  '1': [line([0.53, 0.18], [0.47, 0.82])],
  // Two bowls in one stroke: over the top, in to the middle, round the bottom and out to the left.
  '3': [[...arc(0.47, 0.33, 0.17, 0.15, -165, 90), ...arc(0.47, 0.64, 0.19, 0.16, -90, 150)]],
  // The bar, then the long diagonal, without lifting the pen.
  '7': [line([0.28, 0.22], [0.72, 0.22], [0.44, 0.82])],
};

/** Maps unit-square strokes into a box of the page (px): where a digit goes on the pad. */
export function placeStrokes(
  strokes: readonly UnitStroke[],
  box: { x: number; y: number; width: number; height: number },
): { x: number; y: number }[][] {
  return strokes.map((stroke) => stroke.map(([x, y]) => ({ x: box.x + x * box.width, y: box.y + y * box.height })));
}
