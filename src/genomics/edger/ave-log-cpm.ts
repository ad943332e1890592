import type { GeneCounts } from './gene-counts.js';
import { fitOneGroupNb } from './one-group-glm.js';

/**
 * Average log2 counts per million of each gene from a one-group NB fit with prior counts:
 * λ_j = c·N_j/mean(N), β_g from y_gj + λ_j with offsets log(N_j + 2λ_j), AveLogCPM = (β_g + log 10⁶)/log 2.
 *
 * @param libSize effective library sizes N_j·f_j; @param priorCount c (default 2);
 * @param dispersion NB dispersion of the fit (edgeR uses the common dispersion when known, else 0.05).
 * @see edgeR `aveLogCPM`.
 */
export function aveLogCpm(y: GeneCounts, libSize: ArrayLike<number>, dispersion = 0.05, priorCount = 2): Float64Array {
  const { nGenes, nSamples, counts } = y;
  let meanLib = 0;
  for (let j = 0; j < nSamples; j++) meanLib += libSize[j];
  meanLib /= nSamples;
  const prior = Float64Array.from({ length: nSamples }, (_, j) => (priorCount * libSize[j]) / meanLib);
  const offset = Float64Array.from({ length: nSamples }, (_, j) => Math.log(libSize[j] + 2 * prior[j]));
  const aug = new Float64Array(nGenes * nSamples);
  for (let g = 0; g < nGenes; g++) for (let j = 0; j < nSamples; j++) aug[g * nSamples + j] = counts[g * nSamples + j] + prior[j];
  const { beta } = fitOneGroupNb(aug, nGenes, nSamples, offset, dispersion);
  return beta.map((b) => (b + Math.log(1e6)) / Math.LN2);
}
