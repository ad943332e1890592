/**
 * The two-group design `~ group` shared by every DESeq2 step: model matrix X = [1, isAlternative]
 * (p = 2), counts genes × samples row-major, and the per-sample size factors.
 */

/** Counts and design for the DESeq2 pipeline. `group[j]` is 0 (reference) or 1 (alternative). */
export interface DeseqData {
  readonly counts: Float64Array;
  readonly nGenes: number;
  readonly nSamples: number;
  readonly group: Uint8Array;
}

/** Number of model coefficients of `~ group` (intercept + one log fold change). */
export const N_COEFFICIENTS = 2;

/** Samples per group: `[nReference, nAlternative]`. */
export function groupSizes(group: Uint8Array): [number, number] {
  let n1 = 0;
  for (let j = 0; j < group.length; j++) n1 += group[j];
  return [group.length - n1, n1];
}

/**
 * Largest dispersion DESeq2 allows: max(10, number of samples).
 * @see DESeq2 `estimateDispersionsGeneEst` (`maxDisp`)
 */
export function maxDispersion(nSamples: number): number {
  return Math.max(10, nSamples);
}
