/**
 * One entry point for two-group differential expression with a common per-gene table, whatever
 * the method: DESeq2 (default), edgeR's classic exact test, or limma-voom. The ranking statistic
 * `stat` is what GSEA ranks on: the Wald z of DESeq2, the moderated t of limma-voom, and for
 * edgeR (which has no test statistic) the signed normal score of the exact p-value.
 */
import { normalQuantile } from '../../core/distributions.js';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { TwoGroupCounts } from '../count-matrix.js';
import type { Deseq2Diagnostics, Deseq2Options } from '../deseq2/index.js';
import { runDeseq2 } from '../deseq2/index.js';
import { groupDesign } from '../design-matrix.js';
import { calcNormFactors, effectiveLibrarySizes, estimateCommonDispersion, exactTest, filterByExpr, subsetGenes } from '../edger/index.js';
import { coefficientTable, eBayes, lmFit, voom } from '../limma/index.js';

/** Differential-expression methods. */
export type DeMethod = 'deseq2' | 'edger' | 'voom';

/** The methods, in display order (for CLI choices). */
export const DE_METHODS: readonly DeMethod[] = ['deseq2', 'edger', 'voom'];

/** Options of {@link runDifferentialExpression}. */
export interface DifferentialExpressionOptions {
  /** Default `deseq2`. */
  readonly method?: DeMethod;
  /** Passed to `runDeseq2` (method `deseq2` only). */
  readonly deseq2?: Deseq2Options;
}

/**
 * Per-gene results in count-matrix row order; NaN marks a gene that was not tested (DESeq2:
 * all-zero, Cook's outlier or independently filtered for `padj`; edgeR/voom: removed by
 * `filterByExpr`).
 */
export interface DifferentialExpressionTable {
  readonly method: DeMethod;
  readonly geneIds: readonly string[];
  /**
   * Mean normalised count: DESeq2 baseMean (counts / size factor); edgeR and voom: counts scaled
   * to the mean effective library size, N̄·y_gj/(N_j f_j), averaged over samples.
   */
  readonly baseMean: Float64Array;
  /** log2 fold change alternative vs reference (DESeq2 MLE, edgeR logFC, limma coefficient). */
  readonly log2FoldChange: Float64Array;
  /** Ranking statistic: DESeq2 Wald z; voom moderated t; edgeR sign(logFC)·Φ⁻¹(1 − p/2). */
  readonly stat: Float64Array;
  readonly pvalue: Float64Array;
  /** BH-adjusted p (DESeq2: after independent filtering; edgeR/voom: over the genes kept by filterByExpr). */
  readonly padj: Float64Array;
  readonly reference: string;
  readonly alternative: string;
}

/** Method-specific diagnostics. */
export interface DifferentialExpressionDiagnostics {
  readonly method: DeMethod;
  readonly nGenes: number;
  readonly nSamples: number;
  /** Genes with a finite p-value. */
  readonly nTested: number;
  /** DESeq2 size factors, or edgeR/voom TMM factors × library size / geometric mean (per sample). */
  readonly sampleScaling: Float64Array;
  readonly deseq2: Deseq2Diagnostics | null;
  /** edgeR common dispersion (method `edger`). */
  readonly commonDispersion: number | null;
  /** limma prior degrees of freedom (method `voom`). */
  readonly dfPrior: number | null;
  readonly warnings: readonly Issue[];
}

/** Result of {@link runDifferentialExpression}. */
export interface DifferentialExpressionResult {
  readonly table: DifferentialExpressionTable;
  readonly diagnostics: DifferentialExpressionDiagnostics;
}

/**
 * Signed normal score of a two-sided p-value: sign(lfc)·Φ⁻¹(1 − p/2), computed as −Φ⁻¹(p/2) for
 * accuracy at small p; p is floored at 1e-300 so the score stays finite. NaN stays NaN.
 */
export function signedNormalScore(p: number, lfc: number): number {
  if (Number.isNaN(p) || Number.isNaN(lfc)) return NaN;
  const z = -normalQuantile(Math.max(p, 1e-300) / 2);
  return lfc < 0 ? -Math.max(z, 0) : Math.max(z, 0);
}

function countScaledMean(input: TwoGroupCounts, effLib: Float64Array): Float64Array {
  const { counts, nGenes, nSamples } = input.matrix;
  let mean = 0;
  for (let j = 0; j < nSamples; j++) mean += effLib[j] / nSamples;
  const out = new Float64Array(nGenes);
  for (let g = 0; g < nGenes; g++) {
    let s = 0;
    for (let j = 0; j < nSamples; j++) s += (counts[g * nSamples + j] * mean) / effLib[j];
    out[g] = s / nSamples;
  }
  return out;
}

function runEdgerOrVoom(input: TwoGroupCounts, method: 'edger' | 'voom'): DifferentialExpressionResult {
  const { matrix, group } = input;
  const labels = Array.from(group, (g) => (g === 1 ? 'alt' : 'ref'));
  const { design } = groupDesign(labels, ['ref', 'alt']);
  const filt = filterByExpr(matrix, { design });
  if (filt.nKept < 2) {
    throw new HccError('E_INPUT', `${method}: filterByExpr kept ${filt.nKept} gene(s); nothing to test`, {
      issues: [issueError('empty_data', ['counts'], `only ${filt.nKept} gene(s) have enough counts (filterByExpr)`, { expected: 'at least 2 expressed genes' })],
    });
  }
  const kept: number[] = [];
  for (let g = 0; g < matrix.nGenes; g++) if (filt.keep[g]) kept.push(g);
  const yf = subsetGenes(matrix, filt.keep);
  const nf = calcNormFactors(yf, { method: 'TMM' });
  const effLib = effectiveLibrarySizes(nf.libSize, nf.factors);
  const n = matrix.nGenes;
  const lfc = new Float64Array(n).fill(NaN);
  const stat = new Float64Array(n).fill(NaN);
  const pvalue = new Float64Array(n).fill(NaN);
  const padj = new Float64Array(n).fill(NaN);
  let commonDispersion: number | null = null;
  let dfPrior: number | null = null;
  if (method === 'edger') {
    const cd = estimateCommonDispersion(yf, { group, libSize: effLib });
    commonDispersion = cd.commonDispersion;
    const et = exactTest(yf, { group, libSize: effLib, dispersion: cd.commonDispersion });
    kept.forEach((g, k) => {
      lfc[g] = et.logFC[k];
      pvalue[g] = et.pValue[k];
      padj[g] = et.fdr[k];
      stat[g] = signedNormalScore(et.pValue[k], et.logFC[k]);
    });
  } else {
    const v = voom(yf, { design, libSize: effLib });
    const fit = lmFit(v.E, v.nGenes, design, v.weights);
    const eb = eBayes(fit);
    dfPrior = eb.dfPrior;
    const tab = coefficientTable(fit, eb, 1);
    kept.forEach((g, k) => {
      lfc[g] = tab.logFC[k];
      pvalue[g] = tab.pValue[k];
      padj[g] = tab.adjPValue[k];
      stat[g] = tab.t[k];
    });
  }
  let nTested = 0;
  for (let g = 0; g < n; g++) if (Number.isFinite(pvalue[g])) nTested++;
  return {
    table: { method, geneIds: matrix.geneIds, baseMean: countScaledMean(input, effLib), log2FoldChange: lfc, stat, pvalue, padj, reference: input.reference, alternative: input.alternative },
    diagnostics: { method, nGenes: n, nSamples: matrix.nSamples, nTested, sampleScaling: effLib, deseq2: null, commonDispersion, dfPrior, warnings: nf.warnings },
  };
}

/**
 * Two-group differential expression `alternative` vs `reference`.
 *
 * - `deseq2`: `runDeseq2` (median-of-ratios, Cox–Reid dispersions, parametric trend, MAP, Wald,
 *   Cook's, independent filtering at alpha 0.1, BH). @see DESeq2 `DESeq` + `results`
 * - `edger`: `filterByExpr` → TMM → common dispersion → `exactTest` (BH over kept genes). The
 *   trended/tagwise dispersions of `estimateDisp` are not implemented: the common dispersion is
 *   used for every gene. @see edgeR `exactTest`
 * - `voom`: `filterByExpr` → TMM → `voom` → `lmFit` → `eBayes` → coefficient 2.
 *   @see limma `voom`, `eBayes`, `topTable`
 */
export function runDifferentialExpression(input: TwoGroupCounts, options: DifferentialExpressionOptions = {}): DifferentialExpressionResult {
  const method = options.method ?? 'deseq2';
  if (!DE_METHODS.includes(method)) {
    throw new HccError('E_OPTION', `unknown differential-expression method "${String(method)}"`, {
      issues: [issueError('bad_option', ['method'], `unknown method "${String(method)}"`, { expected: DE_METHODS.join(' | '), received: String(method) })],
    });
  }
  if (method !== 'deseq2') return runEdgerOrVoom(input, method);
  const fit = runDeseq2(input, options.deseq2);
  const g = fit.genes;
  let nTested = 0;
  for (let i = 0; i < g.pvalue.length; i++) if (Number.isFinite(g.pvalue[i])) nTested++;
  return {
    table: {
      method,
      geneIds: g.geneIds,
      baseMean: g.baseMean,
      log2FoldChange: g.log2FoldChange,
      stat: g.stat,
      pvalue: g.pvalue,
      padj: g.padj,
      reference: input.reference,
      alternative: input.alternative,
    },
    diagnostics: {
      method,
      nGenes: input.matrix.nGenes,
      nSamples: input.matrix.nSamples,
      nTested,
      sampleScaling: fit.diagnostics.sizeFactors,
      deseq2: fit.diagnostics,
      commonDispersion: null,
      dfPrior: null,
      warnings: fit.diagnostics.warnings,
    },
  };
}

