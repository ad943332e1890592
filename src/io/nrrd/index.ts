export * from './read-nrrd.js';
export * from './read-nrrd-mask.js';
