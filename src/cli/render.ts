/**
 * Rendering of results for people (aligned text tables) and machines (JSON). Commands build
 * plain objects; this file decides how they look. Numbers are printed with `digits` significant
 * digits in tables and at full precision in JSON.
 */

export interface TextTable {
  readonly title?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null | undefined)[])[];
}

/** Format a number for a human table: `digits` significant digits, `NA` for null/NaN. */
export function formatNumber(v: number | string | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return 'NA';
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

/** Render a table as aligned monospace text. */
export function renderTextTable(t: TextTable, digits = 4): string {
  const cells = t.rows.map((r) => r.map((v) => formatNumber(v as number | string | null | undefined, digits)));
  const widths = t.columns.map((c, j) => Math.max(c.length, ...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: readonly string[]) => r.map((v, j) => (j === 0 ? v.padEnd(widths[j]) : v.padStart(widths[j]))).join('  ');
  const out: string[] = [];
  if (t.title) out.push(t.title);
  out.push(line(t.columns));
  for (const r of cells) out.push(line(r));
  return out.join('\n');
}

/** JSON with typed arrays as plain arrays and non-finite numbers as strings ("Inf", "NaN"). */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
      if (v instanceof Map) return Object.fromEntries(v);
      return v;
    },
    2,
  );
}
