import type { Vec3 } from '../../core/geometry.js';
import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, issueWarning, ok } from '../../core/issues.js';
import { HccError } from '../../core/errors.js';
import type { Volume } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';
import { decodeFrame } from './decode-frame.js';
import type { ParsedDicomFile } from './parse-file.js';
import type { SliceGeometryOptions } from './slice-geometry.js';
import { analyseSliceGeometry } from './slice-geometry.js';
import { transferSyntaxInfo } from './transfer-syntax.js';

/**
 * A slice given to `readDicomSeries`: a parsed file, or its header plus `load`, which parses the
 * file again when its pixels are needed (so a folder reader need not hold every file's bytes at
 * once). `load` may reuse one buffer between calls: the returned data set is used before the next.
 */
export type DicomSliceSource = ParsedDicomFile | { readonly header: ParsedDicomFile['header']; readonly load: () => ParsedDicomFile };

/** Options of `readDicomSeries`. */
export type ReadDicomSeriesOptions = SliceGeometryOptions;

/** A DICOM series assembled into a volume, with what was found on the way. */
export interface DicomSeriesVolume {
  /**
   * Rescaled values (HU for CT): `Int16Array` when every slice has an integer RescaleSlope and
   * RescaleIntercept and all values fit in int16 (the usual CT case, 2 bytes/voxel), otherwise
   * `Float32Array`. Index i runs along a row (columns), j down the columns (rows), k along the
   * slice normal in increasing position.
   */
  readonly volume: Volume<Int16Array | Float32Array>;
  readonly label: string;
  readonly seriesInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly modality: string;
  /** 'HU' for CT; 'rescaled' (modality units) otherwise. */
  readonly unit: 'HU' | 'rescaled';
  /** Files in slice order (k = 0 first). */
  readonly files: readonly string[];
  readonly sopInstanceUids: readonly string[];
  readonly transferSyntaxUids: readonly string[];
  /** True when any slice was stored with a lossy transfer syntax. */
  readonly lossyCompression: boolean;
  readonly medianStepMm: number | null;
  readonly tiltDeg: number;
  readonly tiltDriftMm: number;
}

/**
 * out[base + p] = stored[p]·slope + intercept for one slice; false (out partly written) as soon as a
 * value leaves the int16 range. A separate function so the hot loop sees one array type.
 */
function rescaleIntoInt16(stored: Int32Array, slope: number, intercept: number, out: Int16Array, base: number): boolean {
  const n = stored.length;
  for (let p = 0; p < n; p++) {
    const v = stored[p] * slope + intercept;
    if (v < -32768 || v > 32767) return false;
    out[base + p] = v;
  }
  return true;
}

function missing(file: string, label: string, attr: string): Issue {
  return issueError('dicom_missing_attribute', ['series', label, 'file', file], `${attr} is missing or not numeric; cannot place the slice in space`, { expected: attr });
}

/**
 * Assemble parsed files (or lazily loaded ones, see {@link DicomSliceSource}) of one series (one
 * size and orientation) into a volume, decoding one slice at a time into the output array: slices sorted by
 * IPP projection on the IOP normal; spacing i = PixelSpacing[1] (column spacing), j =
 * PixelSpacing[0] (row spacing), k = the IPP step; direction columns = IOP row cosines, column
 * cosines, normal; origin = IPP of the first slice. Rescale: value = stored × RescaleSlope +
 * RescaleIntercept per slice. Geometry problems (gantry tilt, missing slices, uneven spacing,
 * duplicate positions), missing attributes and undecodable frames come back as coded issues naming
 * the series and file — the function never throws for bad input.
 */
export async function readDicomSeries(files: readonly DicomSliceSource[], label: string, options: ReadDicomSeriesOptions = {}): Promise<Result<DicomSeriesVolume>> {
  const issues: Issue[] = [];
  if (files.length === 0) return fail([issueError('empty_data', ['series', label], 'series has no image files')]);
  for (const f of files) {
    const h = f.header;
    if (h.numberOfFrames > 1) issues.push(issueError('dicom_unsupported', ['series', label, 'file', h.file], `multi-frame image (${h.numberOfFrames} frames) — enhanced multi-frame CT is not supported yet`, { received: `${h.numberOfFrames} frames` }));
    if (!h.imagePositionPatient) issues.push(missing(h.file, label, 'ImagePositionPatient (0020,0032)'));
    if (!h.imageOrientationPatient) issues.push(missing(h.file, label, 'ImageOrientationPatient (0020,0037)'));
    if (!h.pixelSpacing || !(h.pixelSpacing[0] > 0 && h.pixelSpacing[1] > 0)) issues.push(missing(h.file, label, 'PixelSpacing (0028,0030)'));
    if (!transferSyntaxInfo(h.transferSyntaxUid)) issues.push(issueError('dicom_unsupported', ['series', label, 'file', h.file], `transfer syntax ${h.transferSyntaxUid} is not supported`, { received: h.transferSyntaxUid }));
  }
  if (issues.length) return fail(issues);
  const first = files[0].header;
  const spacingMismatch = files.find((f) => Math.abs(f.header.pixelSpacing![0] - first.pixelSpacing![0]) > 1e-4 || Math.abs(f.header.pixelSpacing![1] - first.pixelSpacing![1]) > 1e-4);
  if (spacingMismatch) {
    return fail([issueError('uneven_spacing', ['series', label, 'file', spacingMismatch.header.file], 'PixelSpacing differs between slices of one series', { expected: first.pixelSpacing!.join('\\'), received: spacingMismatch.header.pixelSpacing!.join('\\') })]);
  }
  const geometry = analyseSliceGeometry(
    files.map((f) => ({ file: f.header.file, imagePositionPatient: f.header.imagePositionPatient!, imageOrientationPatient: f.header.imageOrientationPatient! })),
    label,
    { inPlaneSpacingMm: Math.min(first.pixelSpacing![0], first.pixelSpacing![1]), ...options },
  );
  const warnings: Issue[] = geometry.issues.filter((i) => i.severity === 'warning');
  if (geometry.issues.some((i) => i.severity === 'error')) return fail(geometry.issues);
  if (files.some((f) => f.header.burnedInAnnotation === 'YES')) {
    warnings.push(issueWarning('burned_in_annotation', ['series', label], 'BurnedInAnnotation is YES: pixel data may show identifying text that de-identification of the header does not remove'));
  }
  let sliceSpacing = geometry.sliceSpacingMm;
  if (sliceSpacing === null) {
    sliceSpacing = first.sliceThickness && first.sliceThickness > 0 ? first.sliceThickness : 1;
    warnings.push(issueWarning('dicom_missing_attribute', ['series', label], `single-slice series: slice spacing taken from ${first.sliceThickness ? 'SliceThickness' : 'a default of 1 mm'}`, { received: String(sliceSpacing) }));
  }
  const nx = first.columns;
  const ny = first.rows;
  const nz = files.length;
  const perSlice = nx * ny;
  let data: Int16Array | Float32Array = new Int16Array(perSlice * nz);
  const sorted = geometry.order.map((i) => files[i]);
  const scratch = new Int32Array(perSlice); // stored values of one slice, reused
  for (let k = 0; k < nz; k++) {
    const f = sorted[k];
    let stored: Int32Array;
    try {
      stored = await decodeFrame('load' in f ? f.load() : f, 0, scratch);
    } catch (e) {
      if (e instanceof HccError && e.issues.length) return fail(e.issues.map((i) => ({ ...i, path: ['series', label, ...i.path] })));
      throw e;
    }
    const slope = f.header.rescaleSlope;
    const intercept = f.header.rescaleIntercept;
    const integral = Number.isInteger(slope) && Number.isInteger(intercept);
    const base = k * perSlice;
    if (data instanceof Int16Array && integral && rescaleIntoInt16(stored, slope, intercept, data, base)) continue;
    if (data instanceof Int16Array) data = Float32Array.from(data); // promote once; earlier slices keep their exact integer values
    for (let p = 0; p < perSlice; p++) data[base + p] = stored[p] * slope + intercept;
  }
  const ps = first.pixelSpacing!;
  const volume = makeVolume({ data, shape: [nx, ny, nz], spacing: [ps[1], ps[0], sliceSpacing] as Vec3, origin: geometry.origin, direction: geometry.direction }, label);
  const tsUids = [...new Set(files.map((f) => f.header.transferSyntaxUid))];
  return ok(
    {
      volume,
      label,
      seriesInstanceUid: first.seriesInstanceUid,
      studyInstanceUid: first.studyInstanceUid,
      frameOfReferenceUid: first.frameOfReferenceUid,
      modality: first.modality,
      unit: first.modality === 'CT' ? 'HU' : 'rescaled',
      files: sorted.map((f) => f.header.file),
      sopInstanceUids: sorted.map((f) => f.header.sopInstanceUid),
      transferSyntaxUids: tsUids,
      lossyCompression: tsUids.some((u) => transferSyntaxInfo(u)?.lossy),
      medianStepMm: geometry.medianStepMm,
      tiltDeg: geometry.tiltDeg,
      tiltDriftMm: geometry.tiltDriftMm,
    },
    warnings,
  );
}
