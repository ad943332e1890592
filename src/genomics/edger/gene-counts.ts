import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';

/**
 * A genes × samples count matrix as the edgeR/limma functions consume it: `counts[g*nSamples + j]`
 * (row-major, one row per gene). Structural, so any validated count matrix with these fields can
 * be passed. Counts must be finite and >= 0 (non-integer values are allowed, as in edgeR).
 */
export interface GeneCounts {
  readonly counts: ArrayLike<number>;
  readonly nGenes: number;
  readonly nSamples: number;
}

/**
 * Check the shape and values of a count matrix; throws `E_INPUT` listing the bad cells (first 20)
 * with path `['counts', gene, sample]` (0-based): `negative_count` or `non_finite`.
 */
export function assertGeneCounts(y: GeneCounts, context: string): void {
  const { nGenes, nSamples, counts } = y;
  if (!Number.isInteger(nGenes) || !Number.isInteger(nSamples) || nGenes < 1 || nSamples < 1 || counts.length !== nGenes * nSamples) {
    throw new HccError('E_INPUT', `${context}: count matrix shape is inconsistent`, {
      issues: [
        issueError('empty_data', ['counts'], 'the count matrix must have at least one gene and one sample, stored genes × samples', {
          expected: `length nGenes·nSamples = ${nGenes}·${nSamples}`,
          received: `length ${counts.length}`,
        }),
      ],
    });
  }
  const issues: Issue[] = [];
  for (let k = 0; k < counts.length && issues.length < 20; k++) {
    const v = counts[k];
    if (!Number.isFinite(v) || v < 0) {
      const g = Math.floor(k / nSamples);
      issues.push(
        issueError(Number.isFinite(v) ? 'negative_count' : 'non_finite', ['counts', g, k - g * nSamples], 'counts must be finite and non-negative', {
          expected: 'a finite count >= 0',
          received: String(v),
        }),
      );
    }
  }
  if (issues.length > 0) throw new HccError('E_INPUT', `${context}: invalid counts`, { issues });
}

/**
 * Library sizes: column sums of the count matrix, N_j = Σ_g y_gj.
 * @see edgeR `DGEList` (`lib.size = colSums(counts)`).
 */
export function librarySizes(y: GeneCounts): Float64Array {
  const { nGenes, nSamples, counts } = y;
  const out = new Float64Array(nSamples);
  for (let g = 0; g < nGenes; g++) {
    const row = g * nSamples;
    for (let j = 0; j < nSamples; j++) out[j] += counts[row + j];
  }
  return out;
}

/** Effective library sizes N_j · f_j (edgeR's `getNormLibSizes`). */
export function effectiveLibrarySizes(libSize: ArrayLike<number>, normFactors: ArrayLike<number>): Float64Array {
  if (libSize.length !== normFactors.length) {
    throw new HccError('E_INTERNAL', `effectiveLibrarySizes: ${libSize.length} library sizes but ${normFactors.length} factors`);
  }
  return Float64Array.from(libSize, (n, j) => n * normFactors[j]);
}

/** Keep only the genes with `keep[g] !== 0` (same sample order). */
export function subsetGenes(y: GeneCounts, keep: ArrayLike<number | boolean>): GeneCounts {
  if (keep.length !== y.nGenes) throw new HccError('E_INTERNAL', `subsetGenes: keep has ${keep.length} entries for ${y.nGenes} genes`);
  const p = y.nSamples;
  let n = 0;
  for (let g = 0; g < y.nGenes; g++) if (keep[g]) n++;
  const out = new Float64Array(n * p);
  let r = 0;
  for (let g = 0; g < y.nGenes; g++) {
    if (!keep[g]) continue;
    for (let j = 0; j < p; j++) out[r * p + j] = y.counts[g * p + j];
    r++;
  }
  return { counts: out, nGenes: n, nSamples: p };
}
