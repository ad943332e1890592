// Shared by the deep engine's kernel tests: float32 kernels compared with a reference at a tolerance
// relative to the reference's scale, and a test body run on a chosen tfjs backend.
import { expect } from 'vitest';
import { initDeepEngine } from '../../src/deep/engine/backend.js';

/** max_i |a_i|. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/**
 * |a − b|∞ ≤ tol · max(1, |b|∞), equal lengths; where the reference b is NaN the entry is skipped, and
 * a NaN in a elsewhere fails.
 */
export function expectNear(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, label: string): void {
  expect(a.length, label).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i])) continue;
    expect(Number.isNaN(a[i]), `${label}[${i}] is NaN`).toBe(false);
    d = Math.max(d, Math.abs(a[i] - b[i]));
  }
  expect(d, `${label}: max abs diff ${d} (scale ${maxAbs(b)})`).toBeLessThanOrEqual(tol * Math.max(1, maxAbs(b)));
}

/** `f` after switching the deep engine to `backend` (with or without the project's kernels). */
export async function onBackend<T>(backend: 'cpu' | 'wasm', f: () => T, kernels = true): Promise<T> {
  await initDeepEngine({ backend, kernels });
  return f();
}
