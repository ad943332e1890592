// CT phantoms of the synthetic cohort: 3-phase contrast CT, masks, DICOM/NIfTI/SEG/RTSTRUCT writing, manifest.
export * from './image-config.js';
export * from './tissues.js';
export * from './anatomy.js';
export * from './tumour.js';
export * from './rasterise.js';
export * from './render.js';
export * from './phantom.js';
export * from './marching-squares.js';
export * from './write-rtstruct.js';
export * from './fake-identity.js';
export * from './write-patient-images.js';
export * from './write-cohort-images.js';
