/** DESeq2-faithful differential expression for `~ group` (DESeq2 1.38.3 behaviour). */
export { runDeseq2, Deseq2OptionsSchema } from './deseq.js';
export type { Deseq2Options, Deseq2Result, Deseq2Genes, Deseq2Diagnostics } from './deseq.js';
export type { DeseqData } from './design.js';
export { estimateSizeFactors, baseMeansAndVariances } from './size-factors.js';
export type { SizeFactorResult, BaseMeans } from './size-factors.js';
export { estimateGeneWiseDispersions, DEFAULT_DISPERSION_OPTIONS } from './dispersion-gene.js';
export type { GeneWiseDispersions, DispersionOptions } from './dispersion-gene.js';
export { fitDispersionTrend, parametricDispersionFit } from './dispersion-trend.js';
export type { DispersionTrend, DispersionFitType } from './dispersion-trend.js';
export { dispersionPriorVariance, estimateMapDispersions } from './dispersion-map.js';
export type { MapDispersions } from './dispersion-map.js';
export { fitNbGlm, DEFAULT_NB_GLM_OPTIONS } from './nb-glm.js';
export type { NbGlmFit, NbGlmOptions } from './nb-glm.js';
export { cooksDistances, maxCooksDistance, cooksOutlierGenes, defaultCooksCutoff, replaceOutlierCounts } from './cooks.js';
export { independentFiltering } from './independent-filtering.js';
export type { IndependentFilteringResult } from './independent-filtering.js';
