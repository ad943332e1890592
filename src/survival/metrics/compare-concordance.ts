import { normalCdf, studentTCdf, twoSidedNormalP } from '../../core/distributions.js';
import type { Result } from '../../core/issues.js';
import { fail, issueError, ok } from '../../core/issues.js';
import type { SurvivalData } from '../outcome.js';
import type { ConcordanceOptions, ConcordanceResult } from './concordance.js';
import { checkConcordanceInput, concordanceIndex } from './concordance.js';
import { comparablePairSignCross } from './concordance-pair-cross.js';
import type { NoetherOptions } from './concordance-variants.js';
import { noetherConcordance, pairCountsPerRow } from './concordance-variants.js';
import type { MarkerDirection } from './risk-score.js';
import { asRiskScore } from './risk-score.js';

function checkPair(data: SurvivalData, m1: ArrayLike<number>, m2: ArrayLike<number>, o: { direction?: unknown; timeWeighting?: unknown; tauDays?: unknown }) {
  const a = checkConcordanceInput(data, m1, 'marker1', o);
  const b = checkConcordanceInput(data, m2, 'marker2', {}).filter((i) => i.path[0] === 'marker2');
  return [...a, ...b];
}

/** Two correlated concordances compared with R survival's influence-based covariance. */
export interface ConcordanceContrastResult {
  readonly concordance1: number;
  readonly concordance2: number;
  /** 2 x 2 covariance of (C1, C2), row-major: Σ_i U1_i U2_i etc. (clusters summed first). */
  readonly covariance: Float64Array;
  /**
   * C1 - C2, its standard error sqrt(v11 + v22 - 2 v12), z and the two-sided normal p; z and p are
   * null when the standard error is 0 (e.g. the same marker twice; R prints NaN).
   */
  readonly difference: number;
  readonly seDifference: number;
  readonly z: number | null;
  readonly p: number | null;
  readonly first: ConcordanceResult;
  readonly second: ConcordanceResult;
}

/**
 * `concordance(fit1, fit2)` with contrast c(1, -1): both C's from `concordanceIndex` with the same
 * options, covariance from their per-row influence U (R `dfbeta`): V_ab = Σ_g (Σ_{i∈g} Ua_i)(Σ_{i∈g} Ub_i).
 * With case weights R multiplies the cross-product once more by w; here V stays consistent with each
 * single-marker variance (Σ U²), which is what R reports for one marker.
 * @see survival::concordance (several fits), survival:::cord.work
 */
export function compareConcordanceR(data: SurvivalData, marker1: ArrayLike<number>, marker2: ArrayLike<number>, options: ConcordanceOptions = {}): Result<ConcordanceContrastResult> {
  const issues = checkPair(data, marker1, marker2, options);
  if (issues.length) return fail(issues);
  const a = concordanceIndex(data, marker1, options);
  const b = concordanceIndex(data, marker2, options);
  if (!a.ok || !b.ok) return fail([...(a.ok ? [] : a.issues), ...(b.ok ? [] : b.issues)]);
  const ua = a.value.influence;
  const ub = b.value.influence;
  const cluster = options.useCluster === false ? null : data.cluster;
  const cov = new Float64Array(4);
  if (cluster) {
    let g = 0;
    for (let i = 0; i < data.n; i++) if (cluster[i] + 1 > g) g = cluster[i] + 1;
    const sa = new Float64Array(g);
    const sb = new Float64Array(g);
    for (let i = 0; i < data.n; i++) {
      sa[cluster[i]] += ua[i];
      sb[cluster[i]] += ub[i];
    }
    for (let c = 0; c < g; c++) {
      cov[0] += sa[c] * sa[c];
      cov[1] += sa[c] * sb[c];
      cov[3] += sb[c] * sb[c];
    }
  } else {
    for (let i = 0; i < data.n; i++) {
      cov[0] += ua[i] * ua[i];
      cov[1] += ua[i] * ub[i];
      cov[3] += ub[i] * ub[i];
    }
  }
  cov[2] = cov[1];
  const difference = a.value.concordance - b.value.concordance;
  // max(0, ·): the same marker twice can leave -1e-18 of rounding, whose sqrt would be NaN.
  const seDifference = Math.sqrt(Math.max(0, cov[0] + cov[3] - 2 * cov[1]));
  const z = seDifference > 0 ? difference / seDifference : null;
  return ok({ concordance1: a.value.concordance, concordance2: b.value.concordance, covariance: cov, difference, seDifference, z, p: z === null ? null : twoSidedNormalP(z), first: a.value, second: b.value });
}

/** compareC output (Kang, Chen, Yao, Chen, Zhang 2015). */
export interface KangComparisonResult {
  readonly concordance1: number;
  readonly concordance2: number;
  readonly difference: number;
  readonly variance1: number;
  readonly variance2: number;
  readonly covariance: number;
  readonly varianceDifference: number;
  /** difference / sqrt(varianceDifference); null when that variance is not positive (R: NaN). */
  readonly z: number | null;
  /** Two-sided normal p (null with z). */
  readonly p: number | null;
  readonly n: number;
}

/**
 * Kang et al.'s test of two correlated Harrell C's on the same rows. With the pair kernel
 * K_ij = csign(T, δ)_ij (±1 when the pair is comparable, by which member fails first) and
 * t11 = ΣK²/(n(n-1)), t1m = ΣK·sign(r_m)/(n(n-1)): C_m = (t1m/t11 + 1)/2; the variances and
 * covariances of (t11, t12, t13) are U-statistic estimates built from per-row sums, and
 * var(C1 - C2) follows by the delta method. Markers are risk scores (compareC is called with
 * their negatives). No strata, no weights. O(n log² n).
 * @see compareC::compareC; Kang L et al. Stat Med 2015;34:685-703
 */
export function compareConcordanceKang(data: SurvivalData, marker1: ArrayLike<number>, marker2: ArrayLike<number>, options: { direction?: MarkerDirection } = {}): Result<KangComparisonResult> {
  const issues = checkPair(data, marker1, marker2, options);
  if (data.weights) issues.push(issueError('bad_option', ['weights'], 'compareC does not use case weights', { expected: 'unweighted rows', received: 'case weights' }));
  if (data.strata) issues.push(issueError('bad_option', ['strata'], 'compareC does not stratify', { expected: 'no strata', received: 'strata' }));
  if (data.n < 4) issues.push(issueError('too_few_rows', [], 'compareC needs at least 4 rows', { expected: '>= 4 rows', received: String(data.n) }));
  if (issues.length) return fail(issues);
  const dir = options.direction ?? 'higher-is-worse';
  const k1 = pairCountsPerRow(data, marker1, dir, 'censored-after-event', null);
  const k2 = pairCountsPerRow(data, marker2, dir, 'censored-after-event', null);
  const n = data.n;
  let sb = 0, sbb = 0, sa1 = 0, sa2 = 0, sa1a1 = 0, sa2a2 = 0, sc1 = 0, sc2 = 0, sba1 = 0, sba2 = 0, sa1a2 = 0;
  const c1 = k1.inConcordant!, d1 = k1.inDiscordant!, t1 = k1.inTiedX!;
  const c2 = k2.inConcordant!, d2 = k2.inDiscordant!;
  for (let i = 0; i < n; i++) {
    const b = c1[i] + d1[i] + t1[i];
    const a1 = c1[i] - d1[i];
    const a2 = c2[i] - d2[i];
    sb += b;
    sbb += b * b;
    sa1 += a1;
    sa2 += a2;
    sa1a1 += a1 * a1;
    sa2a2 += a2 * a2;
    sc1 += c1[i] + d1[i];
    sc2 += c2[i] + d2[i];
    sba1 += b * a1;
    sba2 += b * a2;
    sa1a2 += a1 * a2;
  }
  if (!(sb > 0)) return fail([issueError('too_few_rows', [], 'no comparable pairs: C is undefined', { expected: 'comparable pairs', received: '0' })]);
  const rank = (m: ArrayLike<number>) => {
    const r = asRiskScore(m, dir);
    const sorted = Float64Array.from(r).sort();
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let lo = 0, hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < r[i]) lo = mid + 1;
        else hi = mid;
      }
      out[i] = lo;
    }
    return out;
  };
  const cross = 2 * comparablePairSignCross(data.time, data.event, rank(marker1), rank(marker2));
  const nn = n * (n - 1);
  const den = nn * (n - 2) * (n - 3);
  const t11 = sb / nn;
  const t12 = sa1 / nn;
  const t13 = sa2 / nn;
  const var11 = (4 * sbb - 2 * sb + ((sb / nn) * sb * (2 * n - 3) * -2)) / den;
  const var12 = (4 * sa1a1 - 2 * sc1 + ((sa1 / nn) * sa1 * (2 * n - 3) * -2)) / den;
  const var13 = (4 * sa2a2 - 2 * sc2 + ((sa2 / nn) * sa2 * (2 * n - 3) * -2)) / den;
  const cov1112 = (4 * sba1 - 2 * sa1 + ((2 * n - 3) * -2 * sb * sa1) / nn) / den;
  const cov1113 = (4 * sba2 - 2 * sa2 + ((2 * n - 3) * -2 * sb * sa2) / nn) / den;
  const cov1213 = (4 * sa1a2 - 2 * cross + ((2 * n - 3) * -2 * sa1 * sa2) / nn) / den;
  // Delta method with gradients g_m = (1/t11, -t1m/t11²) of C_m = (t1m/t11 + 1)/2.
  const g1a = 1 / t11, g1b = -t12 / (t11 * t11);
  const g2a = 1 / t11, g2b = -t13 / (t11 * t11);
  const variance1 = 0.25 * (g1a * (var12 * g1a + cov1112 * g1b) + g1b * (cov1112 * g1a + var11 * g1b));
  const variance2 = 0.25 * (g2a * (var13 * g2a + cov1113 * g2b) + g2b * (cov1113 * g2a + var11 * g2b));
  // R: c(1/t11, -t12/t11²) %*% matrix(c(cov1213, cov1113, cov1112, var11), 2) %*% c(1/t11, -t13/t11²)
  const covariance = 0.25 * (g1a * (cov1213 * g2a + cov1112 * g2b) + g1b * (cov1113 * g2a + var11 * g2b));
  const concordance1 = (t12 / t11 + 1) / 2;
  const concordance2 = (t13 / t11 + 1) / 2;
  const difference = concordance1 - concordance2;
  const varianceDifference = variance1 + variance2 - 2 * covariance;
  const z = varianceDifference > 0 ? difference / Math.sqrt(varianceDifference) : null;
  return ok({ concordance1, concordance2, difference, variance1, variance2, covariance, varianceDifference, z, p: z === null ? null : 2 * normalCdf(-Math.abs(z)), n });
}

/** survcomp `cindex.comp` output. */
export interface NoetherComparisonResult {
  readonly cIndex1: number;
  readonly cIndex2: number;
  readonly se1: number;
  readonly se2: number;
  /** Spearman correlation of the two markers. */
  readonly spearman: number;
  /** t = (C1 - C2) / sqrt(se1² + se2² - 2 r se1 se2); null when |r| = 1 (p is then 1). */
  readonly t: number | null;
  /** One-sided P(T_{n-1} > t): evidence that marker 1 is MORE concordant than marker 2. */
  readonly pOneSided: number;
  readonly n: number;
}

function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]] = avg;
    i = j + 1;
  }
  return r;
}

/** Spearman rank correlation (average ranks for ties), as R `cor(method = "spearman")`. @see R stats::cor(method = "spearman") */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const n = rx.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += rx[i];
    my += ry[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i] - mx;
    const dy = ry[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * survcomp's comparison of two Noether concordances on the same rows: a one-sided t test with the
 * Spearman correlation r of the markers standing in for the correlation of the estimates.
 * @see survcomp::cindex.comp
 */
export function compareConcordanceNoether(data: SurvivalData, marker1: ArrayLike<number>, marker2: ArrayLike<number>, options: NoetherOptions = {}): Result<NoetherComparisonResult> {
  const issues = checkPair(data, marker1, marker2, options);
  if (issues.length) return fail(issues);
  const a = noetherConcordance(data, marker1, options);
  const b = noetherConcordance(data, marker2, options);
  if (!a.ok || !b.ok) return fail([...(a.ok ? [] : a.issues), ...(b.ok ? [] : b.issues)]);
  const r = spearmanCorrelation(marker1, marker2);
  const n = data.n;
  const { cIndex: c1, se: se1 } = a.value;
  const { cIndex: c2, se: se2 } = b.value;
  if (!(1 - Math.abs(r) > 1e-15)) return ok({ cIndex1: c1, cIndex2: c2, se1, se2, spearman: r, t: null, pOneSided: 1, n });
  const t = (c1 - c2) / Math.sqrt(se1 * se1 + se2 * se2 - 2 * r * se1 * se2);
  return ok({ cIndex1: c1, cIndex2: c2, se1, se2, spearman: r, t, pOneSided: studentTCdf(-t, n - 1), n });
}
