/** Summary of a set of values shared by intensity statistics and the intensity histogram. */
export interface DistributionSummary {
  readonly n: number;
  readonly mean: number;
  /** Population variance (no bias correction), as IBSI defines it. */
  readonly variance: number;
  /** 0 when the variance is 0. */
  readonly skewness: number;
  /** Excess kurtosis (m4 / m2² − 3); 0 when the variance is 0. */
  readonly excessKurtosis: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p10: number;
  readonly p25: number;
  readonly p75: number;
  readonly p90: number;
  /** Mean absolute deviation from the mean. */
  readonly meanAbsDev: number;
  /** Mean absolute deviation from the mean of the values within [P10, P90]. */
  readonly robustMeanAbsDev: number;
  /** Mean absolute deviation from the median. */
  readonly medianAbsDev: number;
  /** Σ x². */
  readonly energy: number;
}

/**
 * Percentile of sorted values by linear interpolation between order statistics: h = (n − 1)p,
 * Q = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋) (R type 7, NumPy's default), which gives the IBSI digital-phantom
 * P90 = 4.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Moments, order statistics and deviations of a set of values (one pass for sums, one sort).
 * Requires at least one value.
 *
 * @see IBSI 1 manual, "Intensity-based statistical features" (UHIW).
 */
export function summariseDistribution(values: ArrayLike<number>): DistributionSummary {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let sum = 0, energy = 0;
  for (let i = 0; i < n; i++) {
    sum += sorted[i];
    energy += sorted[i] * sorted[i];
  }
  const mean = sum / n;
  let m2 = 0, m3 = 0, m4 = 0, mad = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    mad += Math.abs(d);
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const median = percentileSorted(sorted, 0.5);
  const p10 = percentileSorted(sorted, 0.1);
  const p90 = percentileSorted(sorted, 0.9);
  let rn = 0, rs = 0;
  for (let i = 0; i < n; i++) {
    if (sorted[i] >= p10 && sorted[i] <= p90) {
      rn++;
      rs += sorted[i];
    }
  }
  const rmean = rs / rn;
  let rmad = 0, medad = 0;
  for (let i = 0; i < n; i++) {
    if (sorted[i] >= p10 && sorted[i] <= p90) rmad += Math.abs(sorted[i] - rmean);
    medad += Math.abs(sorted[i] - median);
  }
  return {
    n,
    mean,
    variance: m2,
    skewness: m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0,
    excessKurtosis: m2 > 0 ? m4 / (m2 * m2) - 3 : 0,
    median,
    min: sorted[0],
    max: sorted[n - 1],
    p10,
    p25: percentileSorted(sorted, 0.25),
    p75: percentileSorted(sorted, 0.75),
    p90,
    meanAbsDev: mad / n,
    robustMeanAbsDev: rn > 0 ? rmad / rn : 0,
    medianAbsDev: medad / n,
    energy,
  };
}

/** Values of `image` inside `mask`, in voxel order. */
export function maskedValues(image: ArrayLike<number>, mask: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[k++] = image[i];
  return out;
}
