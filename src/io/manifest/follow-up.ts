import type { Issue } from '../../core/issues.js';
import { issueWarning } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import type { Split, TimeUnit } from './schema.js';
import { MONTHS_PER_UNIT, SPLITS, TIME_UNITS } from './schema.js';

/**
 * A number rounded for a message: integers as they are, else 1 decimal from 10 up, 2 decimals from
 * 1 up, 2 significant digits below (847 → "847", 27.8275 → "27.8", 1.234 → "1.23", 0.0342 → "0.034").
 */
export function roundForMessage(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  const r = a >= 1000 ? Math.round(x) : a >= 10 ? Number(x.toFixed(1)) : a >= 1 ? Number(x.toFixed(2)) : Number(x.toPrecision(2));
  return String(r);
}

/** A time in the manifest's unit for a message: "847 days". */
export function formatTime(value: number, unit: TimeUnit): string {
  return `${roundForMessage(value)} ${unit}`;
}

/** Median (mean of the two middle values for an even count) of a non-empty sorted array. */
function medianSorted(x: Float64Array): number {
  const m = x.length >> 1;
  return x.length % 2 ? x[m] : (x[m - 1] + x[m]) / 2;
}

/** Observed times of one outcome and split, in the manifest's unit. */
export interface FollowUpRow {
  readonly outcome: 'os' | 'pfs';
  readonly split: Split;
  /** Patients with a time. */
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly unit: TimeUnit;
}

/** The cohort table's times of `outcome` (months) in `unit`, sorted, per split (all splits for `split` null). */
function timesIn(table: Table, splits: readonly Split[], outcome: 'os' | 'pfs', unit: TimeUnit, split: Split | null): Float64Array {
  const cells = table.cells.get(`${outcome}_time`);
  if (!cells) return new Float64Array(0);
  const out: number[] = [];
  const scale = MONTHS_PER_UNIT[unit];
  cells.forEach((c, i) => {
    if (c === null || (split !== null && splits[i] !== split)) return;
    const v = Number(c);
    if (Number.isFinite(v)) out.push(v / scale);
  });
  return Float64Array.from(out).sort();
}

/**
 * Median and range of the OS and PFS times per split, in the manifest's unit (the cohort table holds
 * months), for the splits with at least one time: what a reader checks first when the unit is in doubt.
 */
export function followUpBySplit(table: Table, splits: readonly Split[], unit: TimeUnit): FollowUpRow[] {
  const rows: FollowUpRow[] = [];
  for (const outcome of ['os', 'pfs'] as const) {
    for (const split of SPLITS) {
      const t = timesIn(table, splits, outcome, unit, split);
      if (t.length === 0) continue;
      rows.push({ outcome, split, n: t.length, median: medianSorted(t), min: t[0], max: t[t.length - 1], unit });
    }
  }
  return rows;
}

/** Limits of plausible survival times (months) in a cohort of patients with HCC treated with immunotherapy. */
export const PLAUSIBLE_TIMES = {
  /** A median above 10 years: longer than any reported ICI cohort's follow-up. */
  maxMedianMonths: 120,
  /** A time above 25 years. */
  maxMonths: 300,
  /** The longest time below 60 days, in a cohort of at least `minPatientsForShort` (times that look like months read as days). */
  minLongestMonths: 60 / 30.4375,
  minPatientsForShort: 5,
  /** A unit is suggested instead when it puts the median between these (months): typical of such cohorts. */
  suggestMedianMonths: [1, 60],
} as const;

function implausible(medianM: number, maxM: number, n: number): 'long' | 'short' | null {
  if (medianM > PLAUSIBLE_TIMES.maxMedianMonths || maxM > PLAUSIBLE_TIMES.maxMonths) return 'long';
  if (n >= PLAUSIBLE_TIMES.minPatientsForShort && maxM < PLAUSIBLE_TIMES.minLongestMonths) return 'short';
  return null;
}

/**
 * A `suspect_unit` warning when the declared `timeUnit` makes the times implausible: read in months,
 * a median above 120 or a time above 300 (e.g. days declared as months), or every time below 60 days
 * in a cohort of at least 5 (e.g. months declared as days). The message gives what was declared,
 * what was found (median and maximum in the declared unit and in months) and the units under which
 * the same numbers would be plausible with a median of 1 to 60 months. OS is checked first; PFS only when OS is absent or plausible,
 * so one wrong unit gives one warning. `sources` names the file and column of each time.
 */
export function timeUnitWarnings(table: Table, unit: TimeUnit, sources: Partial<Record<'os' | 'pfs', { file: string; column: string }>>): Issue[] {
  for (const outcome of ['os', 'pfs'] as const) {
    const raw = timesIn(table, [], outcome, unit, null);
    if (raw.length === 0) continue;
    const med = medianSorted(raw);
    const max = raw[raw.length - 1];
    const scale = MONTHS_PER_UNIT[unit];
    const why = implausible(med * scale, max * scale, raw.length);
    if (why === null) continue;
    const label = outcome.toUpperCase();
    const [lo, hi] = PLAUSIBLE_TIMES.suggestMedianMonths;
    const alternatives = TIME_UNITS.filter((u) => u !== unit && implausible(med * MONTHS_PER_UNIT[u], max * MONTHS_PER_UNIT[u], raw.length) === null && med * MONTHS_PER_UNIT[u] >= lo && med * MONTHS_PER_UNIT[u] <= hi);
    const asOther = alternatives.map((u) => `as ${u}: median ${roundForMessage(med * MONTHS_PER_UNIT[u])}, maximum ${roundForMessage(max * MONTHS_PER_UNIT[u])} months`).join('; ');
    const found = `median ${formatTime(med, unit)}, maximum ${formatTime(max, unit)}${unit === 'months' ? '' : ` (${roundForMessage(med * scale)} and ${roundForMessage(max * scale)} months)`} over ${raw.length} patients`;
    const src = sources[outcome];
    return [
      issueWarning('suspect_unit', src ? [src.file, src.column] : ['manifest', 'timeUnit'], `${label} times look ${why === 'long' ? 'too long' : 'too short'} for the declared timeUnit "${unit}": ${found}${asOther ? `; ${asOther}` : ''}. Check the manifest's timeUnit`, {
        expected: `times plausible in ${unit}: median <= ${PLAUSIBLE_TIMES.maxMedianMonths} months, maximum <= ${PLAUSIBLE_TIMES.maxMonths} months, longest >= 60 days`,
        received: found,
      }),
    ];
  }
  return [];
}
