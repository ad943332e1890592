import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../core/geometry.js';
import { createRng } from '../../core/rng.js';
import { convolveAxis, convolveSeparable } from './convolve-separable.js';
import type { Kernel1d } from './kernel-1d.js';
import { centredKernel, dilatedKernel, kernelFromTaps, mirroredKernel } from './kernel-1d.js';
import type { PaddingMode } from './padding.js';
import { PADDING_MODES, paddedIndex } from './padding.js';

/** Brute-force 3-D convolution with the outer product of per-axis kernels. */
function bruteForce(data: Float64Array, shape: Vec3, ks: readonly (Kernel1d | null)[], mode: PaddingMode): Float64Array {
  const [nx, ny, nz] = shape;
  const id: Kernel1d = centredKernel([1]);
  const [kx, ky, kz] = ks.map((k) => k ?? id);
  const out = new Float64Array(data.length);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        let s = 0;
        for (let a = 0; a < kx.taps.length; a++)
          for (let b = 0; b < ky.taps.length; b++)
            for (let c = 0; c < kz.taps.length; c++) {
              const ii = paddedIndex(i - kx.offsets[a], nx, mode);
              const jj = paddedIndex(j - ky.offsets[b], ny, mode);
              const kk = paddedIndex(k - kz.offsets[c], nz, mode);
              if (ii < 0 || jj < 0 || kk < 0) continue;
              s += kx.taps[a] * ky.taps[b] * kz.taps[c] * data[ii + nx * (jj + ny * kk)];
            }
        out[i + nx * (j + ny * k)] = s;
      }
  return out;
}

describe('convolveAxis / convolveSeparable', () => {
  const shape: Vec3 = [5, 4, 3];
  const rng = createRng(7);
  const data = Float64Array.from({ length: 60 }, () => rng.normal());
  const kx = kernelFromTaps([1, -2, 0.5, 3], 2); // even length, offsets −2..1
  const ky = dilatedKernel(centredKernel([0.25, 0.5, 0.25]), 2); // offsets −2, 0, 2
  const kz = mirroredKernel(kernelFromTaps([1, 2, 3, 4, 5, 6, 7], 1)); // reaches beyond nz = 3

  for (const mode of PADDING_MODES) {
    it(`matches brute force for ${mode} padding (3-D and slice-wise)`, () => {
      const got = convolveSeparable(data, shape, [kx, ky, kz], mode);
      const want = bruteForce(data, shape, [kx, ky, kz], mode);
      for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i], 12);
      const got2 = convolveSeparable(data, shape, [kx, ky, null], mode);
      const want2 = bruteForce(data, shape, [kx, ky, null], mode);
      for (let i = 0; i < got2.length; i++) expect(got2[i]).toBeCloseTo(want2[i], 12);
    });
  }

  it('is a true convolution: an impulse returns the kernel at its offsets', () => {
    const imp = new Float64Array(9 * 1 * 1);
    imp[4] = 1;
    const out = convolveAxis(imp, [9, 1, 1], 0, kx, 'zero');
    // y[4 + o] = taps at offset o: offsets −2..1 hold 1, −2, 0.5, 3.
    expect(Array.from(out)).toEqual([0, 0, 1, -2, 0.5, 3, 0, 0, 0]);
  });

  it('does not modify its input', () => {
    const copy = Float64Array.from(data);
    convolveSeparable(data, shape, [kx, ky, kz], 'mirror');
    expect(data).toEqual(copy);
  });
});
