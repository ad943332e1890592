import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { applyComBat, fitComBat } from './combat.js';

describe('fitComBat', () => {
  it('standardises with the grand mean and the pooled within-centre variance (hand-checkable)', () => {
    // One feature; centre A 1,2,3; centre B 11,12,13. Grand mean 7; within SS 2 + 2 = 4 over n = 6.
    const x = Float64Array.from([1, 2, 3, 11, 12, 13]);
    const centre = ['A', 'A', 'A', 'B', 'B', 'B'];
    const fit = fitComBat(x, 1, centre, [0, 1, 2, 3, 4, 5], ['f']);
    expect(fit.alpha[0]).toBeCloseTo(7, 12);
    expect(fit.sigma[0]).toBeCloseTo(Math.sqrt(4 / 6), 12);
    const a = fit.batches.find((b) => b.centre === 'A')!;
    expect(a.n).toBe(3);
    expect(a.gammaHat[0]).toBeCloseTo(-5 / Math.sqrt(4 / 6), 12);
    // Z in A: (-6,-5,-4)/σ → variance 1/σ² = 1.5.
    expect(a.deltaHat2[0]).toBeCloseTo(1.5, 12);
    // With one feature τ² = 0 and s² = 0: γ* = γ̄ = γ̂, δ²* = mean δ̂² (no shrinkage is possible).
    expect(a.gammaStar[0]).toBeCloseTo(a.gammaHat[0], 12);
    const adj = applyComBat(fit, x, centre, 'none');
    // After adjustment both centres are centred on the grand mean with the same spread.
    const mA = (adj.x[0] + adj.x[1] + adj.x[2]) / 3;
    const mB = (adj.x[3] + adj.x[4] + adj.x[5]) / 3;
    expect(mA).toBeCloseTo(7, 10);
    expect(mB).toBeCloseTo(7, 10);
    expect(adj.x[2] - adj.x[0]).toBeCloseTo(adj.x[5] - adj.x[3], 10);
    expect(adj.adjustment).toEqual({ A: 'eb', B: 'eb' });
  });

  it('removes an injected centre shift and scale on many features, fitted on training centres only', () => {
    const rng = createRng(4);
    const p = 30;
    const perCentre = 80;
    const centres = ['C1', 'C2', 'C3'];
    const shift = [0, 3, -2];
    const scale = [1, 2, 0.5];
    const centre: string[] = [];
    const x = new Float64Array(centres.length * perCentre * p);
    let r = 0;
    centres.forEach((c, k) => {
      for (let i = 0; i < perCentre; i++, r++) {
        centre.push(c);
        for (let j = 0; j < p; j++) x[r * p + j] = 10 + j + scale[k] * rng.normal() + shift[k];
      }
    });
    const train = centre.map((c, i) => (c !== 'C3' ? i : -1)).filter((i) => i >= 0);
    const fit = fitComBat(x, p, centre, train, Array.from({ length: p }, (_, j) => `f${j}`));
    expect(fit.batches.map((b) => b.centre)).toEqual(['C1', 'C2']);
    const res = applyComBat(fit, x, centre, 'standardise');
    expect(res.adjustment).toEqual({ C1: 'eb', C2: 'eb', C3: 'standardised' });
    const stats = (m: Float64Array, c: string, j: number) => {
      const v = centre.map((cc, i) => (cc === c ? m[i * p + j] : NaN)).filter((y) => !Number.isNaN(y));
      const mu = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1));
      return { mu, sd };
    };
    for (const j of [0, 7, 29]) {
      const before = [stats(x, 'C1', j), stats(x, 'C2', j)];
      expect(Math.abs(before[1].mu - before[0].mu)).toBeGreaterThan(2.5);
      const after = centres.map((c) => stats(res.x, c, j));
      // Training centres sit on the grand mean up to the EB shrinkage of γ̂_j towards the common
      // shift γ̄ (sampling error of a centre mean, ~ sd/√80 ≈ 0.2); the unseen centre, standardised
      // with its own moments, sits on it exactly.
      for (const s of after.slice(0, 2)) expect(Math.abs(s.mu - fit.alpha[j])).toBeLessThan(0.3);
      expect(after[2].mu).toBeCloseTo(fit.alpha[j], 8);
      expect(Math.abs(after[0].sd - after[1].sd)).toBeLessThan(0.1);
      expect(Math.abs(after[2].sd - after[0].sd)).toBeLessThan(0.1);
    }
    // 'none' leaves the unseen centre exactly as it was.
    const kept = applyComBat(fit, x, centre, 'none');
    const c3 = centre.indexOf('C3');
    expect(kept.x[c3 * p + 3]).toBe(x[c3 * p + 3]);
    expect(kept.adjustment.C3).toBe('none');
  });

  it('rejects a name list that does not match the matrix', () => {
    expect(() => fitComBat(new Float64Array(4), 2, ['A', 'B'], [0, 1], ['only-one'])).toThrow(/2 features/);
  });
});
