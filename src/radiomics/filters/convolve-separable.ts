import type { Vec3 } from '../../core/geometry.js';
import type { Kernel1d } from './kernel-1d.js';
import { kernelReach } from './kernel-1d.js';
import type { PaddingMode } from './padding.js';
import { padLine } from './padding.js';

/**
 * Convolve a 3-D array (x-fastest, `data[i + nx·(j + ny·k)]`) with a 1-D kernel along one axis
 * (0 = i, 1 = j, 2 = k): `y[x] = Σ_t taps[t] · I_pad[x − offsets[t]]`, the image padded by `mode`.
 * Returns a new Float64Array; the input is not changed. Cost O(N · taps).
 */
export function convolveAxis(data: ArrayLike<number>, shape: Vec3, axis: 0 | 1 | 2, kernel: Kernel1d, mode: PaddingMode): Float64Array {
  const [nx, ny, nz] = shape;
  const n = shape[axis];
  const stride = axis === 0 ? 1 : axis === 1 ? nx : nx * ny;
  const out = new Float64Array(nx * ny * nz);
  const { before, after } = kernelReach(kernel);
  const line = new Float64Array(n + before + after);
  const { taps, offsets } = kernel;
  const nt = taps.length;
  // Lines along `axis` start at every voxel whose `axis` coordinate is 0.
  const [outerA, outerB, strideA, strideB] =
    axis === 0 ? [ny, nz, nx, nx * ny] : axis === 1 ? [nx, nz, 1, nx * ny] : [nx, ny, 1, nx];
  for (let b = 0; b < outerB; b++) {
    for (let a = 0; a < outerA; a++) {
      const start = a * strideA + b * strideB;
      padLine(data, start, stride, n, before, after, mode, line);
      for (let x = 0; x < n; x++) {
        let s = 0;
        const base = before + x;
        for (let t = 0; t < nt; t++) s += taps[t] * line[base - offsets[t]];
        out[start + stride * x] = s;
      }
    }
  }
  return out;
}

/**
 * Apply one 1-D kernel per axis in turn (`null` leaves that axis alone): the separable 3-D (or, with
 * `kernels[2] = null`, slice-wise 2-D) convolution with the outer-product kernel.
 */
export function convolveSeparable(data: ArrayLike<number>, shape: Vec3, kernels: readonly (Kernel1d | null)[], mode: PaddingMode): Float64Array {
  let cur: ArrayLike<number> = data;
  for (let axis = 0; axis < 3; axis++) {
    const k = kernels[axis];
    if (k) cur = convolveAxis(cur, shape, axis as 0 | 1 | 2, k, mode);
  }
  return cur instanceof Float64Array && cur !== data ? cur : Float64Array.from(cur);
}
