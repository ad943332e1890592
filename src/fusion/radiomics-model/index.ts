// (3) The radiomics comparator: regions, cached per-patient extraction, redundancy filter, LASSO-Cox score.
export * from './settings.js';
export * from './regions.js';
export * from './extract-cohort.js';
export * from './redundancy.js';
export * from './radiomics-model.js';
export * from './extract-parallel.js';
