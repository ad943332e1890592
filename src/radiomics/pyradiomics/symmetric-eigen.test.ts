import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { symmetricEigenvalues } from './symmetric-eigen.js';

describe('symmetricEigenvalues', () => {
  it('finds the eigenvalues of a matrix built from known ones (Q diag(λ) Qᵀ)', () => {
    const rng = createRng(7);
    for (const n of [1, 2, 3, 7, 40]) {
      const lambda = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : i - n / 2));
      // Random orthogonal Q from Gram-Schmidt.
      const q: number[][] = [];
      for (let c = 0; c < n; c++) {
        let x = Array.from({ length: n }, () => rng.uniform() - 0.5);
        for (const u of q) {
          const dot = x.reduce((s, xi, i) => s + xi * u[i], 0);
          x = x.map((xi, i) => xi - dot * u[i]);
        }
        const nn = Math.hypot(...x);
        q.push(x.map((xi) => xi / nn));
      }
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += q[k][i] * lambda[k] * q[k][j];
      const got = symmetricEigenvalues(a, n);
      const want = [...lambda].sort((x, y) => x - y);
      want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 9));
    }
  });
  it('handles a diagonal and a zero matrix', () => {
    expect(Array.from(symmetricEigenvalues(Float64Array.from([3, 0, 0, 0, -1, 0, 0, 0, 2]), 3))).toEqual([-1, 2, 3]);
    expect(Array.from(symmetricEigenvalues(new Float64Array(4), 2))).toEqual([0, 0]);
  });
});
