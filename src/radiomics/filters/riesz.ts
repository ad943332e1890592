import type { FrequencyGrid, TransferFunction } from './frequency-filter.js';
import { filterInFrequency } from './frequency-filter.js';
import type { PaddingMode } from './padding.js';
import type { FilterDimensions, FilterImage, ResponseMap } from './response-map.js';
import { assertFilterImage, badFilterOption, toResponseMap } from './response-map.js';
import { frequencyFilterPad, simoncelliTransfer } from './simoncelli.js';

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * Transfer function of the Riesz transform of order l = (l₁, l₂, l₃) (one entry per image axis i, j, k;
 * L = Σ lₐ): `R̂ˡ(ω) = (−i)^L · √(L!/Π lₐ!) · Π ωₐ^{lₐ} / ‖ω‖^L`, and 0 at ω = 0. It is all-pass in
 * modulus along each direction (an L-th order directional derivative with the radial part removed),
 * so combined with a band-pass (LoG, Simoncelli) it selects oriented structure at that scale.
 * @see IBSI 2 reference manual §"Riesz transform"; Unser & Van De Ville (2010)
 */
export function rieszTransfer(order: readonly number[]): TransferFunction {
  const l = [order[0] ?? 0, order[1] ?? 0, order[2] ?? 0];
  const L = l[0] + l[1] + l[2];
  const c = Math.sqrt(factorial(L) / (factorial(l[0]) * factorial(l[1]) * factorial(l[2])));
  return {
    value: (wx, wy, wz) => {
      const r2 = wx * wx + wy * wy + wz * wz;
      if (r2 === 0) return L === 0 ? 1 : 0;
      return (c * wx ** l[0] * wy ** l[1] * wz ** l[2]) / Math.sqrt(r2) ** L;
    },
    quarterTurns: L,
  };
}

/** The product of two transfer functions (filters in cascade). */
export function cascadeTransfer(a: TransferFunction, b: TransferFunction): TransferFunction {
  return { value: (x, y, z) => a.value(x, y, z) * b.value(x, y, z), quarterTurns: a.quarterTurns + b.quarterTurns };
}

/**
 * Transfer function of the continuous Laplacian of Gaussian with per-axis scale σₐ (voxels):
 * `Ĥ(ω) = −‖ω‖² · exp(−Σ σₐ²ωₐ²/2)` (the Fourier transform of Σₐ ∂²ₐ G_σ, unit-integral Gaussian).
 */
export function laplacianOfGaussianTransfer(sigmaVoxels: readonly number[]): TransferFunction {
  const s = [sigmaVoxels[0] ?? 0, sigmaVoxels[1] ?? 0, sigmaVoxels[2] ?? 0].map((v) => v * v);
  return {
    value: (wx, wy, wz) => -(wx * wx + wy * wy + wz * wz) * Math.exp(-(s[0] * wx * wx + s[1] * wy * wy + s[2] * wz * wz) / 2),
    quarterTurns: 0,
  };
}

/** The band-pass a Riesz transform is applied to. */
export type RieszBand = { readonly kind: 'log'; readonly sigmaMm: number } | { readonly kind: 'simoncelli'; readonly level: number };

/** Options of {@link rieszFilter}. */
export interface RieszFilterOptions {
  /** Riesz order per axis i, j(, k); at least one entry positive. */
  readonly order: readonly number[];
  readonly band: RieszBand;
  readonly dimensions: FilterDimensions;
  readonly padding: PaddingMode;
  /** Frequency sampling; default `dft` with a LoG band, `linspace` with a Simoncelli band (the IBSI 2 reference conventions). */
  readonly grid?: FrequencyGrid;
}

/**
 * IBSI 2 Riesz-transformed band-pass filter: `R = Re F⁻¹{ F{I} · R̂ˡ(ω) · B̂(ω) }` with R̂ˡ of
 * {@link rieszTransfer} and B̂ the Laplacian of Gaussian (σ in mm → voxels per axis) or the level-ℓ
 * Simoncelli wavelet; non-periodic padding adds ⌈n/2⌉ voxels per side before the DFT. Reproduces the
 * IBSI 2 reference maps 9.a (LoG, l = (1,0,0), impulse), 9.b.1 (LoG, l = (0,2,0), sphere) and 10.b.1
 * (Simoncelli level 1, l = (0,2,0), pattern 1).
 * @see IBSI 2 reference manual §"Riesz transform"; Depeursinge et al., "Steerable wavelet machines"
 */
export function rieszFilter(image: FilterImage, options: RieszFilterOptions): ResponseMap {
  assertFilterImage(image);
  const dims = options.dimensions === '3d' ? 3 : 2;
  const l = options.order;
  if (l.length !== dims || l.some((v) => !Number.isInteger(v) || v < 0) || l.every((v) => v === 0)) {
    badFilterOption('order', `a ${options.dimensions} Riesz order has ${dims} non-negative integers, not all 0`, dims === 3 ? 'e.g. [1, 0, 0]' : 'e.g. [2, 0]', JSON.stringify(l));
  }
  let band: TransferFunction;
  if (options.band.kind === 'log') {
    const s = options.band.sigmaMm;
    if (!(s > 0) || !Number.isFinite(s)) badFilterOption('band', 'σ must be positive', 'σ > 0 mm', s);
    band = laplacianOfGaussianTransfer(Array.from({ length: dims }, (_, a) => s / image.spacing[a]));
  } else {
    const lv = options.band.level;
    if (!Number.isInteger(lv) || lv < 1) badFilterOption('band', 'level must be a positive integer', 'integer ≥ 1', lv);
    band = simoncelliTransfer(lv);
  }
  const out = filterInFrequency(image, [cascadeTransfer(rieszTransfer(l), band)], {
    dimensions: options.dimensions,
    padding: options.padding,
    padVoxels: frequencyFilterPad(Math.max(...image.shape)),
    grid: options.grid ?? (options.band.kind === 'log' ? 'dft' : 'linspace'),
  });
  return toResponseMap(image, out);
}
