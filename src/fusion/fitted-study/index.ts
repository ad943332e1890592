// Fitted study: train the study's models, keep what scoring NEW patients needs, and score them (`mmf train` / `mmf predict`).
export * from './types.js';
export * from './fit-study-models.js';
export * from './export-cox.js';
export * from './build.js';
export * from './predict.js';
export * from './predict-types.js';
export { fittedForestOf, fittedSurvivalAt } from './fitted-survival.js';
export * from './load.js';
export * from './train.js';
export * from './features-table.js';
export * from './deep-inputs.js';
export * from './export-forest.js';
export * from './export-radiomics.js';
export * from './radiomics-score.js';
export * from './radiomics-inputs.js';
export * from './image-cells.js';
export * from './risk-group-rule.js';
export * from './predictions-table.js';
