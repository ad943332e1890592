export * from './read-nifti.js';
export * from './write-nifti.js';
export type { NiftiAffine, LpsGeometry } from './nifti-affine.js';
export { lpsToRasAffine, rasAffineToLps } from './nifti-affine.js';
export type { NiftiScaling } from './nifti-datatypes.js';
