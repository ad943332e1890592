import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import { issueWarning } from '../core/issues.js';
import type { Table } from '../core/table.js';
import type { Split, StudyCohort } from '../io/index.js';
import type { SurvivalData } from '../survival/index.js';
import { makeSurvivalData } from '../survival/index.js';
import type { Candidate } from './settings.js';

/** Outcomes of a study. */
export type OutcomeId = 'os' | 'pfs';

/** Name of the model column a candidate becomes (a transformed copy gets its own name). */
export function candidateColumn(c: Candidate): string {
  return c.transform === 'log10p1' ? `log10p1_${c.column}` : c.column;
}

/**
 * The cohort table plus the transformed candidate columns (log10(1 + x)); candidates whose column
 * the cohort lacks are dropped with a warning, so one settings file serves cohorts with fewer
 * variables. A column named by several candidates (e.g. `bclc`, both a clinical candidate and the
 * BCLC score's variable) is warned about once.
 */
export function withCandidateColumns(table: Table, candidates: readonly Candidate[]): { table: Table; kept: Candidate[]; warnings: Issue[] } {
  const cells = new Map(table.cells);
  const kept: Candidate[] = [];
  const warnings: Issue[] = [];
  const warned = new Set<string>();
  for (const c of candidates) {
    const src = table.cells.get(c.column);
    if (!src) {
      if (warned.has(c.column)) continue;
      warned.add(c.column);
      warnings.push(issueWarning('missing_column', ['settings', 'candidates', c.column], `candidate variable "${c.column}" is not in the cohort and is left out`, { expected: 'a cohort column', received: 'absent' }));
      continue;
    }
    kept.push(c);
    const name = candidateColumn(c);
    if (c.transform === 'log10p1' && !cells.has(name)) {
      cells.set(name, src.map((v) => {
        const x = v === null ? NaN : Number(v);
        return Number.isFinite(x) && x > -1 ? String(Math.log10(1 + x)) : null;
      }));
    }
  }
  return { table: { ...table, columns: [...cells.keys()], cells }, kept, warnings };
}

/** 0-based rows of the cohort in `split`. */
export function rowsOfSplit(cohort: Pick<StudyCohort, 'split'>, split: Split): number[] {
  const out: number[] = [];
  cohort.split.forEach((s, i) => s === split && out.push(i));
  return out;
}

/** Rows (of `rows`) whose cells are present in every one of `columns`. */
export function completeRows(table: Table, rows: readonly number[], columns: readonly string[]): number[] {
  const cols = columns.map((c) => table.cells.get(c));
  return rows.filter((r) => cols.every((col) => col !== undefined && col[r] !== null));
}

/** Time (months) and event of an outcome for every cohort row; NaN / 255 where absent. */
export interface OutcomeColumns {
  readonly time: Float64Array;
  readonly event: Uint8Array;
}

/** The outcome columns of the cohort table (written by the manifest reader in months). */
export function outcomeColumns(table: Table, outcome: OutcomeId): OutcomeColumns {
  const t = table.cells.get(`${outcome}_time`);
  const e = table.cells.get(`${outcome}_event`);
  const time = new Float64Array(table.nRows).fill(NaN);
  const event = new Uint8Array(table.nRows).fill(255);
  for (let i = 0; i < table.nRows; i++) {
    if (t && t[i] !== null) time[i] = Number(t[i]);
    if (e && e[i] !== null) event[i] = Number(e[i]);
  }
  return { time, event };
}

/** Rows with a usable outcome. */
export function rowsWithOutcome(o: OutcomeColumns, rows: readonly number[]): number[] {
  return rows.filter((r) => Number.isFinite(o.time[r]) && o.event[r] <= 1);
}

/**
 * Checked `SurvivalData` for cohort rows (times minus `shiftMonths`, for landmark analyses);
 * `rowIndex` holds the cohort rows. Throws only on a broken invariant (the manifest reader
 * already checked times and events).
 */
export function survivalOf(o: OutcomeColumns, rows: readonly number[], shiftMonths = 0): SurvivalData {
  const r = makeSurvivalData({ time: rows.map((i) => o.time[i] - shiftMonths), event: rows.map((i) => o.event[i]) });
  if (!r.ok) throw new HccError('E_INTERNAL', 'survivalOf: outcomes that passed the manifest checks failed the survival gate', { issues: r.issues });
  return { ...r.value, rowIndex: Int32Array.from(rows) };
}
