import { HccError } from '../../core/errors.js';
import { fftInPlace, nextPowerOfTwo, planFft } from './fft.js';
import type { FftPlan } from './fft.js';

/**
 * A plan for a complex FFT of any length `n ≥ 1`: radix-2 when `n` is a power of two, otherwise
 * Bluestein's chirp-z algorithm (a length-n DFT as a circular convolution of length m = 2^⌈log2(2n−1)⌉).
 */
export interface FftAnyPlan {
  readonly n: number;
  /** Radix-2 plan of length n (power-of-two n) or of the convolution length m (Bluestein). */
  readonly radix2: FftPlan;
  /** Bluestein only: chirp w[j] = e^{−iπj²/n} (cos and sin parts), j < n. */
  readonly chirpRe: Float64Array | null;
  readonly chirpIm: Float64Array | null;
  /** Bluestein only: FFT of the conjugate chirp spread circularly over length m. */
  readonly kernelRe: Float64Array | null;
  readonly kernelIm: Float64Array | null;
  /** Work buffers of length m (Bluestein) reused by every call with this plan. */
  readonly workRe: Float64Array | null;
  readonly workIm: Float64Array | null;
}

/** Plan an FFT of any length `n ≥ 1` (see {@link FftAnyPlan}). */
export function planFftAny(n: number): FftAnyPlan {
  if (!Number.isInteger(n) || n < 1) throw new HccError('E_INTERNAL', `FFT length ${n} is not a positive integer`);
  if ((n & (n - 1)) === 0) {
    return { n, radix2: planFft(n), chirpRe: null, chirpIm: null, kernelRe: null, kernelIm: null, workRe: null, workIm: null };
  }
  const m = nextPowerOfTwo(2 * n - 1);
  const radix2 = planFft(m);
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // j² mod 2n keeps the angle small and exact for large j.
    const a = (Math.PI * ((j * j) % (2 * n))) / n;
    chirpRe[j] = Math.cos(a);
    chirpIm[j] = -Math.sin(a);
  }
  const kernelRe = new Float64Array(m);
  const kernelIm = new Float64Array(m);
  kernelRe[0] = chirpRe[0];
  kernelIm[0] = -chirpIm[0];
  for (let j = 1; j < n; j++) {
    kernelRe[j] = kernelRe[m - j] = chirpRe[j];
    kernelIm[j] = kernelIm[m - j] = -chirpIm[j];
  }
  fftInPlace(radix2, kernelRe, kernelIm, 0, false);
  return { n, radix2, chirpRe, chirpIm, kernelRe, kernelIm, workRe: new Float64Array(m), workIm: new Float64Array(m) };
}

/**
 * In-place DFT of the `n` complex values `re[offset + s·stride] + i·im[…]`, s < n.
 * Forward: X[k] = Σ_j x[j] e^{−2πijk/n}; inverse (`inverse = true`) uses e^{+2πijk/n} and omits 1/n.
 * Bluestein: jk = (j² + k² − (k−j)²)/2, so X[k] = w[k] Σ_j (x[j] w[j]) conj(w[k−j]).
 */
export function fftAnyStrided(plan: FftAnyPlan, re: Float64Array, im: Float64Array, offset: number, stride: number, inverse: boolean): void {
  const { n } = plan;
  if (n === 1) return;
  if (plan.chirpRe === null) {
    if (stride === 1) {
      fftInPlace(plan.radix2, re, im, offset, inverse);
      return;
    }
    const tr = new Float64Array(n);
    const ti = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      tr[s] = re[offset + s * stride];
      ti[s] = im[offset + s * stride];
    }
    fftInPlace(plan.radix2, tr, ti, 0, inverse);
    for (let s = 0; s < n; s++) {
      re[offset + s * stride] = tr[s];
      im[offset + s * stride] = ti[s];
    }
    return;
  }
  const cr = plan.chirpRe as Float64Array;
  const ci = plan.chirpIm as Float64Array;
  const kr = plan.kernelRe as Float64Array;
  const ki = plan.kernelIm as Float64Array;
  const wr = plan.workRe as Float64Array;
  const wi = plan.workIm as Float64Array;
  const m = plan.radix2.n;
  // The inverse transform is the forward one with conjugated input and output.
  const sg = inverse ? -1 : 1;
  for (let j = 0; j < n; j++) {
    const xr = re[offset + j * stride];
    const xi = sg * im[offset + j * stride];
    wr[j] = xr * cr[j] - xi * ci[j];
    wi[j] = xr * ci[j] + xi * cr[j];
  }
  wr.fill(0, n);
  wi.fill(0, n);
  fftInPlace(plan.radix2, wr, wi, 0, false);
  for (let j = 0; j < m; j++) {
    const a = wr[j] * kr[j] - wi[j] * ki[j];
    wi[j] = wr[j] * ki[j] + wi[j] * kr[j];
    wr[j] = a;
  }
  fftInPlace(plan.radix2, wr, wi, 0, true);
  for (let k = 0; k < n; k++) {
    const yr = wr[k] / m;
    const yi = wi[k] / m;
    re[offset + k * stride] = yr * cr[k] - yi * ci[k];
    im[offset + k * stride] = sg * (yr * ci[k] + yi * cr[k]);
  }
}

/**
 * In-place 3-D DFT of a `[nx, ny, nz]` complex volume stored x-fastest (`index = x + nx·(y + ny·z)`),
 * any sizes. Forward X[k] = Σ x[j] e^{−2πi Σ_a j_a k_a / n_a}; the inverse (`inverse = true`) divides
 * by nx·ny·nz, so `fft3d(…, true)` undoes `fft3d(…, false)`. Axes of length 1 are skipped.
 */
export function fft3d(re: Float64Array, im: Float64Array, shape: readonly [number, number, number], inverse: boolean): void {
  const [nx, ny, nz] = shape;
  const total = nx * ny * nz;
  if (re.length !== total || im.length !== total) throw new HccError('E_INTERNAL', `fft3d: ${re.length} values for a ${nx}×${ny}×${nz} grid`);
  if (nx > 1) {
    const p = planFftAny(nx);
    for (let r = 0; r < ny * nz; r++) fftAnyStrided(p, re, im, r * nx, 1, inverse);
  }
  if (ny > 1) {
    const p = planFftAny(ny);
    for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) fftAnyStrided(p, re, im, x + nx * ny * z, nx, inverse);
  }
  if (nz > 1) {
    const p = planFftAny(nz);
    for (let r = 0; r < nx * ny; r++) fftAnyStrided(p, re, im, r, nx * ny, inverse);
  }
  if (inverse) {
    for (let i = 0; i < total; i++) {
      re[i] /= total;
      im[i] /= total;
    }
  }
}
