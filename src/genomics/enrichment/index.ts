/** Public API of gene-set enrichment: over-representation, pre-ranked GSEA, cameraPR, rank-sum gene-set tests. */
export * from './hypergeometric.js';
export * from './ora.js';
export * from './ranked-list.js';
export * from './running-sum.js';
export * from './gsea.js';
export * from './rank-sum.js';
export * from './camera-pr.js';
