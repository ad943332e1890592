/** Public API of the genomics stage. Helpers append their export lines below. */
export * from './count-matrix.js';
export * from './multiple-testing.js';
export * from './deseq2/index.js';
export * from './gene-sets.js';
export * from './gene-ids.js';
export * from './enrichment/index.js';
export * from './design-matrix.js';
export * from './special-functions.js';
export * from './edger/index.js';
export * from './limma/index.js';
export * from './analysis/index.js';
