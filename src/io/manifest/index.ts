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
export { readManifest, readManifestBoth } from './read-manifest.js';
export type { FollowUpRow } from './follow-up.js';
export { followUpBySplit, roundForMessage, formatTime, timeUnitWarnings, PLAUSIBLE_TIMES } from './follow-up.js';
export type { PhasePresence, CohortWarningsInput } from './cohort-warnings.js';
export { cohortWarnings, phasePresence, MIN_CENTRE_PATIENTS } from './cohort-warnings.js';
export type { ImagingCell, ImagingCells } from './image-files.js';
export { checkImagingFiles, MASK_EMPTINESS_MAX_BYTES } from './image-files.js';
export { suggestColumn } from './suggest-column.js';
