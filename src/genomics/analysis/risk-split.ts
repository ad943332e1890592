/**
 * Split RNA-seq samples into high- and low-risk groups from a per-patient (or per-sample) risk
 * score, at the median of the samples analysed, or from given high/low labels.
 */
import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, issueWarning, ok } from '../../core/issues.js';
import type { SampleSheet } from '../count-matrix.js';
import { median } from '../order-statistics.js';

/** Group label of the high-risk samples (the DE alternative). */
export const HIGH_RISK = 'high';
/** Group label of the low-risk samples (the DE reference). */
export const LOW_RISK = 'low';

/**
 * Risk per id: give exactly one of `scores` (higher = worse, e.g. the MMF risk score) or
 * `labels` (`"high"` / `"low"`). Ids are sample ids, or patient ids when a sample → patient link
 * is passed to {@link splitByRisk}.
 */
export interface RiskAssignment {
  readonly ids: readonly string[];
  readonly scores?: ArrayLike<number>;
  readonly labels?: readonly string[];
}

/** Options of {@link splitByRisk}. */
export interface RiskSplitOptions {
  /** Sample id → patient id (the RNA-seq sample sheet), so risk may be keyed by patient. */
  readonly samplePatients?: ReadonlyMap<string, string>;
}

/** The split: a two-group sample sheet (matched samples, in count-matrix order) and how it was made. */
export interface RiskSplit {
  readonly sheet: SampleSheet;
  /** `median` (scores) or `labels`. */
  readonly rule: 'median' | 'labels';
  /** The median score (rule `median`); high = score > median, ties at the median go to low. */
  readonly threshold: number | null;
  /** Risk score per sheet sample (rule `median`), else null. */
  readonly scores: Float64Array | null;
  readonly nHigh: number;
  readonly nLow: number;
  /** Count-matrix samples with no risk value (left out). */
  readonly unmatchedSamples: readonly string[];
}

/**
 * Match count-matrix samples to risk values and label them high/low.
 *
 * With scores: threshold = median of the matched samples' scores (R `median`), high when
 * score > threshold — R's `ifelse(score > median(score), "high", "low")`, so ties go to low.
 * Issues (errors, collected): `bad_option` (neither or both of scores/labels; length mismatch),
 * `duplicate_id` (an id twice, path `['risk', id]`), `non_finite` (score not finite,
 * `['risk', id]`), `unknown_level` (label not high/low, `['risk', id]`), `missing_sample` (no
 * sample matched). Samples without a risk value are a warning and are left out.
 */
export function splitByRisk(sampleIds: readonly string[], risk: RiskAssignment, options: RiskSplitOptions = {}): Result<RiskSplit> {
  const issues: Issue[] = [];
  const useScores = risk.scores !== undefined;
  if (useScores === (risk.labels !== undefined)) {
    return fail([issueError('bad_option', ['risk'], 'give either risk scores or high/low labels', { expected: 'exactly one of scores, labels' })]);
  }
  const values: ArrayLike<number> | readonly string[] = useScores ? risk.scores! : risk.labels!;
  if (values.length !== risk.ids.length) {
    return fail([issueError('bad_option', ['risk'], `${risk.ids.length} ids but ${values.length} values`, { expected: 'one value per id' })]);
  }
  const index = new Map<string, number>();
  risk.ids.forEach((id, i) => {
    if (index.has(id)) issues.push(issueError('duplicate_id', ['risk', id], `risk id "${id}" appears more than once`, { expected: 'one risk value per patient/sample' }));
    else index.set(id, i);
    if (useScores && !Number.isFinite(risk.scores![i])) {
      issues.push(issueError('non_finite', ['risk', id], `risk score of "${id}" is ${risk.scores![i]}`, { expected: 'a finite number', received: String(risk.scores![i]) }));
    }
    if (!useScores && risk.labels![i] !== HIGH_RISK && risk.labels![i] !== LOW_RISK) {
      issues.push(issueError('unknown_level', ['risk', id], `risk label of "${id}" is "${risk.labels![i]}"`, { expected: `"${HIGH_RISK}" or "${LOW_RISK}"`, received: risk.labels![i] }));
    }
  });
  if (issues.length) return fail(issues);
  const matched: string[] = [];
  const at: number[] = [];
  const unmatched: string[] = [];
  for (const s of sampleIds) {
    const key = options.samplePatients?.get(s);
    const i = (key !== undefined ? index.get(key) : undefined) ?? index.get(s);
    if (i === undefined) unmatched.push(s);
    else {
      matched.push(s);
      at.push(i);
    }
  }
  if (matched.length === 0) {
    return fail([
      issueError('missing_sample', ['risk'], 'no RNA-seq sample has a risk value', {
        expected: 'risk ids equal to sample ids or to the patient ids of the sample sheet',
        received: risk.ids.slice(0, 3).join(', '),
      }),
    ]);
  }
  const warnings: Issue[] = [];
  if (unmatched.length > 0) {
    warnings.push(issueWarning('missing_sample', ['risk'], `${unmatched.length} RNA-seq sample(s) have no risk value and were left out (e.g. ${unmatched.slice(0, 3).join(', ')})`));
  }
  let groups: string[];
  let threshold: number | null = null;
  let scores: Float64Array | null = null;
  if (useScores) {
    scores = Float64Array.from(at, (i) => risk.scores![i]);
    threshold = median(scores);
    groups = Array.from(scores, (v) => (v > threshold! ? HIGH_RISK : LOW_RISK));
  } else groups = at.map((i) => risk.labels![i]);
  const nHigh = groups.filter((g) => g === HIGH_RISK).length;
  return ok(
    { sheet: { sampleIds: matched, groups }, rule: useScores ? 'median' : 'labels', threshold, scores, nHigh, nLow: groups.length - nHigh, unmatchedSamples: unmatched },
    warnings,
  );
}
