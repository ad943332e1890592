// Build small DICOM-SEG objects with dcmjs for tests: frames, positions and segments are given
// explicitly so that a test controls every byte the reader sees.
import { createRequire } from 'node:module';

interface DcmjsData {
  DicomMetaDictionary: { denaturalizeDataset(ds: Record<string, unknown>): Record<string, unknown> };
  DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer };
}
const dcmjs = (createRequire(import.meta.url)('dcmjs') as { data: DcmjsData }).data;

export interface SegFixtureFrame {
  /** ImagePositionPatient, LPS mm. */
  readonly position: readonly [number, number, number];
  readonly segment: number;
  /** rows × columns values, x-fastest: 0/1 for BINARY, 0..max for FRACTIONAL. */
  readonly values: readonly number[] | Uint8Array;
}

export interface SegFixture {
  readonly rows: number;
  readonly columns: number;
  readonly type: 'BINARY' | 'FRACTIONAL';
  readonly segments: readonly { number: number; label?: string; typeMeaning?: string }[];
  readonly frames: readonly SegFixtureFrame[];
  readonly orientation?: readonly number[];
  /** [row spacing, column spacing] mm. */
  readonly pixelSpacing?: readonly [number, number];
  readonly spacingBetweenSlices?: number;
  readonly maxFractional?: number;
  readonly transferSyntax?: string;
  /** Leave NumberOfFrames out (as pydicom's truncated liver sample does). */
  readonly omitNumberOfFrames?: boolean;
  /** Keep only this many bytes of pixel data. */
  readonly truncatePixelBytes?: number;
  readonly sopClassUid?: string;
}

export function buildSeg(f: SegFixture): Uint8Array {
  const size = f.rows * f.columns;
  let pixels: Uint8Array;
  if (f.type === 'BINARY') {
    const nbits = size * f.frames.length;
    pixels = new Uint8Array(Math.ceil(nbits / 8) + (Math.ceil(nbits / 8) % 2));
    f.frames.forEach((fr, k) => {
      for (let n = 0; n < size; n++) if (fr.values[n]) pixels[(k * size + n) >> 3] |= 1 << ((k * size + n) & 7);
    });
  } else {
    pixels = new Uint8Array(size * f.frames.length + ((size * f.frames.length) % 2));
    f.frames.forEach((fr, k) => pixels.set(Array.from(fr.values), k * size));
  }
  if (f.truncatePixelBytes !== undefined) pixels = pixels.slice(0, f.truncatePixelBytes);
  const sop = f.sopClassUid ?? '1.2.840.10008.5.1.4.1.1.66.4';
  const ds: Record<string, unknown> = {
    _vrMap: { PixelData: 'OB' },
    SOPClassUID: sop,
    SOPInstanceUID: '2.25.1001',
    Modality: sop === '1.2.840.10008.5.1.4.1.1.66.4' ? 'SEG' : 'CT',
    Rows: f.rows,
    Columns: f.columns,
    BitsAllocated: f.type === 'BINARY' ? 1 : 8,
    BitsStored: f.type === 'BINARY' ? 1 : 8,
    HighBit: f.type === 'BINARY' ? 0 : 7,
    PixelRepresentation: 0,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    SegmentationType: f.type,
    SegmentSequence: f.segments.map((s) => ({
      SegmentNumber: s.number,
      ...(s.label !== undefined ? { SegmentLabel: s.label } : {}),
      ...(s.typeMeaning !== undefined ? { SegmentedPropertyTypeCodeSequence: [{ CodeValue: 'X', CodingSchemeDesignator: '99TEST', CodeMeaning: s.typeMeaning }] } : {}),
    })),
    SharedFunctionalGroupsSequence: [{
      PlaneOrientationSequence: [{ ImageOrientationPatient: f.orientation ?? [1, 0, 0, 0, 1, 0] }],
      PixelMeasuresSequence: [{ PixelSpacing: f.pixelSpacing ?? [1, 1], ...(f.spacingBetweenSlices !== undefined ? { SpacingBetweenSlices: f.spacingBetweenSlices } : {}) }],
    }],
    PerFrameFunctionalGroupsSequence: f.frames.map((fr) => ({
      PlanePositionSequence: [{ ImagePositionPatient: [...fr.position] }],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: fr.segment }],
    })),
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)],
  };
  if (f.type === 'FRACTIONAL') {
    ds.MaximumFractionalValue = f.maxFractional ?? 255;
    ds.SegmentationFractionalType = 'PROBABILITY';
  }
  if (!f.omitNumberOfFrames) ds.NumberOfFrames = f.frames.length;
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sop,
    MediaStorageSOPInstanceUID: '2.25.1001',
    TransferSyntaxUID: f.transferSyntax ?? '1.2.840.10008.1.2.1',
    ImplementationClassUID: '2.25.1',
  };
  const dict = new dcmjs.DicomDict(dcmjs.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.DicomMetaDictionary.denaturalizeDataset(ds);
  return new Uint8Array(dict.write());
}
