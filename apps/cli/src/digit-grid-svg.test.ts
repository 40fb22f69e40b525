import { describe, expect, it } from 'vitest';
import { digitGridSvg } from './digit-grid-svg.js';

const SRC = 'data:image/png;base64,iVBORw0KGgo=';
const digit = (index: number, label: number, predicted: number, confidence: number) => ({ index, label, predicted, confidence, src: SRC });
const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

describe('digitGridSvg', () => {
  it('lays the digits out in rows with their captions, right ones green and wrong ones red', () => {
    const svg = digitGridSvg({ title: 'Samples', digits: [digit(0, 7, 7, 0.99), digit(1, 2, 6, 0.623), digit(2, 1, 1, 0.9)], classNames: CLASSES, showTruth: false, columns: 2 });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('width="192" height="256"');
    expect(svg.match(/<image /g)).toHaveLength(3);
    expect(svg).toContain('fill="#b91c1c">6  (label 2)</text>');
    expect(svg).toContain('fill="#15803d">7  (label 7)</text>');
    expect(svg).toContain('62.3% · #1');
  });

  it('shows "true → predicted" for the misclassified grid and escapes class names', () => {
    const svg = digitGridSvg({ title: 'Mistakes <all>', digits: [digit(5, 0, 1, 0.5)], classNames: ['T-shirt/top', 'Trouser & co'], showTruth: true });
    expect(svg).toContain('true T-shirt/top → Trouser &amp; co');
    expect(svg).toContain('Mistakes &lt;all&gt;');
  });
});
