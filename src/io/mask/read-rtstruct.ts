import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import { decimalValues, integerValue, parseDicomBytes, sequenceItems, textValue } from './dicom-access.js';

/** SOP Class UID of RT Structure Set Storage. */
export const RT_STRUCTURE_SET_STORAGE_UID = '1.2.840.10008.5.1.4.1.1.481.3';

const T = {
  sopClass: 'x00080016', modality: 'x00080060', refFoRSeq: 'x30060010', forUid: 'x00200052',
  roiSeq: 'x30060020', roiNumber: 'x30060022', roiRefFoR: 'x30060024', roiName: 'x30060026',
  roiContourSeq: 'x30060039', refRoiNumber: 'x30060084', displayColor: 'x3006002a', contourSeq: 'x30060040',
  geomType: 'x30060042', nPoints: 'x30060046', contourData: 'x30060050', contourImageSeq: 'x30060016', refSopInstance: 'x00081155',
  observationsSeq: 'x30060080', interpretedType: 'x300600a4',
};

/** One contour: points (x, y, z) in patient LPS mm, flattened. */
export interface RtContour {
  /** CLOSED_PLANAR, OPEN_PLANAR, OPEN_NONPLANAR or POINT. */
  readonly geometricType: string;
  /** x0, y0, z0, x1, … in mm (LPS). */
  readonly points: Float64Array;
  /** ReferencedSOPInstanceUID of the image(s) the contour was drawn on, if stated. */
  readonly referencedSopInstanceUids: readonly string[];
}

/** One region of interest of a structure set. */
export interface RtRoi {
  readonly number: number;
  readonly name: string;
  readonly referencedFrameOfReferenceUid?: string;
  /** RTROIInterpretedType, e.g. ORGAN, GTV, EXTERNAL, ISOCENTER. */
  readonly interpretedType?: string;
  readonly displayColor?: readonly number[];
  readonly contours: readonly RtContour[];
}

/** A parsed RT Structure Set. */
export interface RtStructureSet {
  readonly source: string;
  /** FrameOfReferenceUIDs listed in ReferencedFrameOfReferenceSequence. */
  readonly frameOfReferenceUids: readonly string[];
  readonly rois: readonly RtRoi[];
  readonly warnings: readonly Issue[];
}

/**
 * Parse an RT Structure Set (RTSTRUCT): ROI numbers and names (StructureSetROISequence), their
 * contours (ROIContourSequence > ContourSequence: ContourGeometricType, ContourData as LPS mm
 * triples), the referenced frame of reference, interpreted types and display colours. Accepts files
 * without the Part-10 header (implicit VR little endian), as pydicom's rtstruct.dcm.
 *
 * NumberOfContourPoints differing from the ContourData length is a warning (the data win); ContourData
 * whose length is not a multiple of 3 or holds non-numbers is an error. Throws `HccError` `E_INPUT`
 * with issues (`bad_dicom`) naming the file when it is not a readable structure set.
 * @see DICOM PS3.3 C.8.8.5 Structure Set, C.8.8.6 ROI Contour.
 */
export function readRtStruct(bytes: Uint8Array, options: { source?: string } = {}): RtStructureSet {
  const source = options.source ?? 'RTSTRUCT';
  const { dataSet: ds } = parseDicomBytes(bytes, source);
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const sop = textValue(ds, T.sopClass);
  if (sop !== RT_STRUCTURE_SET_STORAGE_UID && textValue(ds, T.modality) !== 'RTSTRUCT') {
    throw new HccError('E_INPUT', `${source}: not an RT Structure Set`, { issues: [issueError('bad_dicom', [source, 'SOPClassUID'], 'not an RT Structure Set', { expected: RT_STRUCTURE_SET_STORAGE_UID, received: sop ?? 'absent' })] });
  }
  const frameOfReferenceUids = sequenceItems(ds, T.refFoRSeq).map((it) => textValue(it, T.forUid)).filter((u): u is string => u !== undefined);
  const interpreted = new Map<number, string>();
  for (const it of sequenceItems(ds, T.observationsSeq)) {
    const n = integerValue(it, T.refRoiNumber, 'IS');
    const t = textValue(it, T.interpretedType);
    if (n !== undefined && t !== undefined) interpreted.set(n, t);
  }
  const rois = new Map<number, { number: number; name: string; referencedFrameOfReferenceUid?: string; interpretedType?: string; displayColor?: number[]; contours: RtContour[] }>();
  sequenceItems(ds, T.roiSeq).forEach((it, idx) => {
    const n = integerValue(it, T.roiNumber, 'IS');
    if (n === undefined) {
      errors.push(issueError('bad_dicom', [source, 'StructureSetROISequence', idx + 1], 'ROI without ROINumber'));
      return;
    }
    rois.set(n, { number: n, name: textValue(it, T.roiName) ?? `ROI ${n}`, referencedFrameOfReferenceUid: textValue(it, T.roiRefFoR), interpretedType: interpreted.get(n), contours: [] });
  });
  sequenceItems(ds, T.roiContourSeq).forEach((it, idx) => {
    const n = integerValue(it, T.refRoiNumber, 'IS');
    const roi = n === undefined ? undefined : rois.get(n);
    if (!roi) {
      warnings.push(issueWarning('bad_dicom', [source, 'ROIContourSequence', idx + 1], 'contours refer to an ROI not in StructureSetROISequence; ignored', { received: String(n) }));
      return;
    }
    const colour = decimalValues(it, T.displayColor);
    if (colour.length === 3) roi.displayColor = colour;
    sequenceItems(it, T.contourSeq).forEach((c, ci) => {
      const path = [source, 'ROI', roi.name, 'contour', ci + 1];
      const values = decimalValues(c, T.contourData);
      if (values.length === 0 || values.length % 3 !== 0 || !values.every(Number.isFinite)) {
        errors.push(issueError('bad_dicom', path, 'ContourData is not a list of (x, y, z) coordinates', { expected: 'a multiple of 3 finite numbers', received: `${values.length} value(s)` }));
        return;
      }
      const declared = integerValue(c, T.nPoints, 'IS');
      if (declared !== undefined && declared !== values.length / 3) warnings.push(issueWarning('inferred_value', path, `NumberOfContourPoints is ${declared} but ContourData holds ${values.length / 3} points; the data were used`));
      const refs = sequenceItems(c, T.contourImageSeq).map((r) => textValue(r, T.refSopInstance)).filter((u): u is string => u !== undefined);
      roi.contours.push({ geometricType: (textValue(c, T.geomType) ?? 'CLOSED_PLANAR').toUpperCase(), points: Float64Array.from(values), referencedSopInstanceUids: refs });
    });
  });
  if (errors.length) throw new HccError('E_INPUT', `${source}: cannot read RT Structure Set: ${errors.map((e) => e.message).join('; ')}`, { issues: errors });
  return { source, frameOfReferenceUids, rois: [...rois.values()], warnings };
}

/** First contour image reference of a ROI, handy for linking to the image series. */
export function firstReferencedImage(roi: RtRoi): string | undefined {
  return roi.contours.find((c) => c.referencedSopInstanceUids.length > 0)?.referencedSopInstanceUids[0];
}
