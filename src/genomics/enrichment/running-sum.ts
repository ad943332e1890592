/**
 * The Subramanian et al. (2005) weighted Kolmogorov–Smirnov running sum for one gene set.
 *
 * With genes ranked 1..N by decreasing statistic r, hits H (|H| = k) and weights w_j = |r_j|^p:
 *   P_hit(i)  = Σ_{j <= i, j ∈ H} w_j / N_R,  N_R = Σ_{j ∈ H} w_j
 *   P_miss(i) = #{j <= i, j ∉ H} / (N − k)
 *   ES = the running sum RS(i) = P_hit(i) − P_miss(i) farthest from 0.
 * The maximum of RS is reached at a hit and the minimum just before a hit, so only the k hit
 * positions are visited: O(k) after the hits are sorted.
 *
 * @see Subramanian A. et al. (2005) PNAS 102:15545, "Gene set enrichment analysis".
 * @see R: fgsea::calcGseaStat (same statistic)
 */

/** Running-sum result for one set. */
export interface RunningSumPeak {
  /** Enrichment score; a positive and a negative extreme of equal size give the positive one. */
  readonly es: number;
  /** 1-based rank where RS reaches ES (for ES < 0: the rank just before the next hit). */
  readonly peakRank: number;
  /** Largest RS value (>= 0 when any hit exists). */
  readonly maxDeviation: number;
  /** Smallest RS value (<= 0). */
  readonly minDeviation: number;
  /** Hits counted in the leading edge: for ES > 0 the first `leadingEdgeCount` hits, for ES < 0 the last. */
  readonly leadingEdgeCount: number;
}

/**
 * Running-sum ES of a set whose hit positions (0-based ranks, strictly increasing) are `hits`,
 * in a list of `n` genes whose per-rank weights are `weights` (|stat|^p, already exponentiated).
 * When every hit weight is 0 the hits are weighted equally (the classic unweighted KS).
 */
export function runningSumPeak(hits: ArrayLike<number>, weights: ArrayLike<number>, n: number): RunningSumPeak {
  const k = hits.length;
  if (k === 0 || k >= n) throw new RangeError(`runningSumPeak: need 0 < hits (${k}) < genes (${n})`);
  let nr = 0;
  for (let j = 0; j < k; j++) nr += weights[hits[j]];
  const equal = !(nr > 0);
  if (equal) nr = k;
  const nMiss = n - k;
  let cum = 0;
  let maxTop = -Infinity;
  let maxAt = 0;
  let minBottom = Infinity;
  let minAt = 0;
  for (let j = 0; j < k; j++) {
    const pos = hits[j];
    const missFrac = (pos - j) / nMiss;
    const bottom = cum / nr - missFrac;
    cum += equal ? 1 : weights[pos];
    const top = cum / nr - missFrac;
    if (top > maxTop) {
      maxTop = top;
      maxAt = j;
    }
    if (bottom < minBottom) {
      minBottom = bottom;
      minAt = j;
    }
  }
  if (maxTop >= -minBottom) {
    return { es: maxTop, peakRank: hits[maxAt] + 1, maxDeviation: maxTop, minDeviation: minBottom, leadingEdgeCount: maxAt + 1 };
  }
  // RS just before hit `minAt` sits at 0-based rank hits[minAt] - 1, i.e. 1-based rank hits[minAt].
  return { es: minBottom, peakRank: hits[minAt], maxDeviation: maxTop, minDeviation: minBottom, leadingEdgeCount: k - minAt };
}

/** ES only (used inside permutation loops); same conventions as {@link runningSumPeak}. */
export function runningSumScore(hits: ArrayLike<number>, weights: ArrayLike<number>, n: number): number {
  const k = hits.length;
  let nr = 0;
  for (let j = 0; j < k; j++) nr += weights[hits[j]];
  const equal = !(nr > 0);
  if (equal) nr = k;
  const nMiss = n - k;
  let cum = 0;
  let maxTop = -Infinity;
  let minBottom = Infinity;
  for (let j = 0; j < k; j++) {
    const missFrac = (hits[j] - j) / nMiss;
    const bottom = cum / nr - missFrac;
    if (bottom < minBottom) minBottom = bottom;
    cum += equal ? 1 : weights[hits[j]];
    const top = cum / nr - missFrac;
    if (top > maxTop) maxTop = top;
  }
  return maxTop >= -minBottom ? maxTop : minBottom;
}
