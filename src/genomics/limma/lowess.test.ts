// Tier (b): R 4.2.2 stats::lowess on the cases in test/reference/genomics/lowess_cases (generate.R there);
// tier (c): invariants (sorted output, exact line recovered).
import { describe, expect, it } from 'vitest';
import { expectAllClose, readLocalJson } from '../../../test/helpers/reference.js';
import { lowess } from './lowess.js';

interface LowessCase {
  name: string;
  x: number[];
  y: number[];
  f: number;
  iter: number;
  delta: number;
  fit_x: number[];
  fit_y: number[];
}

describe('lowess vs R stats::lowess', () => {
  const ref = readLocalJson<{ cases: LowessCase[]; tolerance: { fit_y: { abs: number; rel: number } } }>('genomics/lowess_cases/expected.json');
  for (const c of ref.cases) {
    it(c.name, () => {
      const got = lowess(c.x, c.y, { f: c.f, iter: c.iter, delta: c.delta });
      expectAllClose(got.x, c.fit_x, { abs: 0 }, `${c.name} x`);
      expectAllClose(got.y, c.fit_y, ref.tolerance.fit_y, `${c.name} y`);
    });
  }
});

describe('lowess invariants', () => {
  it('reproduces a straight line exactly and sorts x', () => {
    const x = [5, 1, 4, 2, 3, 9, 7];
    const got = lowess(x, x.map((v) => 2 * v - 1), { f: 0.5 });
    expect(Array.from(got.x)).toEqual([1, 2, 3, 4, 5, 7, 9]);
    expectAllClose(got.y, [1, 3, 5, 7, 9, 13, 17], { abs: 1e-12 }, 'line');
  });

  it('rejects non-finite points and length mismatch', () => {
    expect(() => lowess([1, 2], [1])).toThrow(/lowess/);
    expect(() => lowess([1, Number.NaN], [1, 2])).toThrow(/non-finite/);
  });
});
