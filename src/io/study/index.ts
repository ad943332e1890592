/** Multi-phase studies: phase identification and alignment of phases onto one reference grid. */
export { CONTRAST_PHASES, PHASE_KEYWORDS, PHASE_TIMING_BANDS_S, identifyPhase, parsePhaseName, delayFromDescription, phaseFromDelay, secondsOfDicomTime } from './phase.js';
export type { ContrastPhase, PhaseEvidence, PhaseIdentification } from './phase.js';
export { assembleStudy } from './assemble-study.js';
export type { StudySeries, AssembleStudyOptions, StudyPhase, AssembledStudy } from './assemble-study.js';
export { classifyImagingPath, firstDicomFile, looksLikeDicomFile } from './imaging-path.js';
export type { ImagingPathKind } from './imaging-path.js';
export { parseMaskLabels, formatMaskLabels, MASK_LABELS_COLUMN } from './mask-label-map.js';
export type { MaskLabelMap } from './mask-label-map.js';
export { IMAGE_IMPORT_VERSION, imageImportDir } from './image-cache.js';
export type { ImportedSidecar } from './image-cache.js';
export { importDicomSeries } from './convert-series.js';
export type { SeriesImport } from './convert-series.js';
export { importDicomMask } from './convert-mask.js';
export type { MaskImport, MaskReference } from './convert-mask.js';
export { imagingRowsOfTable, importImagingRows } from './import-imaging-rows.js';
export type { ImagingColumns, ImagingRow, ImagingRowsImport, ImportImagingRowsOptions } from './import-imaging-rows.js';
export { importCohortImages } from './import-cohort-images.js';
export type { CohortImagesImport, ImportCohortImagesOptions } from './import-cohort-images.js';
