import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { logRankSplitStatistic, nodeLogRankScores, scanLogRankSplits } from './split-logrank.js';
import type { ScanResult } from './split-logrank.js';

describe('logRankSplitStatistic — (a) closed form', () => {
  // Six rows, distinct times. L = rows 1, 3, 4.
  //   t=1: Y=6 Y1=3 d=1 d1=1  E1 = 3/6      V = (3/6)(3/6)·1·5/5 = 1/4
  //   t=2: Y=5 Y1=2 d=1 d1=0  E1 = 2/5      V = (2/5)(3/5)·1·4/4 = 6/25
  //   t=4: Y=3 Y1=1 d=1 d1=1  E1 = 1/3      V = (1/3)(2/3)·1·2/2 = 2/9
  //   t=5: Y=2 Y1=0 d=1 d1=0  E1 = 0        V = 0
  //   O1 = 2, E1 = 37/30, U = 23/30, V = 641/900, chi² = U²/V = 529/641.
  // R: survdiff(Surv(time, status) ~ g)$chisq = 0.825273010920437 (= 529/641).
  const time = [1, 2, 3, 4, 5, 6];
  const event = [1, 1, 0, 1, 1, 0];
  const left = [1, 0, 1, 1, 0, 0];

  it('matches the hand computation term by term', () => {
    const s = logRankSplitStatistic(time, event, left);
    expect(s.nLeft).toBe(3);
    expect(s.nRight).toBe(3);
    expect(s.nDeaths).toBe(4);
    expect(s.nDeathTimes).toBe(4);
    expect(s.observedLeft).toBe(2);
    expect(s.expectedLeft).toBeCloseTo(37 / 30, 14);
    expect(s.numerator).toBeCloseTo(23 / 30, 14);
    expect(s.variance).toBeCloseTo(641 / 900, 14);
    expect(s.chiSquare).toBeCloseTo(529 / 641, 14);
    expect(s.statistic).toBeCloseTo(Math.sqrt(529 / 641), 14);
  });

  it('is symmetric in the two children', () => {
    const a = logRankSplitStatistic(time, event, left);
    const b = logRankSplitStatistic(time, event, left.map((v) => 1 - v));
    expect(b.statistic).toBeCloseTo(a.statistic, 14);
    expect(b.numerator).toBeCloseTo(-a.numerator, 14);
  });

  it('throws on mismatched lengths', () => {
    expect(() => logRankSplitStatistic([1, 2], [1], [0, 1])).toThrow(HccError);
  });
});

describe('logRankSplitStatistic — (b) R survdiff with tied times', () => {
  // b <- data.frame(time = c(2,2,2,3,5,5,5,7,8,8,9,12), status = c(1,1,0,1,1,0,1,0,1,1,1,0),
  //                 g = c(1,1,0,1,1,1,0,0,1,0,0,0)); survdiff(Surv(time, status) ~ g, b)   (survival 3.5-3)
  // chisq 3.92803033107973; g=1: obs 5, exp 2.69444444444444; var 1.35324474907808.
  const time = [2, 2, 2, 3, 5, 5, 5, 7, 8, 8, 9, 12];
  const event = [1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0];
  const g = [1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0];

  it('equals the survdiff chi-square, observed, expected and variance', () => {
    const s = logRankSplitStatistic(time, event, g);
    expect(s.observedLeft).toBe(5);
    expect(s.nDeaths).toBe(8);
    expect(s.nDeathTimes).toBe(5);
    expect(Math.abs(s.expectedLeft - 2.69444444444444)).toBeLessThan(1e-13);
    expect(Math.abs(s.variance - 1.35324474907808)).toBeLessThan(1e-13);
    expect(Math.abs(s.chiSquare - 3.92803033107973)).toBeLessThan(1e-13);
  });
});

describe('scanLogRankSplits — (c) incremental scan equals the direct statistic', () => {
  // One covariate with ties; every split point "x <= c" for c between distinct values.
  const time = [2, 2, 2, 3, 5, 5, 5, 7, 8, 8, 9, 12];
  const event = [1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 0];
  const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];

  function scan(minNodeSize: number): ScanResult {
    // Rows already in time order (the tree keeps node rows sorted by time).
    const m = time.length;
    const rows = Int32Array.from({ length: m }, (_, i) => i);
    const w = { localTime: new Int32Array(m), score: new Float64Array(m), varLinear: new Float64Array(m), varPair: new Float64Array(m + 1) };
    const scores = nodeLogRankScores(rows, 0, m, Float64Array.from(time), Uint8Array.from(event), w);
    expect(scores.nTimes).toBe(7);
    expect(scores.nDeaths).toBe(8);
    const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
    const sortedPos = Int32Array.from(order);
    const sortedRank = Int32Array.from([...order.map((i) => x[i]), -1]);
    const out: ScanResult = { statistic: -1, lastLeft: -1 };
    scanLogRankSplits(scores, m, sortedPos, sortedRank, minNodeSize, new Float64Array(m + 2), new Float64Array(m + 2), out);
    return out;
  }

  function bruteForce(minNodeSize: number): { best: number; cut: number } {
    const cuts = [...new Set(x)].sort((a, b) => a - b).slice(0, -1);
    let best = -1;
    let cut = NaN;
    for (const c of cuts) {
      const left = x.map((v) => (v <= c ? 1 : 0));
      const nl = left.reduce((s: number, v) => s + v, 0);
      if (nl < minNodeSize || x.length - nl < minNodeSize) continue;
      const s = logRankSplitStatistic(time, event, left);
      if (s.variance > 0 && s.statistic > best) {
        best = s.statistic;
        cut = c;
      }
    }
    return { best, cut };
  }

  it.each([1, 3, 5])('finds the same best split with minNodeSize %i', (minNodeSize) => {
    const fast = scan(minNodeSize);
    const slow = bruteForce(minNodeSize);
    expect(slow.best).toBeGreaterThan(0);
    expect(Math.abs(fast.statistic - slow.best)).toBeLessThan(1e-12);
    const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
    expect(x[order[fast.lastLeft]]).toBe(slow.cut);
  });

  it('reports no admissible split when children would be too small', () => {
    expect(scan(7).statistic).toBe(-1);
  });
});
