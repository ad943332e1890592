/**
 * Median-of-ratios size factors and per-gene means of normalised counts (DESeq2 "ratio" type).
 */
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { DeseqData } from './design.js';

/** Size factors with the number of genes (no zero count) that entered the geometric means. */
export interface SizeFactorResult {
  readonly sizeFactors: Float64Array;
  readonly nGenesUsed: number;
}

function median(values: Float64Array): number {
  const n = values.length;
  const s = values.slice().sort();
  return n % 2 === 1 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

/**
 * s_j = median over genes g with all counts > 0 of (log k_gj − mean_j' log k_gj'), exponentiated:
 * genes with any zero have log geometric mean −∞ and are excluded. Throws `E_INPUT` when every
 * gene has a zero.
 * @see DESeq2 `estimateSizeFactorsForMatrix` (type "ratio", no geoMeans)
 */
export function estimateSizeFactors(data: DeseqData): SizeFactorResult {
  const { counts, nGenes, nSamples: m } = data;
  const logGeo = new Float64Array(nGenes);
  let used = 0;
  for (let g = 0; g < nGenes; g++) {
    let s = 0;
    let anyZero = false;
    for (let j = 0; j < m; j++) {
      const k = counts[g * m + j];
      if (k <= 0) { anyZero = true; break; }
      s += Math.log(k);
    }
    logGeo[g] = anyZero ? -Infinity : s / m;
    if (!anyZero) used++;
  }
  if (used === 0) {
    throw new HccError('E_INPUT', 'every gene contains at least one zero, cannot compute log geometric means', {
      issues: [issueError('empty_data', ['counts'], 'every gene has a zero count in some sample, so median-of-ratios size factors are undefined', { expected: 'at least one gene with all counts > 0' })],
    });
  }
  const ratios = new Float64Array(used);
  const sizeFactors = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let r = 0;
    for (let g = 0; g < nGenes; g++) {
      if (logGeo[g] === -Infinity) continue;
      ratios[r++] = Math.log(counts[g * m + j]) - logGeo[g];
    }
    sizeFactors[j] = Math.exp(median(ratios));
  }
  return { sizeFactors, nGenesUsed: used };
}

/** Per-gene mean and variance (n − 1) of normalised counts k/s, and the all-zero flag. */
export interface BaseMeans {
  readonly baseMean: Float64Array;
  readonly baseVar: Float64Array;
  readonly allZero: Uint8Array;
}

/**
 * baseMean_g = mean_j k_gj / s_j; baseVar_g = sample variance of k_gj / s_j.
 * @see DESeq2 `getBaseMeansAndVariances`
 */
export function baseMeansAndVariances(data: DeseqData, sizeFactors: Float64Array): BaseMeans {
  const { counts, nGenes, nSamples: m } = data;
  const baseMean = new Float64Array(nGenes);
  const baseVar = new Float64Array(nGenes);
  const allZero = new Uint8Array(nGenes);
  for (let g = 0; g < nGenes; g++) {
    let s = 0;
    let raw = 0;
    for (let j = 0; j < m; j++) {
      s += counts[g * m + j] / sizeFactors[j];
      raw += counts[g * m + j];
    }
    const mean = s / m;
    let ss = 0;
    for (let j = 0; j < m; j++) {
      const d = counts[g * m + j] / sizeFactors[j] - mean;
      ss += d * d;
    }
    baseMean[g] = mean;
    baseVar[g] = m > 1 ? ss / (m - 1) : NaN;
    allZero[g] = raw === 0 ? 1 : 0;
  }
  return { baseMean, baseVar, allZero };
}
