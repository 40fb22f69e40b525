import { describe, expect, it } from 'vitest';
import { MNIST_DIGIT_BOX_PX, MNIST_STROKE_PX, penWidthFor, TYPICAL_DIGIT_FILL } from './pen-width';

describe('penWidthFor', () => {
  it('gives a typical digit MNIST stroke thickness once scaled into the 20 px box', () => {
    const padHeight = 560;
    const digitHeight = padHeight * TYPICAL_DIGIT_FILL;
    const strokeAfterScaling = (penWidthFor(padHeight) * MNIST_DIGIT_BOX_PX) / digitHeight;
    expect(strokeAfterScaling).toBeCloseTo(MNIST_STROKE_PX, 6);
  });

  it('scales with the pad and rejects empty pads', () => {
    expect(penWidthFor(400)).toBeCloseTo(penWidthFor(200) * 2, 9);
    expect(() => penWidthFor(0)).toThrow(/above 0 px/);
  });
});
