// Public API of the fusion stage: study settings, study state, comparator and MMF models, evaluation, the study run.
export * from './settings.js';
export * from './store.js';
export * from './cohort-data.js';
export * from './cox-model.js';
export * from './clinical-selection.js';
export * from './forest-model.js';
export * from './landmark.js';
export * from './fit-models.js';
export * from './evaluate.js';
export * from './evaluate-synthetic.js';
export * from './write-tables.js';
export * from './run-study.js';
export * from './harmonise/index.js';
export * from './radiomics-model/index.js';
export * from './report/index.js';
