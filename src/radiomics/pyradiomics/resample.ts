/**
 * PyRadiomics' resampling (`resampledPixelSpacing`): image and mask are resampled onto a new grid
 * that covers only the mask's bounding box plus `padDistance` voxels (in the new spacing), the image
 * with a cubic B-spline (SimpleITK `sitkBSpline`, ITK's BSplineInterpolateImageFunction of order 3)
 * and the mask with nearest neighbour.
 */
import type { Vec3 } from '../../core/geometry.js';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { Volume, VoxelArray } from '../../core/volume.js';
import { indexToWorld, makeVolume } from '../../core/volume.js';
import { prefilterLine } from '../../preprocess/index.js';
import type { PyRadiomicsSettings } from './settings.js';

/** The new grid and the two resampled volumes. */
export interface PyRadiomicsResampled {
  readonly image: Volume;
  readonly mask: Volume;
  /** Lower corner of the new grid, as an index of the (uncropped) new-spacing lattice. */
  readonly lowerBound: Vec3;
  readonly size: Vec3;
  readonly spacing: Vec3;
  readonly origin: Vec3;
}

/** Supported PyRadiomics `interpolator` names (SimpleITK enum names). */
export const PYRADIOMICS_INTERPOLATORS = ['sitkBSpline', 'sitkNearestNeighbor', 'sitkLinear'] as const;
type Interp = (typeof PYRADIOMICS_INTERPOLATORS)[number];

/** ITK mirror boundary (whole-sample symmetric) of an index into [0, n). */
function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  const n2 = 2 * (n - 1);
  if (i < 0) i = -i - n2 * Math.floor(-i / n2);
  if (i >= n) {
    i %= n2;
    if (i >= n) i = n2 - i;
  }
  return i;
}

/** Cubic B-spline coefficients of the whole volume (mirror boundary, no padding), as ITK's BSplineDecompositionImageFilter. */
function coefficients(data: ArrayLike<number>, shape: Vec3): Float64Array {
  const [nx, ny, nz] = shape;
  const c = Float64Array.from(data as ArrayLike<number>);
  const line = new Float64Array(Math.max(nx, ny, nz));
  for (let r = 0; r < ny * nz; r++) prefilterLine(c.subarray(r * nx, (r + 1) * nx), nx);
  for (let k = 0; k < nz; k++) {
    for (let i = 0; i < nx; i++) {
      const base = i + nx * ny * k;
      for (let j = 0; j < ny; j++) line[j] = c[base + nx * j];
      prefilterLine(line, ny);
      for (let j = 0; j < ny; j++) c[base + nx * j] = line[j];
    }
  }
  const plane = nx * ny;
  for (let q = 0; q < plane; q++) {
    for (let k = 0; k < nz; k++) line[k] = c[q + plane * k];
    prefilterLine(line, nz);
    for (let k = 0; k < nz; k++) c[q + plane * k] = line[k];
  }
  return c;
}

function cubicWeights(t: number, w: Float64Array): void {
  const u = 1 - t;
  w[0] = (u * u * u) / 6;
  w[1] = (4 - 6 * t * t + 3 * t * t * t) / 6;
  w[2] = (1 + 3 * t + 3 * t * t - 3 * t * t * t) / 6;
  w[3] = (t * t * t) / 6;
}

/** Cast an interpolated value to the input pixel type as ITK's ResampleImageFilter does (clamp, then truncate). */
function castTo(out: VoxelArray): (v: number) => number {
  if (out instanceof Float64Array) return (v) => v;
  if (out instanceof Float32Array) return (v) => Math.fround(v);
  const [lo, hi] = out instanceof Int16Array ? [-32768, 32767] : out instanceof Uint8Array ? [0, 255] : out instanceof Uint16Array ? [0, 65535] : [-2147483648, 2147483647];
  return (v) => (v <= lo ? lo : v >= hi ? hi : Math.trunc(v));
}

function newArrayLike(a: VoxelArray, n: number): VoxelArray {
  return new (a.constructor as new (n: number) => VoxelArray)(n);
}

/**
 * Resample image and mask as PyRadiomics' `imageoperations.resampleImage` (same grid for both).
 * With ratio r = s_orig / s_new, bounding box (start b, size w) of the label and pad distance p:
 * lower = max(0, ⌊(b − ½)·r − p⌋), upper = min(⌈n·r⌉ − 1, ⌈(b + w − ½)·r + p⌉), size = upper − lower + 1;
 * the new origin is the world point of original continuous index lower/r + ½(s_new − s_orig)/s_orig
 * (voxel corners aligned). Axes where the label spans one voxel, or a requested spacing of 0, keep the
 * original spacing. The image uses `interpolator`, the mask nearest neighbour (ties rounded up); points
 * outside the input's [−½, n − ½) get 0, and integer images are clamped and truncated to their type.
 * @see PyRadiomics `imageoperations.resampleImage`; ITK `ResampleImageFilter`, `BSplineInterpolateImageFunction`.
 */
export function resamplePyRadiomics(image: Volume, mask: Volume, s: PyRadiomicsSettings, bbox: readonly number[]): PyRadiomicsResampled {
  const req = s.resampledPixelSpacing;
  if (req === null) throw new HccError('E_INTERNAL', 'resamplePyRadiomics called without resampledPixelSpacing');
  const interp = (s.interpolator ?? 'sitkBSpline') as Interp;
  if (!(PYRADIOMICS_INTERPOLATORS as readonly string[]).includes(interp)) {
    throw new HccError('E_OPTION', `PyRadiomics settings: interpolator ${interp} is not supported`, { issues: [issueError('bad_option', ['pyradiomics', 'interpolator'], `not one of ${PYRADIOMICS_INTERPOLATORS.join(', ')}`)] });
  }
  const pad = s.padDistance ?? 5;
  const ms = mask.spacing;
  const rs: number[] = [0, 1, 2].map((a) => (req[a] === 0 || bbox[3 + a] === 1 ? ms[a] : req[a]));
  const lower: number[] = [];
  const size: number[] = [];
  const cOrigin: number[] = [];
  for (let a = 0; a < 3; a++) {
    const ratio = ms[a] / rs[a];
    let lo = Math.floor((bbox[a] - 0.5) * ratio - pad);
    let up = Math.ceil((bbox[a] + bbox[3 + a] - 0.5) * ratio + pad);
    const maxUp = Math.ceil(mask.shape[a] * ratio) - 1;
    if (lo < 0) lo = 0;
    if (up > maxUp) up = maxUp;
    lower.push(lo);
    size.push(up - lo + 1);
    cOrigin.push(0.5 * (rs[a] - ms[a]) / ms[a] + lo / ratio);
  }
  const origin = indexToWorld(mask, cOrigin as unknown as Vec3);
  const shape = size as unknown as Vec3;
  const spacing = rs as unknown as Vec3;
  // Continuous input index of output voxel (i, j, k): world point, then back through the input's
  // physical-to-index matrix (inverse(D·diag(s)), as ITK).
  const d = image.direction;
  const toCont = (vol: Volume): ((i: number, j: number, k: number, out: Float64Array) => void) => {
    const inv = [0, 1, 2].map((r) => [0, 1, 2].map((c) => d[c * 3 + r] / vol.spacing[r]));
    return (i, j, k, out) => {
      const q = [i * rs[0], j * rs[1], k * rs[2]];
      for (let r = 0; r < 3; r++) {
        const p = origin[r] + d[r * 3] * q[0] + d[r * 3 + 1] * q[1] + d[r * 3 + 2] * q[2] - vol.origin[r];
        out[r] = p;
      }
      const x = out[0], y = out[1], z = out[2];
      for (let r = 0; r < 3; r++) out[r] = inv[r][0] * x + inv[r][1] * y + inv[r][2] * z;
    };
  };
  const n = size[0] * size[1] * size[2];
  const outImage = newArrayLike(image.data, n);
  const outMask = newArrayLike(mask.data, n);
  const cast = castTo(outImage);
  const [nx, ny, nz] = image.shape;
  const inside = (c: Float64Array, sh: Vec3): boolean => c[0] >= -0.5 && c[0] < sh[0] - 0.5 && c[1] >= -0.5 && c[1] < sh[1] - 0.5 && c[2] >= -0.5 && c[2] < sh[2] - 0.5;
  const coef = interp === 'sitkBSpline' ? coefficients(image.data, image.shape) : null;
  const wx = new Float64Array(4), wy = new Float64Array(4), wz = new Float64Array(4);
  const ix = new Int32Array(4), iy = new Int32Array(4), iz = new Int32Array(4);
  const c = new Float64Array(3);
  const imgCont = toCont(image);
  const mskCont = toCont(mask);
  const nearest = (vol: Volume, cc: Float64Array): number => {
    const a = Math.floor(cc[0] + 0.5), b = Math.floor(cc[1] + 0.5), e = Math.floor(cc[2] + 0.5);
    return vol.data[a + vol.shape[0] * (b + vol.shape[1] * e)];
  };
  for (let k = 0, v = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      for (let i = 0; i < size[0]; i++, v++) {
        imgCont(i, j, k, c);
        if (inside(c, image.shape)) {
          let val: number;
          if (coef) {
            const fx = Math.floor(c[0]), fy = Math.floor(c[1]), fz = Math.floor(c[2]);
            cubicWeights(c[0] - fx, wx);
            cubicWeights(c[1] - fy, wy);
            cubicWeights(c[2] - fz, wz);
            for (let t = 0; t < 4; t++) {
              ix[t] = mirror(fx - 1 + t, nx);
              iy[t] = mirror(fy - 1 + t, ny);
              iz[t] = mirror(fz - 1 + t, nz);
            }
            val = 0;
            for (let tz = 0; tz < 4; tz++) {
              for (let ty = 0; ty < 4; ty++) {
                const row = nx * (iy[ty] + ny * iz[tz]);
                const w = wz[tz] * wy[ty];
                for (let tx = 0; tx < 4; tx++) val += w * wx[tx] * coef[row + ix[tx]];
              }
            }
          } else if (interp === 'sitkNearestNeighbor') {
            val = nearest(image, c);
          } else {
            val = trilinear(image, c);
          }
          outImage[v] = cast(val);
        }
        mskCont(i, j, k, c);
        if (inside(c, mask.shape)) outMask[v] = nearest(mask, c);
      }
    }
  }
  const geo = { shape, spacing, origin, direction: mask.direction };
  return { image: makeVolume({ data: outImage, ...geo }), mask: makeVolume({ data: outMask, ...geo }), lowerBound: lower as unknown as Vec3, size: shape, spacing, origin };
}

/** Trilinear interpolation (ITK LinearInterpolateImageFunction: neighbours clamped to the image). */
function trilinear(vol: Volume, c: Float64Array): number {
  const [nx, ny, nz] = vol.shape;
  const f = [Math.floor(c[0]), Math.floor(c[1]), Math.floor(c[2])];
  const t = [c[0] - f[0], c[1] - f[1], c[2] - f[2]];
  const cl = (x: number, n: number): number => Math.min(n - 1, Math.max(0, x));
  let s = 0;
  for (let dz = 0; dz < 2; dz++) {
    for (let dy = 0; dy < 2; dy++) {
      for (let dx = 0; dx < 2; dx++) {
        const w = (dx ? t[0] : 1 - t[0]) * (dy ? t[1] : 1 - t[1]) * (dz ? t[2] : 1 - t[2]);
        if (w === 0) continue;
        s += w * vol.data[cl(f[0] + dx, nx) + nx * (cl(f[1] + dy, ny) + ny * cl(f[2] + dz, nz))];
      }
    }
  }
  return s;
}

/**
 * PyRadiomics' whole-image normalisation as a volume (float64): (x − mean)/sd · normalizeScale with
 * sd over all voxels (n − 1), then optional clipping to ±removeOutliers·normalizeScale, as is done
 * before resampling.
 * @see PyRadiomics `imageoperations.normalizeImage`.
 */
export function normalizePyRadiomicsImage(image: Volume, s: PyRadiomicsSettings): Volume {
  const n = image.data.length;
  let sum = 0;
  for (let v = 0; v < n; v++) sum += image.data[v];
  const mean = sum / n;
  let ss = 0;
  for (let v = 0; v < n; v++) ss += (image.data[v] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const out = new Float64Array(n);
  const clip = s.removeOutliers;
  for (let v = 0; v < n; v++) {
    let z = sd > 0 ? (image.data[v] - mean) / sd : 0;
    if (clip !== null) z = Math.max(-clip, Math.min(clip, z));
    out[v] = z * s.normalizeScale;
  }
  return makeVolume({ data: out, shape: image.shape, spacing: image.spacing, origin: image.origin, direction: image.direction });
}
