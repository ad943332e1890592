/**
 * PyRadiomics first-order features (18 default). Where they differ from IBSI: Kurtosis is m4/m2²
 * (not excess), Energy/TotalEnergy/RootMeanSquared use x + voxelArrayShift, Entropy and Uniformity
 * use the binned levels with eps = 2.2e-16 inside the log, percentiles interpolate linearly
 * (numpy), RobustMeanAbsoluteDeviation uses the values within [P10, P90].
 */

import { centralMoments } from '../intensity/moments.js';

/** numpy.spacing(1): PyRadiomics' eps. */
export const PYRADIOMICS_EPS = 2.220446049250313e-16;

/** The 18 default first-order feature names, in PyRadiomics' documentation order. */
export const FIRSTORDER_FEATURES = [
  'Energy', 'TotalEnergy', 'Entropy', 'Minimum', '10Percentile', '90Percentile', 'Maximum', 'Mean', 'Median',
  'InterquartileRange', 'Range', 'MeanAbsoluteDeviation', 'RobustMeanAbsoluteDeviation', 'RootMeanSquared',
  'Skewness', 'Kurtosis', 'Variance', 'Uniformity',
] as const;

/** numpy.percentile (linear interpolation) of sorted values. */
export function numpyPercentileSorted(sorted: Float64Array, q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  const f = pos - lo;
  return sorted[lo] + (sorted[hi] - sorted[lo]) * f;
}

/**
 * First-order features of the ROI values `x` (N values), their binned grey levels, the voxel
 * volume (mm³) and the shift c:
 * Energy Σ(x+c)², TotalEnergy V_voxel·Energy, RootMeanSquared √(Energy/N), Entropy −Σ p log2(p+eps)
 * and Uniformity Σ p² over the grey-level histogram p, Variance m2 (1/N), Skewness m3/m2^1.5,
 * Kurtosis m4/m2² (both 0 when m2 = 0), MeanAbsoluteDeviation mean|x − x̄|,
 * RobustMeanAbsoluteDeviation the same over P10 ≤ x ≤ P90, InterquartileRange P75 − P25.
 * @see PyRadiomics `radiomics.firstorder.RadiomicsFirstOrder`.
 */
export function pyradiomicsFirstOrder(x: Float64Array, levels: Int32Array, voxelVolume: number, shift: number): Record<string, number> {
  const n = x.length;
  let energy = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const y = x[i] + shift;
    energy += y * y;
    sum += x[i];
  }
  const mean = sum / n;
  const { m2, m3, m4, meanAbsDeviation } = centralMoments(x, mean);
  const sorted = Float64Array.from(x).sort();
  const p10 = numpyPercentileSorted(sorted, 10);
  const p90 = numpyPercentileSorted(sorted, 90);
  let rn = 0, rsum = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] >= p10 && x[i] <= p90) {
      rn++;
      rsum += x[i];
    }
  }
  const rmean = rsum / rn;
  let rmad = 0;
  for (let i = 0; i < n; i++) if (x[i] >= p10 && x[i] <= p90) rmad += Math.abs(x[i] - rmean);
  let maxLevel = 0;
  for (let i = 0; i < n; i++) if (levels[i] > maxLevel) maxLevel = levels[i];
  const hist = new Float64Array(maxLevel + 1);
  for (let i = 0; i < n; i++) hist[levels[i]]++;
  let entropy = 0, uniformity = 0;
  for (let l = 0; l <= maxLevel; l++) {
    const p = hist[l] / n;
    if (p === 0) continue;
    entropy -= p * Math.log2(p + PYRADIOMICS_EPS);
    uniformity += p * p;
  }
  return {
    Energy: energy,
    TotalEnergy: energy * voxelVolume,
    Entropy: entropy,
    Minimum: sorted[0],
    '10Percentile': p10,
    '90Percentile': p90,
    Maximum: sorted[n - 1],
    Mean: mean,
    Median: numpyPercentileSorted(sorted, 50),
    InterquartileRange: numpyPercentileSorted(sorted, 75) - numpyPercentileSorted(sorted, 25),
    Range: sorted[n - 1] - sorted[0],
    MeanAbsoluteDeviation: meanAbsDeviation,
    RobustMeanAbsoluteDeviation: rmad / rn,
    RootMeanSquared: Math.sqrt(energy / n),
    Skewness: m2 === 0 ? 0 : m3 / m2 ** 1.5,
    Kurtosis: m2 === 0 ? 0 : m4 / (m2 * m2),
    Variance: m2,
    Uniformity: uniformity,
  };
}
