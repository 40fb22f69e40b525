/** A digit found by readDigits, with its bounding box in the pad's backing-store pixels. */
export interface BoxedDigit {
  digit: number | null;
  confidence: number;
  box: { x: number; y: number; width: number; height: number };
}

/** Padding (backing-store px) between a digit's ink and the box drawn around it. */
const BOX_PADDING_PX = 10;
const BOX_RADIUS_PX = 10;

/**
 * Draws a labelled box around each digit on the overlay canvas (which sits on
 * top of the pad and is never read by the network).
 */
export function drawDigitBoxes(overlay: HTMLCanvasElement, digits: readonly BoxedDigit[], colour: string): void {
  const context = overlay.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, overlay.width, overlay.height);
  const lineWidth = Math.max(2, overlay.height / 120);
  const fontPx = Math.round(Math.max(14, overlay.height / 16));
  context.lineWidth = lineWidth;
  context.font = `700 ${fontPx}px system-ui, sans-serif`;
  context.textBaseline = 'middle';
  context.textAlign = 'center';
  for (const { digit, box } of digits) {
    const x = Math.max(lineWidth, box.x - BOX_PADDING_PX);
    const y = Math.max(lineWidth, box.y - BOX_PADDING_PX);
    const right = Math.min(overlay.width - lineWidth, box.x + box.width + BOX_PADDING_PX);
    const bottom = Math.min(overlay.height - lineWidth, box.y + box.height + BOX_PADDING_PX);
    context.strokeStyle = colour;
    context.setLineDash([lineWidth * 3, lineWidth * 2]);
    context.beginPath();
    context.roundRect(x, y, right - x, bottom - y, BOX_RADIUS_PX);
    context.stroke();
    context.setLineDash([]);
    // A tag with the digit read, above the box where there is room, else inside it.
    const label = digit === null ? '?' : String(digit);
    const tagWidth = fontPx * 1.5;
    const tagHeight = fontPx * 1.4;
    const tagX = Math.min(Math.max(x, 0), overlay.width - tagWidth);
    const tagY = y - tagHeight - 4 >= 0 ? y - tagHeight - 4 : y + 4;
    context.fillStyle = colour;
    context.beginPath();
    context.roundRect(tagX, tagY, tagWidth, tagHeight, 6);
    context.fill();
    context.fillStyle = '#0b1021';
    context.fillText(label, tagX + tagWidth / 2, tagY + tagHeight / 2 + 1);
  }
}

export function clearOverlay(overlay: HTMLCanvasElement): void {
  overlay.getContext('2d')?.clearRect(0, 0, overlay.width, overlay.height);
}
