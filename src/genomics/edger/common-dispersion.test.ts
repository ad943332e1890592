// Tier (c): invariants of the grid search; error contracts.
// Tier (b) (edgeR 3.40.2 estimateDisp common dispersion on Marioni) is in test/genomics/edger-limma.ref.test.ts.
import { describe, expect, it } from 'vitest';
import { estimateCommonDispersion } from './common-dispersion.js';

describe('estimateCommonDispersion', () => {
  const group = [0, 0, 0, 1, 1, 1];
  const libSize = [1e6, 1e6, 1e6, 1e6, 1e6, 1e6];

  it('no extra-Poisson spread: the maximum sits at the lower end of the grid', () => {
    const counts = [50, 50, 50, 80, 80, 80, 10, 10, 10, 10, 10, 10, 200, 200, 200, 30, 30, 30];
    const r = estimateCommonDispersion({ counts, nGenes: 3, nSamples: 6 }, { group, libSize });
    expect(r.commonDispersion).toBeCloseTo(0.1 * 2 ** -10, 12);
    expect(r.gridPoints.length).toBe(21);
    expect(r.apl.length).toBe(3 * 21);
  });

  it('overdispersed replicates give a larger dispersion; low-count genes are left out', () => {
    const counts = [20, 80, 45, 150, 40, 90, 5, 60, 20, 10, 35, 70, 1, 0, 0, 1, 0, 2];
    const r = estimateCommonDispersion({ counts, nGenes: 3, nSamples: 6 }, { group, libSize });
    expect(r.nGenesUsed).toBe(2);
    expect(r.commonDispersion).toBeGreaterThan(0.1);
    expect(r.commonDispersion).toBeLessThan(10);
  });

  it('error contracts', () => {
    const y = { counts: [1, 2, 3, 4, 5, 6], nGenes: 1, nSamples: 6 };
    expect(() => estimateCommonDispersion(y, { group: [0, 1], libSize })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => estimateCommonDispersion(y, { group: [0, 1, 2, 3, 4, 5], libSize })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});
