import type { DataSet } from 'dicom-parser';
import { HccError } from '../../core/errors.js';
import type { Vec3 } from '../../core/geometry.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { Mask } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';
import { unpackBits } from './bit-packing.js';
import { EXPLICIT_VR_BIG_ENDIAN, decimalValues, firstItem, integerValue, parseDicomBytes, sequenceItems, textValue, ushortValue, valueBytes } from './dicom-access.js';
import type { Grid } from './frame-placement.js';
import { placeFrames } from './frame-placement.js';

/** SOP Class UID of Segmentation Storage. */
export const SEGMENTATION_STORAGE_UID = '1.2.840.10008.5.1.4.1.1.66.4';

const T = {
  sopClass: 'x00080016', modality: 'x00080060', rows: 'x00280010', columns: 'x00280011', bitsAllocated: 'x00280100', frames: 'x00280008', pixelData: 'x7fe00010',
  segType: 'x00620001', maxFractional: 'x0062000e', segmentSeq: 'x00620002', segNumber: 'x00620004', segLabel: 'x00620005', typeCodeSeq: 'x0062000f', codeMeaning: 'x00080104',
  shared: 'x52009229', perFrame: 'x52009230', planeOrientSeq: 'x00209116', iop: 'x00200037', pixelMeasuresSeq: 'x00289110', pixelSpacing: 'x00280030', spacingBetween: 'x00180088',
  planePosSeq: 'x00209113', ipp: 'x00200032', segIdSeq: 'x0062000a', refSegNumber: 'x0062000b',
};

/** Options for {@link readDicomSeg}. */
export interface ReadDicomSegOptions {
  /** File name used in issues and error messages. */
  readonly source?: string;
  /**
   * Grid of the image the segmentation was drawn on (e.g. the CT series read from DICOM). Frames are
   * placed on it by their ImagePositionPatient, and the mask gets this grid. Without it the grid is
   * derived from the frames (only the segmented slices, from the lowest to the highest).
   */
  readonly referenceGrid?: Grid;
  /** Largest distance (mm) between a frame's plane and an image slice, default 0.01 mm. */
  readonly toleranceMm?: number;
  /** FRACTIONAL only: a voxel is inside when value ≥ threshold × MaximumFractionalValue (default 0.5). */
  readonly fractionalThreshold?: number;
  /** Label value for each segment number (default: label = segment number, which must be ≤ 255). */
  readonly labelForSegment?: Readonly<Record<number, number>>;
}

/** One segment of the SEG object. */
export interface DicomSegSegment {
  readonly segmentNumber: number;
  readonly label: number;
  /** SegmentLabel, else the property-type CodeMeaning, else "segment N". */
  readonly name: string;
  readonly propertyType?: string;
  /** Voxels set for this segment before overlaps were resolved. */
  readonly voxels: number;
  readonly frames: number;
}

/** What {@link readDicomSeg} returns. */
export interface DicomSegResult {
  readonly mask: Mask;
  readonly segments: readonly DicomSegSegment[];
  readonly segmentationType: 'BINARY' | 'FRACTIONAL';
  /** Frames decoded (NumberOfFrames, or inferred from the pixel data length). */
  readonly frameCount: number;
  /** Voxels claimed by more than one segment (the higher segment number wins). */
  readonly overlapVoxels: number;
  readonly warnings: readonly Issue[];
}

function segmentName(item: DataSet, n: number): { name: string; propertyType?: string } {
  const propertyType = textValue(firstItem(item, T.typeCodeSeq), T.codeMeaning);
  return { name: textValue(item, T.segLabel) ?? propertyType ?? `segment ${n}`, propertyType };
}

/** Swap byte pairs: OW values in explicit VR big endian are stored as 16-bit words. */
function swapWords(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  for (let n = 0; n + 1 < b.length; n += 2) {
    out[n] = b[n + 1];
    out[n + 1] = b[n];
  }
  return out;
}

/**
 * Read a DICOM Segmentation (SEG) object into a label {@link Mask}.
 *
 * - BINARY (BitsAllocated 1): bits unpacked LSB-first, frame f starting at bit f·Rows·Columns, so odd
 *   frame sizes that straddle bytes are handled.
 * - FRACTIONAL (BitsAllocated 8): a voxel belongs to the segment when value ≥ 0.5 × MaximumFractionalValue
 *   (`fractionalThreshold`; PROBABILITY and OCCUPANCY are treated alike). This is a choice: DICOM
 *   gives no rule for turning fractions into a label map.
 * - Each frame is placed by PlanePositionSequence > ImagePositionPatient (per-frame, else shared) on
 *   the reference image grid (or a grid derived from the frames), and its ReferencedSegmentNumber
 *   gives the label (segment number unless `labelForSegment` says otherwise); names come from
 *   SegmentLabel. Overlapping segments: the higher segment number wins; the count is reported.
 * - Little- and big-endian (explicit VR) files are read; OW pixel data in big endian is word-swapped.
 * - Tolerance for truncated objects: when NumberOfFrames is absent the frame count is inferred from
 *   the pixel data length (warning `inferred_value`), and per-frame items beyond the pixel data are
 *   ignored with a warning (pydicom's liver_1frame.dcm has 3 per-frame items and 1 frame of pixels).
 *
 * Throws `HccError` `E_INPUT` with all issues (`bad_dicom`, `grid_mismatch`, `out_of_range`) naming
 * the file when the object cannot be turned into a correct mask.
 * @see DICOM PS3.3 C.8.20 Segmentation; dcmqi / highdicom for the reference implementations.
 */
export function readDicomSeg(bytes: Uint8Array, options: ReadDicomSegOptions = {}): DicomSegResult {
  const source = options.source ?? 'DICOM-SEG';
  const tol = options.toleranceMm ?? 0.01;
  const parsed = parseDicomBytes(bytes, source);
  const ds = parsed.dataSet;
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const fatal = (): HccError => new HccError('E_INPUT', `${source}: cannot read DICOM-SEG: ${errors.map((e) => e.message).join('; ')}`, { issues: errors });

  const sop = textValue(ds, T.sopClass);
  if (sop !== SEGMENTATION_STORAGE_UID && textValue(ds, T.modality) !== 'SEG') {
    errors.push(issueError('bad_dicom', [source, 'SOPClassUID'], 'not a DICOM Segmentation object', { expected: SEGMENTATION_STORAGE_UID, received: sop ?? 'absent' }));
    throw fatal();
  }
  const rows = ushortValue(ds, T.rows) ?? 0;
  const columns = ushortValue(ds, T.columns) ?? 0;
  const bitsAllocated = ushortValue(ds, T.bitsAllocated) ?? 0;
  const segType = (textValue(ds, T.segType) ?? '').toUpperCase();
  if (!(rows > 0 && columns > 0)) errors.push(issueError('bad_dicom', [source, 'Rows/Columns'], 'Rows or Columns missing or zero', { received: `${rows}×${columns}` }));
  if (segType !== 'BINARY' && segType !== 'FRACTIONAL') errors.push(issueError('bad_dicom', [source, 'SegmentationType'], 'unknown SegmentationType', { expected: 'BINARY or FRACTIONAL', received: segType || 'absent' }));
  const wantBits = segType === 'BINARY' ? 1 : 8;
  if (segType && bitsAllocated !== wantBits) errors.push(issueError('bad_dicom', [source, 'BitsAllocated'], `BitsAllocated does not match SegmentationType ${segType}`, { expected: String(wantBits), received: String(bitsAllocated) }));
  const pixelEl = ds.elements[T.pixelData];
  if (!pixelEl) errors.push(issueError('bad_dicom', [source, 'PixelData'], 'PixelData is missing'));
  else if (pixelEl.encapsulatedPixelData) errors.push(issueError('bad_dicom', [source, 'PixelData'], 'compressed (encapsulated) SEG pixel data is not supported', { expected: 'native pixel data' }));
  if (errors.length) throw fatal();

  let pixels = valueBytes(ds, T.pixelData) ?? new Uint8Array(0);
  if (parsed.transferSyntaxUid === EXPLICIT_VR_BIG_ENDIAN && pixelEl?.vr === 'OW') pixels = swapWords(pixels);
  const frameBits = rows * columns * bitsAllocated;
  const availableFrames = Math.floor((pixels.length * 8) / frameBits);
  const perFrame = sequenceItems(ds, T.perFrame);
  let frameCount = integerValue(ds, T.frames, 'IS');
  if (frameCount === undefined) {
    frameCount = availableFrames;
    warnings.push(issueWarning('inferred_value', [source, 'NumberOfFrames'], `NumberOfFrames is absent; inferred ${frameCount} frame(s) from ${pixels.length} bytes of pixel data`, { expected: 'NumberOfFrames (0028,0008)', received: 'absent' }));
  } else if (availableFrames < frameCount) {
    errors.push(issueError('bad_dicom', [source, 'PixelData'], `pixel data holds ${availableFrames} frame(s) but NumberOfFrames is ${frameCount} (truncated file?)`, { expected: `${Math.ceil((frameCount * frameBits) / 8)} bytes`, received: `${pixels.length} bytes` }));
  }
  if (frameCount < 1) errors.push(issueError('bad_dicom', [source, 'PixelData'], 'no complete frame of pixel data', { expected: `at least ${Math.ceil(frameBits / 8)} bytes`, received: `${pixels.length} bytes` }));
  if (perFrame.length < frameCount) errors.push(issueError('bad_dicom', [source, 'PerFrameFunctionalGroupsSequence'], `${perFrame.length} per-frame item(s) for ${frameCount} frame(s)`, { expected: `${frameCount} items`, received: String(perFrame.length) }));
  else if (perFrame.length > frameCount) warnings.push(issueWarning('inferred_value', [source, 'PerFrameFunctionalGroupsSequence'], `${perFrame.length} per-frame items but only ${frameCount} frame(s) of pixel data; the extra items are ignored`, { expected: `${frameCount} items`, received: String(perFrame.length) }));
  if (errors.length) throw fatal();

  // segments and their labels
  const segments = new Map<number, { label: number; name: string; propertyType?: string; voxels: number; frames: number }>();
  for (const item of sequenceItems(ds, T.segmentSeq)) {
    const n = integerValue(item, T.segNumber, 'US');
    if (n === undefined) {
      errors.push(issueError('bad_dicom', [source, 'SegmentSequence'], 'a segment has no SegmentNumber'));
      continue;
    }
    const label = options.labelForSegment?.[n] ?? n;
    if (!Number.isInteger(label) || label < 1 || label > 255) errors.push(issueError('out_of_range', [source, 'segment', n], `segment ${n} maps to label ${label}, which a mask cannot hold`, { expected: 'a label 1..255 (pass labelForSegment)', received: String(label) }));
    segments.set(n, { label, ...segmentName(item, n), voxels: 0, frames: 0 });
  }
  if (segments.size === 0) errors.push(issueError('bad_dicom', [source, 'SegmentSequence'], 'SegmentSequence is empty or missing'));

  // geometry: per-frame items override the shared functional groups
  const shared = firstItem(ds, T.shared);
  const fromGroups = (frame: DataSet | undefined, seq: string, tag: string): number[] => {
    const own = decimalValues(firstItem(frame, seq), tag);
    return own.length ? own : decimalValues(firstItem(shared, seq), tag);
  };
  const orientation = fromGroups(perFrame[0], T.planeOrientSeq, T.iop);
  const pixelSpacing = fromGroups(perFrame[0], T.pixelMeasuresSeq, T.pixelSpacing);
  const between = fromGroups(perFrame[0], T.pixelMeasuresSeq, T.spacingBetween)[0];
  if (orientation.length !== 6 || !orientation.every(Number.isFinite)) errors.push(issueError('bad_dicom', [source, 'ImageOrientationPatient'], 'plane orientation missing or malformed', { expected: '6 direction cosines', received: orientation.join('\\') || 'absent' }));
  if (pixelSpacing.length !== 2 || !pixelSpacing.every((s) => s > 0)) errors.push(issueError('bad_dicom', [source, 'PixelSpacing'], 'pixel spacing missing or malformed', { expected: '2 positive values (mm)', received: pixelSpacing.join('\\') || 'absent' }));
  const positions: Vec3[] = [];
  const segOfFrame: number[] = [];
  for (let f = 0; f < frameCount; f++) {
    const item = perFrame[f];
    const ipp = fromGroups(item, T.planePosSeq, T.ipp);
    if (ipp.length !== 3 || !ipp.every(Number.isFinite)) errors.push(issueError('bad_dicom', [source, 'frame', f + 1, 'ImagePositionPatient'], 'frame has no plane position', { expected: '3 coordinates (mm)', received: ipp.join('\\') || 'absent' }));
    positions.push([ipp[0], ipp[1], ipp[2]]);
    const ref = integerValue(firstItem(item, T.segIdSeq), T.refSegNumber, 'US');
    if (ref === undefined || !segments.has(ref)) errors.push(issueError('bad_dicom', [source, 'frame', f + 1, 'ReferencedSegmentNumber'], 'frame refers to no known segment', { expected: `one of ${[...segments.keys()].join(', ')}`, received: String(ref) }));
    segOfFrame.push(ref ?? 0);
  }
  if (errors.length) throw fatal();

  const placement = placeFrames(source, { rows, columns, orientation, pixelSpacing, spacingBetweenSlicesMm: between }, positions, options.referenceGrid, tol);
  if (placement.issues.length) {
    errors.push(...placement.issues);
    throw fatal();
  }
  const grid = placement.grid;
  const [nx, ny, nz] = grid.shape;
  const sliceSize = nx * ny;
  const data = new Uint8Array(sliceSize * nz);
  const maxFractional = ushortValue(ds, T.maxFractional) ?? 255;
  const threshold = (options.fractionalThreshold ?? 0.5) * maxFractional;
  let overlap = 0;
  // paint in ascending segment number so that the higher number wins
  const order = [...Array(frameCount).keys()].sort((a, b) => segOfFrame[a] - segOfFrame[b] || a - b);
  for (const f of order) {
    const seg = segments.get(segOfFrame[f])!;
    const base = placement.sliceOfFrame[f] * sliceSize;
    seg.frames++;
    const inside = segType === 'BINARY' ? unpackBits(pixels, f * sliceSize, sliceSize) : pixels.subarray(f * sliceSize, (f + 1) * sliceSize);
    for (let n = 0; n < sliceSize; n++) {
      const on = segType === 'BINARY' ? inside[n] === 1 : inside[n] >= threshold && inside[n] > 0;
      if (!on) continue;
      seg.voxels++;
      const cur = data[base + n];
      if (cur !== 0 && cur !== seg.label) overlap++;
      data[base + n] = seg.label;
    }
  }
  if (overlap > 0) warnings.push(issueWarning('inferred_value', [source, 'SegmentSequence'], `${overlap} voxel(s) belong to more than one segment; the higher segment number was kept`, { expected: 'non-overlapping segments for a label map', received: `${overlap} overlapping voxel(s)` }));

  const labels: Record<number, string> = {};
  for (const s of segments.values()) labels[s.label] = s.name;
  const volume = makeVolume({ data, shape: grid.shape, spacing: grid.spacing, origin: grid.origin, direction: grid.direction }, source);
  return {
    mask: { ...volume, labels },
    segments: [...segments.entries()].map(([segmentNumber, s]) => ({ segmentNumber, label: s.label, name: s.name, propertyType: s.propertyType, voxels: s.voxels, frames: s.frames })),
    segmentationType: segType as 'BINARY' | 'FRACTIONAL',
    frameCount,
    overlapVoxels: overlap,
    warnings,
  };
}
