/** Smallest power of two ≥ n. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** cos/sin of −2πk/n for k < n/2 (twiddle factors of a length-n transform). */
function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(n >> 1), sin = new Float64Array(n >> 1);
  for (let k = 0; k < n >> 1; k++) {
    cos[k] = Math.cos((-2 * Math.PI * k) / n);
    sin[k] = Math.sin((-2 * Math.PI * k) / n);
  }
  return { cos, sin };
}

/** In-place iterative radix-2 FFT of one complex line (length a power of two), forward (e^{−2πi fk/N}). */
function fftLine(re: Float64Array, im: Float64Array, n: number, tw: { cos: Float64Array; sin: Float64Array }): void {
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let k = 0; k < half; k++) {
      const wr = tw.cos[k * step];
      const wi = tw.sin[k * step];
      for (let s = k; s < n; s += len) {
        const t = s + half;
        const xr = re[t] * wr - im[t] * wi;
        const xi = re[t] * wi + im[t] * wr;
        re[t] = re[s] - xr;
        im[t] = im[s] - xi;
        re[s] += xr;
        im[s] += xi;
      }
    }
  }
}

/**
 * In-place forward 3-D FFT of a complex volume (x fastest), each dimension a power of two.
 * Unnormalised: X(f) = Σ_k x(k) e^{−2πi f·k/N}.
 */
export function fft3d(re: Float64Array, im: Float64Array, shape: readonly [number, number, number]): void {
  const [nx, ny] = shape;
  const strides = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const n = shape[axis];
    if (n === 1) continue;
    const tw = twiddles(n);
    const lr = new Float64Array(n);
    const li = new Float64Array(n);
    const s = strides[axis];
    const [a1, a2] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
    for (let v = 0; v < shape[a2]; v++) {
      for (let u = 0; u < shape[a1]; u++) {
        const base = u * strides[a1] + v * strides[a2];
        for (let k = 0; k < n; k++) {
          lr[k] = re[base + k * s];
          li[k] = im[base + k * s];
        }
        fftLine(lr, li, n, tw);
        for (let k = 0; k < n; k++) {
          re[base + k * s] = lr[k];
          im[base + k * s] = li[k];
        }
      }
    }
  }
}
