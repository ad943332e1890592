// Tier (a): Poisson limits with closed forms; tier (c): invariants; error contracts.
// Tier (b) (edgeR 3.40.2 on Marioni) is in test/genomics/edger-limma.ref.test.ts.
import { describe, expect, it } from 'vitest';
import { exactTest, exactTestBetaApproxOne, exactTestDoubleTailOne } from './exact-test.js';
import { fitOneGroupNb } from './one-group-glm.js';
import { q2qNbinom } from './q2q-nbinom.js';

describe('exact test pieces', () => {
  it('doubletail with φ → 0 and n1 = n2 is the two-sided binomial test: 2·P(X <= 2 | 10, 1/2)', () => {
    expect(exactTestDoubleTailOne(2, 8, 1, 1, 1e-10)).toBeCloseTo((2 * (1 + 10 + 45)) / 1024, 7);
    expect(exactTestDoubleTailOne(8, 2, 1, 1, 1e-10)).toBeCloseTo((2 * (1 + 10 + 45)) / 1024, 7);
    expect(exactTestDoubleTailOne(5, 5, 1, 1, 0.1)).toBe(1);
  });

  it('beta approximation: balanced totals give 1, unbalanced small p, symmetric in the groups', () => {
    expect(exactTestBetaApproxOne(1000, 1000, 2, 2, 0.01)).toBe(1);
    const a = exactTestBetaApproxOne(1000, 1500, 2, 2, 0.001);
    const b = exactTestBetaApproxOne(1500, 1000, 2, 2, 0.001);
    expect(a).toBeLessThan(1e-3);
    expect(a).toBeCloseTo(b, 12);
  });

  it('q2qNbinom is the identity when input and output means agree', () => {
    for (const x of [0, 3, 17, 250]) expect(q2qNbinom(x, 20, 20, 0.05)).toBeCloseTo(x, 8);
    expect(q2qNbinom(30, 20, 40, 0.05)).toBeGreaterThan(30);
  });

  it('one-group NB fit with φ → 0 is the Poisson MLE log(Σy / Σ e^o)', () => {
    const off = [Math.log(2), Math.log(3)];
    const fit = fitOneGroupNb([4, 11, 0, 0], 2, 2, off, 1e-12);
    expect(fit.beta[0]).toBeCloseTo(Math.log(15 / 5), 10);
    expect(fit.beta[1]).toBe(-Infinity);
    expect(fit.notConverged).toBe(0);
  });
});

describe('exactTest', () => {
  const y = { counts: [10, 12, 30, 33, 50, 55, 52, 48, 0, 1, 0, 2], nGenes: 3, nSamples: 4 };
  const opts = { group: [0, 0, 1, 1], libSize: [1000, 1100, 1050, 1000], dispersion: 0.01 };

  it('up-regulated gene has positive logFC and a smaller P than a null gene', () => {
    const r = exactTest(y, opts);
    expect(r.logFC[0]).toBeGreaterThan(1);
    expect(Math.abs(r.logFC[1])).toBeLessThan(0.2);
    expect(r.pValue[0]).toBeLessThan(r.pValue[1]);
    expect(r.fdr[0]).toBeGreaterThanOrEqual(r.pValue[0]);
    expect(r.nBetaApprox).toBe(0);
  });

  it('error contracts', () => {
    expect(() => exactTest(y, { ...opts, dispersion: 0 })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => exactTest(y, { ...opts, group: [0, 0, 0, 0] })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => exactTest(y, { ...opts, dispersion: [0.1, 0.1] })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});
