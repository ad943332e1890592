import { chiSquareSf } from '../core/distributions.js';
import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import { issueError } from '../core/issues.js';
import type { Grouping } from './grouping.js';
import { checkGrouping, groupLabel } from './grouping.js';
import type { SurvivalData } from './outcome.js';

/** Options of `logRankTest`. */
export interface LogRankOptions {
  /**
   * G-rho weight exponent: each event time is weighted by Ŝ(t-)^rho, Ŝ the left-continuous
   * Kaplan-Meier of the pooled sample (within stratum). 0 = log-rank (default), 1 = Peto-Peto
   * (Peto & Peto's modification of the Gehan-Wilcoxon test, as R's survdiff).
   */
  readonly rho?: number;
}

/** What `logRankTest` returns (R's survdiff, one entry per group in level order). */
export interface LogRankResult {
  /** Group labels "name=level". */
  readonly groups: readonly string[];
  /** Rows per group. */
  readonly n: Int32Array;
  /** Σ_t w(t) · d_g(t), summed over strata. */
  readonly observed: Float64Array;
  /** Σ_t w(t) · d(t) · r_g(t) / r(t), summed over strata. */
  readonly expected: Float64Array;
  /** Per-stratum observed and expected, k × nStrata row-major (k = groups); equal to the totals when unstratified. */
  readonly observedByStratum: Float64Array;
  readonly expectedByStratum: Float64Array;
  /** k × k hypergeometric covariance of observed - expected, row-major, summed over strata. */
  readonly variance: Float64Array;
  readonly chisq: number;
  /** Number of groups with expected > 0, minus 1. */
  readonly df: number;
  readonly p: number;
  readonly rho: number;
  /** Stratum labels (empty when unstratified). */
  readonly strata: readonly string[];
}

/** Solve A x = b for a small symmetric positive-definite A (Cholesky); null when not positive definite. */
function choleskySolve(a: Float64Array, m: number, b: Float64Array): Float64Array | null {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * m + j];
      for (let k = 0; k < j; k++) s -= l[i * m + k] * l[j * m + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * m + i] = Math.sqrt(s);
      } else l[i * m + j] = s / l[j * m + j];
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * m + k] * y[k];
    y[i] = s / l[i * m + i];
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < m; k++) s -= l[k * m + i] * x[k];
    x[i] = s / l[i * m + i];
  }
  return x;
}

/**
 * Accumulate one stratum's contributions. `order` lists the stratum's rows sorted by time
 * ascending (events before censorings at equal times is not needed: ties are taken together).
 */
function accumulateStratum(data: SurvivalData, group: Int32Array, order: Int32Array, k: number, rho: number, obs: Float64Array, exp: Float64Array, v: Float64Array): void {
  const m = order.length;
  // Left-continuous pooled KM at each distinct time, only needed for rho != 0.
  const risk = new Float64Array(k);
  for (let q = 0; q < m; q++) risk[group[order[q]]] += 1;
  let km = 1;
  const dg = new Float64Array(k);
  for (let start = 0; start < m; ) {
    const t = data.time[order[start]];
    let end = start;
    let deaths = 0;
    dg.fill(0);
    while (end < m && data.time[order[end]] === t) {
      const i = order[end];
      if (data.event[i] === 1) {
        deaths++;
        dg[group[i]]++;
      }
      end++;
    }
    const nrisk = m - start;
    const wt = rho === 0 ? 1 : Math.pow(km, rho);
    if (deaths > 0) {
      for (let g = 0; g < k; g++) {
        obs[g] += wt * dg[g];
        exp[g] += (wt * deaths * risk[g]) / nrisk;
      }
      if (nrisk > 1) {
        const w2 = wt * wt;
        for (let a = 0; a < k; a++) {
          const tmp = (w2 * deaths * risk[a] * (nrisk - deaths)) / (nrisk * (nrisk - 1));
          v[a * k + a] += tmp;
          for (let b = 0; b < k; b++) v[a * k + b] -= (tmp * risk[b]) / nrisk;
        }
      }
      km *= (nrisk - deaths) / nrisk;
    }
    for (let q = start; q < end; q++) risk[group[order[q]]] -= 1;
    start = end;
  }
}

/**
 * k-sample log-rank / G-rho test (Harrington & Fleming), stratified by `data.strata` (sums of
 * per-stratum O, E and V), exactly as R's `survdiff(Surv(time, status) ~ group + strata(s), rho)`:
 *
 *   w(t) = Ŝ(t-)^rho, O_g = Σ w d_g, E_g = Σ w d r_g / r,
 *   V_gh = Σ w² d (r - d) / (r (r - 1)) · r_g (δ_gh - r_h / r)  (hypergeometric, exact with ties),
 *   χ² = (O - E)ᵀ V⁻ (O - E) over the groups with E > 0 minus the first of them, df = that count - 1.
 *
 * Counting-process data and case weights are refused (survdiff accepts neither).
 * Throws `HccError('E_INPUT')` with issues: `single_group` (fewer than two observed groups, or
 * fewer than two with anyone at risk at an event time), `no_events` (every row censored; R
 * returns df -1 and p NA), `bad_option` (rho, weights, entry), `unknown_level`; `E_NUMERIC` when V is singular.
 * @see R survival::survdiff
 */
export function logRankTest(data: SurvivalData, groups: Grouping, options: LogRankOptions = {}): LogRankResult {
  const rho = options.rho ?? 0;
  const issues: Issue[] = [...checkGrouping(groups, data.n, 2)];
  if (!Number.isFinite(rho)) issues.push(issueError('bad_option', ['rho'], 'rho must be a finite number', { expected: 'e.g. 0 (log-rank) or 1 (Peto-Peto)', received: String(rho) }));
  if (data.entry) issues.push(issueError('bad_option', ['entry'], 'the log-rank test here takes right-censored data only (as R survdiff)', { expected: 'no entry times', received: 'counting-process data' }));
  if (data.weights) issues.push(issueError('bad_option', ['weights'], 'the log-rank test does not take case weights (as R survdiff)', { expected: 'no weights', received: 'case weights' }));
  let nEvents = 0;
  for (let i = 0; i < data.n; i++) nEvents += data.event[i];
  // R's survdiff returns chisq 0 on -1 df with p = NA here; refuse instead of passing a NaN/empty test on.
  if (data.n > 0 && nEvents === 0) issues.push(issueError('no_events', ['event'], 'no events: every row is censored, so there is nothing to compare', { expected: 'at least one event', received: '0 events' }));
  if (issues.length) throw new HccError('E_INPUT', `logRankTest: ${issues.length} problem(s) in the input`, { issues });

  // Use only observed levels, in level order (R's strata() drops empty levels).
  const present = new Int32Array(groups.levels.length).fill(-1);
  for (let i = 0; i < data.n; i++) present[groups.codes[i]] = 0;
  const used: number[] = [];
  present.forEach((v, c) => {
    if (v === 0) {
      present[c] = used.length;
      used.push(c);
    }
  });
  const k = used.length;
  const code = Int32Array.from(groups.codes, (c) => present[c]);
  const n = new Int32Array(k);
  for (let i = 0; i < data.n; i++) n[code[i]]++;

  const nS = data.strata ? data.strataLevels.length : 1;
  const byStratum: number[][] = Array.from({ length: nS }, () => []);
  for (let i = 0; i < data.n; i++) byStratum[data.strata ? data.strata[i] : 0].push(i);
  const observedByStratum = new Float64Array(k * nS);
  const expectedByStratum = new Float64Array(k * nS);
  const variance = new Float64Array(k * k);
  const obs = new Float64Array(k);
  const exp = new Float64Array(k);
  for (let s = 0; s < nS; s++) {
    const rows = byStratum[s];
    if (!rows.length) continue;
    const order = Int32Array.from(rows).sort((a, b) => data.time[a] - data.time[b]);
    obs.fill(0);
    exp.fill(0);
    accumulateStratum(data, code, order, k, rho, obs, exp, variance);
    for (let g = 0; g < k; g++) {
      observedByStratum[g * nS + s] = obs[g];
      expectedByStratum[g * nS + s] = exp[g];
    }
  }
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  for (let g = 0; g < k; g++) {
    for (let s = 0; s < nS; s++) {
      observed[g] += observedByStratum[g * nS + s];
      expected[g] += expectedByStratum[g * nS + s];
    }
  }
  // R: keep groups with E > 0, drop the first of them, solve.
  const keep: number[] = [];
  for (let g = 0; g < k; g++) if (expected[g] > 0) keep.push(g);
  let chisq = 0;
  if (keep.length >= 2) {
    const idx = keep.slice(1);
    const m = idx.length;
    const vv = new Float64Array(m * m);
    const diff = new Float64Array(m);
    idx.forEach((a, r) => {
      diff[r] = observed[a] - expected[a];
      idx.forEach((b, c) => (vv[r * m + c] = variance[a * k + b]));
    });
    const sol = choleskySolve(vv, m, diff);
    if (!sol) {
      throw new HccError('E_NUMERIC', 'logRankTest: the variance matrix of observed - expected is singular', {
        issues: [issueError('singular_matrix', ['variance'], 'the log-rank variance matrix is not positive definite (a group with no one at risk at any event time?)', { expected: 'positive-definite variance', received: 'singular' })],
      });
    }
    for (let r = 0; r < m; r++) chisq += sol[r] * diff[r];
  }
  const df = keep.length - 1;
  if (df < 1) {
    throw new HccError('E_INPUT', 'logRankTest: only one group has anyone at risk at the event times', {
      issues: [issueError('single_group', ['groups'], `only ${keep.length} group(s) have a positive expected count (someone at risk at an event time); at least 2 are needed`, { expected: 'two or more groups at risk at event times', received: String(keep.length) })],
    });
  }
  return {
    groups: used.map((c) => groupLabel(groups, groups.levels[c])),
    n,
    observed,
    expected,
    observedByStratum,
    expectedByStratum,
    variance,
    chisq,
    df,
    p: chiSquareSf(chisq, df),
    rho,
    strata: data.strata ? [...data.strataLevels] : [],
  };
}
