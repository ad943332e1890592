import { centredKernel } from './kernel-1d.js';
import { convolveSeparable } from './convolve-separable.js';
import type { PaddingMode } from './padding.js';
import type { FilterDimensions, FilterImage, ResponseMap } from './response-map.js';
import { assertFilterImage, badFilterOption, toResponseMap } from './response-map.js';

/** Options of {@link meanFilter}. */
export interface MeanFilterOptions {
  /** Support M in voxels along each filtered axis (odd, ≥ 1). */
  readonly supportVoxels: number;
  readonly dimensions: FilterDimensions;
  readonly padding: PaddingMode;
}

/** The separable box average over an odd window, as raw voxels (shared with the Laws energy map). */
export function boxMean(data: ArrayLike<number>, shape: FilterImage['shape'], support: number, dimensions: FilterDimensions, padding: PaddingMode): Float64Array {
  const k = centredKernel(new Float64Array(support).fill(1 / support));
  return convolveSeparable(data, shape, [k, k, dimensions === '3d' ? k : null], padding);
}

/**
 * IBSI 2 mean filter (IBSI code S60F): `h(k) = (1/M^d) Σ_{j ∈ window(k)} I(j)`, a centred M-voxel
 * window along each axis (d = 3, or d = 2 in-plane for `2d`), image padded by `padding`.
 * @see IBSI 2 reference manual §"Mean filter"; SciPy `ndimage.uniform_filter`
 */
export function meanFilter(image: FilterImage, options: MeanFilterOptions): ResponseMap {
  assertFilterImage(image);
  const m = options.supportVoxels;
  if (!Number.isInteger(m) || m < 1 || m % 2 === 0) badFilterOption('supportVoxels', 'support must be an odd positive integer', 'odd integer ≥ 1', m);
  return toResponseMap(image, boxMean(image.data, image.shape, m, options.dimensions, options.padding));
}
