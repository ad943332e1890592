import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { HccError } from '../../core/errors.js';
import type { Mask } from '../../core/volume.js';
import { indexToWorld } from '../../core/volume.js';
import { packBits } from './bit-packing.js';
import { EXPLICIT_VR_BIG_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN } from './dicom-access.js';
import { SEGMENTATION_STORAGE_UID } from './read-dicom-seg.js';

/** The part of dcmjs used here (dcmjs ships no type declarations). */
interface DcmjsData {
  DicomMetaDictionary: { denaturalizeDataset(ds: Record<string, unknown>): Record<string, unknown> };
  DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer };
}
// dcmjs's CommonJS build; loaded lazily so readers do not pay for it.
let dcmjsData: DcmjsData | undefined;
function dcmjs(): DcmjsData {
  dcmjsData ??= (createRequire(import.meta.url)('dcmjs') as { data: DcmjsData }).data;
  return dcmjsData;
}

/** Options for {@link writeDicomSeg}. */
export interface WriteDicomSegOptions {
  /** Labels to write (default: every label in the table); each becomes one segment, numbered 1.. in this order. */
  readonly labels?: readonly number[];
  /** Byte order of the file (default little endian). */
  readonly byteOrder?: 'little' | 'big';
  /** Omit frames with no set voxel, as dcmqi does (default true). */
  readonly skipEmptyFrames?: boolean;
  readonly seriesDescription?: string;
  /** UIDs to link the SEG with its image; generated deterministically from the mask content when absent. */
  readonly studyInstanceUid?: string;
  readonly frameOfReferenceUid?: string;
}

/** Result of {@link writeDicomSeg}. */
export interface WriteDicomSegResult {
  readonly bytes: Uint8Array;
  readonly frames: number;
  /** Segment number → label value written. */
  readonly segmentLabels: Readonly<Record<number, number>>;
}

/** Round to the most digits a DICOM DS value (16 characters) can hold. */
function decimalString(x: number): number {
  for (let digits = 15; digits > 1; digits--) {
    const v = Number(x.toPrecision(digits));
    if (String(v).length <= 16) return v;
  }
  return Number(x.toPrecision(1));
}

function uidFrom(seed: string, salt: string): string {
  const h = createHash('sha256').update(salt).update(seed).digest('hex').slice(0, 30);
  return '2.25.' + BigInt('0x' + h).toString(10);
}

/**
 * Write a {@link Mask} as a BINARY DICOM Segmentation: one segment per label (SegmentLabel = the
 * label's name), one 1-bit frame per (segment, slice) with PlanePositionSequence > ImagePositionPatient
 * = world position of voxel (0, 0, k), shared ImageOrientationPatient from the mask's direction
 * (i and j axes) and PixelSpacing [spacing_j, spacing_i]. Frames are packed without byte padding
 * between them. Patient/study identifying attributes are left empty (the object carries no identity).
 * Intended for round-trip tests and exchanging masks; it does not copy the source image's
 * attributes (no SourceImageSequence), which clinical viewers may want.
 */
export function writeDicomSeg(mask: Mask, options: WriteDicomSegOptions = {}): WriteDicomSegResult {
  const labels = options.labels ?? Object.keys(mask.labels).map(Number).sort((a, b) => a - b);
  if (labels.length === 0) throw new HccError('E_OPTION', 'writeDicomSeg: the mask has no labels to write');
  for (const l of labels) if (mask.labels[l] === undefined) throw new HccError('E_OPTION', `writeDicomSeg: label ${l} is not in the mask's label table`);
  const [nx, ny, nz] = mask.shape;
  const sliceSize = nx * ny;
  const d = mask.direction;
  const seed = createHash('sha256').update(mask.data).update(JSON.stringify([mask.shape, mask.spacing, mask.origin, mask.direction, labels])).digest('hex');
  const frameBits: Uint8Array[] = [];
  const perFrame: Record<string, unknown>[] = [];
  const segmentLabels: Record<number, number> = {};
  labels.forEach((label, s) => {
    segmentLabels[s + 1] = label;
    for (let k = 0; k < nz; k++) {
      const bits = new Uint8Array(sliceSize);
      let any = false;
      for (let n = 0; n < sliceSize; n++) {
        if (mask.data[k * sliceSize + n] === label) {
          bits[n] = 1;
          any = true;
        }
      }
      if (!any && (options.skipEmptyFrames ?? true)) continue;
      frameBits.push(bits);
      perFrame.push({
        FrameContentSequence: [{ DimensionIndexValues: [s + 1, k + 1] }],
        PlanePositionSequence: [{ ImagePositionPatient: indexToWorld(mask, [0, 0, k]).map(decimalString) }],
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: s + 1 }],
      });
    }
  });
  const all = new Uint8Array(frameBits.length * sliceSize);
  frameBits.forEach((b, f) => all.set(b, f * sliceSize));
  const packed = packBits(all);
  const sopInstanceUid = uidFrom(seed, 'sop');
  const ds: Record<string, unknown> = {
    _vrMap: { PixelData: 'OB' },
    SOPClassUID: SEGMENTATION_STORAGE_UID,
    SOPInstanceUID: sopInstanceUid,
    Modality: 'SEG',
    PatientName: '',
    PatientID: '',
    StudyInstanceUID: options.studyInstanceUid ?? uidFrom(seed, 'study'),
    SeriesInstanceUID: uidFrom(seed, 'series'),
    FrameOfReferenceUID: options.frameOfReferenceUid ?? uidFrom(seed, 'for'),
    SeriesDescription: options.seriesDescription ?? 'mask',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ny,
    Columns: nx,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    NumberOfFrames: frameBits.length,
    SegmentSequence: labels.map((label, s) => ({ SegmentNumber: s + 1, SegmentLabel: mask.labels[label], SegmentAlgorithmType: 'MANUAL' })),
    SharedFunctionalGroupsSequence: [{
      PlaneOrientationSequence: [{ ImageOrientationPatient: [d[0], d[3], d[6], d[1], d[4], d[7]].map(decimalString) }],
      PixelMeasuresSequence: [{ PixelSpacing: [mask.spacing[1], mask.spacing[0]].map(decimalString), SliceThickness: decimalString(mask.spacing[2]), SpacingBetweenSlices: decimalString(mask.spacing[2]) }],
    }],
    PerFrameFunctionalGroupsSequence: perFrame,
    PixelData: [packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength)],
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SEGMENTATION_STORAGE_UID,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: options.byteOrder === 'big' ? EXPLICIT_VR_BIG_ENDIAN : EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: '2.25.1',
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs();
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  return { bytes: new Uint8Array(dict.write()), frames: frameBits.length, segmentLabels };
}
