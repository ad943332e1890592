/** Intensity histogram features (IBSI 1 ZVCW) of discretised grey levels 1..N_g. */
import type { FeatureDef } from '../feature-def.js';
import { summariseDistribution } from './distribution.js';
import { momentFeatures } from './statistics.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, definition: string, pyradiomicsName?: string): FeatureDef => ({
  id: `intensity_histogram.${id}`,
  family: 'intensity_histogram',
  ibsiCode,
  ibsiTag,
  definition,
  ...(pyradiomicsName ? { pyradiomicsName } : {}),
});

/** The 23 IBSI intensity-histogram features (X_d grey levels, n_i counts, p_i = n_i / N_v). */
export const INTENSITY_HISTOGRAM_FEATURES: readonly FeatureDef[] = [
  def('mean', 'X6K6', 'ih.mean', 'Mean grey level: Σ i p_i.'),
  def('var', 'CH89', 'ih.var', 'Grey-level variance: Σ (i − μ)² p_i.'),
  def('skew', '88K1', 'ih.skew', 'Grey-level skewness (0 if the variance is 0).'),
  def('kurt', 'C3I7', 'ih.kurt', 'Grey-level excess kurtosis (0 if the variance is 0).'),
  def('median', 'WIFQ', 'ih.median', 'Median grey level.'),
  def('min', '1PR8', 'ih.min', 'Minimum grey level.'),
  def('p10', 'GPMT', 'ih.P10', '10th percentile grey level.'),
  def('p90', 'OZ0C', 'ih.P90', '90th percentile grey level.'),
  def('max', '3NCY', 'ih.max', 'Maximum grey level.'),
  def('mode', 'AMMC', 'ih.mode', 'Mode: most frequent grey level; ties go to the level closest to the mean, then the lower.'),
  def('iqr', 'WR0O', 'ih.iqr', 'Interquartile range of grey levels.'),
  def('range', '5Z3W', 'ih.range', 'Grey-level range: max − min.'),
  def('mad', 'D2ZX', 'ih.mad', 'Mean absolute deviation of grey levels.'),
  def('rmad', 'WRZB', 'ih.rmad', 'Robust mean absolute deviation of grey levels in [P10, P90].'),
  def('medad', '4RNL', 'ih.medad', 'Median absolute deviation of grey levels.'),
  def('cov', 'CWYJ', 'ih.cov', 'Coefficient of variation: σ / μ.'),
  def('qcod', 'SLWD', 'ih.qcod', 'Quartile coefficient of dispersion: (P75 − P25) / (P75 + P25).'),
  def('entropy', 'TLU2', 'ih.entropy', 'Entropy: −Σ p_i log2 p_i.', 'Entropy'),
  def('uniformity', 'BJ5W', 'ih.uniformity', 'Uniformity: Σ p_i².', 'Uniformity'),
  def('max_grad', '12CE', 'ih.max.grad', "Maximum histogram gradient: max H'_i, H'_i = (n_{i+1} − n_{i−1})/2 (one-sided at the ends)."),
  def('max_grad_gl', '8E6O', 'ih.max.grad.gl', 'Grey level of the maximum histogram gradient.'),
  def('min_grad', 'VQB3', 'ih.min.grad', "Minimum histogram gradient: min H'_i."),
  def('min_grad_gl', 'RHQZ', 'ih.min.grad.gl', 'Grey level of the minimum histogram gradient.'),
];

/** Histogram values keyed by feature id, with the histogram itself. */
export interface IntensityHistogramResult {
  readonly values: Readonly<Record<string, number>>;
  readonly diagnostics: {
    readonly voxels: number;
    /** N_g: number of bins of the (non-sparse) histogram, grey levels 1..N_g. */
    readonly nGreyLevels: number;
    /** Counts n_1..n_Ng (index 0 is grey level 1). */
    readonly counts: Float64Array;
  };
}

/**
 * Intensity-histogram features of grey levels (integers ≥ 1) in the intensity mask. The histogram is non-sparse
 * over 1..N_g (empty bins kept) so that the gradient is defined at every grey level.
 *
 * @param levels grey level per ROI voxel
 * @param nGreyLevels N_g: FBN the bin count, FBS the highest occupied bin (counted from the lower bound)
 * @see IBSI 1 manual, "Intensity histogram features".
 */
export function computeIntensityHistogram(levels: ArrayLike<number>, nGreyLevels: number): IntensityHistogramResult {
  const s = summariseDistribution(levels);
  const ng = Math.max(nGreyLevels, s.max);
  const counts = new Float64Array(ng);
  for (let k = 0; k < levels.length; k++) counts[levels[k] - 1]++;
  const nv = levels.length;
  let entropy = 0, uniformity = 0;
  let modeCount = -1, mode = 1;
  for (let i = 1; i <= ng; i++) {
    const c = counts[i - 1];
    if (c > 0) {
      const p = c / nv;
      entropy -= p * Math.log2(p);
      uniformity += p * p;
    }
    if (c > modeCount || (c === modeCount && Math.abs(i - s.mean) < Math.abs(mode - s.mean))) {
      modeCount = c;
      mode = i;
    }
  }
  let maxG = -Infinity, maxGl = 1, minG = Infinity, minGl = 1;
  for (let i = 1; i <= ng; i++) {
    const g = ng === 1 ? 0 : i === 1 ? counts[1] - counts[0] : i === ng ? counts[ng - 1] - counts[ng - 2] : (counts[i] - counts[i - 2]) / 2;
    if (g > maxG) {
      maxG = g;
      maxGl = i;
    }
    if (g < minG) {
      minG = g;
      minGl = i;
    }
  }
  return {
    values: {
      ...momentFeatures('intensity_histogram', s),
      'intensity_histogram.mode': mode,
      'intensity_histogram.entropy': entropy,
      'intensity_histogram.uniformity': uniformity,
      'intensity_histogram.max_grad': maxG,
      'intensity_histogram.max_grad_gl': maxGl,
      'intensity_histogram.min_grad': minG,
      'intensity_histogram.min_grad_gl': minGl,
    },
    diagnostics: { voxels: nv, nGreyLevels: ng, counts },
  };
}
