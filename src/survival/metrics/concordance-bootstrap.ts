import { createRng } from '../../core/rng.js';
import type { Result } from '../../core/issues.js';
import { fail, issueError, ok } from '../../core/issues.js';
import type { SurvivalData } from '../outcome.js';
import { prepareConcordance, sweepConcordance } from './concordance-kernel.js';
import type { PreparedConcordance } from './concordance-kernel.js';
import type { TimeWeighting } from './concordance-time-weights.js';
import { checkConcordanceInput, noComparablePairsIssue } from './concordance.js';
import type { MarkerDirection } from './risk-score.js';
import { asRiskScore } from './risk-score.js';

/** Knobs for `bootstrapConcordanceDifference`. */
export interface ConcordanceBootstrapOptions {
  /** Number of resamples B. Default 1000. */
  readonly resamples?: number;
  /** Seed for `createRng`. Required so every run is reproducible. */
  readonly seed: number;
  readonly direction?: MarkerDirection;
  readonly timeWeighting?: TimeWeighting;
  readonly tauDays?: number | null;
  /** Confidence level of the percentile interval. Default 0.95. */
  readonly level?: number;
}

/** Paired bootstrap of C1 - C2. */
export interface ConcordanceBootstrapResult {
  /** C1 - C2 on the original rows. */
  readonly difference: number;
  readonly concordance1: number;
  readonly concordance2: number;
  /** Percentile interval of the resampled differences (R quantile type 7). */
  readonly ciLower: number;
  readonly ciUpper: number;
  readonly level: number;
  /** Standard deviation of the resampled differences. */
  readonly se: number;
  /** Two-sided p: min(1, 2 min(#{Δ* <= 0}, #{Δ* >= 0}) / B_used). */
  readonly p: number;
  /** Resamples used, and those skipped because they had no comparable pairs. */
  readonly resamples: number;
  readonly skipped: number;
  readonly seed: number;
  /** The resampled differences, in draw order. */
  readonly differences: Float64Array;
}

function cFromSweep(p: PreparedConcordance, weights: Float64Array | null, timeWeighting: TimeWeighting, tauDays: number | null): number {
  const k = sweepConcordance(p, { weights, timeWeighting, tauDays, influence: false });
  const { concordant, discordant, tiedX } = k.total;
  const npair = concordant + discordant + tiedX;
  return npair > 0 ? (concordant + tiedX / 2) / npair : NaN;
}

function quantileType7(sorted: Float64Array, prob: number): number {
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Paired nonparametric bootstrap of the difference of two concordances on the same rows: each
 * resample draws n rows with replacement (the same rows for both markers) and recomputes both C's.
 * A resample is evaluated as case weights (multiplicities), which gives exactly the counts of the
 * duplicated data set while the rows are sorted only once. Strata and case weights of `data` are kept.
 * No R reference exists; invariants are tested (same marker twice gives 0, a seed reproduces).
 * @see boot::boot (percentile interval); compareC::compareC for the analytic test
 */
export function bootstrapConcordanceDifference(data: SurvivalData, marker1: ArrayLike<number>, marker2: ArrayLike<number>, options: ConcordanceBootstrapOptions): Result<ConcordanceBootstrapResult> {
  const issues = [...checkConcordanceInput(data, marker1, 'marker1', options), ...checkConcordanceInput(data, marker2, 'marker2', {}).filter((i) => i.path[0] === 'marker2')];
  const B = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(B) || B < 2) issues.push(issueError('bad_option', ['resamples'], 'resamples must be an integer >= 2', { expected: 'e.g. 1000', received: String(B) }));
  if (!(level > 0 && level < 1)) issues.push(issueError('bad_option', ['level'], 'level must lie in (0, 1)', { expected: 'e.g. 0.95', received: String(level) }));
  if (!Number.isFinite(options.seed)) issues.push(issueError('bad_option', ['seed'], 'a finite integer seed is required', { expected: 'an integer', received: String(options.seed) }));
  if (data.entry) issues.push(issueError('bad_option', ['entry'], 'right-censored data only', { expected: 'no entry column' }));
  if (issues.length) return fail(issues);
  const dir = options.direction ?? 'higher-is-worse';
  const tw = options.timeWeighting ?? 'n';
  const tau = options.tauDays ?? null;
  const p1 = prepareConcordance(data.time, data.event, asRiskScore(marker1, dir), data.strata, 'censored-after-event');
  const p2 = prepareConcordance(data.time, data.event, asRiskScore(marker2, dir), data.strata, 'censored-after-event');
  const c1 = cFromSweep(p1, data.weights, tw, tau);
  const c2 = cFromSweep(p2, data.weights, tw, tau);
  if (Number.isNaN(c1) || Number.isNaN(c2)) return fail([noComparablePairsIssue()]);
  const rng = createRng(options.seed);
  const n = data.n;
  const w = new Float64Array(n);
  const diffs: number[] = [];
  let skipped = 0;
  for (let b = 0; b < B; b++) {
    w.fill(0);
    for (let k = 0; k < n; k++) w[rng.int(n)] += 1;
    if (data.weights) for (let i = 0; i < n; i++) w[i] *= data.weights[i];
    const a = cFromSweep(p1, w, tw, tau);
    const c = cFromSweep(p2, w, tw, tau);
    if (Number.isNaN(a) || Number.isNaN(c)) skipped++;
    else diffs.push(a - c);
  }
  if (diffs.length < 2) return fail([issueError('too_few_rows', ['resamples'], 'fewer than two resamples had comparable pairs', { expected: 'more events', received: `${diffs.length} usable resamples` })]);
  const differences = Float64Array.from(diffs);
  const sorted = Float64Array.from(diffs).sort();
  const m = sorted.length;
  let mean = 0;
  for (const d of diffs) mean += d;
  mean /= m;
  let ss = 0;
  let le = 0;
  let ge = 0;
  for (const d of diffs) {
    ss += (d - mean) * (d - mean);
    if (d <= 0) le++;
    if (d >= 0) ge++;
  }
  return ok({
    difference: c1 - c2,
    concordance1: c1,
    concordance2: c2,
    ciLower: quantileType7(sorted, (1 - level) / 2),
    ciUpper: quantileType7(sorted, 1 - (1 - level) / 2),
    level,
    se: Math.sqrt(ss / (m - 1)),
    p: Math.min(1, (2 * Math.min(le, ge)) / m),
    resamples: m,
    skipped,
    seed: options.seed,
    differences,
  });
}
