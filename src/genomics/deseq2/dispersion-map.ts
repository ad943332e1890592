/**
 * Empirical-Bayes shrinkage of dispersions towards the trend (DESeq2 `estimateDispersionsMAP`):
 * prior variance of log α, MAP line search with a normal prior centred on log dispFit, grid refit
 * when it does not converge, and dispersion outliers that keep their gene-wise estimate.
 */
import { HccError } from '../../core/errors.js';
import type { DeseqData } from './design.js';
import { N_COEFFICIENTS, maxDispersion } from './design.js';
import type { LineSearchResult } from './dispersion-fit.js';
import { gridSearchLogAlpha, lineSearchLogAlpha } from './dispersion-fit.js';
import type { DispersionOptions } from './dispersion-gene.js';
import { DEFAULT_DISPERSION_OPTIONS } from './dispersion-gene.js';
import type { GeneRow } from './dispersion-likelihood.js';
import { trigamma } from './gamma-functions.js';

/**
 * Prior variance of log dispersions: max(varLogDispEsts − ψ′((m − p)/2), 0.25) when m − p > 3.
 * For 0 < m − p ≤ 3 DESeq2 matches simulated residual histograms with R's RNG (set.seed(2)),
 * which cannot be reproduced; the same trigamma formula is used there and `approximate` is set.
 * @see DESeq2 `estimateDispersionsPriorVar`
 */
export function dispersionPriorVariance(varLogDispEsts: number, nSamples: number, nCoefficients = N_COEFFICIENTS): { dispPriorVar: number; approximate: boolean } {
  const df = nSamples - nCoefficients;
  if (df <= 0) return { dispPriorVar: varLogDispEsts, approximate: false };
  return { dispPriorVar: Math.max(varLogDispEsts - trigamma(df / 2), 0.25), approximate: df <= 3 };
}

/** MAP and final dispersions (NaN for all-zero genes). */
export interface MapDispersions {
  readonly dispMAP: Float64Array;
  /** dispMAP, or dispGeneEst where the gene is a dispersion outlier. */
  readonly dispersion: Float64Array;
  readonly dispOutlier: Uint8Array;
  readonly iterations: Int32Array;
}

/**
 * Per gene: line search on log α from log(dispGeneEst if > 0.1·dispFit else dispFit) with prior
 * N(log dispFit, dispPriorVar); grid refit if maxit was reached; clamp to [minDisp, maxDisp].
 * Outlier: log dispGeneEst > log dispFit + outlierSD·√varLogDispEsts (outlierSD = 2).
 * @see DESeq2 `estimateDispersionsMAP`
 */
export function estimateMapDispersions(
  data: DeseqData,
  mu: Float64Array,
  allZero: Uint8Array,
  dispGeneEst: Float64Array,
  dispFit: Float64Array,
  dispPriorVar: number,
  varLogDispEsts: number,
  options: DispersionOptions = DEFAULT_DISPERSION_OPTIONS,
  outlierSD = 2,
): MapDispersions {
  const { nGenes, nSamples: m } = data;
  const maxDisp = maxDispersion(m);
  const dispMAP = new Float64Array(nGenes).fill(NaN);
  const dispersion = new Float64Array(nGenes).fill(NaN);
  const dispOutlier = new Uint8Array(nGenes);
  const iterations = new Int32Array(nGenes);
  const search = { kappa0: options.kappa0, tol: options.dispTol, maxit: options.maxit, minLogAlpha: Math.log(options.minDisp / 10) };
  const out: LineSearchResult = { logAlpha: 0, iterations: 0, initialLogPosterior: 0, lastLogPosterior: 0 };
  const row = { y: data.counts, mu, offset: 0, nSamples: m, group: data.group } as { -readonly [K in keyof GeneRow]: GeneRow[K] };
  const prior = { use: true, mean: 0, variance: dispPriorVar };
  const sdCut = outlierSD * Math.sqrt(varLogDispEsts);
  for (let g = 0; g < nGenes; g++) {
    if (allZero[g]) continue;
    if (!(dispFit[g] > 0)) throw new HccError('E_NUMERIC', `dispersion trend is not positive for gene ${g}`);
    row.offset = g * m;
    prior.mean = Math.log(dispFit[g]);
    const init = dispGeneEst[g] > 0.1 * dispFit[g] ? dispGeneEst[g] : dispFit[g];
    lineSearchLogAlpha(row, Math.log(init), prior, search, out);
    let a = out.logAlpha;
    iterations[g] = out.iterations;
    if (!(out.iterations < options.maxit)) a = gridSearchLogAlpha(row, prior, maxDisp);
    const map = Math.min(Math.max(Math.exp(a), options.minDisp), maxDisp);
    dispMAP[g] = map;
    const outlier = Math.log(dispGeneEst[g]) > Math.log(dispFit[g]) + sdCut;
    dispOutlier[g] = outlier ? 1 : 0;
    dispersion[g] = outlier ? dispGeneEst[g] : map;
  }
  return { dispMAP, dispersion, dispOutlier, iterations };
}
