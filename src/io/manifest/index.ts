/** Cohort manifests: the documented description of a study's patients, files and outcomes, validated up front. */
export * from './schema.js';
export { parseSplitValue, patientUniform, splitByCentre } from './split.js';
export { SYNTHETIC_FILES, SYNTHETIC_VARIABLES, isSyntheticCohortFolder, syntheticManifest } from './synthetic-layout.js';
export type { LoadedDescriptor } from './load-descriptor.js';
export { MANIFEST_FILE, loadManifestDescriptor } from './load-descriptor.js';
export type { ColumnSource, JoinedColumns } from './join-tables.js';
export { joinTables } from './join-tables.js';
export { RESPONSE_VALUES } from './validate-rows.js';
export type { StudyCohort, ReadManifestOptions } from './read-manifest.js';
export { readManifest } from './read-manifest.js';
