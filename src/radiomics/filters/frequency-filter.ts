import { HccError } from '../../core/errors.js';
import { fft3d } from './fft-any.js';
import type { PaddingMode } from './padding.js';
import { paddedIndex } from './padding.js';
import type { FilterDimensions, FilterImage } from './response-map.js';

/**
 * How DFT bin k of an n-point axis maps to an angular frequency ω (radians per voxel):
 * - `dft`: ω = 2πk/n for k < n/2 and 2π(k − n)/n otherwise (the exact DFT frequencies);
 * - `linspace`: the centred grid `linspace(−π, π, n)` moved to DFT order by `ifftshift`, i.e.
 *   bin k holds −π + 2π·((k + ⌊n/2⌋) mod n)/(n − 1). This is the grid the IBSI 2 Simoncelli
 *   reference maps were computed on (both ends ±π are sampled, 0 is not when n is even).
 */
export type FrequencyGrid = 'dft' | 'linspace';

/** Angular frequency (radians/voxel) of every bin of an `n`-point axis under `grid`. */
export function frequencyAxis(n: number, grid: FrequencyGrid): Float64Array {
  const w = new Float64Array(n);
  if (n === 1) return w;
  const h = Math.floor(n / 2);
  for (let k = 0; k < n; k++) {
    w[k] = grid === 'dft' ? (2 * Math.PI * (k < n - h ? k : k - n)) / n : -Math.PI + (2 * Math.PI * ((k + h) % n)) / (n - 1);
  }
  return w;
}

/**
 * A filter given by its transfer function: `(ωx, ωy, ωz) ↦ H(ω)` times (−i)^quarterTurns (an odd
 * Riesz order makes the transfer function imaginary), ω in radians per voxel along the image axes
 * i, j, k (ωz = 0 for `2d` filtering).
 */
export interface TransferFunction {
  readonly value: (wx: number, wy: number, wz: number) => number;
  readonly quarterTurns: number;
}

/** Options of {@link filterInFrequency}. */
export interface FrequencyFilterOptions {
  readonly dimensions: FilterDimensions;
  /** `periodic` filters the image as it is (the DFT's own boundary); other modes pad first. */
  readonly padding: PaddingMode;
  /** Voxels added on each side of each filtered axis when `padding` is not periodic. */
  readonly padVoxels: number;
  readonly grid: FrequencyGrid;
}

/**
 * Filter `image` by the sum of `transfers` in the Fourier domain and return the real part of the
 * result on the image grid (x-fastest): pad (unless periodic), DFT, multiply by Σ H_t(ω)·(−i)^q_t,
 * inverse DFT, crop. `2d` filters each i–j slice separately. Any grid size is handled
 * ({@link fft3d}: radix-2 or Bluestein).
 */
export function filterInFrequency(image: FilterImage, transfers: readonly TransferFunction[], options: FrequencyFilterOptions): Float64Array {
  const [nx, ny, nz] = image.shape;
  const pad = options.padding === 'periodic' ? 0 : options.padVoxels;
  if (!Number.isInteger(pad) || pad < 0) throw new HccError('E_INTERNAL', `padVoxels ${pad} is not a non-negative integer`);
  const is3d = options.dimensions === '3d';
  const px = nx + 2 * pad;
  const py = ny + 2 * pad;
  const pz = is3d ? nz + 2 * pad : 1;
  const slices = is3d ? 1 : nz;
  const size = px * py * pz;
  const wx = frequencyAxis(px, options.grid);
  const wy = frequencyAxis(py, options.grid);
  const wz = frequencyAxis(pz, options.grid);
  // Transfer function on the padded grid (complex), shared by all slices.
  const hr = new Float64Array(size);
  const hi = new Float64Array(size);
  for (const t of transfers) {
    const q = ((t.quarterTurns % 4) + 4) % 4;
    // (−i)^q = 1, −i, −1, i.
    const cr = q === 0 ? 1 : q === 2 ? -1 : 0;
    const ci = q === 1 ? -1 : q === 3 ? 1 : 0;
    for (let z = 0, i = 0; z < pz; z++) {
      for (let y = 0; y < py; y++) {
        for (let x = 0; x < px; x++, i++) {
          const v = t.value(wx[x], wy[y], wz[z]);
          hr[i] += cr * v;
          hi[i] += ci * v;
        }
      }
    }
  }
  const ix = Int32Array.from({ length: px }, (_, a) => paddedIndex(a - pad, nx, options.padding));
  const iy = Int32Array.from({ length: py }, (_, a) => paddedIndex(a - pad, ny, options.padding));
  const iz = Int32Array.from({ length: pz }, (_, a) => (is3d ? paddedIndex(a - pad, nz, options.padding) : 0));
  const out = new Float64Array(nx * ny * nz);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let s = 0; s < slices; s++) {
    re.fill(0);
    im.fill(0);
    for (let z = 0, i = 0; z < pz; z++) {
      const sz = is3d ? iz[z] : s;
      for (let y = 0; y < py; y++) {
        for (let x = 0; x < px; x++, i++) {
          if (sz < 0 || iy[y] < 0 || ix[x] < 0) continue;
          re[i] = image.data[ix[x] + nx * (iy[y] + ny * sz)];
        }
      }
    }
    fft3d(re, im, [px, py, pz], false);
    for (let i = 0; i < size; i++) {
      const a = re[i] * hr[i] - im[i] * hi[i];
      im[i] = re[i] * hi[i] + im[i] * hr[i];
      re[i] = a;
    }
    fft3d(re, im, [px, py, pz], true);
    const zFrom = is3d ? 0 : s;
    const zTo = is3d ? nz : s + 1;
    for (let z = zFrom; z < zTo; z++) {
      const zp = is3d ? z + pad : 0;
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) out[x + nx * (y + ny * z)] = re[x + pad + px * (y + pad + py * zp)];
      }
    }
  }
  return out;
}
