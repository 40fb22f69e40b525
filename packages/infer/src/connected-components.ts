/** One 8-connected blob of ink. Coordinates are inclusive pixel bounds. */
export interface Component {
  label: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Number of pixels. */
  area: number;
  /** Sum of ink values (0..1 per pixel). */
  mass: number;
}

/** Labels plus per-component statistics; `labels[i]` is 0 for background, else `component.label`. */
export interface ComponentLabels {
  labels: Int32Array;
  components: Component[];
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]!]!;
    x = parent[x]!;
  }
  return x;
}

/**
 * Two-pass union-find labelling of pixels whose ink exceeds `threshold`, 8-connected.
 * Labels are 1..n in order of first appearance (row-major).
 */
export function connectedComponents(
  ink: Float32Array,
  width: number,
  height: number,
  threshold: number,
): ComponentLabels {
  const labels = new Int32Array(width * height);
  // At most one provisional label per pixel; parent[0] is unused.
  const parent = new Int32Array(width * height + 1);
  let next = 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (ink[i]! <= threshold) continue;
      let label = 0;
      // Already-visited 8-neighbours: left, up-left, up, up-right.
      for (let k = 0; k < 4; k++) {
        let n = 0;
        if (k === 0) n = x > 0 ? labels[i - 1]! : 0;
        else if (y === 0) break;
        else if (k === 1) n = x > 0 ? labels[i - width - 1]! : 0;
        else if (k === 2) n = labels[i - width]!;
        else n = x + 1 < width ? labels[i - width + 1]! : 0;
        if (n === 0) continue;
        if (label === 0) label = n;
        else if (n !== label) {
          const a = find(parent, label);
          const b = find(parent, n);
          if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
        }
      }
      if (label === 0) {
        label = next++;
        parent[label] = label;
      }
      labels[i] = label;
    }
  }
  const remap = new Int32Array(next);
  const components: Component[] = [];
  for (let l = 1; l < next; l++) {
    const root = find(parent, l);
    if (remap[root] === 0) {
      components.push({ label: components.length + 1, minX: width, minY: height, maxX: -1, maxY: -1, area: 0, mass: 0 });
      remap[root] = components.length;
    }
    remap[l] = remap[root]!;
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const provisional = labels[i]!;
      if (provisional === 0) continue;
      const label = remap[provisional]!;
      labels[i] = label;
      const c = components[label - 1]!;
      if (x < c.minX) c.minX = x;
      if (x > c.maxX) c.maxX = x;
      if (y < c.minY) c.minY = y;
      if (y > c.maxY) c.maxY = y;
      c.area++;
      c.mass += ink[i]!;
    }
  }
  return { labels, components };
}
