import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueWarning } from '../../core/issues.js';
import { median, quantileType7 } from '../order-statistics.js';
import type { GeneCounts } from './gene-counts.js';
import { assertGeneCounts, librarySizes } from './gene-counts.js';
import type { TmmOptions } from './tmm.js';
import { tmmFactor } from './tmm.js';

/** Normalisation methods of edgeR's `calcNormFactors`. */
export type NormMethod = 'TMM' | 'RLE' | 'upperquartile' | 'none';

/** Options of `calcNormFactors` (edgeR 3.40 defaults). */
export interface NormFactorsOptions extends TmmOptions {
  readonly method?: NormMethod;
  /** Library sizes (default: column sums). */
  readonly libSize?: ArrayLike<number>;
  /** TMM reference sample, 0-based (default: chosen as edgeR does, see `calcNormFactors`). */
  readonly refColumn?: number;
  /** Quantile for `upperquartile` (default 0.75). */
  readonly p?: number;
}

/** What `calcNormFactors` returns. */
export interface NormFactorsResult {
  readonly method: NormMethod;
  /** Normalisation factors f_j, scaled to geometric mean 1. */
  readonly factors: Float64Array;
  /** Library sizes used. */
  readonly libSize: Float64Array;
  /** TMM reference sample (0-based); null for other methods. */
  readonly refColumn: number | null;
  /** Genes with at least one non-zero count (all-zero rows are dropped first). */
  readonly nGenesUsed: number;
  readonly warnings: readonly Issue[];
}

/** Rows with any count > 0, as columns (per-sample arrays). */
function nonZeroColumns(y: GeneCounts): Float64Array[] {
  const { nGenes, nSamples, counts } = y;
  const rows: number[] = [];
  for (let g = 0; g < nGenes; g++) {
    for (let j = 0; j < nSamples; j++) {
      if (counts[g * nSamples + j] > 0) {
        rows.push(g);
        break;
      }
    }
  }
  return Array.from({ length: nSamples }, (_, j) => Float64Array.from(rows, (g) => counts[g * nSamples + j]));
}

/** Upper-quantile factors q_p(y_·j) / N_j (edgeR's internal `.calcFactorQuantile`). */
function quantileFactors(cols: readonly Float64Array[], libSize: Float64Array, p: number): Float64Array {
  return Float64Array.from(cols, (c, j) => quantileType7(c, p) / libSize[j]);
}

/** RLE factors median_g(y_gj / G_g) over genes with geometric mean G_g > 0, divided by N_j. */
function rleFactors(cols: readonly Float64Array[], libSize: Float64Array): Float64Array {
  const nG = cols[0].length;
  const s = cols.length;
  const gm = new Float64Array(nG);
  for (let g = 0; g < nG; g++) {
    let acc = 0;
    for (let j = 0; j < s; j++) acc += Math.log(cols[j][g]);
    gm[g] = Math.exp(acc / s);
  }
  return Float64Array.from(cols, (c, j) => {
    const ratios: number[] = [];
    for (let g = 0; g < nG; g++) if (gm[g] > 0) ratios.push(c[g] / gm[g]);
    return median(ratios) / libSize[j];
  });
}

/**
 * edgeR's TMM reference: the sample whose upper-quartile factor is closest to their mean
 * (first on ties, as `which.min`), or the largest Σ√y when the median factor is < 1e-20.
 */
function chooseTmmReference(cols: readonly Float64Array[], libSize: Float64Array): number {
  const f75 = quantileFactors(cols, libSize, 0.75);
  let ref = 0;
  if (median(f75) < 1e-20) {
    let best = -Infinity;
    cols.forEach((c, j) => {
      let s = 0;
      for (let g = 0; g < c.length; g++) s += Math.sqrt(c[g]);
      if (s > best) {
        best = s;
        ref = j;
      }
    });
    return ref;
  }
  let mean = 0;
  for (const f of f75) mean += f;
  mean /= f75.length;
  let best = Infinity;
  f75.forEach((f, j) => {
    const d = Math.abs(f - mean);
    if (d < best) {
      best = d;
      ref = j;
    }
  });
  return ref;
}

/**
 * Normalisation factors for RNA-seq library composition (edgeR `calcNormFactors`).
 *
 * All-zero genes are dropped first. TMM: the reference sample is the one whose upper-quartile
 * factor q_0.75(y_·j)/N_j is closest to the mean of those factors (the one with largest Σ√y if
 * their median is < 1e-20); each sample's factor is `tmmFactor` against it. RLE: median ratio to
 * the gene-wise geometric mean, / N_j. upperquartile: q_p(y_·j) / N_j. Finally
 * f_j ← f_j / exp(mean_j log f_j), so the factors multiply to 1.
 *
 * @see edgeR 3.40 `calcNormFactors.default`; Robinson & Oshlack (2010) Genome Biol 11:R25;
 *   Anders & Huber (2010) Genome Biol 11:R106 (RLE); Bullard et al. (2010) BMC Bioinf 11:94 (UQ).
 */
export function calcNormFactors(y: GeneCounts, options: NormFactorsOptions = {}): NormFactorsResult {
  assertGeneCounts(y, 'calcNormFactors');
  let method: NormMethod = options.method ?? 'TMM';
  const libSize = options.libSize ? Float64Array.from(options.libSize) : librarySizes(y);
  if (libSize.length !== y.nSamples || libSize.some((n) => !(n > 0) || !Number.isFinite(n))) {
    throw new HccError('E_OPTION', `calcNormFactors: libSize must hold ${y.nSamples} finite positive values`);
  }
  const warnings: Issue[] = [];
  const cols = nonZeroColumns(y);
  const nGenesUsed = cols[0].length;
  if (nGenesUsed === 0 || y.nSamples === 1) method = 'none';
  let factors: Float64Array;
  let refColumn: number | null = null;
  switch (method) {
    case 'TMM': {
      if (options.refColumn !== undefined) {
        if (!Number.isInteger(options.refColumn) || options.refColumn < 0 || options.refColumn >= y.nSamples) {
          throw new HccError('E_OPTION', `calcNormFactors: refColumn must be a 0-based sample index < ${y.nSamples}, got ${options.refColumn}`);
        }
        refColumn = options.refColumn;
      } else {
        refColumn = chooseTmmReference(cols, libSize);
      }
      const ref = cols[refColumn];
      const refLib = libSize[refColumn];
      factors = Float64Array.from(cols, (c, j) => tmmFactor(c, ref, libSize[j], refLib, options));
      break;
    }
    case 'RLE':
      factors = rleFactors(cols, libSize);
      break;
    case 'upperquartile':
      factors = quantileFactors(cols, libSize, options.p ?? 0.75);
      if (factors.some((f) => f === 0)) {
        warnings.push(issueWarning('bad_option', ['p'], 'one or more upper quantiles are zero; factors are not usable', { expected: 'a quantile p where every sample has a non-zero count' }));
      }
      break;
    case 'none':
      factors = new Float64Array(y.nSamples).fill(1);
      break;
    default:
      throw new HccError('E_OPTION', `calcNormFactors: unknown method ${String(method)}`);
  }
  let logMean = 0;
  for (const f of factors) logMean += Math.log(f);
  const scale = Math.exp(logMean / factors.length);
  for (let j = 0; j < factors.length; j++) factors[j] /= scale;
  return { method, factors, libSize, refColumn, nGenesUsed, warnings };
}
