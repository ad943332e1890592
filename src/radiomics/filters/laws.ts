import type { Kernel1d } from './kernel-1d.js';
import { centredKernel, mirroredKernel } from './kernel-1d.js';
import { convolveSeparable } from './convolve-separable.js';
import { boxMean } from './mean-filter.js';
import type { PaddingMode } from './padding.js';
import type { FilterDimensions, FilterImage, ResponseMap } from './response-map.js';
import { assertFilterImage, badFilterOption, toResponseMap } from './response-map.js';
import { rightAngleRotations } from './rotations.js';

/** The normalised 1-D Laws kernels of IBSI 2 (unit L2 norm). */
export const LAWS_1D: Readonly<Record<string, readonly number[]>> = {
  L3: [1, 2, 1].map((v) => v / Math.sqrt(6)),
  E3: [-1, 0, 1].map((v) => v / Math.sqrt(2)),
  S3: [-1, 2, -1].map((v) => v / Math.sqrt(6)),
  L5: [1, 4, 6, 4, 1].map((v) => v / Math.sqrt(70)),
  E5: [-1, -2, 0, 2, 1].map((v) => v / Math.sqrt(10)),
  S5: [-1, 0, 2, 0, -1].map((v) => v / Math.sqrt(6)),
  W5: [-1, 2, 0, -2, 1].map((v) => v / Math.sqrt(10)),
  R5: [1, -4, 6, -4, 1].map((v) => v / Math.sqrt(70)),
};

/** Options of {@link lawsFilter}. */
export interface LawsFilterOptions {
  /** Kernel name, one 1-D kernel per axis in order i (x), j (y), k (z): `E5L5S5` (3-D) or `L5S5` (2-D). */
  readonly kernel: string;
  readonly dimensions: FilterDimensions;
  readonly padding: PaddingMode;
  /** Pool the response over the right-angle rotations of the kernel (24 in 3-D, 4 in 2-D). */
  readonly rotationInvariant: boolean;
  /** Pooling across rotations (IBSI uses `max`). */
  readonly pooling: 'max' | 'mean';
  /** When set, return the texture-energy map: mean of |response| over a (2δ+1)-voxel window (δ in voxels). */
  readonly energyDistance?: number;
}

/** Split `E5L5S5` into its 1-D kernel names; throws `E_OPTION` on unknown parts or wrong count. */
export function parseLawsKernel(name: string, dims: number): string[] {
  const parts = name.toUpperCase().match(/[A-Z]\d/g) ?? [];
  if (parts.join('') !== name.toUpperCase() || parts.length !== dims || parts.some((p) => !(p in LAWS_1D))) {
    badFilterOption('kernel', `Laws kernel must name ${dims} 1-D kernels from ${Object.keys(LAWS_1D).join(', ')}`, `e.g. ${dims === 3 ? 'E5L5S5' : 'L5S5'}`, name);
  }
  return parts;
}

/**
 * IBSI 2 Laws filter (IBSI code JTXT): convolution with the outer product of 1-D Laws kernels, the
 * first along i, the second along j (the third along k in 3-D). Rotation invariance: `pooling` over
 * the response to every right-angle rotation of the kernel. Energy map (when `energyDistance` δ is
 * set): `E(k) = mean_{|j−k|∞ ≤ δ} |h(j)|`, padded like the image.
 * @see IBSI 2 reference manual §"Laws kernels"
 */
export function lawsFilter(image: FilterImage, options: LawsFilterOptions): ResponseMap {
  assertFilterImage(image);
  const dims = options.dimensions === '3d' ? 3 : 2;
  const base = parseLawsKernel(options.kernel, dims).map((p) => centredKernel(LAWS_1D[p]));
  const rotations = options.rotationInvariant ? rightAngleRotations(dims) : rightAngleRotations(dims).slice(0, 1);
  let pooled: Float64Array | null = null;
  for (const rot of rotations) {
    const ks: (Kernel1d | null)[] = [null, null, null];
    for (let a = 0; a < dims; a++) {
      const k = base[rot.perm[a]];
      ks[a] = rot.sign[a] === 1 ? k : mirroredKernel(k);
    }
    const r = convolveSeparable(image.data, image.shape, ks, options.padding);
    if (pooled === null) pooled = r;
    else if (options.pooling === 'max') for (let i = 0; i < r.length; i++) pooled[i] = Math.max(pooled[i], r[i]);
    else for (let i = 0; i < r.length; i++) pooled[i] += r[i];
  }
  const h = pooled as Float64Array;
  if (options.pooling === 'mean' && rotations.length > 1) for (let i = 0; i < h.length; i++) h[i] /= rotations.length;
  if (options.energyDistance === undefined) return toResponseMap(image, h);
  const delta = options.energyDistance;
  if (!Number.isInteger(delta) || delta < 0) badFilterOption('energyDistance', 'energy distance must be a non-negative integer (voxels)', 'integer ≥ 0', delta);
  for (let i = 0; i < h.length; i++) h[i] = Math.abs(h[i]);
  return toResponseMap(image, boxMean(h, image.shape, 2 * delta + 1, options.dimensions, options.padding));
}
