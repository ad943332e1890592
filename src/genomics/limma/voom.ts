import { HccError } from '../../core/errors.js';
import type { DesignMatrix } from '../design-matrix.js';
import type { GeneCounts } from '../edger/gene-counts.js';
import { assertGeneCounts, librarySizes } from '../edger/gene-counts.js';
import type { LinearModelFit } from './lm-fit.js';
import { lmFit } from './lm-fit.js';
import { lowess } from './lowess.js';

/** Options of `voom`. */
export interface VoomOptions {
  readonly design: DesignMatrix;
  /** Library sizes; pass N_j·f_j for normalised libraries (default: column sums). */
  readonly libSize?: ArrayLike<number>;
  /** lowess span of the mean-variance trend (default 0.5). */
  readonly span?: number;
}

/** What `voom` returns (limma's `EList` plus the trend it used). */
export interface VoomResult {
  readonly nGenes: number;
  readonly nSamples: number;
  /** log2-CPM, genes × samples row-major: log2((y + 0.5)/(N + 1)·10⁶). */
  readonly E: Float64Array;
  /** Precision weights, genes × samples row-major. */
  readonly weights: Float64Array;
  readonly libSize: Float64Array;
  /** The lowess trend of √σ̂_g on the average log2 count (x sorted ascending). */
  readonly trend: { readonly x: Float64Array; readonly y: Float64Array };
  /** The unweighted fit the trend was estimated from. */
  readonly unweightedFit: LinearModelFit;
}

/**
 * Piecewise-linear interpolation through (x_k, y_k) (x ascending; tied x collapsed to the mean
 * of their y), constant beyond the ends. @see R `approxfun(rule = 2, ties = list("ordered", mean))`.
 */
function linearInterpolator(xs: Float64Array, ys: Float64Array): (v: number) => number {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    let s = 0;
    while (j < xs.length && xs[j] === xs[i]) s += ys[j++];
    x.push(xs[i]);
    y.push(s / (j - i));
    i = j;
  }
  const n = x.length;
  return (v: number): number => {
    if (v <= x[0]) return y[0];
    if (v >= x[n - 1]) return y[n - 1];
    let i = 0;
    let j = n - 1;
    while (i < j - 1) {
      const m = (i + j) >> 1;
      if (v < x[m]) j = m;
      else i = m;
    }
    if (v === x[j]) return y[j];
    if (v === x[i]) return y[i];
    return y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]));
  };
}

/**
 * voom: log-CPM with observation-level precision weights from the mean-variance trend.
 *
 * E_gj = log2((y_gj + 0.5)/(N_j + 1)·10⁶). An unweighted `lmFit` gives σ̂_g; the trend
 * s(·) = lowess(x_g = Ā_g + mean_j log2(N_j + 1) - log2 10⁶, √σ̂_g; f = span) (all-zero genes
 * left out). With fitted log-CPM μ̂_gj = x_jᵀβ̂_g, the fitted log2 count is
 * l_gj = log2(2^μ̂_gj·(N_j + 1)/10⁶) and the weight w_gj = 1 / s(l_gj)⁴ (s interpolated linearly,
 * constant beyond the range).
 *
 * @see limma `voom`; Law, Chen, Shi & Smyth (2014) Genome Biol 15:R29.
 */
export function voom(y: GeneCounts, options: VoomOptions): VoomResult {
  assertGeneCounts(y, 'voom');
  const { nGenes, nSamples, counts } = y;
  const { design } = options;
  if (design.nRows !== nSamples) throw new HccError('E_OPTION', `voom: design has ${design.nRows} rows for ${nSamples} samples`);
  if (nGenes < 2) throw new HccError('E_INPUT', 'voom: need at least two genes to fit a mean-variance trend');
  const libSize = options.libSize ? Float64Array.from(options.libSize) : librarySizes(y);
  if (libSize.length !== nSamples || libSize.some((n) => !(n > 0) || !Number.isFinite(n))) {
    throw new HccError('E_OPTION', `voom: libSize must hold ${nSamples} finite positive values`);
  }
  const span = options.span ?? 0.5;
  const E = new Float64Array(nGenes * nSamples);
  for (let g = 0; g < nGenes; g++) {
    for (let j = 0; j < nSamples; j++) {
      const k = g * nSamples + j;
      E[k] = Math.log2(((counts[k] + 0.5) / (libSize[j] + 1)) * 1e6);
    }
  }
  const fit = lmFit(E, nGenes, design);
  let meanLogLib = 0;
  for (const n of libSize) meanLogLib += Math.log2(n + 1);
  meanLogLib /= nSamples;
  const sx: number[] = [];
  const sy: number[] = [];
  for (let g = 0; g < nGenes; g++) {
    let total = 0;
    for (let j = 0; j < nSamples; j++) total += counts[g * nSamples + j];
    if (total === 0) continue;
    sx.push(fit.amean[g] + meanLogLib - Math.log2(1e6));
    sy.push(Math.sqrt(fit.sigma[g]));
  }
  if (sx.length < 2) throw new HccError('E_INPUT', 'voom: fewer than two genes with non-zero counts');
  const trend = lowess(sx, sy, { f: span });
  const s = linearInterpolator(trend.x, trend.y);
  const weights = new Float64Array(nGenes * nSamples);
  const p = design.nCols;
  for (let g = 0; g < nGenes; g++) {
    for (let j = 0; j < nSamples; j++) {
      let mu = 0;
      for (let k = 0; k < p; k++) mu += fit.coefficients[g * p + k] * design.x[j * p + k];
      const fittedCount = 1e-6 * Math.pow(2, mu) * (libSize[j] + 1);
      const sd = s(Math.log2(fittedCount));
      weights[g * nSamples + j] = 1 / (sd * sd * sd * sd);
    }
  }
  return { nGenes, nSamples, E, weights, libSize, trend: { x: trend.x, y: trend.y }, unweightedFit: fit };
}
