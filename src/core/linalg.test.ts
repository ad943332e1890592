import { describe, expect, it } from 'vitest';
import { TOLER_CHOL, choleskyInverse, choleskyLdl, choleskySolve, crossProduct, inverseQuadraticForm, matMul, matVec, symmetricInverse } from './linalg.js';

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `index ${i}: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(tol);
}

describe('generalised Cholesky (closed form, tier a)', () => {
  // A = [[4, 2, 2], [2, 5, 1], [2, 1, 6]]: L D L' with D = (4, 4, 5).
  const a = Float64Array.from([4, 2, 2, 2, 5, 1, 2, 1, 6]);

  it('factors a positive-definite matrix with full rank', () => {
    const f = choleskyLdl(a, 3);
    expect(f.rank).toBe(3);
    expect(f.nonNegative).toBe(true);
    close([f.ld[0], f.ld[4], f.ld[8]], [4, 4, 5], 1e-14);
    close([f.ld[3], f.ld[6], f.ld[7]], [0.5, 0.5, 0], 1e-14);
  });

  it('solves and inverts: A A⁻¹ = I and A x = b', () => {
    const f = choleskyLdl(a, 3);
    const x = choleskySolve(f, [1, 2, 3]);
    close(matVec(a, 3, 3, x), [1, 2, 3], 1e-13);
    const inv = choleskyInverse(f);
    close(matMul(a, inv, 3, 3, 3), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-13);
    // symmetric result
    expect(inv[1]).toBe(inv[3]);
  });

  it('reads only the upper triangle', () => {
    const upperOnly = Float64Array.from([4, 2, 2, 0, 5, 1, 0, 0, 6]);
    close(choleskyInverse(choleskyLdl(upperOnly, 3)), choleskyInverse(choleskyLdl(a, 3)), 0);
  });

  it('detects rank deficiency and zeroes the dependent coordinate (R chinv2 convention)', () => {
    // column 3 = column 1 + column 2 of X; A = X'X is singular with rank 2.
    const x = Float64Array.from([1, 0, 1, 0, 1, 1, 1, 1, 2, 2, 1, 3]);
    const s = crossProduct(x, 4, 3);
    const f = choleskyLdl(s, 3);
    expect(f.rank).toBe(2);
    expect(Array.from(f.kept)).toEqual([1, 1, 0]);
    const inv = choleskyInverse(f);
    // inverse of the leading 2 × 2 block [[6, 3], [3, 3]] is [[1/3, -1/3], [-1/3, 2/3]]
    close(inv, [1 / 3, -1 / 3, 0, -1 / 3, 2 / 3, 0, 0, 0, 0], 1e-12);
    const sol = choleskySolve(f, [1, 1, 2]);
    expect(sol[2]).toBe(0);
    expect(symmetricInverse(s, 3).rank).toBe(2);
  });

  it('flags a clearly negative pivot', () => {
    const f = choleskyLdl([1, 2, 2, 1], 2);
    expect(f.rank).toBe(1);
    expect(f.nonNegative).toBe(false);
  });

  it('uses the relative tolerance .Machine$double.eps^0.75', () => {
    expect(TOLER_CHOL).toBeCloseTo(1.818989403545856e-12, 24);
    // second pivot 1e-13 relative to 1: dropped at the default, kept with a looser tolerance
    const m = [1, 0, 0, 1e-13];
    expect(choleskyLdl(m, 2).rank).toBe(1);
    expect(choleskyLdl(m, 2, 1e-14).rank).toBe(2);
  });

  it('gives the Wald form b\'A⁻b with its rank', () => {
    const r = inverseQuadraticForm([2, 0, 0, 8], 2, [2, 4]);
    expect(r.rank).toBe(2);
    expect(r.value).toBeCloseTo(2 + 2, 14);
  });

  it('rejects shapes that do not fit', () => {
    expect(() => choleskyLdl([1, 2, 3], 2)).toThrow(/not 2 × 2/);
    expect(() => matMul([1, 2], [1], 1, 2, 1)).toThrow();
  });
});
