import { normalPdf } from '../../core/distributions.js';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { SurvivalData } from '../outcome.js';
import { quantileType7 } from './quantile.js';

/**
 * Maximally selected two-group log-rank statistic over cut-offs of a continuous score
 * (the "optimal cut-point"), computed for every candidate in O(n log n) overall.
 */

/** What `maxSelectedLogRank` returns. */
export interface MaxSelectedLogRank {
  /** Candidate cut-offs: distinct scores c with Q(minProp) <= c <= Q(maxProp) (type-7 quantiles), ascending. */
  readonly candidates: Float64Array;
  /** Two-group log-rank chi-square (score <= c vs score > c) per candidate. */
  readonly statistics: Float64Array;
  /** Index of the largest statistic (the first, i.e. smallest cut-off, among equal maxima). */
  readonly selectedIndex: number;
  readonly cutoff: number;
  readonly statistic: number;
  /** Lausen & Schumacher (1992) approximate p-value for the maximum (corrects for the search). */
  readonly lausenSchumacherP: number;
  readonly minProp: number;
  readonly maxProp: number;
  readonly quantileBounds: readonly [number, number];
}

/** Fenwick (binary indexed) tree of sums over positions 0..n-1. */
class Fenwick {
  private readonly t: Float64Array;
  constructor(n: number) {
    this.t = new Float64Array(n + 1);
  }
  add(i: number, v: number): void {
    for (let k = i + 1; k < this.t.length; k += k & -k) this.t[k] += v;
  }
  /** Sum over positions 0..i-1. */
  prefix(i: number): number {
    let s = 0;
    for (let k = i; k > 0; k -= k & -k) s += this.t[k];
    return s;
  }
}

/**
 * Lausen & Schumacher (1992) approximation to P(max_c |Z_c| > b) over cut-offs between the
 * eps1 and eps2 quantiles: p = 4 φ(b)/b + φ(b) (b − 1/b) log(eps2 (1 − eps1) / ((1 − eps2) eps1)),
 * b = sqrt(max chi-square). The approximation holds for large b; for b <= 1 (where it can turn
 * negative) the conservative value 1 is returned, otherwise the value clamped to at most 1.
 * @see Lausen B, Schumacher M. Maximally selected rank statistics. Biometrics 1992;48:73-85 (maxstat `pLausen92`).
 */
export function lausenSchumacherP(b: number, minProp = 0.1, maxProp = 0.9): number {
  if (!(b > 1)) return 1;
  const phi = normalPdf(b);
  const p = (4 * phi) / b + phi * (b - 1 / b) * Math.log((maxProp * (1 - minProp)) / ((1 - maxProp) * minProp));
  return Math.min(1, p);
}

/**
 * Scan all candidate cut-offs of `score` (one value per row of `data`, right-censored, unweighted).
 * For the high group H_c = {score > c} at each event time t with n_t at risk, d_t events and h_t of
 * H_c at risk: O = Σ_{i∈H} δ_i, E = Σ_t d_t h_t / n_t,
 * V = Σ_t d_t (n_t − d_t)/(n_t − 1) · (h_t/n_t)(1 − h_t/n_t), statistic = (O − E)² / V
 * (R `survdiff` chi-square for two groups). E and the linear part of V are sums of per-subject
 * cumulative weights; the quadratic part Σ_t b_t h_t² is updated with a Fenwick tree as subjects move
 * from H to the low group in increasing score order.
 * @see R `survival::survdiff`; maxstat `maxstat.test(..., smethod = "LogRank")`
 */
export function maxSelectedLogRank(data: SurvivalData, score: ArrayLike<number>, options: { minProp?: number; maxProp?: number } = {}): MaxSelectedLogRank {
  const minProp = options.minProp ?? 0.1;
  const maxProp = options.maxProp ?? 0.9;
  const n = data.n;
  const problems = [];
  if (score.length !== n) problems.push(issueError('bad_option', ['score'], `score has ${score.length} values but the outcome has ${n} rows`, { expected: String(n), received: String(score.length) }));
  if (!(minProp > 0 && minProp < maxProp && maxProp < 1)) problems.push(issueError('bad_option', ['minProp'], 'need 0 < minProp < maxProp < 1', { received: `${minProp}, ${maxProp}` }));
  if (data.entry || data.weights || data.strata) problems.push(issueError('bad_option', ['outcome'], 'the optimal cut-off scan supports plain right-censored, unweighted, unstratified data', { expected: 'no entry times, weights or strata' }));
  for (let i = 0; i < score.length && problems.length < 20; i++) if (!Number.isFinite(score[i])) problems.push(issueError('non_finite', ['score', i], `score ${i + 1} is not finite`, { received: String(score[i]) }));
  if (problems.length) throw new HccError('E_INPUT', 'maxSelectedLogRank: invalid input', { issues: problems });

  // Distinct times, ascending; per-time counts.
  const byTime = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => data.time[a] - data.time[b]);
  const timeRank = new Int32Array(n);
  const times: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = byTime[k];
    if (k === 0 || data.time[i] !== times[times.length - 1]) times.push(data.time[i]);
    timeRank[i] = times.length - 1;
  }
  const T = times.length;
  const dAt = new Float64Array(T);
  const exitAt = new Float64Array(T);
  for (let i = 0; i < n; i++) {
    exitAt[timeRank[i]] += 1;
    dAt[timeRank[i]] += data.event[i];
  }
  // Cumulative (over t <= T_i) weights: W for E, A for the linear part of V, B for the quadratic part.
  const W = new Float64Array(T);
  const A = new Float64Array(T);
  const B = new Float64Array(T);
  let atRisk = n;
  let w = 0;
  let a = 0;
  let b = 0;
  let quad = 0;
  for (let j = 0; j < T; j++) {
    const nt = atRisk;
    const d = dAt[j];
    if (d > 0) {
      const v = nt > 1 ? (d * (nt - d)) / (nt - 1) : 0;
      w += d / nt;
      a += v / nt;
      b += v / (nt * nt);
      quad += v; // Σ_t b_t h_t² with h_t = n_t (everybody starts in the high group)
    }
    W[j] = w;
    A[j] = a;
    B[j] = b;
    atRisk -= exitAt[j];
  }
  // Start with everybody in H; move subjects to the low group in increasing score order.
  let O = 0;
  let E = 0;
  let lin = 0;
  const count = new Fenwick(T);
  const bsum = new Fenwick(T);
  for (let i = 0; i < n; i++) {
    O += data.event[i];
    E += W[timeRank[i]];
    lin += A[timeRank[i]];
    count.add(timeRank[i], 1);
    bsum.add(timeRank[i], B[timeRank[i]]);
  }
  let inH = n;
  const q = quantileType7(score, [minProp, maxProp]);
  const byScore = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => score[x] - score[y]);
  const cand: number[] = [];
  const stats: number[] = [];
  let k = 0;
  while (k < n) {
    const c = score[byScore[k]];
    while (k < n && score[byScore[k]] === c) {
      const i = byScore[k++];
      const r = timeRank[i];
      O -= data.event[i];
      E -= W[r];
      lin -= A[r];
      count.add(r, -1);
      bsum.add(r, -B[r]);
      inH--;
      const below = count.prefix(r);
      quad -= 2 * (B[r] * (inH - below) + bsum.prefix(r)) + B[r];
    }
    if (c >= q[0] && c <= q[1] && inH > 0) {
      const V = lin - quad;
      cand.push(c);
      stats.push(V > 0 ? ((O - E) * (O - E)) / V : 0);
    }
  }
  if (cand.length === 0) throw new HccError('E_INPUT', 'maxSelectedLogRank: no candidate cut-off', { issues: [issueError('too_few_rows', ['score'], 'no distinct score between the minProp and maxProp quantiles leaves both groups non-empty', { expected: 'a score with several distinct values' })] });
  let best = 0;
  for (let j = 1; j < stats.length; j++) if (stats[j] > stats[best]) best = j;
  return {
    candidates: Float64Array.from(cand),
    statistics: Float64Array.from(stats),
    selectedIndex: best,
    cutoff: cand[best],
    statistic: stats[best],
    lausenSchumacherP: lausenSchumacherP(Math.sqrt(stats[best]), minProp, maxProp),
    minProp,
    maxProp,
    quantileBounds: [q[0], q[1]],
  };
}
