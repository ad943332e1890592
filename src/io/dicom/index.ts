export * from './transfer-syntax.js';
export * from './parse-file.js';
export * from './decode-frame.js';
export * from './slice-geometry.js';
export * from './group-series.js';
export * from './read-dicom-series.js';
export * from './read-dicom-folder.js';
export * from './write-dicom-series.js';
export { decodeRleFrame } from './rle.js';
