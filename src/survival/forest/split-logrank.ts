import { HccError } from '../../core/errors.js';

/**
 * The two-sample log-rank statistic used to choose splits in a random survival forest, written
 * twice: once directly over the death times (`logRankSplitStatistic`, the closed form to check by
 * hand) and once as an incremental scan that moves rows one at a time from the right child to the
 * left child (`scanLogRankSplits`, what the tree grower uses).
 *
 * With Y_t, d_t the number at risk and deaths at death time t in the node, and Y1_t, d1_t the same
 * in the left child:
 *
 *   U = Σ_t (d1_t − Y1_t·d_t/Y_t)
 *   V = Σ_t (Y1_t/Y_t)(1 − Y1_t/Y_t)·d_t·(Y_t − d_t)/(Y_t − 1)      (terms with Y_t < 2 are 0)
 *   statistic = |U| / √V
 *
 * which is Ishwaran et al. (2008) eq. (log-rank splitting) and ranger's `splitrule = "logrank"`;
 * statistic² equals `survdiff(Surv(time, status) ~ group)$chisq` for the two children.
 *
 * The scan rests on three decompositions over the rows i of the left child (H, A, B are cumulative
 * sums over the node's death times t <= T_i):
 *   Σ_t Y1_t·d_t/Y_t      = Σ_i H(T_i),        H(T) = Σ_{t<=T} d_t/Y_t      (Nelson-Aalen)
 *   Σ_t c_t·Y1_t/Y_t      = Σ_i A(T_i),        A(T) = Σ_{t<=T} c_t/Y_t,    c_t = d_t(Y_t−d_t)/(Y_t−1)
 *   Σ_t c_t·Y1_t²/Y_t²    = Σ_{i,j} B(min(T_i, T_j)),  B(T) = Σ_{t<=T} c_t/Y_t²
 * so adding one row costs O(log K) (a Fenwick tree over the node's K distinct times for the
 * pairwise term) and all split points of one variable cost O(m log m).
 */

/** The log-rank comparison of a left child against the rest of a node. */
export interface LogRankSplitStatistic {
  /** |U| / √V; 0 when V = 0. */
  readonly statistic: number;
  /** U² / V: the chi-square of `survdiff` with 1 degree of freedom; 0 when V = 0. */
  readonly chiSquare: number;
  /** U = observed − expected deaths in the left child. */
  readonly numerator: number;
  /** V = hypergeometric variance of U. */
  readonly variance: number;
  /** Deaths observed in the left child. */
  readonly observedLeft: number;
  /** Deaths expected in the left child under no difference: Σ_t Y1_t·d_t/Y_t. */
  readonly expectedLeft: number;
  readonly nLeft: number;
  readonly nRight: number;
  /** Number of distinct death times in the node. */
  readonly nDeathTimes: number;
  readonly nDeaths: number;
}

/**
 * Log-rank split statistic of `inLeft` (truthy = left child) against the other rows, computed
 * directly over the distinct death times. O(n log n).
 *
 * statistic = |Σ_t (d1_t − Y1_t d_t / Y_t)| / √(Σ_t (Y1_t/Y_t)(1 − Y1_t/Y_t) d_t (Y_t − d_t)/(Y_t − 1)).
 * @param time follow-up times (any unit), length n
 * @param event 1 = death, 0 = censored
 * @param inLeft group membership (1/true = left child)
 * @see R `survival::survdiff(Surv(time, event) ~ inLeft)` (chisq = statistic²); ranger
 *   `TreeSurvival::findBestSplitValueLogRank`; Ishwaran, Kogalur, Blackstone & Lauer (2008),
 *   Random survival forests, Ann. Appl. Stat. 2(3):841-860.
 */
export function logRankSplitStatistic(time: ArrayLike<number>, event: ArrayLike<number>, inLeft: ArrayLike<number | boolean>): LogRankSplitStatistic {
  const n = time.length;
  if (event.length !== n || inLeft.length !== n) {
    throw new HccError('E_INTERNAL', `logRankSplitStatistic: lengths differ (time ${n}, event ${event.length}, inLeft ${inLeft.length})`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  let nLeft = 0;
  for (let i = 0; i < n; i++) if (inLeft[i]) nLeft++;
  let atRisk = n;
  let atRiskLeft = nLeft;
  let u = 0;
  let v = 0;
  let observed = 0;
  let expected = 0;
  let nDeathTimes = 0;
  let nDeaths = 0;
  for (let k = 0; k < n; ) {
    const t = time[order[k]];
    let d = 0;
    let d1 = 0;
    let leaving = 0;
    let leavingLeft = 0;
    for (; k < n && time[order[k]] === t; k++) {
      const i = order[k];
      leaving++;
      if (inLeft[i]) leavingLeft++;
      if (event[i] === 1) {
        d++;
        if (inLeft[i]) d1++;
      }
    }
    if (d > 0) {
      nDeathTimes++;
      nDeaths += d;
      const e1 = (atRiskLeft * d) / atRisk;
      observed += d1;
      expected += e1;
      u += d1 - e1;
      if (atRisk >= 2) {
        const f = atRiskLeft / atRisk;
        v += f * (1 - f) * d * ((atRisk - d) / (atRisk - 1));
      }
    }
    atRisk -= leaving;
    atRiskLeft -= leavingLeft;
  }
  const statistic = v > 0 ? Math.abs(u) / Math.sqrt(v) : 0;
  return {
    statistic,
    chiSquare: v > 0 ? (u * u) / v : 0,
    numerator: u,
    variance: v,
    observedLeft: observed,
    expectedLeft: expected,
    nLeft,
    nRight: n - nLeft,
    nDeathTimes,
    nDeaths,
  };
}

/**
 * Per-row log-rank scores of one node, for the incremental scan. Rows are given in ascending
 * time order; `localTime[q]` is the rank of row q's time among the node's distinct times.
 */
export interface NodeLogRankScores {
  /** Number of distinct times in the node (Fenwick size). */
  readonly nTimes: number;
  readonly localTime: Int32Array;
  /** δ_i − H(T_i). */
  readonly score: Float64Array;
  /** A(T_i). */
  readonly varLinear: Float64Array;
  /** B by local time rank (length nTimes). */
  readonly varPair: Float64Array;
  /** Deaths in the node. */
  readonly nDeaths: number;
}

/**
 * Scores of the node whose rows (already sorted by time, duplicates allowed) are
 * `rows[start..end)`. Writes into the preallocated work arrays `w` (length >= end - start).
 */
export function nodeLogRankScores(
  rows: Int32Array,
  start: number,
  end: number,
  time: Float64Array,
  event: Uint8Array,
  w: { localTime: Int32Array; score: Float64Array; varLinear: Float64Array; varPair: Float64Array },
): NodeLogRankScores {
  const m = end - start;
  let atRisk = m;
  let h = 0;
  let a = 0;
  let b = 0;
  let k = 0;
  let nDeaths = 0;
  for (let q = 0; q < m; ) {
    const t = time[rows[start + q]];
    let d = 0;
    let q2 = q;
    for (; q2 < m && time[rows[start + q2]] === t; q2++) d += event[rows[start + q2]];
    if (d > 0) {
      nDeaths += d;
      h += d / atRisk;
      if (atRisk >= 2) {
        const c = (d * (atRisk - d)) / (atRisk - 1);
        a += c / atRisk;
        b += c / (atRisk * atRisk);
      }
    }
    w.varPair[k] = b;
    for (let r = q; r < q2; r++) {
      w.localTime[r] = k;
      w.score[r] = event[rows[start + r]] - h;
      w.varLinear[r] = a;
    }
    atRisk -= q2 - q;
    q = q2;
    k++;
  }
  return { nTimes: k, localTime: w.localTime, score: w.score, varLinear: w.varLinear, varPair: w.varPair, nDeaths };
}

/** Best split point found for one variable. */
export interface ScanResult {
  /** |U|/√V of the best admissible split, or -1 when none is admissible. */
  statistic: number;
  /** Position (in the sorted order) of the last row going left. */
  lastLeft: number;
}

/**
 * Scan every split point of one variable. `sortedPos[k]` lists node positions (indices into the
 * node's score arrays) in ascending order of the variable, `sortedRank[k]` the variable's rank at
 * that position (equal ranks = tied values, never separated). A split is admissible when both
 * children hold at least `minNodeSize` rows (ranger's rule) and V > 0.
 * `fenCount`, `fenPair` are work arrays of length >= s.nTimes + 1.
 */
export function scanLogRankSplits(
  s: NodeLogRankScores,
  m: number,
  sortedPos: Int32Array,
  sortedRank: Int32Array,
  minNodeSize: number,
  fenCount: Float64Array,
  fenPair: Float64Array,
  out: ScanResult,
): void {
  const K = s.nTimes;
  fenCount.fill(0, 0, K + 1);
  fenPair.fill(0, 0, K + 1);
  const { localTime, score, varLinear, varPair } = s;
  let u = 0;
  let sumA = 0;
  let quad = 0;
  out.statistic = -1;
  out.lastLeft = -1;
  const lastCandidate = m - minNodeSize; // nLeft may not exceed this
  for (let k = 0; k < m; k++) {
    const q = sortedPos[k];
    const tk = localTime[q];
    const bk = varPair[tk];
    // Rows already left with a strictly smaller time: count and Σ B.
    let cntLess = 0;
    let pairLess = 0;
    for (let i = tk; i > 0; i -= i & -i) {
      cntLess += fenCount[i];
      pairLess += fenPair[i];
    }
    quad += 2 * (pairLess + bk * (k - cntLess)) + bk;
    for (let i = tk + 1; i <= K; i += i & -i) {
      fenCount[i] += 1;
      fenPair[i] += bk;
    }
    u += score[q];
    sumA += varLinear[q];
    const nLeft = k + 1;
    if (nLeft > lastCandidate) break;
    if (nLeft < minNodeSize || sortedRank[k + 1] === sortedRank[k]) continue;
    const v = sumA - quad;
    // V is a difference of two sums of size O(m); below this it is rounding noise.
    if (!(v > 1e-12 * sumA)) continue;
    const stat = Math.abs(u) / Math.sqrt(v);
    if (stat > out.statistic) {
      out.statistic = stat;
      out.lastLeft = k;
    }
  }
}
