// Tier (a): the moment equations written out; tier (c): invariants (shrinkage between s² and s₀²).
// Tier (b) (limma 3.54.1 s2.prior / df.prior, plain and trended) is in test/genomics/edger-limma.ref.test.ts.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { digamma, trigamma } from '../special-functions.js';
import { fitFDist, squeezeVar } from './squeeze-var.js';

describe('fitFDist / squeezeVar', () => {
  const rng = createRng(11);
  const n = 2000;
  const d = 4;
  // s² = s₀² · χ²_d/d · (d₀/χ²_d₀) approximately F(d, d0) scaled; use a gamma-ish generator via sums of squares.
  const chi2 = (k: number): number => {
    let s = 0;
    for (let i = 0; i < k; i++) {
      const z = rng.normal();
      s += z * z;
    }
    return s;
  };
  const s2 = Float64Array.from({ length: n }, () => (0.5 * (chi2(d) / d)) / (chi2(20) / 20));
  const df = new Float64Array(n).fill(d);

  it('solves ψ′(d₀/2) = var(e) - ψ′(d/2) and s₀² = exp(ē + ψ(d₀/2) - log(d₀/2))', () => {
    const fit = fitFDist(s2, df);
    const e = Array.from(s2, (v) => Math.log(v) - digamma(d / 2) + Math.log(d / 2));
    const mean = e.reduce((a, b) => a + b, 0) / n;
    const evar = e.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) - trigamma(d / 2);
    expect(trigamma(fit.df2 / 2)).toBeCloseTo(evar, 10);
    expect(fit.scale[0]).toBeCloseTo(Math.exp(mean + digamma(fit.df2 / 2) - Math.log(fit.df2 / 2)), 12);
    // statistical sanity: the simulated prior is s₀² = 0.5 on d₀ = 20
    expect(fit.scale[0]).toBeGreaterThan(0.4);
    expect(fit.scale[0]).toBeLessThan(0.6);
    expect(fit.df2).toBeGreaterThan(10);
    expect(fit.df2).toBeLessThan(40);
  });

  it('posterior variances lie between s² and s₀²', () => {
    const sv = squeezeVar(s2, df);
    for (let g = 0; g < 50; g++) {
      const lo = Math.min(s2[g], sv.varPrior[0]);
      const hi = Math.max(s2[g], sv.varPrior[0]);
      expect(sv.varPost[g]).toBeGreaterThanOrEqual(lo - 1e-15);
      expect(sv.varPost[g]).toBeLessThanOrEqual(hi + 1e-15);
    }
  });

  it('no extra spread (equal variances): d₀ = ∞ and s̃² = s₀²', () => {
    const sv = squeezeVar(new Float64Array(10).fill(2), new Float64Array(10).fill(3));
    expect(sv.dfPrior).toBe(Infinity);
    expect(sv.varPrior[0]).toBeCloseTo(2 * Math.exp(-digamma(1.5) + Math.log(1.5)), 12);
    sv.varPost.forEach((v) => expect(v).toBe(sv.varPrior[0]));
  });

  it('a covariate gives one prior per gene; bad input throws', () => {
    const cov = Float64Array.from({ length: n }, (_, g) => g / n);
    expect(squeezeVar(s2, df, cov).varPrior.length).toBe(n);
    expect(() => fitFDist([1, Number.NaN], [2, 2])).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(() => fitFDist([1, 2], [2])).toThrow(expect.objectContaining({ code: 'E_INTERNAL' }));
  });
});
