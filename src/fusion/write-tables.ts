import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
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

export { writeFileAtomic };

/** Write every table as `<dir>/<name>.csv`. */
export function writeTables(dir: string, tables: readonly NamedTable[]): string[] {
  mkdirSync(dir, { recursive: true });
  return tables.map((t) => {
    const p = join(dir, `${t.name}.csv`);
    writeFileAtomic(p, tableToCsv(t));
    return p;
  });
}

/** Result files a study run writes after its tables: the Ensemble-DL stage's (`runFullStudy`) and the report's. */
const LATER_RESULT_FILES = ['explainability.json', 'tripod_ai.json'];

/**
 * Remove from `resultsDir` the files an earlier run in this folder wrote that this run will not write
 * again, so results/ never mixes two runs (a run without the Ensemble-DL stage after one with it kept
 * deep_members.csv, the Grad-CAM tables and explainability.json, whose deep section `mmf report` then
 * drew): the CSV of every table the earlier run's results.json lists that `tables` lacks, and the files
 * written after the tables (explainability.json, tripod_ai.json; rewritten by a run that has a deep
 * stage or a report). Files a study never wrote are kept. Returns the removed files' names.
 */
export function removeStaleResults(resultsDir: string, tables: readonly string[]): string[] {
  const previous = join(resultsDir, 'results.json');
  if (!existsSync(previous)) return [];
  let listed: string[] = [];
  try {
    listed = Object.keys((JSON.parse(readFileSync(previous, 'utf8')) as { tables?: Record<string, unknown> }).tables ?? {});
  } catch {
    // An unreadable results.json (an earlier run cut off while writing it) names nothing to remove.
  }
  const now = new Set(tables);
  const stale = [...listed.filter((n) => !now.has(n)).map((n) => `${n}.csv`), ...LATER_RESULT_FILES].filter((f) => existsSync(join(resultsDir, f)));
  for (const f of stale) rmSync(join(resultsDir, f));
  return stale;
}
