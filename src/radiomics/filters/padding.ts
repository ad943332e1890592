import { HccError } from '../../core/errors.js';

/**
 * Boundary handling of IBSI 2 (reference manual §"Boundary conditions"):
 * - `zero`: constant 0 outside the image (SciPy `constant`, cval 0);
 * - `nearest`: the edge voxel is repeated (SciPy `nearest`, NumPy `edge`);
 * - `periodic`: the image tiles space (SciPy/NumPy `wrap`);
 * - `mirror`: symmetric reflection with the edge voxel repeated, period 2n (SciPy `reflect`, NumPy `symmetric`).
 */
export type PaddingMode = 'zero' | 'nearest' | 'periodic' | 'mirror';

/** All padding modes, in IBSI order. */
export const PADDING_MODES: readonly PaddingMode[] = ['zero', 'nearest', 'periodic', 'mirror'];

/**
 * Source index of position `i` (possibly outside `[0, n)`) on an axis of length `n`, or -1 when the
 * value there is the constant 0 (`zero` mode). Works for any distance outside the image (padding may
 * exceed the image size, e.g. a 81-voxel Gabor kernel on a 64-voxel image).
 */
export function paddedIndex(i: number, n: number, mode: PaddingMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'zero':
      return -1;
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'periodic':
      return ((i % n) + n) % n;
    case 'mirror': {
      const p = 2 * n;
      const j = ((i % p) + p) % p;
      return j < n ? j : p - 1 - j;
    }
    default:
      throw new HccError('E_INTERNAL', `unknown padding mode ${String(mode)}`);
  }
}

/**
 * Fill `out[0 .. n + before + after)` with the line `src[offset + stride·t]`, t = 0..n-1, padded by
 * `before` values on the left and `after` on the right following `mode`.
 */
export function padLine(src: ArrayLike<number>, offset: number, stride: number, n: number, before: number, after: number, mode: PaddingMode, out: Float64Array): void {
  for (let t = 0; t < n; t++) out[before + t] = src[offset + stride * t];
  for (let t = 1; t <= before; t++) {
    const s = paddedIndex(-t, n, mode);
    out[before - t] = s < 0 ? 0 : out[before + s];
  }
  for (let t = 0; t < after; t++) {
    const s = paddedIndex(n + t, n, mode);
    out[before + n + t] = s < 0 ? 0 : out[before + s];
  }
}
