export * from './tumour-stack.js';
export * from './build-dataset.js';
export * from './patient-list.js';
export * from './subset.js';
export * from './manifest-list.js';
