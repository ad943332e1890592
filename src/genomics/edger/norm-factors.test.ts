// Tier (a): hand-computed RLE / upper-quartile factors; tier (c): invariants; error contracts.
// Tier (b) (edgeR 3.40.2 on real data) is in test/genomics/edger-limma.ref.test.ts.
import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { calcNormFactors } from './norm-factors.js';

// 4 genes × 2 samples; gene 3 is all zero and must be ignored.
const y = { counts: [10, 20, 30, 30, 0, 0, 40, 160], nGenes: 4, nSamples: 2 };

describe('calcNormFactors', () => {
  it('upperquartile: q75 / N, rescaled to geometric mean 1', () => {
    // sample 1: 10, 30, 40 -> q75 = 35, N = 80; sample 2: 20, 30, 160 -> q75 = 95, N = 210
    const r = calcNormFactors(y, { method: 'upperquartile' });
    const raw = [35 / 80, 95 / 210];
    const gm = Math.sqrt(raw[0] * raw[1]);
    expect(r.factors[0]).toBeCloseTo(raw[0] / gm, 14);
    expect(r.factors[1]).toBeCloseTo(raw[1] / gm, 14);
    expect(r.nGenesUsed).toBe(3);
    expect(r.refColumn).toBeNull();
  });

  it('RLE: median ratio to the geometric mean, / N', () => {
    const gm = [Math.sqrt(200), 30, Math.sqrt(6400)];
    const med1 = [10 / gm[0], 30 / gm[1], 40 / gm[2]].sort((a, b) => a - b)[1];
    const med2 = [20 / gm[0], 30 / gm[1], 160 / gm[2]].sort((a, b) => a - b)[1];
    const raw = [med1 / 80, med2 / 210];
    const g = Math.sqrt(raw[0] * raw[1]);
    const r = calcNormFactors(y, { method: 'RLE' });
    expect(r.factors[0]).toBeCloseTo(raw[0] / g, 14);
    expect(r.factors[1]).toBeCloseTo(raw[1] / g, 14);
  });

  it('TMM factors multiply to 1, unweighted TMM is invariant to sequencing depth, refColumn is honoured', () => {
    const counts = [5, 8, 12, 50, 60, 40, 7, 3, 9, 100, 80, 120, 30, 25, 35, 1, 2, 0, 44, 61, 52, 9, 15, 11];
    const base = { counts, nGenes: 8, nSamples: 3 };
    const r = calcNormFactors(base);
    expect(r.factors.reduce((a, b) => a * b, 1)).toBeCloseTo(1, 14);
    expect(r.refColumn).not.toBeNull();
    const deeper = { ...base, counts: counts.map((c, k) => (k % 3 === 1 ? 7 * c : c)) };
    const u1 = calcNormFactors(base, { doWeighting: false });
    const u2 = calcNormFactors(deeper, { doWeighting: false });
    u1.factors.forEach((f, j) => expect(u2.factors[j]).toBeCloseTo(f, 12));
    expect(u2.refColumn).toBe(u1.refColumn);
    expect(calcNormFactors(base, { refColumn: 2 }).refColumn).toBe(2);
    expect(Array.from(calcNormFactors(base, { method: 'none' }).factors)).toEqual([1, 1, 1]);
  });

  it('error contracts: negative counts (E_INPUT, path counts.gene.sample), bad libSize / refColumn (E_OPTION)', () => {
    try {
      calcNormFactors({ counts: [1, 2, -3, 4], nGenes: 2, nSamples: 2 });
      expect.unreachable();
    } catch (e) {
      expect((e as HccError).code).toBe('E_INPUT');
      expect((e as HccError).issues.map((i) => [i.code, i.path])).toEqual([['negative_count', ['counts', 1, 0]]]);
    }
    expect(() => calcNormFactors(y, { libSize: [1] })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => calcNormFactors(y, { refColumn: 5 })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => calcNormFactors({ counts: [1, 2, 3], nGenes: 2, nSamples: 2 })).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
  });
});
