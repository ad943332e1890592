/** Intensity-based statistical features (IBSI 1 UHIW) of the intensities in the ROI intensity mask. */
import type { FeatureDef } from '../feature-def.js';
import type { DistributionSummary } from './distribution.js';
import { summariseDistribution } from './distribution.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, definition: string, pyradiomicsName?: string): FeatureDef => ({
  id: `statistics.${id}`,
  family: 'statistics',
  ibsiCode,
  ibsiTag,
  definition,
  ...(pyradiomicsName ? { pyradiomicsName } : {}),
});

/** The 18 IBSI intensity statistics (X the N_v intensities of the intensity mask, μ their mean). */
export const STATISTICS_FEATURES: readonly FeatureDef[] = [
  def('mean', 'Q4LE', 'stat.mean', 'Mean: Σ X / N_v.', 'Mean'),
  def('var', 'ECT3', 'stat.var', 'Variance: Σ (X − μ)² / N_v (no bias correction).', 'Variance'),
  def('skew', 'KE2A', 'stat.skew', 'Skewness: m3 / m2^{3/2} (0 if m2 = 0).', 'Skewness'),
  def('kurt', 'IPH6', 'stat.kurt', 'Excess kurtosis: m4 / m2² − 3 (0 if m2 = 0); PyRadiomics reports m4/m2² without −3.'),
  def('median', 'Y12H', 'stat.median', 'Median of X.', 'Median'),
  def('min', '1GSF', 'stat.min', 'Minimum of X.', 'Minimum'),
  def('p10', 'QG58', 'stat.P10', '10th percentile of X (linear interpolation, R type 7).', '10Percentile'),
  def('p90', '8DWT', 'stat.P90', '90th percentile of X (linear interpolation, R type 7).', '90Percentile'),
  def('max', '84IY', 'stat.max', 'Maximum of X.', 'Maximum'),
  def('iqr', 'SALO', 'stat.iqr', 'Interquartile range: P75 − P25.', 'InterquartileRange'),
  def('range', '2OJQ', 'stat.range', 'Range: max − min.', 'Range'),
  def('mad', '4FUA', 'stat.mad', 'Mean absolute deviation: Σ |X − μ| / N_v.', 'MeanAbsoluteDeviation'),
  def('rmad', '1128', 'stat.rmad', 'Robust mean absolute deviation: mean |X − mean| over X in [P10, P90].', 'RobustMeanAbsoluteDeviation'),
  def('medad', 'N72L', 'stat.medad', 'Median absolute deviation: Σ |X − median| / N_v.'),
  def('cov', '7TET', 'stat.cov', 'Coefficient of variation: σ / μ.'),
  def('qcod', '9S40', 'stat.qcod', 'Quartile coefficient of dispersion: (P75 − P25) / (P75 + P25).'),
  def('energy', 'N8CA', 'stat.energy', 'Energy: Σ X².', 'Energy'),
  def('rms', '5ZWQ', 'stat.rms', 'Root mean square: √(Σ X² / N_v).', 'RootMeanSquared'),
];

/** Feature values keyed by `<prefix>.<name>` from a distribution summary (shared with the histogram family). */
export function momentFeatures(prefix: string, s: DistributionSummary): Record<string, number> {
  return {
    [`${prefix}.mean`]: s.mean,
    [`${prefix}.var`]: s.variance,
    [`${prefix}.skew`]: s.skewness,
    [`${prefix}.kurt`]: s.excessKurtosis,
    [`${prefix}.median`]: s.median,
    [`${prefix}.min`]: s.min,
    [`${prefix}.p10`]: s.p10,
    [`${prefix}.p90`]: s.p90,
    [`${prefix}.max`]: s.max,
    [`${prefix}.iqr`]: s.p75 - s.p25,
    [`${prefix}.range`]: s.max - s.min,
    [`${prefix}.mad`]: s.meanAbsDev,
    [`${prefix}.rmad`]: s.robustMeanAbsDev,
    [`${prefix}.medad`]: s.medianAbsDev,
    [`${prefix}.cov`]: s.mean !== 0 ? Math.sqrt(s.variance) / s.mean : 0,
    [`${prefix}.qcod`]: s.p75 + s.p25 !== 0 ? (s.p75 - s.p25) / (s.p75 + s.p25) : 0,
  };
}

/** Intensity statistics keyed by feature id, with the voxel count. */
export interface StatisticsResult {
  readonly values: Readonly<Record<string, number>>;
  readonly diagnostics: { readonly voxels: number };
}

/**
 * The IBSI intensity statistics of the intensity-mask values (3-D, DHQ4). Undefined ratios (cov with μ = 0,
 * qcod with P75 + P25 = 0) are reported as 0 rather than NaN.
 *
 * @see IBSI 1 manual, "Intensity-based statistical features".
 */
export function computeStatistics(values: ArrayLike<number>): StatisticsResult {
  const s = summariseDistribution(values);
  return {
    values: { ...momentFeatures('statistics', s), 'statistics.energy': s.energy, 'statistics.rms': Math.sqrt(s.energy / s.n) },
    diagnostics: { voxels: s.n },
  };
}
