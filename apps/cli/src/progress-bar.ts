/** Renders `[=====>     ]` of `width` cells (brackets excluded) for a fraction clamped to [0, 1]. */
export function renderProgressBar(fraction: number, width: number): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const cells = Math.max(1, Math.floor(width));
  const filled = Math.floor(f * cells);
  if (filled >= cells) return `[${'='.repeat(cells)}]`;
  return `[${'='.repeat(filled)}>${' '.repeat(cells - filled - 1)}]`;
}
