import { HccError } from '../../core/errors.js';
import type { GeneCounts } from './gene-counts.js';

function checkLib(y: GeneCounts, libSize: ArrayLike<number>, what: string): void {
  if (libSize.length !== y.nSamples) throw new HccError('E_OPTION', `${what}: ${libSize.length} library sizes for ${y.nSamples} samples`);
}

/**
 * Counts per million, cpm_gj = y_gj / N_j · 10⁶, genes × samples row-major.
 * @param libSize (effective) library sizes N_j.
 * @see edgeR `cpm(y, log = FALSE)`.
 */
export function cpm(y: GeneCounts, libSize: ArrayLike<number>): Float64Array {
  checkLib(y, libSize, 'cpm');
  const { nGenes, nSamples, counts } = y;
  const out = new Float64Array(nGenes * nSamples);
  for (let g = 0; g < nGenes; g++) {
    for (let j = 0; j < nSamples; j++) out[g * nSamples + j] = (counts[g * nSamples + j] / libSize[j]) * 1e6;
  }
  return out;
}

/**
 * edgeR log2 counts per million with a library-size-scaled prior count:
 * λ_j = c · N_j / mean(N), logCPM_gj = log2((y_gj + λ_j) / (N_j + 2λ_j) · 10⁶).
 * @param libSize (effective) library sizes N_j; @param priorCount average prior count c (edgeR default 2).
 * @see edgeR `cpm(y, log = TRUE, prior.count)` (`addPriorCount`).
 */
export function logCpm(y: GeneCounts, libSize: ArrayLike<number>, priorCount = 2): Float64Array {
  checkLib(y, libSize, 'logCpm');
  if (!(priorCount >= 0)) throw new HccError('E_OPTION', `logCpm: priorCount must be >= 0, got ${priorCount}`);
  const { nGenes, nSamples, counts } = y;
  let meanLib = 0;
  for (let j = 0; j < nSamples; j++) meanLib += libSize[j];
  meanLib /= nSamples;
  const prior = Float64Array.from({ length: nSamples }, (_, j) => (priorCount * libSize[j]) / meanLib);
  const logAdjLib = Float64Array.from({ length: nSamples }, (_, j) => Math.log(libSize[j] + 2 * prior[j]));
  const out = new Float64Array(nGenes * nSamples);
  const lnMillion = Math.log(1e6);
  for (let g = 0; g < nGenes; g++) {
    for (let j = 0; j < nSamples; j++) {
      out[g * nSamples + j] = (Math.log(counts[g * nSamples + j] + prior[j]) - logAdjLib[j] + lnMillion) / Math.LN2;
    }
  }
  return out;
}
