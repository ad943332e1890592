/** limma voom / limma-trend: linear models, empirical Bayes moderation (limma 3.54 behaviour). */
export { lowess } from './lowess.js';
export type { LowessOptions, LowessResult } from './lowess.js';
export { lmFit } from './lm-fit.js';
export type { LinearModelFit } from './lm-fit.js';
export { voom } from './voom.js';
export type { VoomOptions, VoomResult } from './voom.js';
export { naturalSplineBasis } from './natural-spline.js';
export { fitFDist, squeezeVar } from './squeeze-var.js';
export type { FDistFit, SqueezeVarResult } from './squeeze-var.js';
export { eBayes } from './ebayes.js';
export type { EBayesOptions, EBayesResult } from './ebayes.js';
export { coefficientTable } from './top-table.js';
export type { CoefficientTable } from './top-table.js';
