import type { Kernel1d } from './kernel-1d.js';
import { centredKernel } from './kernel-1d.js';
import { convolveSeparable } from './convolve-separable.js';
import type { PaddingMode } from './padding.js';
import type { FilterDimensions, FilterImage, ResponseMap } from './response-map.js';
import { assertFilterImage, badFilterOption, toResponseMap } from './response-map.js';

/** Options of {@link laplacianOfGaussian}. */
export interface LaplacianOfGaussianOptions {
  /** Gaussian scale σ in mm (converted to voxels per axis with the spacing). */
  readonly sigmaMm: number;
  /** Kernel half-width in units of σ (IBSI: 4). Support along an axis: 1 + 2⌊truncation·σ_vox + 0.5⌋. */
  readonly truncation: number;
  readonly dimensions: FilterDimensions;
  readonly padding: PaddingMode;
}

/** Sampled 1-D Gaussian g(x) = exp(−x²/2σ²)/(√(2π)σ) and its second derivative g''(x) = (x²/σ⁴ − 1/σ²) g(x), σ in voxels. */
export function gaussianKernels(sigmaVoxels: number, truncation: number): { readonly g: Kernel1d; readonly g2: Kernel1d; readonly radius: number } {
  const r = Math.floor(truncation * sigmaVoxels + 0.5);
  const s2 = sigmaVoxels * sigmaVoxels;
  const g = new Float64Array(2 * r + 1);
  const g2 = new Float64Array(2 * r + 1);
  for (let t = -r; t <= r; t++) {
    const v = Math.exp((-t * t) / (2 * s2)) / (Math.sqrt(2 * Math.PI) * sigmaVoxels);
    g[t + r] = v;
    g2[t + r] = ((t * t) / (s2 * s2) - 1 / s2) * v;
  }
  return { g: centredKernel(g), g2: centredKernel(g2), radius: r };
}

/**
 * IBSI 2 Laplacian of Gaussian (IBSI code L6PA), in voxel units:
 * `h(x) = −(1/σ²)(1/(√(2π)σ))^d (d − |x|²/σ²) exp(−|x|²/(2σ²))` = `Σ_a g''_a(x_a) Π_{b≠a} g_b(x_b)`,
 * evaluated as d separable convolutions (σ_a = σ_mm / spacing_a; no renormalisation of the sampled
 * kernel, which reproduces the IBSI reference maps). `2d` filters each i–j slice.
 * @see IBSI 2 reference manual §"Laplacian of Gaussian"; SciPy `ndimage.gaussian_laplace`
 */
export function laplacianOfGaussian(image: FilterImage, options: LaplacianOfGaussianOptions): ResponseMap {
  assertFilterImage(image);
  if (!(options.sigmaMm > 0) || !Number.isFinite(options.sigmaMm)) badFilterOption('sigmaMm', 'σ must be positive', 'σ > 0 mm', options.sigmaMm);
  if (!(options.truncation > 0)) badFilterOption('truncation', 'truncation must be positive', '> 0 (IBSI: 4)', options.truncation);
  const d = options.dimensions === '3d' ? 3 : 2;
  const bank = Array.from({ length: d }, (_, a) => gaussianKernels(options.sigmaMm / image.spacing[a], options.truncation));
  const sum = new Float64Array(image.data.length);
  for (let a = 0; a < d; a++) {
    const ks: (Kernel1d | null)[] = [null, null, null];
    for (let b = 0; b < d; b++) ks[b] = b === a ? bank[b].g2 : bank[b].g;
    const part = convolveSeparable(image.data, image.shape, ks, options.padding);
    for (let i = 0; i < sum.length; i++) sum[i] += part[i];
  }
  return toResponseMap(image, sum);
}
