/** MNIST digits were scaled to fit this box (px) inside the 28x28 frame. */
export const MNIST_DIGIT_BOX_PX = 20;
/** Typical MNIST stroke thickness (px) at that scale: the median over test digits of 2 x ink area / ink perimeter (threshold 128) is about 2.3-2.4 px. */
export const MNIST_STROKE_PX = 2.4;
/** How much of the pad's height a person's digit usually fills. */
export const TYPICAL_DIGIT_FILL = 0.68;

/**
 * The pen width (px of the pad's backing store) that makes a digit drawn at a
 * typical size on a pad `padHeightPx` tall have MNIST's stroke thickness once
 * it is scaled into the 20x20 box.
 */
export function penWidthFor(padHeightPx: number): number {
  if (!(padHeightPx > 0)) throw new RangeError(`Expected a pad height above 0 px, found ${padHeightPx}.`);
  return (padHeightPx * TYPICAL_DIGIT_FILL * MNIST_STROKE_PX) / MNIST_DIGIT_BOX_PX;
}
