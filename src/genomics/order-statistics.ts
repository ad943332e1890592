/**
 * Order statistics with R's conventions, used by the edgeR/limma re-implementations:
 * type-7 quantiles (`quantile` default), the median, and average ranks for ties (`rank`).
 */

/**
 * Type-7 sample quantile of `values` (any order; NaN not allowed — callers filter first).
 *
 * Q(p) = x₍ⱼ₎ + h·(x₍ⱼ₊₁₎ - x₍ⱼ₎) with (n-1)p = (j-1) + h, x₍·₎ sorted ascending.
 * @param p probability in [0, 1].
 * @see R `quantile(x, p, type = 7)`.
 */
export function quantileType7(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return quantileOfSorted(sorted, p);
}

/** Type-7 quantile of an already ascending-sorted array (NaN when empty). */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  // R: index <- 1 + (n - 1) * probs; lo <- floor(index); hi <- ceiling(index); h <- index - lo
  const index = 1 + (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const xl = sorted[lo - 1];
  const xh = sorted[hi - 1];
  if (!(index > lo) || xh === xl) return xl;
  const h = index - lo;
  return (1 - h) * xl + h * xh;
}

/** Median (mean of the two middle values for even n). @see R `median`. */
export function median(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  if (n === 0) return NaN;
  const m = n >> 1;
  return n % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * 1-based ranks with ties given their average rank (R `rank(x)`, ties.method = "average").
 * O(n log n).
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}
