import { HccError } from '../../core/errors.js';
import { adjustBH } from '../multiple-testing.js';
import type { EBayesResult } from './ebayes.js';
import type { LinearModelFit } from './lm-fit.js';

/** One coefficient's moderated statistics for every gene, in gene order (limma `topTable(sort.by = "none")`). */
export interface CoefficientTable {
  readonly coef: number;
  readonly coefName: string;
  readonly logFC: Float64Array;
  readonly aveExpr: Float64Array;
  readonly t: Float64Array;
  readonly pValue: Float64Array;
  /** Benjamini–Hochberg adjusted P-values over all genes. */
  readonly adjPValue: Float64Array;
  readonly B: Float64Array;
}

/**
 * Extract one coefficient (0-based `coef`) from a fit and its `eBayes` statistics: logFC = β̂_gk,
 * AveExpr = Ā_g, moderated t, P.Value, adj.P.Val (BH) and B.
 * @see limma `topTable(fit, coef, number = Inf, sort.by = "none")`.
 */
export function coefficientTable(fit: LinearModelFit, eb: EBayesResult, coef: number): CoefficientTable {
  const { nGenes, nCoef } = fit;
  if (!Number.isInteger(coef) || coef < 0 || coef >= nCoef) throw new HccError('E_OPTION', `coefficientTable: coef must be 0..${nCoef - 1}, got ${coef}`);
  if (eb.nGenes !== nGenes || eb.nCoef !== nCoef) throw new HccError('E_INTERNAL', 'coefficientTable: eBayes result does not belong to this fit');
  const pick = (m: Float64Array): Float64Array => Float64Array.from({ length: nGenes }, (_, g) => m[g * nCoef + coef]);
  const pValue = pick(eb.pValue);
  return {
    coef,
    coefName: fit.design.columnNames[coef],
    logFC: pick(fit.coefficients),
    aveExpr: Float64Array.from(fit.amean),
    t: pick(eb.t),
    pValue,
    adjPValue: adjustBH(pValue),
    B: pick(eb.lods),
  };
}
