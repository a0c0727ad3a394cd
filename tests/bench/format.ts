/** Milliseconds as a reader scans them: 0.42, 7.3, 184. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value < 1) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString('en');
}

/** A rate: 3.4, 57, 1,240. */
export function rate(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value < 10) return value.toFixed(1);
  return Math.round(value).toLocaleString('en');
}

/** A ratio: 1.84×. */
export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '—';
}

export function mb(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : `${Math.round(value)} MB`;
}

/** A table row: cells with `|` escaped. */
function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}
