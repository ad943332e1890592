export * from './profile-table.js';
export * from './keyed-hash.js';
export * from './shift-date.js';
export * from './deidentify-dataset.js';
export * from './pseudonym-table.js';
export * from './sanitiser.js';
export * from './import-dicom.js';
export * from './deidentify-file.js';
