import { HccError } from '../../core/errors.js';
import { detMat3 } from '../../core/geometry.js';
import type { Volume } from '../../core/volume.js';
import { dcmjs } from './dcmjs-api.js';

/** Options of `writeDicomSeries`. */
export interface WriteDicomSeriesOptions {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
  /** Stored value = round(value - rescaleIntercept); default −1024 (CT convention). */
  readonly rescaleIntercept?: number;
  /** Extra naturalised attributes copied into every slice (e.g. PatientName), dcmjs keyword form. */
  readonly extraAttributes?: Readonly<Record<string, unknown>>;
}

/** One written slice. */
export interface WrittenDicomSlice {
  readonly sopInstanceUid: string;
  /** Slice index k this file holds. */
  readonly k: number;
  readonly bytes: Uint8Array;
}

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/**
 * Write an integer-valued volume (HU) as a CT Image series, one explicit-VR little-endian Part-10
 * file per k slice: IOP = direction columns 0 and 1, IPP_k = origin + k·spacing_k·direction column
 * 2, PixelSpacing = [spacing_j, spacing_i] (DICOM lists row spacing first), signed 16-bit stored
 * values with RescaleSlope 1. Throws `E_INPUT` when the direction is left-handed (DICOM's slice
 * normal is row × column, so k would read back reversed) or a value does not fit int16 after the
 * intercept. Used to build test series and to export volumes.
 */
export function writeDicomSeries(volume: Volume<Int16Array | Float32Array>, options: WriteDicomSeriesOptions): WrittenDicomSlice[] {
  const { DicomDict, DicomMetaDictionary } = dcmjs();
  const d = volume.direction;
  if (detMat3(d) < 0) throw new HccError('E_INPUT', 'writeDicomSeries: direction is left-handed; flip the k axis first (DICOM slice normal = row x column)');
  const [nx, ny, nz] = volume.shape;
  const intercept = options.rescaleIntercept ?? -1024;
  const perSlice = nx * ny;
  const out: WrittenDicomSlice[] = [];
  for (let k = 0; k < nz; k++) {
    const stored = new Int16Array(perSlice);
    for (let p = 0; p < perSlice; p++) {
      const v = Math.round(volume.data[k * perSlice + p] - intercept);
      if (v < -32768 || v > 32767) throw new HccError('E_INPUT', `writeDicomSeries: value ${volume.data[k * perSlice + p]} at slice ${k} does not fit int16 with intercept ${intercept}`);
      stored[p] = v;
    }
    const sz = k * volume.spacing[2];
    const ipp = [volume.origin[0] + sz * d[2], volume.origin[1] + sz * d[5], volume.origin[2] + sz * d[8]];
    const sopInstanceUid = `${options.seriesInstanceUid}.${k + 1}`;
    const dataset: Record<string, unknown> = {
      SpecificCharacterSet: 'ISO_IR 100',
      ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      SOPClassUID: CT_IMAGE_STORAGE,
      SOPInstanceUID: sopInstanceUid,
      Modality: 'CT',
      StudyInstanceUID: options.studyInstanceUid,
      SeriesInstanceUID: options.seriesInstanceUid,
      FrameOfReferenceUID: options.frameOfReferenceUid,
      SeriesNumber: '1',
      InstanceNumber: String(nz - k), // deliberately not the slice order: readers must sort by position
      ImagePositionPatient: ipp,
      ImageOrientationPatient: [d[0], d[3], d[6], d[1], d[4], d[7]],
      PixelSpacing: [volume.spacing[1], volume.spacing[0]],
      SliceThickness: volume.spacing[2],
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: ny,
      Columns: nx,
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 1,
      RescaleIntercept: intercept,
      RescaleSlope: 1,
      RescaleType: 'HU',
      ...options.extraAttributes,
      PixelData: [stored.buffer],
      _vrMap: { PixelData: 'OW' },
    };
    const meta = DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: CT_IMAGE_STORAGE,
      MediaStorageSOPInstanceUID: sopInstanceUid,
      TransferSyntaxUID: EXPLICIT_LE,
      ImplementationClassUID: '2.25.98765432109876543210',
      ImplementationVersionName: 'MMF-HCC',
    });
    const dict = new DicomDict(meta);
    dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
    out.push({ sopInstanceUid, k, bytes: new Uint8Array(dict.write()) });
  }
  return out;
}
