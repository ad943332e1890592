/**
 * Re-segmentation of the ROI intensity mask (IBSI IF9H). The morphological mask (G5KJ) is never re-segmented;
 * the intensity mask (SEFI) keeps only voxels whose intensity passes every active rule.
 */

/** Closed intensity interval [lower, upper]; a null bound is open (−∞ or +∞). */
export interface IntensityRange {
  readonly lower: number | null;
  readonly upper: number | null;
}

/** What a re-segmentation did. */
export interface ResegmentationResult {
  /** The new intensity mask (a fresh array). */
  readonly mask: Uint8Array;
  /** Voxels in the input mask. */
  readonly voxelsBefore: number;
  /** Voxels kept. */
  readonly voxelsAfter: number;
  /** The interval applied (for outlier filtering: μ ± kσ of the voxels in the input mask). */
  readonly range: { readonly lower: number; readonly upper: number };
}

/**
 * Range re-segmentation (IBSI USB3): keep voxels of `mask` with lower ≤ x ≤ upper.
 *
 * @param values voxel intensities
 * @param mask current intensity mask (0/1), not modified
 * @see IBSI 1 manual, "Range re-segmentation" (USB3).
 */
export function resegmentByRange(values: ArrayLike<number>, mask: Uint8Array, range: IntensityRange): ResegmentationResult {
  const lo = range.lower ?? -Infinity;
  const hi = range.upper ?? Infinity;
  const out = new Uint8Array(mask.length);
  let before = 0;
  let after = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    before++;
    const x = values[i];
    if (x >= lo && x <= hi) {
      out[i] = 1;
      after++;
    }
  }
  return { mask: out, voxelsBefore: before, voxelsAfter: after, range: { lower: lo, upper: hi } };
}

/**
 * Intensity outlier filtering (IBSI 7ACA): with μ and σ (population standard deviation) of the intensities in
 * `mask`, keep voxels with μ − kσ ≤ x ≤ μ + kσ (k = 3 by default).
 *
 * @see IBSI 1 manual, "Intensity outlier filtering" (7ACA); Vallières et al. 2015.
 */
export function resegmentOutliers(values: ArrayLike<number>, mask: Uint8Array, sigmas = 3): ResegmentationResult {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) {
      n++;
      sum += values[i];
    }
  }
  const mu = n > 0 ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) ss += (values[i] - mu) ** 2;
  const sd = n > 0 ? Math.sqrt(ss / n) : 0;
  return resegmentByRange(values, mask, { lower: mu - sigmas * sd, upper: mu + sigmas * sd });
}
