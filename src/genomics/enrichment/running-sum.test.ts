import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { expectClose } from '../../../test/helpers/reference.js';
import { runningSumPeak, runningSumScore } from './running-sum.js';

/** Full O(N) running sum, written directly from the definition (tier c: second implementation). */
function bruteForce(hits: number[], w: number[]): { es: number; peakRank: number } {
  const n = w.length;
  const isHit = new Set(hits);
  const nr = hits.reduce((s, h) => s + w[h], 0);
  let rs = 0;
  let best = 0;
  let at = 0;
  for (let i = 0; i < n; i++) {
    rs += isHit.has(i) ? w[i] / nr : -1 / (n - hits.length);
    if (Math.abs(rs) > Math.abs(best) + 1e-15 || (Math.abs(Math.abs(rs) - Math.abs(best)) <= 1e-15 && rs > 0 && best < 0)) {
      best = rs;
      at = i + 1;
    }
  }
  return { es: best, peakRank: at };
}

describe('runningSumPeak', () => {
  it('hand example: 6 genes, hits at ranks 1 and 3 (tier a)', () => {
    // weights 4, 3, 2, 1, 1, 1; N_R = 4 + 2 = 6; miss step 1/4
    // RS: 4/6, 4/6 - 1/4, 1 - 1/4 = 0.75, 0.5, 0.25, 0 -> ES = 0.75 at rank 3, leading edge both hits
    const p = runningSumPeak([0, 2], [4, 3, 2, 1, 1, 1], 6);
    expectClose(p.es, 0.75, { abs: 1e-15 }, 'ES');
    expect([p.peakRank, p.leadingEdgeCount]).toEqual([3, 2]);
  });

  it('negative ES peaks at the rank just before a hit; the leading edge counts from there (tier a)', () => {
    // hits at ranks 5 and 6 of 6, equal weights: RS falls to -4/4 = -1 at rank 4
    const p = runningSumPeak([4, 5], [1, 1, 1, 1, 1, 1], 6);
    expectClose(p.es, -1, { abs: 1e-15 }, 'ES');
    expect([p.peakRank, p.leadingEdgeCount]).toEqual([4, 2]);
  });

  it('equals the O(N) definition on random sets (tier c)', () => {
    const rng = createRng(7);
    for (let rep = 0; rep < 200; rep++) {
      const n = 30 + rng.int(50);
      const w = Array.from({ length: n }, () => rng.uniform() * 3);
      const k = 1 + rng.int(n - 2);
      const hits = [...new Set(Array.from({ length: k }, () => rng.int(n)))].sort((a, b) => a - b);
      const got = runningSumPeak(hits, w, n);
      // positive and negative extremes equal up to rounding: the sign is a rounding accident, skip
      if (Math.abs(got.maxDeviation + got.minDeviation) < 1e-12) continue;
      const want = bruteForce(hits, w);
      expectClose(got.es, want.es, { abs: 1e-12 }, `rep ${rep} ES`);
      expect(got.peakRank, `rep ${rep} peak`).toBe(want.peakRank);
      expect(runningSumScore(hits, w, n)).toBe(got.es);
    }
  });

  it('all-zero weights fall back to equal weights; invalid sizes throw', () => {
    expectClose(runningSumPeak([0, 2], [0, 0, 0, 0], 4).es, runningSumPeak([0, 2], [1, 1, 1, 1], 4).es, { abs: 0 }, 'unweighted');
    expect(() => runningSumPeak([], [1, 2], 2)).toThrow(RangeError);
    expect(() => runningSumPeak([0, 1], [1, 2], 2)).toThrow(RangeError);
  });
});
