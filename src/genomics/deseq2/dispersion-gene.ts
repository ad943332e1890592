/**
 * Gene-wise dispersion estimates (DESeq2 `estimateDispersionsGeneEst`) for `~ group`: starting
 * values min(rough, moments), group-mean fitted μ (the design is group-only, so DESeq2 uses its
 * linear-model μ), Cox–Reid line search, grid refit of non-converged genes, clamp to
 * [minDisp, maxDisp].
 */
import type { DeseqData } from './design.js';
import { N_COEFFICIENTS, maxDispersion } from './design.js';
import type { LineSearchResult } from './dispersion-fit.js';
import { gridSearchLogAlpha, lineSearchLogAlpha } from './dispersion-fit.js';
import type { GeneRow, LogAlphaPrior } from './dispersion-likelihood.js';
import type { BaseMeans } from './size-factors.js';

/** Settings shared by the gene-wise and MAP dispersion fits (DESeq2 defaults). */
export interface DispersionOptions {
  /** Floor for dispersions (1e-8). */
  readonly minDisp: number;
  /** Initial line-search step κ₀ (1). */
  readonly kappa0: number;
  /** Convergence tolerance on the log posterior (1e-6). */
  readonly dispTol: number;
  /** Maximum line-search proposals (100). */
  readonly maxit: number;
  /** Lower bound on fitted means (0.5). */
  readonly minmu: number;
}

export const DEFAULT_DISPERSION_OPTIONS: DispersionOptions = { minDisp: 1e-8, kappa0: 1, dispTol: 1e-6, maxit: 100, minmu: 0.5 };

/** Gene-wise estimates; entries of all-zero genes are NaN. `mu` is the fitted-mean matrix used. */
export interface GeneWiseDispersions {
  readonly dispGeneEst: Float64Array;
  readonly iterations: Int32Array;
  /** Genes refitted by grid search because the line search did not converge. */
  readonly refittedByGrid: Uint8Array;
  /** Fitted means (genes × samples), floored at `minmu`; used again by the MAP step. */
  readonly mu: Float64Array;
}

/**
 * Group means of normalised counts times the size factor, floored at `minmu`:
 * μ_gj = s_j · mean_{j' in group(j)} k_gj'/s_j'.
 * @see DESeq2 `linearModelMuNormalized`
 */
export function groupMeanMu(data: DeseqData, sizeFactors: Float64Array, minmu: number): Float64Array {
  const { counts, nGenes, nSamples: m, group } = data;
  let n1 = 0;
  for (let j = 0; j < m; j++) n1 += group[j];
  const n0 = m - n1;
  const mu = new Float64Array(nGenes * m);
  for (let g = 0; g < nGenes; g++) {
    let s0 = 0;
    let s1 = 0;
    for (let j = 0; j < m; j++) {
      const v = counts[g * m + j] / sizeFactors[j];
      if (group[j] === 1) s1 += v;
      else s0 += v;
    }
    const m0 = s0 / n0;
    const m1 = s1 / n1;
    for (let j = 0; j < m; j++) {
      const v = (group[j] === 1 ? m1 : m0) * sizeFactors[j];
      mu[g * m + j] = v < minmu ? minmu : v;
    }
  }
  return mu;
}

/**
 * Starting dispersion: min(rough, moments), clamped to [minDisp, maxDisp].
 * rough = max(0, Σ_j ((q_j − μ̂_j)² − μ̂_j)/μ̂_j² / (m − p)) with q = k/s and μ̂ = max(1, group mean of q);
 * moments = (baseVar − mean(1/s)·baseMean)/baseMean².
 * @see DESeq2 `roughDispEstimate`, `momentsDispEstimate`
 */
export function initialDispersion(data: DeseqData, sizeFactors: Float64Array, means: BaseMeans, g: number, minDisp: number): number {
  const { counts, nSamples: m, group } = data;
  let s0 = 0;
  let s1 = 0;
  let n1 = 0;
  for (let j = 0; j < m; j++) {
    const v = counts[g * m + j] / sizeFactors[j];
    if (group[j] === 1) { s1 += v; n1++; } else s0 += v;
  }
  const mean0 = Math.max(1, s0 / (m - n1));
  const mean1 = Math.max(1, s1 / n1);
  let est = 0;
  let xim = 0;
  for (let j = 0; j < m; j++) {
    const q = counts[g * m + j] / sizeFactors[j];
    const mu = group[j] === 1 ? mean1 : mean0;
    est += ((q - mu) * (q - mu) - mu) / (mu * mu);
    xim += 1 / sizeFactors[j];
  }
  const rough = Math.max(est / (m - N_COEFFICIENTS), 0);
  xim /= m;
  const bm = means.baseMean[g];
  const moments = (means.baseVar[g] - xim * bm) / (bm * bm);
  const a = Math.min(rough, moments);
  return Math.min(Math.max(minDisp, a), maxDispersion(m));
}

/**
 * Gene-wise Cox–Reid dispersion MLEs. Per gene: line search from the starting value; when the
 * final log posterior did not rise by |lp₀|·1e-6 the start is kept; genes whose search did not
 * converge (maxit reached, or stopped at the first proposal) and lie above 10·minDisp are refit
 * by grid search; finally clamped to [minDisp, max(10, m)].
 * @see DESeq2 `estimateDispersionsGeneEst`
 */
export function estimateGeneWiseDispersions(data: DeseqData, sizeFactors: Float64Array, means: BaseMeans, options: DispersionOptions = DEFAULT_DISPERSION_OPTIONS): GeneWiseDispersions {
  const { nGenes, nSamples: m } = data;
  const mu = groupMeanMu(data, sizeFactors, options.minmu);
  const maxDisp = maxDispersion(m);
  const dispGeneEst = new Float64Array(nGenes);
  const iterations = new Int32Array(nGenes);
  const refittedByGrid = new Uint8Array(nGenes);
  const noPrior: LogAlphaPrior = { use: false, mean: 0, variance: 1 };
  const search = { kappa0: options.kappa0, tol: options.dispTol, maxit: options.maxit, minLogAlpha: Math.log(options.minDisp / 10) };
  const out: LineSearchResult = { logAlpha: 0, iterations: 0, initialLogPosterior: 0, lastLogPosterior: 0 };
  const row = { y: data.counts, mu, offset: 0, nSamples: m, group: data.group } as { -readonly [K in keyof GeneRow]: GeneRow[K] };
  for (let g = 0; g < nGenes; g++) {
    if (means.allZero[g]) {
      dispGeneEst[g] = NaN;
      continue;
    }
    row.offset = g * m;
    const init = initialDispersion(data, sizeFactors, means, g, options.minDisp);
    lineSearchLogAlpha(row, Math.log(init), noPrior, search, out);
    let est = Math.min(Math.exp(out.logAlpha), maxDisp);
    if (out.lastLogPosterior < out.initialLogPosterior + Math.abs(out.initialLogPosterior) / 1e6) est = init;
    iterations[g] = out.iterations;
    const converged = out.iterations < options.maxit && out.iterations !== 1;
    if (!converged && est > options.minDisp * 10) {
      est = Math.exp(gridSearchLogAlpha(row, noPrior, maxDisp));
      refittedByGrid[g] = 1;
    }
    dispGeneEst[g] = Math.min(Math.max(est, options.minDisp), maxDisp);
  }
  return { dispGeneEst, iterations, refittedByGrid, mu };
}
