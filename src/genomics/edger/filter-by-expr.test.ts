// Tier (a): hand-checkable CPM cutoffs and sample-size rules.
import { describe, expect, it } from 'vitest';
import { groupDesign } from '../design-matrix.js';
import { cpm, logCpm } from './cpm.js';
import { filterByExpr } from './filter-by-expr.js';

describe('filterByExpr', () => {
  // Library sizes all 1e6 so CPM = counts; cutoff = 10 CPM; two groups of 2 -> n_min = 2.
  const rows = [
    [10, 10, 0, 0], // 2 samples >= 10, total 20 -> keep
    [10, 0, 0, 0], // 1 sample -> drop
    [9, 9, 9, 9], // none at 10 CPM -> drop
    [10, 10, 10, 10], // keep
  ];
  const filler = [0, 1, 2, 3].map((j) => 1e6 - rows.reduce((s, r) => s + r[j], 0));
  const y = { counts: [...rows.flat(), ...filler], nGenes: 5, nSamples: 4 };
  const { design } = groupDesign(['a', 'a', 'b', 'b']);

  it('keeps genes with >= n_min samples at the CPM cutoff and enough total count', () => {
    const f = filterByExpr(y, { design });
    expect(f.minSampleSize).toBeCloseTo(2, 12);
    expect(f.cpmCutoff).toBeCloseTo(10, 12);
    expect(Array.from(f.keep)).toEqual([1, 0, 0, 1, 1]);
    expect(f.nKept).toBe(3);
    expect(Array.from(filterByExpr(y, { group: ['a', 'a', 'b', 'b'] }).keep)).toEqual([1, 0, 0, 1, 1]);
    expect(Array.from(filterByExpr(y, { design, minTotalCount: 25 }).keep)).toEqual([0, 0, 0, 1, 1]);
  });

  it('large groups: n_min = largeN + (n - largeN)·minProp', () => {
    const group = [...Array(15).fill('a'), ...Array(20).fill('b')];
    const big = { counts: Array(35).fill(100), nGenes: 1, nSamples: 35 };
    expect(filterByExpr(big, { group }).minSampleSize).toBeCloseTo(13.5, 12);
    expect(filterByExpr(big).minSampleSize).toBeCloseTo(10 + 25 * 0.7, 12);
  });

  it('rejects a design of the wrong size', () => {
    expect(() => filterByExpr(y, { design: groupDesign(['a', 'b']).design })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});

describe('cpm / logCpm', () => {
  const y = { counts: [0, 5, 10, 20], nGenes: 2, nSamples: 2 };
  it('cpm = y / N · 1e6', () => {
    expect(Array.from(cpm(y, [1e6, 2e6]))).toEqual([0, 2.5, 10, 10]);
  });
  it('logCpm adds a prior count scaled by N / mean(N)', () => {
    const lib = [100, 300];
    const prior = [2 * (100 / 200), 2 * (300 / 200)];
    const got = logCpm(y, lib, 2);
    expect(got[0]).toBeCloseTo(Math.log2(((0 + prior[0]) / (100 + 2 * prior[0])) * 1e6), 12);
    expect(got[3]).toBeCloseTo(Math.log2(((20 + prior[1]) / (300 + 2 * prior[1])) * 1e6), 12);
    expect(() => logCpm(y, [1])).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});
