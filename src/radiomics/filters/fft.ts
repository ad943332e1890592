import { HccError } from '../../core/errors.js';

/** Smallest power of two ≥ n. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Precomputed bit reversal and twiddles for radix-2 transforms of one length. */
export interface FftPlan {
  readonly n: number;
  readonly rev: Uint32Array;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

/** Plan a radix-2 FFT of length `n` (a power of two). */
export function planFft(n: number): FftPlan {
  if (n < 1 || (n & (n - 1)) !== 0) throw new HccError('E_INTERNAL', `FFT length ${n} is not a power of two`);
  const bits = Math.round(Math.log2(n));
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let i = 0; i < n / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n);
    sin[i] = Math.sin((2 * Math.PI * i) / n);
  }
  return { n, rev, cos, sin };
}

/**
 * In-place iterative radix-2 FFT of `re + i·im` at `offset` (contiguous, length plan.n).
 * Forward: X[k] = Σ x[j] e^{−2πijk/n}; inverse (`inverse = true`) omits the 1/n factor.
 */
export function fftInPlace(plan: FftPlan, re: Float64Array, im: Float64Array, offset: number, inverse: boolean): void {
  const { n, rev, cos, sin } = plan;
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j > i) {
      const a = offset + i;
      const b = offset + j;
      let t = re[a]; re[a] = re[b]; re[b] = t;
      t = im[a]; im[a] = im[b]; im[b] = t;
    }
  }
  // Stage of size 2: twiddle 1.
  for (let a = offset; a < offset + n; a += 2) {
    const xr = re[a + 1];
    const xi = im[a + 1];
    re[a + 1] = re[a] - xr;
    im[a + 1] = im[a] - xi;
    re[a] += xr;
    im[a] += xi;
  }
  const sgn = inverse ? 1 : -1;
  for (let size = 4; size <= n; size *= 2) {
    const half = size / 2;
    const step = n / size;
    for (let start = offset; start < offset + n; start += size) {
      for (let k = 0, tw = 0; k < half; k++, tw += step) {
        const wr = cos[tw];
        const wi = sgn * sin[tw];
        const a = start + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

/**
 * 2-D FFT of a `rows × cols` array stored row-major (`index = r·cols + c`), in place.
 * `onlyCols`, for the inverse, limits the column transforms to columns [from, to) (the rest are left
 * half-transformed), saving work when only part of the output is needed.
 */
export function fft2d(rowPlan: FftPlan, colPlan: FftPlan, re: Float64Array, im: Float64Array, inverse: boolean, onlyCols?: { from: number; to: number }): void {
  const rows = colPlan.n;
  const cols = rowPlan.n;
  for (let r = 0; r < rows; r++) fftInPlace(rowPlan, re, im, r * cols, inverse);
  const tr = new Float64Array(rows);
  const ti = new Float64Array(rows);
  const from = onlyCols?.from ?? 0;
  const to = onlyCols?.to ?? cols;
  for (let c = from; c < to; c++) {
    for (let r = 0; r < rows; r++) {
      tr[r] = re[r * cols + c];
      ti[r] = im[r * cols + c];
    }
    fftInPlace(colPlan, tr, ti, 0, inverse);
    for (let r = 0; r < rows; r++) {
      re[r * cols + c] = tr[r];
      im[r * cols + c] = ti[r];
    }
  }
}
