import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import type { TwoGroupCounts } from '../count-matrix.js';
import { runDeseq2 } from './deseq.js';
import { estimateSizeFactors } from './size-factors.js';

function input(rows: number[][]): TwoGroupCounts {
  const m = rows[0].length;
  return {
    matrix: { counts: Float64Array.from(rows.flat()), nGenes: rows.length, nSamples: m, geneIds: rows.map((_, i) => `g${i}`), sampleIds: rows[0].map((_, j) => `s${j}`) },
    group: Uint8Array.from(rows[0].map((_, j) => (j < m / 2 ? 0 : 1))),
    reference: 'a',
    alternative: 'b',
  };
}

describe('runDeseq2 contracts', () => {
  it('throws E_INPUT (empty_data) when every gene has a zero count', () => {
    const d = input([[0, 1, 2, 3], [4, 0, 5, 6]]);
    try {
      estimateSizeFactors({ counts: d.matrix.counts, nGenes: 2, nSamples: 4, group: d.group });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HccError);
      expect((e as HccError).code).toBe('E_INPUT');
      expect((e as HccError).issues[0].code).toBe('empty_data');
    }
  });

  it('size factors of a matrix scaled per sample recover the scale (median of ratios)', () => {
    const base = [10, 20, 35, 50, 80];
    const scale = [1, 2, 0.5, 4];
    const rows = base.map((b) => scale.map((s) => b * s));
    const sf = estimateSizeFactors({ counts: Float64Array.from(rows.flat()), nGenes: 5, nSamples: 4, group: Uint8Array.from([0, 0, 1, 1]) }).sizeFactors;
    const geo = Math.pow(1 * 2 * 0.5 * 4, 1 / 4);
    scale.forEach((s, j) => expect(sf[j]).toBeCloseTo(s / geo, 12));
  });

  it('all-zero genes get NaN results and are excluded; stat = LFC/SE; rejects bad options', () => {
    const rows: number[][] = [];
    const noise = [1, 1.7, 0.5, 1.2, 0.8, 1.5, 0.6, 1.1];
    for (let g = 0; g < 40; g++) rows.push(noise.map((f, j) => Math.round((j < 4 || g >= 10 ? 20 + g : 80 + 3 * g) * (g % 2 ? f : noise[7 - j]))));
    rows.push([0, 0, 0, 0, 0, 0, 0, 0]);
    const r = runDeseq2(input(rows), { fitType: 'mean' });
    const z = rows.length - 1;
    expect(r.genes.allZero[z]).toBe(1);
    expect(Number.isNaN(r.genes.log2FoldChange[z]) && Number.isNaN(r.genes.pvalue[z]) && Number.isNaN(r.genes.padj[z])).toBe(true);
    for (let g = 0; g < z; g++) expect(r.genes.stat[g]).toBeCloseTo(r.genes.log2FoldChange[g] / r.genes.lfcSE[g], 12);
    expect(r.genes.log2FoldChange[0]).toBeGreaterThan(1);
    expect(() => runDeseq2(input(rows), { alpha: 2 })).toThrow();
  });
});
