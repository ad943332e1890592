import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import { issueError, issueWarning } from '../core/issues.js';
import type { Grouping } from './grouping.js';
import { checkGrouping, groupLabel } from './grouping.js';
import type { SurvivalAtTimes } from './km-at-times.js';
import { survivalAtTimes } from './km-at-times.js';
import type { KmConfType } from './km-confidence.js';
import { KM_CONF_TYPES, survivalConfidenceBand } from './km-confidence.js';
import type { SurvivalMedian, SurvivalQuantile } from './km-quantiles.js';
import { survivalMedian, survivalQuantiles } from './km-quantiles.js';
import type { RestrictedMean } from './km-rmean.js';
import { restrictedMean } from './km-rmean.js';
import type { SurvivalData } from './outcome.js';
import { productLimit } from './product-limit.js';

/** Optional knobs of `kaplanMeier`. */
export interface KaplanMeierOptions {
  /** One curve per group level (R: `~ group`); crossed with `data.strata` when both are present. */
  readonly groups?: Grouping;
  /** Name shown for `data.strata` levels in labels ("name=level"); default: bare levels. */
  readonly strataName?: string;
  /** Pointwise CI scale; default 'log' (R's default). */
  readonly confType?: KmConfType;
  /** Confidence level in (0, 1); default 0.95. */
  readonly confLevel?: number;
  /** Event probabilities for `quantiles` (R's quantile.survfit probs); default [0.25, 0.5, 0.75]. */
  readonly probs?: readonly number[];
  /** Times at which to report the curve (R: summary(fit, times, extend = TRUE)); same units as time. */
  readonly times?: readonly number[];
  /** Restriction time tau for the restricted mean (R: print(fit, rmean = tau)); same units as time. */
  readonly rmeanTau?: number;
}

/** One Kaplan-Meier curve with its per-time table and summaries. Counts are Σ w with case weights. */
export interface KaplanMeierCurve {
  /** R-style strata label ("sex=1", "sex=1, ph.ecog=0") or "all" for a single curve. */
  readonly label: string;
  /** Group level (from `options.groups`), or null. */
  readonly group: string | null;
  /** Stratum level (from `data.strata`), or null. */
  readonly stratum: string | null;
  /** Rows in this curve (R: records). */
  readonly records: number;
  /** max n.risk (R: n.max). */
  readonly nMax: number;
  /** n.risk at the first time (R: n.start). */
  readonly nStart: number;
  /** Σ events (R: events). */
  readonly events: number;
  /** Distinct exit times (events and censorings), ascending. */
  readonly time: Float64Array;
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
  /** Rows entering in (t_{j-1}, t_j] (R's n.enter); null without delayed entry. */
  readonly nEnter: Float64Array | null;
  /** Ŝ(t) = Π (n_j - d_j)/n_j. */
  readonly surv: Float64Array;
  /** R's survfit `std.err`: sqrt(Σ d_j / (n_j (n_j - d_j))), the Greenwood se of -log Ŝ; Infinity after Ŝ hits 0. */
  readonly stdErr: Float64Array;
  /** Greenwood se of Ŝ on the S scale: Ŝ · stdErr (NaN where Ŝ = 0, as R's summary). */
  readonly greenwoodSe: Float64Array;
  /** Nelson-Aalen Λ̂(t) = Σ d_j / n_j. */
  readonly cumhaz: Float64Array;
  /** sqrt(Σ d_j / n_j²). */
  readonly stdChaz: Float64Array;
  /** Pointwise CI (NaN where R gives NA; see survivalConfidenceBand). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Median and CI as R's summary(fit)$table. */
  readonly median: SurvivalMedian;
  /** Quantiles for `options.probs` as R's quantile.survfit. */
  readonly quantiles: readonly SurvivalQuantile[];
  /** Restricted mean up to `options.rmeanTau`; null when not requested. */
  readonly rmean: RestrictedMean | null;
  /** Curve at `options.times`; null when not requested. */
  readonly atTimes: SurvivalAtTimes | null;
}

/** What `kaplanMeier` returns. */
export interface KaplanMeierResult {
  readonly curves: readonly KaplanMeierCurve[];
  readonly confType: KmConfType;
  readonly confLevel: number;
  readonly probs: readonly number[];
  readonly rmeanTau: number | null;
  /** True for (entry, exit] counting-process data. */
  readonly counting: boolean;
  readonly weighted: boolean;
  readonly warnings: readonly Issue[];
}

function checkOptions(data: SurvivalData, o: KaplanMeierOptions): Issue[] {
  const issues: Issue[] = [];
  if (o.confType !== undefined && !KM_CONF_TYPES.includes(o.confType)) {
    issues.push(issueError('bad_option', ['confType'], `unknown confidence interval type "${o.confType}"`, { expected: KM_CONF_TYPES.join(', '), received: String(o.confType) }));
  }
  if (o.confLevel !== undefined && !(o.confLevel > 0 && o.confLevel < 1)) {
    issues.push(issueError('bad_option', ['confLevel'], 'confidence level must be strictly between 0 and 1', { expected: 'e.g. 0.95', received: String(o.confLevel) }));
  }
  (o.probs ?? []).forEach((p, k) => {
    if (!(p >= 0 && p <= 1)) issues.push(issueError('bad_option', ['probs', k], 'quantile probability must be in [0, 1]', { expected: '0 <= p <= 1', received: String(p) }));
  });
  (o.times ?? []).forEach((t, k) => {
    if (!Number.isFinite(t)) issues.push(issueError('bad_option', ['times', k], 'report time must be a finite number', { expected: 'a finite time', received: String(t) }));
  });
  if (o.rmeanTau !== undefined) {
    let minTime = Infinity;
    for (let i = 0; i < data.n; i++) minTime = Math.min(minTime, data.time[i]);
    if (!Number.isFinite(o.rmeanTau) || o.rmeanTau < minTime) {
      issues.push(issueError('bad_option', ['rmeanTau'], 'restricted-mean limit must be a finite time not before the smallest time (R refuses it too)', { expected: `tau >= ${minTime}`, received: String(o.rmeanTau) }));
    }
  }
  if (o.groups) issues.push(...checkGrouping(o.groups, data.n, 1));
  return issues;
}

/** Rows of each (group, stratum) cell, ordered by group then stratum; empty cells dropped (as R). */
function curveRows(data: SurvivalData, o: KaplanMeierOptions): { rows: Int32Array; group: number; stratum: number }[] {
  const nG = o.groups ? o.groups.levels.length : 1;
  const nS = data.strata ? Math.max(data.strataLevels.length, 1) : 1;
  const counts = new Int32Array(nG * nS);
  const cell = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) {
    const c = (o.groups ? o.groups.codes[i] : 0) * nS + (data.strata ? data.strata[i] : 0);
    cell[i] = c;
    counts[c]++;
  }
  const out: { rows: Int32Array; group: number; stratum: number }[] = [];
  const fill = new Int32Array(nG * nS);
  const buckets = Array.from(counts, (m) => new Int32Array(m));
  for (let i = 0; i < data.n; i++) buckets[cell[i]][fill[cell[i]]++] = i;
  for (let c = 0; c < nG * nS; c++) if (counts[c] > 0) out.push({ rows: buckets[c], group: Math.floor(c / nS), stratum: c % nS });
  return out;
}

/**
 * Kaplan-Meier estimate per group / stratum with R survfit's standard errors, pointwise CIs,
 * quantiles, median, restricted mean and values at fixed times.
 *
 *   Ŝ(t) = Π_{t_j <= t} (n_j - d_j)/n_j,   se(-log Ŝ) = sqrt(Σ d_j / (n_j (n_j - d_j)))  (Greenwood),
 *   Λ̂(t) = Σ d_j / n_j (Nelson-Aalen),   se(Λ̂) = sqrt(Σ d_j / n_j²),
 *
 * n_j = Σ w over rows with entry < t_j <= exit (delayed entry / (start, stop] data), d_j = Σ w over events.
 * Case weights enter the counts; the variance is the weighted Greenwood sum, which is what R reports
 * for integer weights (R switches to a robust infinitesimal-jackknife variance for non-integer
 * weights; a warning says so). R's `timefix` rounding of nearly equal times is not applied.
 * Throws `HccError` (E_OPTION / E_INPUT) with the collected issues for invalid options or groupings.
 * @see R survival::survfit.formula, summary.survfit, quantile.survfit, print.survfit
 */
export function kaplanMeier(data: SurvivalData, options: KaplanMeierOptions = {}): KaplanMeierResult {
  const issues = checkOptions(data, options);
  if (issues.length) {
    const code = issues.every((i) => i.code === 'bad_option') ? 'E_OPTION' : 'E_INPUT';
    throw new HccError(code, `kaplanMeier: ${issues.length} problem(s) with the options`, { issues });
  }
  const confType = options.confType ?? 'log';
  const confLevel = options.confLevel ?? 0.95;
  const probs = options.probs ?? [0.25, 0.5, 0.75];
  const warnings: Issue[] = [];
  if (data.weights && data.weights.some((w) => w !== Math.floor(w))) {
    warnings.push(
      issueWarning('bad_option', ['weights'], 'non-integer case weights: standard errors are the weighted Greenwood sums; R survfit would report a robust (infinitesimal jackknife) variance instead', {
        expected: 'integer case weights for R-identical standard errors',
        received: 'non-integer weights',
      }),
    );
  }
  const cells = curveRows(data, options);
  // R: rmean integrates from min(0, smallest time of the whole fit).
  let minTime = 0;
  for (let i = 0; i < data.n; i++) minTime = Math.min(minTime, data.time[i]);
  const g = options.groups;
  const curves = cells.map(({ rows, group, stratum }): KaplanMeierCurve => {
    const pl = productLimit(data, { rows });
    const T = pl.time.length;
    const stdErr = new Float64Array(T);
    const greenwoodSe = new Float64Array(T);
    const cumhaz = new Float64Array(T);
    const stdChaz = new Float64Array(T);
    let v1 = 0;
    let v2 = 0;
    let na = 0;
    let events = 0;
    let nMax = 0;
    for (let j = 0; j < T; j++) {
      const n = pl.nRisk[j];
      const d = pl.nEvent[j];
      if (d > 0) {
        na += d / n;
        v2 += d / (n * n);
        v1 += d / (n * (n - d));
      }
      events += d;
      if (n > nMax) nMax = n;
      stdErr[j] = Math.sqrt(v1);
      greenwoodSe[j] = pl.surv[j] * stdErr[j];
      cumhaz[j] = na;
      stdChaz[j] = Math.sqrt(v2);
    }
    const band = survivalConfidenceBand(pl.surv, stdErr, confType, confLevel);
    const groupLevel = g ? g.levels[group] : null;
    const stratumLevel = data.strata ? data.strataLevels[stratum] : null;
    const parts: string[] = [];
    if (g && groupLevel !== null) parts.push(groupLabel(g, groupLevel));
    if (stratumLevel !== null) parts.push(groupLabel({ name: options.strataName ?? '' }, stratumLevel));
    const base = { time: pl.time, nRisk: pl.nRisk, nEvent: pl.nEvent, nCensor: pl.nCensor, surv: pl.surv, stdErr, cumhaz, stdChaz, lower: band.lower, upper: band.upper };
    return {
      label: parts.length ? parts.join(', ') : 'all',
      group: groupLevel,
      stratum: stratumLevel,
      records: rows.length,
      nMax,
      nStart: T ? pl.nRisk[0] : 0,
      events,
      ...base,
      nEnter: data.entry ? pl.nEnter : null,
      greenwoodSe,
      median: survivalMedian(base),
      quantiles: survivalQuantiles(base, probs),
      rmean: options.rmeanTau !== undefined ? restrictedMean(base, options.rmeanTau, minTime) : null,
      atTimes: options.times ? survivalAtTimes(base, options.times) : null,
    };
  });
  return {
    curves,
    confType,
    confLevel,
    probs,
    rmeanTau: options.rmeanTau ?? null,
    counting: data.entry !== null,
    weighted: data.weights !== null,
    warnings,
  };
}
