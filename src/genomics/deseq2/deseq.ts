/**
 * The DESeq2 pipeline for `~ group` (DESeq() then results(alpha = 0.1)): size factors, gene-wise
 * dispersions, trend, MAP shrinkage, NB GLM Wald test, Cook's distances (replacement for groups of
 * ≥ 7), Cook's p-value filtering, independent filtering and BH adjustment.
 */
import { z } from 'zod';
import type { Issue } from '../../core/issues.js';
import { issueWarning } from '../../core/issues.js';
import { twoSidedNormalP } from '../../core/distributions.js';
import { adjustBH } from '../multiple-testing.js';
import type { TwoGroupCounts } from '../count-matrix.js';
import type { DeseqData } from './design.js';
import { N_COEFFICIENTS } from './design.js';
import { baseMeansAndVariances, estimateSizeFactors } from './size-factors.js';
import { DEFAULT_DISPERSION_OPTIONS, estimateGeneWiseDispersions } from './dispersion-gene.js';
import type { DispersionTrend } from './dispersion-trend.js';
import { fitDispersionTrend } from './dispersion-trend.js';
import { dispersionPriorVariance, estimateMapDispersions } from './dispersion-map.js';
import { fitNbGlm } from './nb-glm.js';
import { cooksDistances, cooksOutlierGenes, defaultCooksCutoff, maxCooksDistance, replaceOutlierCounts, samplesInGroupsOfAtLeast } from './cooks.js';
import { independentFiltering } from './independent-filtering.js';

/** Options of `runDeseq2` (DESeq2 defaults). */
export const Deseq2OptionsSchema = z.object({
  fitType: z.enum(['parametric', 'local', 'mean']).default('parametric'),
  alpha: z.number().gt(0).lt(1).default(0.1),
  independentFiltering: z.boolean().default(true),
  /** `true` = qf(0.99, p, m − p); `false` = no Cook's filtering; a number = that cutoff. */
  cooksCutoff: z.union([z.boolean(), z.number().positive()]).default(true),
  minReplicatesForReplace: z.number().int().min(3).default(7),
});
export type Deseq2Options = z.input<typeof Deseq2OptionsSchema>;

/** Per-gene DESeq2 output (NaN = R's NA), in matrix row order. */
export interface Deseq2Genes {
  readonly geneIds: readonly string[];
  readonly baseMean: Float64Array;
  readonly allZero: Uint8Array;
  readonly dispGeneEst: Float64Array;
  readonly dispFit: Float64Array;
  readonly dispMAP: Float64Array;
  readonly dispersion: Float64Array;
  readonly dispOutlier: Uint8Array;
  readonly log2FoldChange: Float64Array;
  readonly lfcSE: Float64Array;
  readonly stat: Float64Array;
  /** Wald p-value with Cook's outliers set to NaN. */
  readonly pvalue: Float64Array;
  /** BH-adjusted p-values after independent filtering (NaN = filtered or outlier). */
  readonly padj: Float64Array;
  /** Wald p-value before Cook's filtering. */
  readonly pvalueNoCooks: Float64Array;
  /** BH over all p-values, no filtering, no Cook's. */
  readonly padjNoFilterNoCooks: Float64Array;
  readonly maxCooks: Float64Array;
  /** Counts were replaced and the gene refitted (NaN-free 0/1; all 0 when no group has ≥ 7 samples). */
  readonly replaced: Uint8Array;
  readonly betaConverged: Uint8Array;
}

/** Run-level diagnostics, mirroring DESeq2's summary values. */
export interface Deseq2Diagnostics {
  readonly sampleIds: readonly string[];
  readonly reference: string;
  readonly alternative: string;
  readonly sizeFactors: Float64Array;
  readonly trend: Omit<DispersionTrend, 'dispFit' | 'evaluate'>;
  readonly dispPriorVar: number;
  readonly cooksCutoff: number | null;
  readonly filterThreshold: number | null;
  readonly filterTheta: number | null;
  readonly filterNumRejections: Int32Array | null;
  readonly nReplaced: number;
  readonly nGlmFallback: number;
  readonly warnings: readonly Issue[];
}

export interface Deseq2Result {
  readonly genes: Deseq2Genes;
  readonly diagnostics: Deseq2Diagnostics;
}

interface FitCore {
  dispGeneEst: Float64Array;
  dispFit: Float64Array;
  dispMAP: Float64Array;
  dispersion: Float64Array;
  dispOutlier: Uint8Array;
  lfc: Float64Array;
  lfcSE: Float64Array;
  mu: Float64Array;
  hat: Float64Array;
  converged: Uint8Array;
  fallback: Uint8Array;
}

function fitDispersionsAndGlm(data: DeseqData, sf: Float64Array, baseMean: Float64Array, baseVar: Float64Array, allZero: Uint8Array, trend: (m: number) => number, dispPriorVar: number, varLogDispEsts: number, gw?: ReturnType<typeof estimateGeneWiseDispersions>): FitCore {
  const geneWise = gw ?? estimateGeneWiseDispersions(data, sf, { baseMean, baseVar, allZero });
  const dispFit = Float64Array.from(baseMean, (b, g) => (allZero[g] ? NaN : trend(b)));
  const map = estimateMapDispersions(data, geneWise.mu, allZero, geneWise.dispGeneEst, dispFit, dispPriorVar, varLogDispEsts, DEFAULT_DISPERSION_OPTIONS);
  const glm = fitNbGlm(data, sf, map.dispersion, allZero);
  return {
    dispGeneEst: geneWise.dispGeneEst, dispFit, dispMAP: map.dispMAP, dispersion: map.dispersion, dispOutlier: map.dispOutlier,
    lfc: glm.log2FoldChange, lfcSE: glm.lfcSE, mu: glm.mu, hat: glm.hatDiagonals, converged: glm.converged, fallback: glm.usedFallback,
  };
}

/**
 * Differential expression alternative vs reference, DESeq2 1.38 defaults.
 * @see DESeq2 `DESeq`, `results`
 */
export function runDeseq2(input: TwoGroupCounts, options: Deseq2Options = {}): Deseq2Result {
  const opt = Deseq2OptionsSchema.parse(options);
  const warnings: Issue[] = [];
  const data: DeseqData = { counts: input.matrix.counts, nGenes: input.matrix.nGenes, nSamples: input.matrix.nSamples, group: input.group };
  const { nGenes, nSamples: m } = data;
  const sf = estimateSizeFactors(data).sizeFactors;
  const means = baseMeansAndVariances(data, sf);
  const gw = estimateGeneWiseDispersions(data, sf, means);
  const trend = fitDispersionTrend(means.baseMean, gw.dispGeneEst, means.allZero, opt.fitType);
  if (trend.fallbackReason) {
    warnings.push(issueWarning('not_converged', ['dispersion', 'fitType'], `parametric dispersion trend failed (${trend.fallbackReason}); a local regression fit was used, as DESeq2 does`));
  }
  const prior = dispersionPriorVariance(trend.varLogDispEsts, m);
  if (prior.approximate) {
    warnings.push(issueWarning('bad_option', ['dispersion', 'dispPriorVar'], `with ${m - N_COEFFICIENTS} residual degrees of freedom DESeq2 estimates the prior variance by simulation; the trigamma formula was used instead`));
  }
  const core = fitDispersionsAndGlm(data, sf, means.baseMean, means.baseVar, means.allZero, trend.evaluate, prior.dispPriorVar, trend.varLogDispEsts, gw);
  const baseMean = means.baseMean.slice();
  const allZeroOut = means.allZero.slice();
  const cooks = cooksDistances(data, sf, core.mu, core.hat, means.allZero);
  let maxCooks = maxCooksDistance(cooks, data.group, nGenes);
  const cutoffDefault = defaultCooksCutoff(m);
  const replaced = new Uint8Array(nGenes);
  const nowZero = new Uint8Array(nGenes);
  const newAllZero = new Uint8Array(nGenes);
  // Replacement of outlier counts and refit (DESeq2 refitWithoutOutliers).
  if (samplesInGroupsOfAtLeast(data.group, opt.minReplicatesForReplace).some((v) => v === 1) && m > N_COEFFICIENTS) {
    const rep = replaceOutlierCounts(data, sf, cooks, cutoffDefault, opt.minReplicatesForReplace);
    const replaceIdx: number[] = [];
    for (let g = 0; g < nGenes; g++) if (rep.replace[g]) replaceIdx.push(g);
    if (replaceIdx.length > 0) {
      const sub = new Float64Array(replaceIdx.length * m);
      replaceIdx.forEach((g, k) => sub.set(rep.counts.subarray(g * m, (g + 1) * m), k * m));
      const subData: DeseqData = { counts: sub, nGenes: replaceIdx.length, nSamples: m, group: data.group };
      const subMeans = baseMeansAndVariances(subData, sf);
      replaceIdx.forEach((g, k) => { baseMean[g] = subMeans.baseMean[k]; if (subMeans.allZero[k]) { newAllZero[g] = 1; allZeroOut[g] = 1; } });
      const refit = fitDispersionsAndGlm(subData, sf, subMeans.baseMean, subMeans.baseVar, subMeans.allZero, trend.evaluate, prior.dispPriorVar, trend.varLogDispEsts);
      replaceIdx.forEach((g, k) => {
        replaced[g] = 1;
        if (subMeans.allZero[k]) { nowZero[g] = 1; return; }
        for (const key of ['dispGeneEst', 'dispFit', 'dispMAP', 'dispersion', 'lfc', 'lfcSE'] as const) core[key][g] = refit[key][k];
        core.dispOutlier[g] = refit.dispOutlier[k];
        core.converged[g] = refit.converged[k];
        core.fallback[g] = refit.fallback[k];
      });
      maxCooks = rep.replaceable.every((v) => v === 1) ? new Float64Array(nGenes).fill(NaN) : maxCooksDistance(cooks, data.group, nGenes, rep.replaceable);
    }
  }
  const stat = new Float64Array(nGenes).fill(NaN);
  const pvalueNoCooks = new Float64Array(nGenes).fill(NaN);
  for (let g = 0; g < nGenes; g++) {
    if (means.allZero[g]) continue;
    if (newAllZero[g]) { core.lfc[g] = NaN; core.lfcSE[g] = NaN; continue; }
    stat[g] = core.lfc[g] / core.lfcSE[g];
    pvalueNoCooks[g] = twoSidedNormalP(stat[g]);
  }
  const pvalue = pvalueNoCooks.slice();
  const cooksCutoff = opt.cooksCutoff === false ? null : opt.cooksCutoff === true ? cutoffDefault : opt.cooksCutoff;
  if (cooksCutoff !== null) {
    const outl = cooksOutlierGenes(data, cooks, maxCooks, cooksCutoff);
    for (let g = 0; g < nGenes; g++) if (outl[g]) pvalue[g] = NaN;
  }
  for (let g = 0; g < nGenes; g++) {
    if (replaced[g] && baseMean[g] === 0) { core.lfc[g] = 0; core.lfcSE[g] = 0; stat[g] = 0; pvalue[g] = 1; }
  }
  let padj: Float64Array;
  let filt: ReturnType<typeof independentFiltering> | null = null;
  if (opt.independentFiltering) {
    filt = independentFiltering(baseMean, pvalue, opt.alpha);
    padj = filt.padj;
  } else padj = adjustBH(pvalue);
  let nFallback = 0;
  for (let g = 0; g < nGenes; g++) nFallback += core.fallback[g];
  if (nFallback > 0) warnings.push(issueWarning('not_converged', ['glm'], `${nFallback} gene(s) did not converge by IRLS and were fitted by bounded Newton (DESeq2: optim L-BFGS-B)`));
  const { dispFit: _df, evaluate: _ev, ...trendInfo } = trend;
  void _df; void _ev;
  return {
    genes: {
      geneIds: input.matrix.geneIds, baseMean, allZero: allZeroOut, dispGeneEst: core.dispGeneEst, dispFit: core.dispFit, dispMAP: core.dispMAP,
      dispersion: core.dispersion, dispOutlier: core.dispOutlier, log2FoldChange: core.lfc, lfcSE: core.lfcSE, stat, pvalue, padj,
      pvalueNoCooks, padjNoFilterNoCooks: adjustBH(pvalueNoCooks), maxCooks, replaced, betaConverged: core.converged,
    },
    diagnostics: {
      sampleIds: input.matrix.sampleIds, reference: input.reference, alternative: input.alternative, sizeFactors: sf, trend: trendInfo,
      dispPriorVar: prior.dispPriorVar, cooksCutoff, filterThreshold: filt ? filt.filterThreshold : null, filterTheta: filt ? filt.filterTheta : null,
      filterNumRejections: filt ? filt.numRejections : null, nReplaced: replaced.reduce((a, b) => a + b, 0), nGlmFallback: nFallback, warnings,
    },
  };
}
