// nbLogPosterior's shortcuts: zero counts and repeated counts reuse exact values, and above α = 1e-4
// V8's log replaces the correctly rounded one. Checked against the plain, correctly rounded formula.
import { describe, expect, it } from 'vitest';
import { expRN, lgammaR, logRN } from './faithful-math.js';
import { nbLogPosterior } from './dispersion-likelihood.js';
import type { GeneRow } from './dispersion-likelihood.js';

const y = Float64Array.from([0, 3, 3, 0, 17, 250, 3, 0, 41, 5000]);
const mu = Float64Array.from([0.8, 2.9, 4.1, 0.3, 15.2, 230.5, 3.3, 1.1, 39.9, 5230.1]);
const row: GeneRow = { y, mu, offset: 0, nSamples: 10, group: Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]) };
const prior = { use: true, mean: -2, variance: 1.5 };

function plain(a: number): number {
  const alpha = expRN(a);
  const inv = 1 / alpha;
  let ll = 0, wRef = 0, wAlt = 0;
  for (let j = 0; j < 10; j++) {
    ll += lgammaR(y[j] + inv) - lgammaR(inv) - y[j] * logRN(mu[j] + inv) - inv * logRN(1 + mu[j] * alpha);
    const w = 1 / (1 / mu[j] + alpha);
    if (row.group[j] === 1) wAlt += w;
    else wRef += w;
  }
  return ll - 0.5 * (a + 2) * (a + 2) / 1.5 - 0.5 * Math.log(wRef * wAlt);
}

describe('nbLogPosterior', () => {
  it('is bit-identical to the correctly rounded formula where the posterior can be flat (α < 1e-4)', () => {
    for (const alpha of [1e-8, 3e-7, 2e-5, 9e-5]) expect(nbLogPosterior(Math.log(alpha), row, prior)).toBe(plain(Math.log(alpha)));
  });
  it('agrees with it to 1e-13 relative above, where V8 log is used', () => {
    for (const alpha of [1e-4, 0.01, 0.3, 4]) {
      const v = nbLogPosterior(Math.log(alpha), row, prior);
      expect(Math.abs(v - plain(Math.log(alpha)))).toBeLessThan(1e-13 * Math.max(1, Math.abs(v)));
    }
  });
});
