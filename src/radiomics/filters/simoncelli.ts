import type { FrequencyGrid, TransferFunction } from './frequency-filter.js';
import { filterInFrequency } from './frequency-filter.js';
import type { PaddingMode } from './padding.js';
import type { FilterDimensions, FilterImage, ResponseMap } from './response-map.js';
import { assertFilterImage, badFilterOption, toResponseMap } from './response-map.js';

/** Options of {@link simoncelliFilter}. */
export interface SimoncelliFilterOptions {
  /** Decomposition level ℓ ≥ 1 (the band π/2^(ℓ+1) < ‖ω‖ ≤ π/2^(ℓ−1)). */
  readonly level: number;
  readonly dimensions: FilterDimensions;
  readonly padding: PaddingMode;
  /** Frequency sampling (default `linspace`, the IBSI 2 reference convention). */
  readonly grid?: FrequencyGrid;
}

/**
 * Simoncelli mother wavelet in the Fourier domain:
 * ψ(ω) = cos(π/2 · log2(2‖ω‖/π)) for π/4 < ‖ω‖ ≤ π, 0 elsewhere (isotropic, real, ψ(π/2) = 1).
 */
export function simoncelliMother(normOmega: number): number {
  if (!(normOmega > Math.PI / 4) || normOmega > Math.PI) return 0;
  return Math.cos((Math.PI / 2) * Math.log2((2 * normOmega) / Math.PI));
}

/** Transfer function of the level-ℓ Simoncelli wavelet: ψ_ℓ(ω) = ψ(2^(ℓ−1) ω). */
export function simoncelliTransfer(level: number): TransferFunction {
  const f = 2 ** (level - 1);
  return { value: (wx, wy, wz) => simoncelliMother(f * Math.sqrt(wx * wx + wy * wy + wz * wz)), quarterTurns: 0 };
}

/** Voxels of padding a non-periodic Simoncelli filtering adds per side (the level-ℓ wavelet's reach). */
export function frequencyFilterPad(n: number): number {
  return Math.ceil(n / 2);
}

/**
 * IBSI 2 Simoncelli non-separable isotropic wavelet (undecimated), applied in the Fourier domain:
 * `R = Re F⁻¹{ F{I} · ψ_ℓ }` with ψ_ℓ(ω) = ψ(2^(ℓ−1)ω) and the mother ψ of {@link simoncelliMother};
 * periodic padding uses the image as it is; other modes pad each axis by ⌈n/2⌉ first. Frequencies are
 * sampled on `linspace(−π, π, n)` per axis (see {@link FrequencyGrid}), which reproduces the IBSI 2
 * reference maps (tests 8.a.1–8.a.3).
 * @see IBSI 2 reference manual §"Simoncelli wavelets"; Portilla & Simoncelli (2000)
 */
export function simoncelliFilter(image: FilterImage, options: SimoncelliFilterOptions): ResponseMap {
  assertFilterImage(image);
  if (!Number.isInteger(options.level) || options.level < 1) badFilterOption('level', 'level must be a positive integer', 'integer ≥ 1', options.level);
  const out = filterInFrequency(image, [simoncelliTransfer(options.level)], {
    dimensions: options.dimensions,
    padding: options.padding,
    padVoxels: frequencyFilterPad(Math.max(...image.shape)),
    grid: options.grid ?? 'linspace',
  });
  return toResponseMap(image, out);
}
