import { createRequire } from 'node:module';
import { HccError } from '../../core/errors.js';
import type { Mask } from '../../core/volume.js';
import { indexToWorld } from '../../core/volume.js';
import { sliceContours } from './marching-squares.js';

/** The part of dcmjs used here (dcmjs ships no type declarations). */
interface DcmjsData {
  DicomMetaDictionary: { denaturalizeDataset(ds: Record<string, unknown>): Record<string, unknown> };
  DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer };
}
let dcmjsData: DcmjsData | undefined;
function dcmjs(): DcmjsData {
  dcmjsData ??= (createRequire(import.meta.url)('dcmjs') as { data: DcmjsData }).data;
  return dcmjsData;
}

const RT_STRUCTURE_SET_STORAGE = '1.2.840.10008.5.1.4.1.1.481.3';
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** One ROI to write: the voxels of the mask whose label is in `labels`. */
export interface RtRoiSpec {
  readonly name: string;
  readonly labels: readonly number[];
  /** RTROIInterpretedType, e.g. ORGAN, GTV. */
  readonly interpretedType: string;
  readonly colour: readonly [number, number, number];
}

/** Options of {@link writeRtStruct}. */
export interface WriteRtStructOptions {
  readonly rois: readonly RtRoiSpec[];
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly frameOfReferenceUid: string;
  /** Image series the contours were drawn on, and the SOP instance UID of its slice k (for ContourImageSequence). */
  readonly referencedSeriesInstanceUid: string;
  readonly referencedSopInstanceUid: (k: number) => string;
  /** Extra naturalised attributes (patient identity, SeriesDescription, ImageComments …). */
  readonly extraAttributes?: Readonly<Record<string, unknown>>;
}

/** Result of {@link writeRtStruct}. */
export interface WriteRtStructResult {
  readonly bytes: Uint8Array;
  /** ROI name → number of contours written (ROIs without voxels are left out). */
  readonly contours: Readonly<Record<string, number>>;
}

/** A DS value: 4 decimals (0.1 µm) keeps every coordinate within DICOM's 16 characters. */
function ds(x: number): number {
  const v = Math.round(x * 1e4) / 1e4;
  return Object.is(v, -0) ? 0 : v;
}

/**
 * Write a label mask as an RT Structure Set: per ROI and per slice, the closed planar contours of
 * marching squares (`sliceContours`) in patient LPS mm on the slice plane, each referencing the
 * image slice it lies on. Filling them back with the even-odd rule at voxel centres (io's
 * `rtStructToMask`) reproduces the voxels of each ROI; painting ROIs in increasing label order then
 * reproduces the label map. ROIs with no voxel are left out. Explicit VR little endian, Part 10.
 * @see DICOM PS3.3 C.8.8.5 Structure Set, C.8.8.6 ROI Contour.
 */
export function writeRtStruct(mask: Mask, options: WriteRtStructOptions): WriteRtStructResult {
  if (options.rois.length === 0) throw new HccError('E_OPTION', 'writeRtStruct: no ROI to write');
  const [nx, ny, nz] = mask.shape;
  const per = nx * ny;
  const roiItems: Record<string, unknown>[] = [];
  const contourItems: Record<string, unknown>[] = [];
  const observations: Record<string, unknown>[] = [];
  const counts: Record<string, number> = {};
  const images = new Set<number>();
  options.rois.forEach((roi) => {
    const set = new Set(roi.labels);
    const seq: Record<string, unknown>[] = [];
    for (let k = 0; k < nz; k++) {
      const slice = mask.data.subarray(k * per, (k + 1) * per);
      let any = false;
      for (let v = 0; v < per && !any; v++) any = set.has(slice[v]);
      if (!any) continue;
      for (const loop of sliceContours(slice, nx, ny, (v) => set.has(v))) {
        const data: number[] = [];
        for (let q = 0; q < loop.length; q += 2) for (const c of indexToWorld(mask, [loop[q], loop[q + 1], k])) data.push(ds(c));
        seq.push({
          ContourGeometricType: 'CLOSED_PLANAR',
          NumberOfContourPoints: loop.length / 2,
          ContourData: data,
          ContourImageSequence: [{ ReferencedSOPClassUID: CT_IMAGE_STORAGE, ReferencedSOPInstanceUID: options.referencedSopInstanceUid(k) }],
        });
        images.add(k);
      }
    }
    if (seq.length === 0) return;
    const number = roiItems.length + 1;
    counts[roi.name] = seq.length;
    roiItems.push({ ROINumber: number, ReferencedFrameOfReferenceUID: options.frameOfReferenceUid, ROIName: roi.name, ROIGenerationAlgorithm: 'AUTOMATIC' });
    contourItems.push({ ReferencedROINumber: number, ROIDisplayColor: [...roi.colour], ContourSequence: seq });
    observations.push({ ObservationNumber: number, ReferencedROINumber: number, RTROIInterpretedType: roi.interpretedType, ROIInterpreter: '' });
  });
  if (roiItems.length === 0) throw new HccError('E_OPTION', 'writeRtStruct: every ROI is empty');
  const ds0: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: RT_STRUCTURE_SET_STORAGE,
    SOPInstanceUID: options.sopInstanceUid,
    Modality: 'RTSTRUCT',
    StudyInstanceUID: options.studyInstanceUid,
    SeriesInstanceUID: options.seriesInstanceUid,
    SeriesNumber: '100',
    InstanceNumber: '1',
    StructureSetLabel: 'SYNTHETIC',
    StructureSetName: 'liver-tumour',
    ReferencedFrameOfReferenceSequence: [{
      FrameOfReferenceUID: options.frameOfReferenceUid,
      RTReferencedStudySequence: [{
        ReferencedSOPClassUID: '1.2.840.10008.3.1.2.3.1',
        ReferencedSOPInstanceUID: options.studyInstanceUid,
        RTReferencedSeriesSequence: [{
          SeriesInstanceUID: options.referencedSeriesInstanceUid,
          ContourImageSequence: [...images].sort((a, b) => a - b).map((k) => ({ ReferencedSOPClassUID: CT_IMAGE_STORAGE, ReferencedSOPInstanceUID: options.referencedSopInstanceUid(k) })),
        }],
      }],
    }],
    StructureSetROISequence: roiItems,
    ROIContourSequence: contourItems,
    RTROIObservationsSequence: observations,
    ...options.extraAttributes,
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs();
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: RT_STRUCTURE_SET_STORAGE,
    MediaStorageSOPInstanceUID: options.sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_LE,
    ImplementationClassUID: '2.25.98765432109876543210',
    ImplementationVersionName: 'MMF-HCC',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds0);
  return { bytes: new Uint8Array(dict.write()), contours: counts };
}
