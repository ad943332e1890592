/**
 * A 1-D filter with explicit tap positions: applying it along an axis gives
 * `y[x] = Σ_t taps[t] · I[x − offsets[t]]` (a true convolution; offset 0 is the output voxel).
 * Explicit offsets keep even-length wavelet filters, dilated (à trous) filters and their
 * mirror images exact.
 */
export interface Kernel1d {
  readonly taps: Float64Array;
  readonly offsets: Int32Array;
}

/** Kernel whose tap `t` sits at offset `t − origin` (origin = index of the centre tap). */
export function kernelFromTaps(taps: ArrayLike<number>, origin: number): Kernel1d {
  const n = taps.length;
  const offsets = new Int32Array(n);
  for (let t = 0; t < n; t++) offsets[t] = t - origin;
  return { taps: Float64Array.from(taps), offsets };
}

/** Odd-length kernel centred on its middle tap. */
export function centredKernel(taps: ArrayLike<number>): Kernel1d {
  return kernelFromTaps(taps, (taps.length - 1) / 2);
}

/** The kernel mirrored about offset 0, h'(x) = h(−x) (what a flip of the axis does to it). */
export function mirroredKernel(k: Kernel1d): Kernel1d {
  return { taps: Float64Array.from(k.taps), offsets: Int32Array.from(k.offsets, (o) => -o) };
}

/** À-trous dilation: tap offsets multiplied by `factor` (zeros implied between taps). */
export function dilatedKernel(k: Kernel1d, factor: number): Kernel1d {
  return { taps: Float64Array.from(k.taps), offsets: Int32Array.from(k.offsets, (o) => o * factor) };
}

/** Voxels a kernel reads before (`max offset`, ≥ 0) and after (`max −offset`, ≥ 0) the output voxel. */
export function kernelReach(k: Kernel1d): { readonly before: number; readonly after: number } {
  let before = 0;
  let after = 0;
  for (const o of k.offsets) {
    // y[x] reads I[x − o]: positive offsets reach to the left, negative to the right.
    if (o > before) before = o;
    if (-o > after) after = -o;
  }
  return { before, after };
}
