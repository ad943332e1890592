import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NamedTable } from './evaluate.js';

function csvCell(v: string | number | null): string {
  if (v === null) return 'NA';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NA';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A named table as CSV (full precision; missing = NA, as R writes it). */
export function tableToCsv(t: NamedTable): string {
  return [t.columns.join(','), ...t.rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
}

/** A named table as an array of row objects (for JSON). */
export function tableToRecords(t: NamedTable): Record<string, string | number | null>[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, j) => [c, r[j] ?? null])));
}

/** Write text atomically (temporary file, then rename). */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Write every table as `<dir>/<name>.csv`. */
export function writeTables(dir: string, tables: readonly NamedTable[]): string[] {
  mkdirSync(dir, { recursive: true });
  return tables.map((t) => {
    const p = join(dir, `${t.name}.csv`);
    writeFileAtomic(p, tableToCsv(t));
    return p;
  });
}
