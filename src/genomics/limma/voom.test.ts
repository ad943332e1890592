// Tier (c): invariants of voom and eBayes on a small synthetic data set; error contracts.
// Tier (b) (limma 3.54.1 on Marioni) is in test/genomics/edger-limma.ref.test.ts.
import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { groupDesign } from '../design-matrix.js';
import { eBayes } from './ebayes.js';
import { lmFit } from './lm-fit.js';
import { coefficientTable } from './top-table.js';
import { voom } from './voom.js';

function poissonish(rng: ReturnType<typeof createRng>, mean: number): number {
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
}

describe('voom + lmFit + eBayes', () => {
  const rng = createRng(3);
  const nGenes = 300;
  const groups = ['a', 'a', 'a', 'b', 'b', 'b'];
  const { design } = groupDesign(groups);
  const counts = new Float64Array(nGenes * 6);
  for (let g = 0; g < nGenes; g++) {
    const base = Math.exp(1 + (6 * g) / nGenes);
    for (let j = 0; j < 6; j++) counts[g * 6 + j] = poissonish(rng, base * (g < 30 && j >= 3 ? 4 : 1));
  }
  const y = { counts, nGenes, nSamples: 6 };
  const v = voom(y, { design });

  it('E is log2((y + 0.5)/(N + 1)·1e6) and weights are positive and rise with expression', () => {
    let n0 = 0;
    for (let g = 0; g < nGenes; g++) n0 += counts[g * 6];
    expect(v.E[0]).toBeCloseTo(Math.log2(((counts[0] + 0.5) / (n0 + 1)) * 1e6), 12);
    expect(v.weights.every((w) => w > 0 && Number.isFinite(w))).toBe(true);
    const lowMean = v.weights.slice(30 * 6, 60 * 6).reduce((a, b) => a + b, 0);
    const highMean = v.weights.slice((nGenes - 30) * 6).reduce((a, b) => a + b, 0);
    expect(highMean).toBeGreaterThan(lowMean);
    for (let k = 1; k < v.trend.x.length; k++) expect(v.trend.x[k]).toBeGreaterThanOrEqual(v.trend.x[k - 1]);
  });

  it('moderated t: t = β/(u·s̃), P two-sided, the spiked genes rank first', () => {
    const fit = lmFit(v.E, nGenes, design, v.weights);
    const eb = eBayes(fit);
    const tab = coefficientTable(fit, eb, 1);
    expect(tab.coefName).toBe('groupb');
    const g = 40;
    expect(tab.t[g]).toBeCloseTo(fit.coefficients[g * 2 + 1] / fit.stdevUnscaled[g * 2 + 1] / Math.sqrt(eb.s2Post[g]), 12);
    expect(eb.dfTotal[g]).toBeCloseTo(Math.min(fit.dfResidual[g] + eb.dfPrior, 4 * nGenes), 12);
    const order = Array.from(tab.pValue.keys()).sort((a, b) => tab.pValue[a] - tab.pValue[b]);
    expect(order.slice(0, 20).filter((i) => i < 30).length).toBeGreaterThanOrEqual(18);
    expect(tab.adjPValue.every((q, i) => q >= tab.pValue[i] && q <= 1)).toBe(true);
    expect(tab.B[order[0]]).toBeGreaterThan(tab.B[order[nGenes - 1]]);
    expect(() => coefficientTable(fit, eb, 2)).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => eBayes(fit, { proportion: 0 })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });

  it('error contracts', () => {
    expect(() => voom(y, { design: groupDesign(['a', 'b']).design })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
    expect(() => voom({ counts: [1, 2, 3, 4, 5, 6], nGenes: 1, nSamples: 6 }, { design })).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    try {
      voom({ counts: [1, 2, 3, 4, 5, Number.NaN, 1, 1, 1, 1, 1, 1], nGenes: 2, nSamples: 6 }, { design });
      expect.unreachable();
    } catch (e) {
      expect((e as HccError).issues.map((i) => [i.code, i.path])).toEqual([['non_finite', ['counts', 0, 5]]]);
    }
  });
});
