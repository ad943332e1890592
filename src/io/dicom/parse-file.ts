import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { HccError } from '../../core/errors.js';
import type { Vec3 } from '../../core/geometry.js';
import { issueError } from '../../core/issues.js';

/** The attributes of one DICOM file the series reader needs (nothing identifying beyond UIDs). */
export interface DicomFileHeader {
  /** Path (or label) the file was read from. */
  readonly file: string;
  readonly transferSyntaxUid: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly modality: string;
  readonly imageType: readonly string[];
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly pixelRepresentation: number;
  readonly samplesPerPixel: number;
  readonly photometricInterpretation: string;
  readonly numberOfFrames: number;
  /** (0028,0030) as stored: [row spacing (between rows, mm), column spacing (between columns, mm)]. */
  readonly pixelSpacing: readonly [number, number] | null;
  readonly imagePositionPatient: Vec3 | null;
  /** (0020,0037): row direction cosines then column direction cosines. */
  readonly imageOrientationPatient: readonly number[] | null;
  readonly sliceThickness: number | null;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  readonly instanceNumber: number | null;
  readonly hasPixelData: boolean;
  readonly burnedInAnnotation: string;
}

/** A parsed file: header plus the parser's data set, kept to extract pixel data later. */
export interface ParsedDicomFile {
  readonly header: DicomFileHeader;
  readonly dataSet: DataSet;
}

const IMPLICIT_LE = '1.2.840.10008.1.2';

function parseError(e: unknown): string {
  if (e && typeof e === 'object' && 'exception' in e) return String((e as { exception: unknown }).exception);
  return e instanceof Error ? e.message : String(e);
}

/** dicom-parser's hook for the deflated syntax: inflate everything after the meta header. */
function inflate(bytes: Uint8Array, position: number): Uint8Array {
  const body = inflateRawSync(bytes.subarray(position));
  const out = new Uint8Array(position + body.length);
  out.set(bytes.subarray(0, position), 0);
  out.set(body, position);
  return out;
}

function hasPreamble(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

function numbers(ds: DataSet, tag: string): number[] | null {
  const s = ds.string(tag);
  if (s === undefined || s.trim() === '') return null;
  const v = s.split('\\').map((x) => Number(x.trim()));
  return v.every(Number.isFinite) ? v : null;
}

function num(ds: DataSet, tag: string): number | null {
  const v = numbers(ds, tag);
  return v && v.length ? v[0] : null;
}

function us(ds: DataSet, tag: string, fallback: number): number {
  return ds.elements[tag] && ds.elements[tag].length >= 2 ? (ds.uint16(tag) ?? fallback) : fallback;
}

/**
 * Parse a DICOM file's bytes (Part-10 with preamble, or a bare implicit-little-endian data set) and
 * extract the header the series reader needs. Throws `HccError('E_IO')` carrying a
 * `dicom_unreadable` issue whose path names the file when the bytes are not a readable DICOM
 * object (truncated, corrupt, or not DICOM at all); pixel data that runs past the end of the file is
 * reported the same way.
 */
export function parseDicomBytes(bytes: Uint8Array, file: string): ParsedDicomFile {
  let dataSet: DataSet;
  try {
    dataSet = hasPreamble(bytes)
      ? dicomParser.parseDicom(bytes, { inflater: inflate } as never)
      : dicomParser.parseDicom(bytes, { TransferSyntaxUID: IMPLICIT_LE } as never);
  } catch (e) {
    const why = parseError(e);
    throw new HccError('E_IO', `${file}: not a readable DICOM file (${why})`, {
      cause: e instanceof Error ? e : undefined,
      issues: [issueError('dicom_unreadable', ['file', file], `cannot parse DICOM: ${why}`, { expected: 'a complete DICOM Part-10 file', received: `${bytes.length} bytes` })],
    });
  }
  if (!hasPreamble(bytes) && dataSet.string('x00080016') === undefined && dataSet.string('x0020000e') === undefined) {
    throw new HccError('E_IO', `${file}: not a DICOM file (no preamble and no SOP Class / Series UID)`, {
      issues: [issueError('dicom_unreadable', ['file', file], 'not a DICOM file: no "DICM" preamble and no DICOM identifiers', { expected: 'a DICOM Part-10 file' })],
    });
  }
  const px = dataSet.elements.x7fe00010;
  if (px && !px.encapsulatedPixelData && px.dataOffset + px.length > dataSet.byteArray.length) {
    throw new HccError('E_IO', `${file}: pixel data truncated`, {
      issues: [issueError('dicom_unreadable', ['file', file], 'pixel data runs past the end of the file (truncated)', { expected: `${px.length} bytes of pixel data`, received: `${dataSet.byteArray.length - px.dataOffset}` })],
    });
  }
  const pixelSpacing = numbers(dataSet, 'x00280030');
  const ipp = numbers(dataSet, 'x00200032');
  const iop = numbers(dataSet, 'x00200037');
  const header: DicomFileHeader = {
    file,
    transferSyntaxUid: dataSet.string('x00020010')?.trim() || IMPLICIT_LE,
    sopClassUid: dataSet.string('x00080016')?.trim() ?? '',
    sopInstanceUid: dataSet.string('x00080018')?.trim() ?? '',
    studyInstanceUid: dataSet.string('x0020000d')?.trim() ?? '',
    seriesInstanceUid: dataSet.string('x0020000e')?.trim() ?? '',
    frameOfReferenceUid: dataSet.string('x00200052')?.trim() ?? '',
    modality: dataSet.string('x00080060')?.trim() ?? '',
    imageType: (dataSet.string('x00080008') ?? '').split('\\').map((s) => s.trim().toUpperCase()),
    rows: us(dataSet, 'x00280010', 0),
    columns: us(dataSet, 'x00280011', 0),
    bitsAllocated: us(dataSet, 'x00280100', 16),
    bitsStored: us(dataSet, 'x00280101', us(dataSet, 'x00280100', 16)),
    pixelRepresentation: us(dataSet, 'x00280103', 0),
    samplesPerPixel: us(dataSet, 'x00280002', 1),
    photometricInterpretation: dataSet.string('x00280004')?.trim() ?? 'MONOCHROME2',
    numberOfFrames: num(dataSet, 'x00280008') ?? 1,
    pixelSpacing: pixelSpacing && pixelSpacing.length >= 2 ? [pixelSpacing[0], pixelSpacing[1]] : null,
    imagePositionPatient: ipp && ipp.length >= 3 ? [ipp[0], ipp[1], ipp[2]] : null,
    imageOrientationPatient: iop && iop.length >= 6 ? iop.slice(0, 6) : null,
    sliceThickness: num(dataSet, 'x00180050'),
    rescaleSlope: num(dataSet, 'x00281053') ?? 1,
    rescaleIntercept: num(dataSet, 'x00281052') ?? 0,
    instanceNumber: num(dataSet, 'x00200013'),
    hasPixelData: px !== undefined,
    burnedInAnnotation: dataSet.string('x00280301')?.trim().toUpperCase() ?? '',
  };
  return { header, dataSet };
}

/** Modalities that never hold a CT/MR image volume (segmentations, structure sets, reports...). */
const NON_IMAGE_MODALITIES = new Set(['SEG', 'RTSTRUCT', 'RTPLAN', 'RTRECORD', 'RTDOSE', 'SR', 'PR', 'KO', 'REG', 'DOC', 'RWV', 'FID', 'PLAN']);

/** Why a parsed file is not a slice of an image volume, or null when it is one. */
export function whyNotImageSlice(h: DicomFileHeader): string | null {
  if (!h.hasPixelData) return `no pixel data (SOP class ${h.sopClassUid || 'unknown'}, modality ${h.modality || 'unknown'})`;
  if (NON_IMAGE_MODALITIES.has(h.modality)) return `modality ${h.modality} is not an image volume`;
  if (h.imageType.includes('LOCALIZER')) return 'localizer (scout) image';
  if (h.rows <= 0 || h.columns <= 0) return 'Rows/Columns missing';
  return null;
}
