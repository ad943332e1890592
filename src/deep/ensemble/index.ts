export * from './member-scores.js';
export * from './combiner.js';
export * from './ensemble-bundle.js';
export * from './forest-combiner.js';
