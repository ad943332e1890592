/**
 * Orthogonal wavelet filter banks used by IBSI 2. `decompositionLow` is the analysis low-pass filter
 * h₀ in the PyWavelets `dec_lo` order; the analysis high-pass is its quadrature mirror
 * `h₁[n] = (−1)^(n+1) h₀[N−1−n]`. All four from their closed forms.
 */
export type WaveletFamily = 'haar' | 'db2' | 'db3' | 'coif1';

/** Supported families. */
export const WAVELET_FAMILIES: readonly WaveletFamily[] = ['haar', 'db2', 'db3', 'coif1'];

const S2 = Math.SQRT2;
const S3 = Math.sqrt(3);
const S7 = Math.sqrt(7);
const A10 = Math.sqrt(10);
const B10 = Math.sqrt(5 + 2 * A10);

const LOW: Readonly<Record<WaveletFamily, readonly number[]>> = {
  haar: [1 / S2, 1 / S2],
  db2: [1 - S3, 3 - S3, 3 + S3, 1 + S3].map((v) => v / (4 * S2)),
  // db3 closed form with a = √10, b = √(5 + 2√10), listed in dec_lo (reversed) order.
  db3: [1 + A10 - B10, 5 + A10 - 3 * B10, 10 - 2 * A10 - 2 * B10, 10 - 2 * A10 + 2 * B10, 5 + A10 + 3 * B10, 1 + A10 + B10].map((v) => (v * S2) / 32),
  coif1: [-3 + S7, 1 - S7, 14 - 2 * S7, 14 + 2 * S7, 5 + S7, 1 - S7].map((v) => (v * S2) / 32),
};

/** Analysis low-pass filter h₀ of a family. */
export function waveletLowPass(family: WaveletFamily): Float64Array {
  return Float64Array.from(LOW[family]);
}

/** Analysis high-pass filter h₁[n] = (−1)^(n+1) h₀[N−1−n] (quadrature mirror of h₀). */
export function waveletHighPass(family: WaveletFamily): Float64Array {
  const lo = LOW[family];
  const n = lo.length;
  return Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1 : 1) * lo[n - 1 - i]);
}
