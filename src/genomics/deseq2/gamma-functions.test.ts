import { describe, expect, it } from 'vitest';
import { fQuantile } from '../../core/distributions.js';
import { digamma, lgamma, logDnbinomMu, trigamma } from './gamma-functions.js';

// R 4.2.2: sprintf("%.17g", lgamma(x)), digamma(x), trigamma(x)
const CASES: [number, number, number, number][] = [
  [0.3, 1.0957979948180756, -3.5025242222001323, 12.245364546107732],
  [2.5, 0.28468287047291918, 0.70315664064524341, 0.49035775610023491],
  [10.1, 13.027526738633238, 2.2622143570941482, 0.10407283129749605],
  [1234.5, 7550.5509010778942, 7.1180162318279976, 0.00081037272712696667],
  [1e9, 19723265827.503716, 20.723265836446412, 1.0000000005000008e-9],
];

describe('gamma functions vs R', () => {
  it.each(CASES)('x = %s', (x, lg, dg, tg) => {
    expect(Math.abs(lgamma(x) - lg)).toBeLessThanOrEqual(2e-14 * Math.max(1, Math.abs(lg)));
    expect(Math.abs(digamma(x) - dg)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(dg)));
    expect(Math.abs(trigamma(x) - tg)).toBeLessThanOrEqual(1e-12 * tg);
  });
  it('log NB density (R dnbinom(5, size = 3, mu = 4.2, log = TRUE) and y = 0)', () => {
    expect(logDnbinomMu(5, 3, 4.2)).toBeCloseTo(-2.2768662780017115, 13);
    expect(logDnbinomMu(0, 3, 4.2)).toBeCloseTo(-2.6264062120617, 13);
  });
  it('F quantile (R qf)', () => {
    expect(Math.abs(fQuantile(0.99, 2, 8) / 8.6491106406735145 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(fQuantile(0.5, 2, 8) / 0.75682846001088411 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(fQuantile(0.01, 2, 8) / 0.010062972591252439 - 1)).toBeLessThan(1e-10);
    expect(Math.abs(fQuantile(0.99, 2, 83) / 4.8704027308631037 - 1)).toBeLessThan(1e-12);
  });
});
