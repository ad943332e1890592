import type { Vec3 } from '../core/geometry.js';
import type { Mask, Volume } from '../core/volume.js';
import { makeVolume } from '../core/volume.js';
import { bsplineCoefficients } from './bspline.js';
import type { KernelKind, KernelOutput } from './interpolate.js';
import { sampleGrid, sampleMaskGrid } from './interpolate.js';
import type { Grid } from './resample-grid.js';
import { gridOf, ibsiCentredGrid, indexMapping } from './resample-grid.js';
import { resolveSpec } from './resolve-spec.js';
import type { ResampleMaskSpec, ResampleSpec } from './specs.js';
import type { StageOutput } from './stage-output.js';
import { runRecorded } from './stage-output.js';

/** Image interpolation: nearest neighbour, trilinear, or cubic B-spline (prefiltered). */
export type ImageInterpolation = ResampleSpec['interpolation'];

const KERNEL: Record<ImageInterpolation, KernelKind> = { nearest: 'nearest', linear: 'linear', bspline: 'cubic' };

/**
 * Resample an image onto `grid` (any shape, spacing, origin, direction). Each output voxel centre is
 * mapped to the input's continuous index and interpolated; outside the input grid the nearest edge
 * value is used (scipy.ndimage mode 'nearest'). `bspline` is the cubic B-spline of the edge-extended
 * image (scipy `map_coordinates(order=3, mode='nearest')`). Output is Float32Array (default), Float64Array,
 * or ('input') the input's array type, integers rounded half up and clamped to the type's range.
 * @see scipy.ndimage.map_coordinates, IBSI manual "Interpolation"
 */
export function resampleToGrid(volume: Volume, grid: Grid, interpolation: ImageInterpolation = 'linear', outputType: ResampleSpec['outputType'] = 'float32'): Volume {
  const n = grid.shape[0] * grid.shape[1] * grid.shape[2];
  const out: KernelOutput = outputType === 'float64' ? new Float64Array(n) : outputType === 'float32' ? new Float32Array(n) : new (volume.data.constructor as new (n: number) => KernelOutput)(n);
  const map = indexMapping(gridOf(volume), grid);
  const src = interpolation === 'bspline' ? bsplineCoefficients(volume.data, volume.shape) : { data: volume.data, shape: volume.shape, pad: 0 };
  sampleGrid(src, map, grid.shape, KERNEL[interpolation], out);
  return makeVolume({ data: out, ...grid }, 'resampled image');
}

/**
 * Resample a label mask onto `grid`, keeping label values: `nearest`, or `partial-volume` (IBSI:
 * each label's indicator interpolated trilinearly, voxel kept when its fraction ≥ `threshold`; with
 * several labels the largest fraction wins).
 */
export function resampleMaskToGrid(mask: Mask, grid: Grid, method: 'nearest' | 'partial-volume' = 'partial-volume', threshold = 0.5): Mask {
  const out = new Uint8Array(grid.shape[0] * grid.shape[1] * grid.shape[2]);
  sampleMaskGrid(mask, indexMapping(gridOf(mask), grid), grid.shape, method, threshold, out);
  return { ...makeVolume({ data: out, ...grid }, 'resampled mask'), labels: mask.labels };
}

/**
 * Stage `resample`: image to `spacingMm` on the IBSI centre-aligned grid ({@link ibsiCentredGrid}).
 * @see IBSI manual §2.4; SimpleITK ResampleImageFilter; scipy.ndimage.map_coordinates
 */
export function resampleImage(volume: Volume, spec: Omit<ResampleSpec, 'kind' | 'interpolation' | 'outputType'> & Partial<ResampleSpec>): StageOutput<Volume> {
  const s = resolveSpec('resample', spec);
  return runRecorded('resample', s, { image: volume }, () => ({
    value: resampleToGrid(volume, ibsiCentredGrid(gridOf(volume), s.spacingMm as Vec3), s.interpolation, s.outputType),
  }));
}

/** Stage `resample-mask`: mask to `spacingMm` on the IBSI centre-aligned grid, labels kept. */
export function resampleMask(mask: Mask, spec: Omit<ResampleMaskSpec, 'kind' | 'method' | 'threshold'> & Partial<ResampleMaskSpec>): StageOutput<Mask> {
  const s = resolveSpec('resample-mask', spec);
  return runRecorded('resample-mask', s, { mask }, () => ({
    value: resampleMaskToGrid(mask, ibsiCentredGrid(gridOf(mask), s.spacingMm as Vec3), s.method, s.threshold),
  }));
}
