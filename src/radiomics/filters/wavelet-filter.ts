import type { Kernel1d } from './kernel-1d.js';
import { dilatedKernel, kernelFromTaps, mirroredKernel } from './kernel-1d.js';
import { convolveSeparable } from './convolve-separable.js';
import type { PaddingMode } from './padding.js';
import type { FilterDimensions, FilterImage, ResponseMap } from './response-map.js';
import { assertFilterImage, badFilterOption, toResponseMap } from './response-map.js';
import type { RightAngleRotation } from './rotations.js';
import { rightAngleRotations } from './rotations.js';
import type { WaveletFamily } from './wavelet-banks.js';
import { waveletHighPass, waveletLowPass } from './wavelet-banks.js';

/** Options of {@link waveletFilter}. */
export interface WaveletFilterOptions {
  readonly family: WaveletFamily;
  /** Sub-band per axis in order i (x), j (y), k (z): `LHL` (3-D) or `HL` (2-D); L = low-pass, H = high-pass. */
  readonly subband: string;
  /** Decomposition level ≥ 1; level ℓ applies `subband` with filters dilated by 2^(ℓ−1) to the level ℓ−1 all-low-pass image. */
  readonly level: number;
  readonly dimensions: FilterDimensions;
  readonly padding: PaddingMode;
  /** Average the response over the right-angle rotations (24 in 3-D, 4 in 2-D). */
  readonly rotationInvariant: boolean;
}

function rotatedBank(bank: readonly Kernel1d[], rot: RightAngleRotation, dims: number): (Kernel1d | null)[] {
  const ks: (Kernel1d | null)[] = [null, null, null];
  for (let a = 0; a < dims; a++) {
    const k = bank[rot.perm[a]];
    ks[a] = rot.sign[a] === 1 ? k : mirroredKernel(k);
  }
  return ks;
}

/**
 * IBSI 2 separable wavelet filter, undecimated (stationary / à trous; IBSI code 25BO for the
 * decomposition): along each axis the analysis filter h₀ (L) or h₁ (H) is applied as a convolution
 * with tap n at offset n − ⌊N/2⌋, i.e. `y[x] = Σ_n h[n] I[x − n + ⌊N/2⌋]`; level ℓ > 1 first computes
 * the all-L image of level ℓ−1 and then applies the requested sub-band with filters dilated by
 * 2^(ℓ−1). Rotation invariance averages the responses to all right-angle rotations of the filter
 * bank (the whole cascade is rotated).
 * @see IBSI 2 reference manual §"Wavelets"; PyWavelets `swtn`
 */
export function waveletFilter(image: FilterImage, options: WaveletFilterOptions): ResponseMap {
  assertFilterImage(image);
  const dims = options.dimensions === '3d' ? 3 : 2;
  const band = options.subband.toUpperCase();
  if (!new RegExp(`^[LH]{${dims}}$`).test(band)) badFilterOption('subband', `sub-band must be ${dims} letters L/H (axes i, j${dims === 3 ? ', k' : ''})`, dims === 3 ? 'e.g. LHL' : 'e.g. HL', options.subband);
  if (!Number.isInteger(options.level) || options.level < 1) badFilterOption('level', 'level must be a positive integer', 'integer ≥ 1', options.level);
  const lo = waveletLowPass(options.family);
  const hi = waveletHighPass(options.family);
  const origin = Math.floor(lo.length / 2);
  const low = kernelFromTaps(lo, origin);
  const high = kernelFromTaps(hi, origin);
  const rotations = options.rotationInvariant ? rightAngleRotations(dims) : rightAngleRotations(dims).slice(0, 1);
  const sum = new Float64Array(image.data.length);
  for (const rot of rotations) {
    let cur: ArrayLike<number> = image.data;
    for (let level = 1; level <= options.level; level++) {
      const f = 2 ** (level - 1);
      const letters = level < options.level ? 'L'.repeat(dims) : band;
      const bank = Array.from(letters, (c) => dilatedKernel(c === 'L' ? low : high, f));
      cur = convolveSeparable(cur, image.shape, rotatedBank(bank, rot, dims), options.padding);
    }
    for (let i = 0; i < sum.length; i++) sum[i] += cur[i];
  }
  if (rotations.length > 1) for (let i = 0; i < sum.length; i++) sum[i] /= rotations.length;
  return toResponseMap(image, sum);
}
