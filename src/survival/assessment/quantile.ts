/**
 * Sample quantiles with R's default definition (type 7), used to learn risk-group cut-offs.
 */

/**
 * Quantiles of `x` at probabilities `probs` (each in [0, 1]), R `quantile(x, probs, type = 7)`:
 * with x sorted and h = 1 + (n - 1) p, lo = floor(h), Q(p) = (1 - (h - lo)) x[lo] + (h - lo) x[lo + 1]
 * (1-based), and Q(p) = x[lo] exactly when h is an integer or the two order statistics are equal.
 * Throws RangeError on an empty sample, a non-finite value or a probability outside [0, 1].
 * @see R `stats::quantile` (type = 7)
 */
export function quantileType7(x: ArrayLike<number>, probs: readonly number[]): Float64Array {
  const n = x.length;
  if (n === 0) throw new RangeError('quantileType7: empty sample');
  const sorted = Float64Array.from(x);
  for (let i = 0; i < n; i++) if (!Number.isFinite(sorted[i])) throw new RangeError(`quantileType7: non-finite value at ${i}`);
  sorted.sort();
  const out = new Float64Array(probs.length);
  probs.forEach((p, k) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantileType7: probability ${p} outside [0, 1]`);
    const index = 1 + (n - 1) * p;
    const lo = Math.floor(index);
    const hi = Math.ceil(index);
    const qlo = sorted[lo - 1];
    const qhi = sorted[hi - 1];
    if (index > lo && qhi !== qlo) {
      const h = index - lo;
      out[k] = (1 - h) * qlo + h * qhi;
    } else out[k] = qlo;
  });
  return out;
}
