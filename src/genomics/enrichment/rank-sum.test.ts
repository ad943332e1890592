import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../test/helpers/reference.js';
import { normalCdf, studentTCdf } from '../../core/distributions.js';
import { cameraPr } from './camera-pr.js';
import { geneSetTestStatistics, rankStatistics, rankSumTestWithCorrelation, wilcoxonGeneSetTest } from './rank-sum.js';

describe('rank-sum test (tier a: hand-computed)', () => {
  it('U, variance with a tie correction and continuity-corrected normal tails', () => {
    // stats 1,2,2,3,4: ranks 1, 2.5, 2.5, 4, 5; set = {4 (rank 5), 3 (rank 4)}
    const ranked = rankStatistics([1, 2, 2, 3, 4]);
    expect(Array.from(ranked.ranks)).toEqual([1, 2.5, 2.5, 4, 5]);
    expectClose(ranked.tieFactor, 1 - 6 / 120, { rel: 1e-15 }, 'tie factor');
    const r = rankSumTestWithCorrelation([3, 4], ranked);
    expect(r.u).toBe(2 * 3 + 3 - 9); // = 0
    const sd = Math.sqrt(((2 * 3 * 6) / 12) * (1 - 6 / 120));
    expectClose(r.greater, normalCdf((0 + 0.5 - 3) / sd), { rel: 1e-14 }, 'greater');
    expectClose(r.less, 1 - normalCdf((0 - 0.5 - 3) / sd), { rel: 1e-14 }, 'less');
  });

  it('geneSetTest up/down are mirror images without ties; mixed ranks |stat|', () => {
    const stats = [3.1, -2.2, 0.5, -0.4, 1.7, -5.5, 0.05, 2.8];
    const set = [0, 4, 7];
    const up = wilcoxonGeneSetTest(set, geneSetTestStatistics(stats, 'up'), 'up');
    const down = wilcoxonGeneSetTest(set, geneSetTestStatistics(stats, 'down'), 'down');
    expect(up).toBeLessThan(0.1);
    expect(down).toBeGreaterThan(0.9);
    expect(wilcoxonGeneSetTest([5, 1], geneSetTestStatistics(stats, 'mixed'), 'mixed')).toBeLessThan(0.2);
  });
});

describe('cameraPr', () => {
  it('with ρ = 0 equals a pooled two-sample t-test on the statistic (tier a)', () => {
    const stats = [2.0, 1.5, 1.9, -0.3, 0.2, -1.1, 0.4, -0.7];
    const [r] = cameraPr(stats, [[0, 1, 2]], { interGeneCorrelation: 0 });
    const a = [2.0, 1.5, 1.9];
    const b = [-0.3, 0.2, -1.1, 0.4, -0.7];
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const ss = (x: number[]) => x.reduce((s, v) => s + (v - mean(x)) ** 2, 0);
    const sp2 = (ss(a) + ss(b)) / 6;
    const t = (mean(a) - mean(b)) / Math.sqrt(sp2 * (1 / 3 + 1 / 5));
    expect(r.direction).toBe('Up');
    expect(t).toBeGreaterThan(0);
    expectClose(r.pValue, 2 * studentTCdf(-t, 6), { rel: 1e-12 }, 'two-sided t-test p');
    const [same] = cameraPr(stats.map((v) => -v), [[0, 1, 2]], { interGeneCorrelation: 0 });
    expect(same.direction).toBe('Down');
    expectClose(same.pValue, r.pValue, { rel: 1e-14 }, 'mirror p');
    expectClose(r.pUp, r.pValue / 2, { rel: 1e-14 }, 'one-sided');
  });

  it('error contracts: |ρ| >= 1 and fewer than 3 genes (E_OPTION)', () => {
    expect(() => cameraPr([1, 2, 3], [[0]], { interGeneCorrelation: 1 })).toThrowError(expect.objectContaining({ code: 'E_OPTION', issues: [expect.objectContaining({ path: ['interGeneCorrelation'] })] }));
    expect(() => cameraPr([1, 2], [[0]])).toThrowError(expect.objectContaining({ code: 'E_OPTION' }));
  });
});
