import { HccError } from '../../core/errors.js';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import { issueError } from '../../core/issues.js';
import type { Volume } from '../../core/volume.js';
import { assertSameGrid, indexToWorld } from '../../core/volume.js';
import { ibsiInterpolationGrid } from './grid.js';
import type { InterpolationMethod } from './interpolate.js';
import { resampleToGrid } from './interpolate.js';
import type { IntensityRange } from './resegment.js';
import { resegmentByRange, resegmentOutliers } from './resegment.js';

/** How the image and ROI are interpolated (IBSI VTM2, 68QD, E8H9). */
export interface RoiInterpolationOptions {
  /** Target spacing per axis in mm; null keeps the axis (2-D in-plane interpolation: [2, 2, null]). */
  readonly spacingMm: readonly [number | null, number | null, number | null];
  readonly imageMethod: InterpolationMethod;
  readonly maskMethod: InterpolationMethod;
  /** Partial-volume threshold δ: interpolated mask ≥ δ is in the ROI (IBSI E8H9; default 0.5). */
  readonly partialVolumeThreshold: number;
  /** Round interpolated intensities to the nearest integer (IBSI 68QD; CT in HU). */
  readonly roundIntensities: boolean;
}

/** Options of the IBSI image-processing pipeline up to the two ROI masks. */
export interface RoiPipelineOptions {
  /** Round stored intensities to integers first (IBSI: the CT phantom NIfTI must be rounded after loading). */
  readonly roundInput: boolean;
  /** Mask value that marks the ROI; null: every non-zero voxel. */
  readonly label: number | null;
  readonly interpolation: RoiInterpolationOptions | null;
  /** Range re-segmentation (USB3) and outlier filtering (7ACA, k σ), applied in that order. */
  readonly resegmentation: { readonly range: IntensityRange | null; readonly outlierSigma: number | null };
}

/** Descriptors of one processing stage (IBSI "diagnostic features"). */
export interface RoiStageDiagnostics {
  readonly shape: Vec3;
  readonly spacingMm: Vec3;
  readonly intensityMaskVoxels: number;
  readonly morphologicalMaskVoxels: number;
  /** Bounding box of the intensity mask, voxels per axis. */
  readonly intensityMaskBoundingBox: Vec3;
  readonly morphologicalMaskBoundingBox: Vec3;
  readonly intensityMaskMean: number;
  readonly intensityMaskMin: number;
  readonly intensityMaskMax: number;
}

/** Image and both ROI masks on the processing grid, with what each stage did. */
export interface PreparedRoi {
  /** Intensities on the processing grid (x fastest), double precision. */
  readonly image: Float64Array;
  readonly shape: Vec3;
  readonly spacingMm: Vec3;
  /** World position (LPS mm) of voxel (0, 0, 0). */
  readonly origin: Vec3;
  readonly direction: Mat3;
  /** Morphological mask (G5KJ): the (interpolated, thresholded) ROI, never re-segmented. */
  readonly morphologicalMask: Uint8Array;
  /** Intensity mask (SEFI): morphological mask ∩ re-segmentation. */
  readonly intensityMask: Uint8Array;
  /** The re-segmentation range the user set (used by FBS discretisation and the IVH), or null. */
  readonly resegmentationRange: IntensityRange | null;
  readonly diagnostics: {
    readonly initial: RoiStageDiagnostics;
    readonly interpolated: RoiStageDiagnostics;
    readonly resegmented: RoiStageDiagnostics;
    /** The μ ± kσ interval of outlier filtering, when used. */
    readonly outlierRange: { readonly lower: number; readonly upper: number } | null;
  };
}

function boundingBox(mask: Uint8Array, shape: Vec3): { lo: Vec3; hi: Vec3; count: number } {
  const [nx, ny] = shape;
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -1, y1 = -1, z1 = -1, count = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    count++;
    const x = i % nx;
    const y = ((i - x) / nx) % ny;
    const z = Math.floor(i / (nx * ny));
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  return { lo: [x0, y0, z0], hi: [x1, y1, z1], count };
}

/** Diagnostic descriptors of image + masks at one stage. */
export function describeRoiStage(image: ArrayLike<number>, shape: Vec3, spacingMm: Vec3, morph: Uint8Array, intensity: Uint8Array): RoiStageDiagnostics {
  const bi = boundingBox(intensity, shape);
  const bm = boundingBox(morph, shape);
  let sum = 0, mn = Infinity, mx = -Infinity;
  for (let i = 0; i < intensity.length; i++) {
    if (!intensity[i]) continue;
    const x = image[i];
    sum += x;
    if (x < mn) mn = x;
    if (x > mx) mx = x;
  }
  const dims = (b: { lo: Vec3; hi: Vec3; count: number }): Vec3 => (b.count ? [b.hi[0] - b.lo[0] + 1, b.hi[1] - b.lo[1] + 1, b.hi[2] - b.lo[2] + 1] : [0, 0, 0]);
  return {
    shape,
    spacingMm,
    intensityMaskVoxels: bi.count,
    morphologicalMaskVoxels: bm.count,
    intensityMaskBoundingBox: dims(bi),
    morphologicalMaskBoundingBox: dims(bm),
    intensityMaskMean: bi.count ? sum / bi.count : NaN,
    intensityMaskMin: bi.count ? mn : NaN,
    intensityMaskMax: bi.count ? mx : NaN,
  };
}

function emptyRoiError(stage: string, path: string): HccError {
  return new HccError('E_INPUT', `the ROI is empty ${stage}`, {
    issues: [issueError('empty_data', [path], `no ROI voxels remain ${stage}`, { expected: 'at least one voxel in the ROI', received: '0 voxels' })],
  });
}

/**
 * The IBSI image-processing chain from a loaded image and ROI mask to the morphological and intensity masks:
 * (1) optional rounding of stored intensities; (2) interpolation of the image to the IBSI centred grid
 * (`ibsiInterpolationGrid`) and of the mask with the same grid, followed by the partial-volume threshold
 * R ≥ δ; (3) rounding of interpolated intensities; (4) range re-segmentation, then outlier filtering
 * μ ± kσ computed on the voxels that survive (4a), both acting on the intensity mask only.
 *
 * Throws `E_INPUT` (issue `empty_data`) when the ROI is empty at any stage; image/mask grids must match.
 *
 * @see IBSI 1 manual, chapter "Image processing" (interpolation VTM2, rounding 68QD, partial volume E8H9,
 *   re-segmentation IF9H, masks ECJF).
 */
export function prepareRoi(image: Volume, mask: Volume, options: RoiPipelineOptions): PreparedRoi {
  assertSameGrid(image, mask, { toleranceMm: 1e-3 }, 'image and ROI mask');
  const n = image.data.length;
  const img0 = new Float64Array(n);
  for (let i = 0; i < n; i++) img0[i] = options.roundInput ? Math.round(image.data[i]) : image.data[i];
  const roi0 = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = mask.data[i];
    roi0[i] = (options.label === null ? v !== 0 : Math.round(v) === options.label) ? 1 : 0;
  }
  const initial = describeRoiStage(img0, image.shape, image.spacing, roi0, roi0);
  if (initial.morphologicalMaskVoxels === 0) throw emptyRoiError('in the input mask', 'mask');

  let img: Float64Array = img0;
  let roi: Uint8Array = roi0;
  let shape: Vec3 = image.shape;
  let spacing: Vec3 = image.spacing;
  let origin: Vec3 = image.origin;
  const interp = options.interpolation;
  if (interp && interp.spacingMm.some((s) => s !== null)) {
    const grid = ibsiInterpolationGrid(image.shape, image.spacing, interp.spacingMm);
    img = resampleToGrid(img0, image.shape, grid, interp.imageMethod);
    if (interp.roundIntensities) for (let i = 0; i < img.length; i++) img[i] = Math.round(img[i]);
    const r = resampleToGrid(roi0, image.shape, grid, interp.maskMethod);
    roi = new Uint8Array(r.length);
    // 1e-9 slack: a partial volume of exactly δ must not be lost to rounding (IBSI notes 0.4999… vs 0.5)
    for (let i = 0; i < r.length; i++) roi[i] = r[i] >= interp.partialVolumeThreshold - 1e-9 ? 1 : 0;
    shape = grid.shape;
    spacing = grid.spacingMm;
    origin = indexToWorld(image, grid.startIndex);
  }
  const interpolated = describeRoiStage(img, shape, spacing, roi, roi);
  if (interpolated.morphologicalMaskVoxels === 0) throw emptyRoiError('after interpolation', 'interpolation');

  let intensity: Uint8Array = roi;
  const rs = options.resegmentation;
  if (rs.range) intensity = resegmentByRange(img, intensity, rs.range).mask;
  let outlierRange: { lower: number; upper: number } | null = null;
  if (rs.outlierSigma !== null && rs.outlierSigma !== undefined) {
    const o = resegmentOutliers(img, intensity, rs.outlierSigma);
    intensity = o.mask;
    outlierRange = o.range;
  }
  const resegmented = describeRoiStage(img, shape, spacing, roi, intensity);
  if (resegmented.intensityMaskVoxels === 0) throw emptyRoiError('after re-segmentation', 'resegmentation');
  return {
    image: img,
    shape,
    spacingMm: spacing,
    origin,
    direction: image.direction,
    morphologicalMask: roi,
    intensityMask: intensity,
    resegmentationRange: rs.range,
    diagnostics: { initial, interpolated, resegmented, outlierRange },
  };
}

/**
 * Crop a prepared ROI to the bounding box of its morphological mask plus `marginVoxels` on each side (clipped
 * to the image), so that later steps work on a small box; the margin keeps the neighbourhood needed by local
 * intensity peaks and texture neighbours.
 */
export function cropPreparedRoi(roi: PreparedRoi, marginVoxels: Vec3): PreparedRoi {
  const b = boundingBox(roi.morphologicalMask, roi.shape);
  const lo = [0, 1, 2].map((a) => Math.max(0, b.lo[a] - marginVoxels[a]));
  const hi = [0, 1, 2].map((a) => Math.min(roi.shape[a] - 1, b.hi[a] + marginVoxels[a]));
  const shape: Vec3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const m = shape[0] * shape[1] * shape[2];
  const image = new Float64Array(m);
  const morph = new Uint8Array(m);
  const inten = new Uint8Array(m);
  const [nx, ny] = roi.shape;
  let o = 0;
  for (let z = lo[2]; z <= hi[2]; z++) {
    for (let y = lo[1]; y <= hi[1]; y++) {
      const base = nx * (y + ny * z);
      for (let x = lo[0]; x <= hi[0]; x++) {
        image[o] = roi.image[base + x];
        morph[o] = roi.morphologicalMask[base + x];
        inten[o] = roi.intensityMask[base + x];
        o++;
      }
    }
  }
  const origin = indexToWorld({ spacing: roi.spacingMm, origin: roi.origin, direction: roi.direction }, [lo[0], lo[1], lo[2]]);
  return { ...roi, image, shape, origin, morphologicalMask: morph, intensityMask: inten };
}
