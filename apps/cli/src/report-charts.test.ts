import { describe, expect, it } from 'vitest';
import { confusionMatrixSvg, errorShade } from './confusion-matrix-svg.js';
import { digitPngDataUri } from './digit-png.js';
import { lineChartSvg } from './line-chart-svg.js';
import { niceTicks } from './nice-ticks.js';
import { perClassBarChartSvg } from './per-class-bar-chart-svg.js';
import { PNG } from 'pngjs';

describe('report charts', () => {
  it('niceTicks covers the range with 1-2-5 steps', () => {
    expect(niceTicks(0.07, 1.43, 5)).toEqual([0, 0.5, 1, 1.5]);
    expect(niceTicks(0.9, 0.99, 5)).toEqual([0.9, 0.92, 0.94, 0.96, 0.98, 1]);
    expect(niceTicks(2, 2).length).toBeGreaterThan(1);
  });

  it('lineChartSvg draws one marker per finite point and a legend entry per series', () => {
    const svg = lineChartSvg({
      title: 'Loss <per> epoch',
      x: [1, 2, 3],
      xLabel: 'Epoch',
      yLabel: 'Loss',
      series: [
        { name: 'train', values: [1, 0.5, 0.25], color: '#00f' },
        { name: 'validation', values: [Number.NaN, 0.6, 0.4], color: '#f80', dashed: true },
      ],
    });
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg).toContain('Loss &lt;per&gt; epoch');
    expect(svg).toContain('>validation</text>');
    expect(svg.match(/<path /g)).toHaveLength(2);
  });

  it('confusionMatrixSvg has a cell per pair with its count; the bar chart a bar per class and score', () => {
    const svg = confusionMatrixSvg(
      [
        [5, 1],
        [0, 7],
      ],
      ['cat', 'dog'],
    );
    expect(svg.match(/<rect [^>]*data-count=/g)).toHaveLength(4);
    expect(svg).toContain('<title>true cat, predicted dog: 1</title>');
    expect(svg).toMatch(/>7<\/text>/);
    const bars = perClassBarChartSvg([
      { className: '0', precision: 0.9, recall: 0.95 },
      { className: '1', precision: 0.99, recall: 0.97 },
    ]);
    expect(bars.match(/<title>\d (precision|recall): /g)).toHaveLength(4);
    // The y axis is cut above 0: marked with a break sign and said in words.
    expect(bars).toContain('class="axis-break"');
    expect(bars).toMatch(/y axis starts at \d+(\.\d)?%, not 0/);
    const fromZero = perClassBarChartSvg([{ className: '0', precision: 0.1, recall: 0.4 }]);
    expect(fromZero).not.toContain('axis-break');
  });

  it('a series of one point (the test point) gets a marker in the legend, the others a line', () => {
    const svg = lineChartSvg({
      title: 'Loss',
      x: [1, 2, 3],
      xLabel: 'Epoch',
      yLabel: 'Loss',
      series: [
        { name: 'train', values: [1, 0.5, 0.25], color: '#00f' },
        { name: 'test', values: [Number.NaN, Number.NaN, 0.3], color: '#0a0' },
      ],
    });
    expect(svg.match(/class="legend-marker"[^>]*fill="#0a0"/g)).toHaveLength(1);
    expect(svg.match(/class="legend-line"[^>]*stroke="#00f"/g)).toHaveLength(1);
    expect(svg).not.toMatch(/class="legend-line"[^>]*stroke="#0a0"/);
  });

  it('confusion-matrix errors are shaded on a log scale (1 and 37 errors far apart) and explained in a legend', () => {
    expect(errorShade(0, 37)).toBe(0);
    expect(errorShade(37, 37)).toBeCloseTo(1);
    expect(errorShade(37, 37) - errorShade(1, 37)).toBeGreaterThan(0.6);
    expect(errorShade(5, 37)).toBeGreaterThan(errorShade(1, 37) + 0.2);
    const svg = confusionMatrixSvg(
      [
        [900, 1, 37],
        [0, 950, 5],
        [2, 0, 980],
      ],
      ['0', '1', '2'],
    );
    const fill = (count: number) => {
      const m = new RegExp(`fill="rgb\\((\\d+),(\\d+),(\\d+)\\)" stroke="#e5e7eb" data-count="${count}"`).exec(svg);
      expect(m, `cell ${count}`).not.toBeNull();
      return m!.slice(1).map(Number);
    };
    // Red ramp: green and blue fall as the shade deepens; 37 is much deeper than 1.
    expect(fill(1)[1]! - fill(37)[1]!).toBeGreaterThan(120);
    expect(fill(1)[1]!).toBeLessThan(235);
    expect(svg).toContain('class="legend"');
    expect(svg).toContain('errors (count, log scale)');
    expect(svg).toMatch(/text-anchor="end">37<\/text>/);
    expect(svg).toContain('correct (share of row)');
    // Sized to its content: the width follows the number of classes.
    const width = (m: string) => Number(/width="(\d+)"/.exec(m)![1]);
    const ten = confusionMatrixSvg(Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 90 : 1))), []);
    expect(width(svg)).toBeLessThan(width(ten));
    expect(width(ten)).toBeLessThanOrEqual(86 + 10 * 40 + 16);
    // No cell text below 11 px.
    expect(Math.min(...[...ten.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1])))).toBeGreaterThanOrEqual(11);
  });

  it('digitPngDataUri encodes the pixels (scaled, optionally inverted) as a PNG', () => {
    const uri = digitPngDataUri([0, 255, 255, 0], 2, 2, { scale: 2, invert: true });
    expect(uri.startsWith('data:image/png;base64,')).toBe(true);
    const png = PNG.sync.read(Buffer.from(uri.slice('data:image/png;base64,'.length), 'base64'));
    expect([png.width, png.height]).toEqual([4, 4]);
    const red = (x: number, y: number) => png.data[(y * 4 + x) * 4]!;
    expect([red(0, 0), red(1, 1), red(2, 0), red(3, 3), red(0, 3)]).toEqual([255, 255, 0, 255, 0]);
  });
});
