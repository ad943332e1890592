// Public API of the synthetic-cohort stage (tabular part: clinical, outcomes, follow-up, RNA-seq, oracle).
export * from './config.js';
export * from './clinical-model.js';
export * from './clinical.js';
export * from './imaging-traits.js';
export * from './outcomes.js';
export * from './followup.js';
export * from './gene-universe.js';
export * from './rnaseq.js';
export * from './cohort.js';
export * from './tables.js';
export * from './oracle.js';
export * from './write-cohort.js';
export * from './cohort-completion.js';
export * from './phantom/index.js';
export { gammaVariate, poissonVariate } from './variates.js';
