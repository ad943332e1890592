import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { invertMatrix, quadraticForm, solveLinear, solveQuadratic, subMatrix } from './small-matrix.js';

describe('small-matrix (closed form)', () => {
  it('solves a system that needs pivoting', () => {
    // [[0, 2], [3, 1]] x = [4, 5] → x = [1, 2]
    const x = solveLinear([0, 2, 3, 1], 2, [4, 5]);
    expect(Array.from(x)).toEqual([1, 2]);
  });

  it('inverts a 3 × 3 symmetric matrix', () => {
    const a = [4, 1, 0, 1, 3, 1, 0, 1, 2];
    const inv = invertMatrix(a, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k] * inv[k * 3 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 14);
      }
    }
  });

  it('quadratic forms and submatrices', () => {
    const a = [2, 1, 1, 3];
    expect(quadraticForm(a, 2, [1, 2])).toBe(2 + 2 * 2 * 1 + 3 * 4);
    // u' A^{-1} u with A = diag(2, 4), u = (2, 2): 4/2 + 4/4 = 3
    expect(solveQuadratic([2, 0, 0, 4], 2, [2, 2])).toBeCloseTo(3, 15);
    expect(Array.from(subMatrix([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, [0, 2]))).toEqual([1, 3, 7, 9]);
  });

  it('throws E_NUMERIC on a singular matrix', () => {
    try {
      solveLinear([1, 2, 2, 4], 2, [1, 1]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HccError);
      expect((e as HccError).code).toBe('E_NUMERIC');
    }
  });
});
