// Tier (a): a weighted two-group fit is solvable by hand (weighted group means).
import { describe, expect, it } from 'vitest';
import { groupDesign } from '../design-matrix.js';
import { lmFit } from './lm-fit.js';

describe('lmFit', () => {
  const { design } = groupDesign(['a', 'a', 'a', 'b', 'b']);
  const e = Float64Array.from([1, 2, 4, 10, 13]);
  const w = Float64Array.from([1, 2, 1, 3, 1]);

  it('weighted two-group fit: intercept = weighted mean of a, slope = difference of weighted means', () => {
    const fit = lmFit(e, 1, design, w);
    const ma = (1 * 1 + 2 * 2 + 1 * 4) / 4;
    const mb = (3 * 10 + 1 * 13) / 4;
    expect(fit.coefficients[0]).toBeCloseTo(ma, 13);
    expect(fit.coefficients[1]).toBeCloseTo(mb - ma, 13);
    const rss = 1 * (1 - ma) ** 2 + 2 * (2 - ma) ** 2 + 1 * (4 - ma) ** 2 + 3 * (10 - mb) ** 2 + 1 * (13 - mb) ** 2;
    expect(fit.sigma[0]).toBeCloseTo(Math.sqrt(rss / 3), 13);
    expect(fit.dfResidual[0]).toBe(3);
    expect(fit.stdevUnscaled[0]).toBeCloseTo(Math.sqrt(1 / 4), 13);
    expect(fit.stdevUnscaled[1]).toBeCloseTo(Math.sqrt(1 / 4 + 1 / 4), 13);
    expect(fit.amean[0]).toBeCloseTo(30 / 5, 13);
  });

  it('a zero weight removes the sample and one residual df', () => {
    const fit = lmFit(e, 1, design, Float64Array.from([1, 2, 0, 3, 1]));
    expect(fit.dfResidual[0]).toBe(2);
    expect(fit.coefficients[0]).toBeCloseTo(5 / 3, 13);
  });

  it('several genes at once, unweighted', () => {
    const fit = lmFit(Float64Array.from([...e, ...e.map((v) => 2 * v)]), 2, design);
    expect(fit.coefficients[2]).toBeCloseTo(2 * fit.coefficients[0], 12);
    expect(fit.sigma[1]).toBeCloseTo(2 * fit.sigma[0], 12);
  });

  it('error contracts', () => {
    expect(() => lmFit(Float64Array.from([1, 2]), 1, groupDesign(['a', 'b']).design)).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => lmFit(Float64Array.from([1, 2, Number.NaN, 4, 5]), 1, design)).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(() => lmFit(e, 1, design, Float64Array.from([1, 1, 1, -1, 1]))).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(() => lmFit(e, 1, design, Float64Array.from([1, 1, 1, 0, 0]))).toThrow(expect.objectContaining({ code: 'E_NUMERIC' }));
  });
});
