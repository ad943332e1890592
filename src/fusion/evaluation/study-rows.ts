import { HccError } from '../../core/errors.js';
import type { CalibrationResult, RiskGroupSummary, SubgroupAnalysis, TimeDependentAucAtTime } from '../../survival/index.js';

/**
 * Study-level rows of the evaluation tables built from the survival engine's results: the engine's
 * numbers are kept (they are checked against R), and what the study reports is decided here: which
 * estimates are not results (not estimable, unreliable), what a reader is told about them, and
 * intervals kept inside the range a quantity can take.
 */

type Cell = string | number | null;

/** Fewer cases or controls than this at a horizon mark the td-AUC as unreliable. */
export const MIN_AUC_CASES_CONTROLS = 5;

const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
const fin = (v: number | null | undefined): number | null => (v !== null && v !== undefined && Number.isFinite(v) ? v : null);

/**
 * The user-facing text of an error thrown by an engine function: the messages of the issues an
 * `HccError` carries (what was wrong), not its summary line ("fn: 1 problem(s) in the input").
 */
export function errorText(err: unknown): string {
  if (err instanceof HccError && err.issues.length) return [...new Set(err.issues.map((i) => i.message))].join('; ');
  return err instanceof Error ? err.message : String(err);
}

/**
 * Why risk groups cannot be compared in a cohort where every patient falls in one group (null when
 * at least two groups have patients), in words: the group, the frozen cut-off(s), and when the
 * training score itself cannot be split (too few distinct values), that reason.
 */
export function singleRiskGroupReason(counts: ArrayLike<number>, labels: readonly string[], cutoffs: readonly number[], trainingScores: readonly number[], method: string): string | null {
  let nonEmpty = 0;
  let only = -1;
  let n = 0;
  for (let g = 0; g < counts.length; g++) {
    n += counts[g];
    if (counts[g] > 0) {
      nonEmpty++;
      only = g;
    }
  }
  if (nonEmpty >= 2) return null;
  if (n === 0) return 'no patients';
  const fmt = (v: number) => String(Number(v.toPrecision(3)));
  const cut = `training ${method} cut-off${cutoffs.length > 1 ? 's' : ''} (${cutoffs.map(fmt).join(' and ')})`;
  const distinct = new Set(trainingScores).size;
  const hi = Math.max(...trainingScores);
  const head = `all ${plural(n, 'patient')} are in the ${labels[only]}-risk group`;
  if (distinct > 0 && cutoffs.some((c) => c >= hi)) {
    return `${head}: the score takes only ${plural(distinct, 'distinct value')} in training and the ${cut} equals its highest value, so no patient scores above it`;
  }
  const where = only === 0 ? 'above' : only === counts.length - 1 ? 'at or below' : 'outside the range of';
  return `${head}: no patient in this cohort scores ${where} the ${cut}`;
}

/** Columns of `risk_groups` after the engine's summary columns. */
export const RISK_GROUP_EXTRA_COLUMNS = ['reference', 'median_difference_months', 'median_difference_note', 'hr_note'] as const;

/**
 * Rows of `risk_groups` for one cohort: outcome..logrank_p as before, except that the reference
 * group's HR, CI and p are null (it is the reference, not an HR of 1 with an NA interval) and a
 * not-estimable HR is null; then `reference` (1 for the reference group, else 0),
 * `median_difference_months` (median survival of the group minus that of the reference group, null
 * where either median is not reached), `median_difference_note` ('reference', or why the difference
 * is missing) and `hr_note` ('reference', or why the HR is not estimable).
 */
export function riskGroupRows(prefix: readonly Cell[], summary: RiskGroupSummary): Cell[][] {
  const ref = summary.groups.find((g) => g.reference) ?? null;
  return summary.groups.map((g) => {
    let diff: number | null = null;
    let diffNote: string | null = null;
    if (g.reference) diffNote = 'reference';
    else if (g.n === 0) diffNote = 'no patients in this group';
    else if (g.median === null) diffNote = 'median not reached in this group';
    else if (!ref || ref.median === null) diffNote = `median not reached in the reference group${ref ? ` (${ref.label})` : ''}`;
    else diff = g.median - ref.median;
    const usable = !g.reference && g.hrReason === null;
    const hrNote = g.reference ? 'reference' : g.hrReason;
    return [...prefix, g.label, g.n, g.events, g.median, usable ? fin(g.hr) : null, usable ? fin(g.hrLower) : null, usable ? fin(g.hrUpper) : null, usable ? fin(g.p) : null, fin(summary.logRank.p), g.reference ? 1 : 0, diff, diffNote, hrNote];
  });
}

/** Columns of `td_auc` after the engine's (auc, se, ci_lower, ci_upper, cases, controls). */
export const TD_AUC_EXTRA_COLUMNS = ['ci_truncated', 'unreliable', 'note'] as const;

/**
 * One `td_auc` row: the engine's AUC and iid standard error (as timeROC), the Wald interval
 * AUC ± 1.96 se truncated to [0, 1] (`ci_truncated` = 1 where it was), cases and controls at the
 * horizon, `unreliable` = 1 with fewer than `MIN_AUC_CASES_CONTROLS` cases or controls, and a note
 * saying why.
 */
export function tdAucRow(prefix: readonly Cell[], pt: TimeDependentAucAtTime): Cell[] {
  const lo = fin(pt.ci95Lower);
  const hi = fin(pt.ci95Upper);
  const truncated = (lo !== null && lo < 0) || (hi !== null && hi > 1);
  const notes: string[] = [];
  const few: string[] = [];
  if (pt.nCases < MIN_AUC_CASES_CONTROLS) few.push(`${pt.nCases} case(s)`);
  if (pt.nControls < MIN_AUC_CASES_CONTROLS) few.push(`${pt.nControls} control(s)`);
  if (pt.auc === null) notes.push(`not estimable: ${pt.nCases} case(s) and ${pt.nControls} control(s) at this horizon`);
  else if (few.length) notes.push(`unreliable: only ${few.join(' and ')} at this horizon (fewer than ${MIN_AUC_CASES_CONTROLS})`);
  if (truncated) notes.push('Wald interval truncated to [0, 1]');
  return [...prefix, fin(pt.auc), fin(pt.se), lo === null ? null : Math.max(0, lo), hi === null ? null : Math.min(1, hi), pt.nCases, pt.nControls, truncated ? 1 : 0, pt.auc !== null && few.length ? 1 : 0, notes.length ? notes.join('; ') : null];
}

/** Columns of `calibration` after (group, n, mean_predicted, observed, ci_lower, ci_upper). */
export const CALIBRATION_EXTRA_COLUMNS = ['note'] as const;

/**
 * Rows of `calibration` for one horizon: every quantile group is kept, with `n` = patients in the
 * group (also for groups of one, where the engine reports 0 as rms::groupkm does) and a note where the observed Kaplan-Meier estimate or its interval is missing: follow-up
 * ending before the horizon (everyone censored), a group too small for an estimate, or a degenerate
 * interval at an observed survival of 0 or 1 (no interval is reported then).
 */
export function calibrationRows(prefix: readonly Cell[], cal: CalibrationResult, horizon: number): Cell[][] {
  const size = new Map<number, number>();
  for (const g of cal.groupOfRow) size.set(g, (size.get(g) ?? 0) + 1);
  return cal.groups.map((g) => {
    const n = size.get(g.group) ?? 0;
    let note: string | null = null;
    let lo = fin(g.lowerCi);
    let hi = fin(g.upperCi);
    if (n < 2) note = `${plural(n, 'patient')} in this group: too few for a Kaplan-Meier estimate`;
    else if (g.observed === null) note = `no observed estimate: follow-up ends before ${horizon} months (every patient still at risk was censored before the horizon)`;
    else if (g.observed === 0) note = `observed survival 0 at ${horizon} months (the Kaplan-Meier estimate reached 0 before it): no interval`;
    else if (g.stdErrLog === 0) note = `no events before ${horizon} months (observed survival 1): no interval`;
    if (note !== null) lo = hi = null;
    return [...prefix, g.group, n, fin(g.meanPredicted), fin(g.observed), lo, hi, note];
  });
}

/** A subgroup variable as the study defines it: all its levels, and the levels present in this cohort. */
export interface StudySubgroupLevels {
  readonly name: string;
  /** Every level of the variable in the cohort table (all cohorts), in order; 'missing' only where this cohort has it. */
  readonly levels: readonly string[];
}

/** Why a subgroup row reads "not estimable" when the cohort has no patient at that level. */
export const NO_PATIENTS_REASON = 'not estimable: no patients at this level in this cohort';

/**
 * Rows of `subgroups` and `subgroup_interactions` for one cohort. Subgroup rows: the engine's rows
 * with a `reason` column; where the HR is not estimable (reason set) HR, CI and p are null. Every
 * level of every variable gets its rows, also the levels without patients in this cohort (n 0,
 * `NO_PATIENTS_REASON`). Interaction rows: chisq and p null with a reason where the test is not
 * estimable, including variables with one level in this cohort (no test possible).
 */
export function subgroupRows(prefix: readonly Cell[], analysis: SubgroupAnalysis, variables: readonly StudySubgroupLevels[]): { rows: Cell[][]; interactions: Cell[][] } {
  const rows: Cell[][] = [];
  const exposed = analysis.exposure.levels.slice(1);
  const push = (r: SubgroupAnalysis['rows'][number]) => {
    const usable = r.reason === null;
    rows.push([...prefix, r.variable, r.level, r.label, r.exposed, r.n, r.events, usable ? fin(r.estimate) : null, usable ? fin(r.lower) : null, usable ? fin(r.upper) : null, usable ? fin(r.p) : null, r.reason]);
  };
  for (const r of analysis.rows) if (r.variable === null) push(r);
  for (const v of variables) {
    for (const level of v.levels) {
      const got = analysis.rows.filter((r) => r.variable === v.name && r.level === level);
      if (got.length) got.forEach(push);
      else {
        for (const e of exposed) {
          const label = exposed.length > 1 ? `${v.name} = ${level} : ${e} vs ${analysis.exposure.reference}` : `${v.name} = ${level}`;
          rows.push([...prefix, v.name, level, label, e, 0, 0, null, null, null, null, NO_PATIENTS_REASON]);
        }
      }
    }
  }
  const interactions: Cell[][] = [];
  for (const v of variables) {
    const it = analysis.interactions.find((x) => x.variable === v.name);
    if (it) {
      interactions.push([...prefix, v.name, it.levels.join(';'), it.reason === null ? fin(it.chisq) : null, it.df, it.reason === null ? fin(it.p) : null, it.reason]);
    } else {
      const present = [...new Set(analysis.rows.filter((r) => r.variable === v.name).map((r) => r.level))];
      interactions.push([...prefix, v.name, present.join(';'), null, 0, null, `not estimable: ${present.length === 1 ? `only one level of ${v.name} (${present[0]})` : `no level of ${v.name}`} in this cohort`]);
    }
  }
  return { rows, interactions };
}
