export * from './nifti/index.js';
export * from './mask/index.js';
export * from './study/index.js';
export * from './dicom/index.js';
export * from './deidentify/index.js';
export * from './nrrd/index.js';
export * from './manifest/index.js';
