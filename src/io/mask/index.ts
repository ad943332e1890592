/** Masks: label maps, DICOM-SEG, RTSTRUCT contours, and the image/mask grid check. */
export { maskFromLabelVolume, countMaskVoxels } from './label-map.js';
export type { LabelMapOptions, LabelMapResult, LabelCount } from './label-map.js';
export { readDicomSeg, SEGMENTATION_STORAGE_UID } from './read-dicom-seg.js';
export type { ReadDicomSegOptions, DicomSegResult, DicomSegSegment } from './read-dicom-seg.js';
export { writeDicomSeg } from './write-dicom-seg.js';
export type { WriteDicomSegOptions, WriteDicomSegResult } from './write-dicom-seg.js';
export { readRtStruct, firstReferencedImage, RT_STRUCTURE_SET_STORAGE_UID } from './read-rtstruct.js';
export type { RtStructureSet, RtRoi, RtContour } from './read-rtstruct.js';
export { rasterisePlanarContours } from './rasterise-contours.js';
export type { RasteriseContoursOptions, RasteriseContoursResult } from './rasterise-contours.js';
export { rtStructToMask } from './rtstruct-to-mask.js';
export type { RtStructToMaskOptions, RtStructMaskResult, RtRoiRaster } from './rtstruct-to-mask.js';
export { readNiftiMask } from './read-nifti-mask.js';
export type { ReadNiftiMaskOptions, NiftiMaskResult } from './read-nifti-mask.js';
export { checkMaskGrid, assertMaskOnImageGrid, MASK_GRID_TOLERANCE } from './mask-grid.js';
export type { GridPairSources } from './mask-grid.js';
