/** Column alignment for `formatTable`. */
export type Align = 'left' | 'right';

/**
 * Formats rows as a plain-text table: columns padded to their widest cell, two spaces apart,
 * a header row and a dashed rule under it. `align[i]` defaults to left.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A fraction as a percentage with `digits` decimals, e.g. `0.9876` -> `98.76%`. */
export function formatPercent(fraction: number, digits = 2): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : 'n/a';
}

/** An integer with thousands separators (`1,199,882`). */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Terminal width a table is fitted to when the terminal does not say (the classic 80 columns). */
export const DEFAULT_TERMINAL_COLUMNS = 80;

/** Splits `text` into lines of at most `width` characters at spaces (a longer word gets a line of its own). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.length === 0 ? [''] : lines;
}

/**
 * `formatTable` with its last column wrapped so that every line fits `columns` characters (the last
 * column keeps at least 20): continuation lines leave the other cells empty.
 */
export function formatWrappedTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = [], columns = DEFAULT_TERMINAL_COLUMNS): string {
  const last = header.length - 1;
  const fixed = header.slice(0, last).map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const room = Math.max(20, columns - fixed.reduce((a, b) => a + b + 2, 0));
  const wrapped = rows.flatMap((row) =>
    wrapText(row[last] ?? '', room).map((text, k) => [...(k === 0 ? row.slice(0, last) : row.slice(0, last).map(() => '')), text]),
  );
  return formatTable(header, wrapped, align);
}
