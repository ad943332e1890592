import { HccError } from '../../core/errors.js';
import type { DesignMatrix } from '../design-matrix.js';
import { hatValues } from '../design-matrix.js';
import { median } from '../order-statistics.js';
import { cpm } from './cpm.js';
import type { GeneCounts } from './gene-counts.js';
import { assertGeneCounts, librarySizes } from './gene-counts.js';

/** Options of `filterByExpr` (edgeR defaults). Give `design` or `group` (design wins when both). */
export interface FilterByExprOptions {
  readonly design?: DesignMatrix;
  readonly group?: readonly string[];
  /** Library sizes (default column sums; for a normalised DGEList edgeR uses N_j·f_j). */
  readonly libSize?: ArrayLike<number>;
  /** Minimum count in the median-sized library (default 10). */
  readonly minCount?: number;
  /** Minimum total count over all samples (default 15). */
  readonly minTotalCount?: number;
  /** Group size beyond which the required number of samples grows only by minProp (default 10). */
  readonly largeN?: number;
  /** Proportion of samples beyond largeN (default 0.7). */
  readonly minProp?: number;
}

/** What `filterByExpr` returns. */
export interface FilterByExprResult {
  /** 1 = keep the gene. */
  readonly keep: Uint8Array;
  readonly nKept: number;
  /** Required number of samples at or above the CPM cutoff. */
  readonly minSampleSize: number;
  /** CPM cutoff = minCount / median(N) · 10⁶. */
  readonly cpmCutoff: number;
}

/**
 * Keep genes with enough counts for statistical analysis.
 *
 * n_min = 1 / max_i h_i (design leverages) or the smallest group size; if n_min > largeN then
 * n_min ← largeN + (n_min - largeN)·minProp. Keep gene g when #{j : cpm_gj >= minCount/median(N)·10⁶}
 * >= n_min - 1e-14 and Σ_j y_gj >= minTotalCount - 1e-14.
 *
 * @see edgeR 3.40 `filterByExpr`; Chen, Lun & Smyth (2016) F1000Research 5:1438.
 */
export function filterByExpr(y: GeneCounts, options: FilterByExprOptions = {}): FilterByExprResult {
  assertGeneCounts(y, 'filterByExpr');
  const minCount = options.minCount ?? 10;
  const minTotalCount = options.minTotalCount ?? 15;
  const largeN = options.largeN ?? 10;
  const minProp = options.minProp ?? 0.7;
  const libSize = options.libSize ? Float64Array.from(options.libSize) : librarySizes(y);
  let minSampleSize: number;
  if (options.design) {
    if (options.design.nRows !== y.nSamples) throw new HccError('E_OPTION', `filterByExpr: design has ${options.design.nRows} rows for ${y.nSamples} samples`);
    let hMax = 0;
    for (const h of hatValues(options.design)) hMax = Math.max(hMax, h);
    minSampleSize = 1 / hMax;
  } else if (options.group) {
    if (options.group.length !== y.nSamples) throw new HccError('E_OPTION', `filterByExpr: ${options.group.length} group labels for ${y.nSamples} samples`);
    const sizes = new Map<string, number>();
    for (const g of options.group) sizes.set(g, (sizes.get(g) ?? 0) + 1);
    minSampleSize = Math.min(...sizes.values());
  } else {
    minSampleSize = y.nSamples;
  }
  if (minSampleSize > largeN) minSampleSize = largeN + (minSampleSize - largeN) * minProp;
  const cpmCutoff = (minCount / median(libSize)) * 1e6;
  const c = cpm(y, libSize);
  const tol = 1e-14;
  const { nGenes, nSamples, counts } = y;
  const keep = new Uint8Array(nGenes);
  let nKept = 0;
  for (let g = 0; g < nGenes; g++) {
    let above = 0;
    let total = 0;
    for (let j = 0; j < nSamples; j++) {
      if (c[g * nSamples + j] >= cpmCutoff) above++;
      total += counts[g * nSamples + j];
    }
    if (above >= minSampleSize - tol && total >= minTotalCount - tol) {
      keep[g] = 1;
      nKept++;
    }
  }
  return { keep, nKept, minSampleSize, cpmCutoff };
}
