/** A cell as written: numbers are formatted by the caller; null is written as NA (R-readable). */
export type CsvCell = string | number | null;

function cell(v: CsvCell): string {
  if (v === null) return 'NA';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text with a header row, LF line endings and a final newline (byte-stable). */
export function formatCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(cell).join(',')];
  for (const r of rows) lines.push(r.map(cell).join(','));
  return lines.join('\n') + '\n';
}

/** Fixed-decimal number text (no exponent, "-0" written as "0"). */
export function fixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** 0/1 for a boolean. */
export function flag(b: boolean): number {
  return b ? 1 : 0;
}
