import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { smallDeData, UP_GENES } from '../../../test/fixtures/genomics/small-de.js';
import { parseGmt } from '../gene-sets.js';
import type { CountMatrix } from '../count-matrix.js';
import { riskGroupDifferentialExpression } from './risk-group-de.js';
import { geneTableCsv, gseaTableCsv } from './result-tables.js';
import { runDifferentialExpression, signedNormalScore } from './differential-expression.js';

const d = smallDeData();
const counts: CountMatrix = { counts: d.counts, nGenes: d.geneIds.length, nSamples: d.sampleIds.length, geneIds: d.geneIds, sampleIds: d.sampleIds };
const gmt = parseGmt(d.gmt, 'small.gmt');
if (!gmt.ok) throw new Error('fixture GMT');
const geneSets = gmt.value;
const samplePatients = new Map(d.sampleIds.map((s, j) => [s, d.patientIds[j]]));
const risk = { ids: d.patientIds, scores: d.riskScores };

describe('riskGroupDifferentialExpression on a small simulation (invariants; 30 genes 4× up in high risk)', () => {
  const r = riskGroupDifferentialExpression({ counts, risk, geneSets, samplePatients }, { gsea: { minSize: 10, permutations: 500 }, ora: { minSize: 5 }, seed: 3 });

  it('splits 6 vs 6 and finds the up genes (integer counts)', () => {
    expect([r.split.nHigh, r.split.nLow]).toEqual([6, 6]);
    expect(r.de.table.reference).toBe('low');
    expect(r.genes.length).toBe(300);
    const upIds = r.genes.filter((g) => g.call === 'up').map((g) => Number(g.geneId.slice(1)));
    expect(upIds.length).toBe(r.diagnostics.nUp);
    expect(upIds.filter((i) => i <= UP_GENES).length).toBeGreaterThanOrEqual(25);
    expect(upIds.filter((i) => i > UP_GENES).length).toBeLessThanOrEqual(2);
    expect(r.diagnostics.universeSize).toBe(r.genes.filter((g) => g.call !== 'untested').length);
  });

  it('SET_UP enriched by ORA-up and GSEA; SET_NULL not', () => {
    const up = r.oraUp.sets.find((s) => s.id === 'SET_UP')!;
    expect(up.size).toBe(30);
    expect(up.pValue).toBeLessThan(1e-10);
    const nullOra = r.oraUp.sets.find((s) => s.id === 'SET_NULL')!;
    expect(nullOra.pValue).toBeGreaterThan(0.05);
    const g = r.gsea.sets.find((s) => s.id === 'SET_UP')!;
    expect(g.es).toBeGreaterThan(0.8);
    expect(g.pValue).toBeLessThan(0.01);
    expect(r.gsea.sets.find((s) => s.id === 'SET_NULL')!.pValue).toBeGreaterThan(0.05);
    expect(r.gsea.diagnostics.seed).toBe(3);
  });

  it('is reproducible for a seed (GSEA permutations seeded)', () => {
    const again = riskGroupDifferentialExpression({ counts, risk, geneSets, samplePatients }, { gsea: { minSize: 10, permutations: 500 }, ora: { minSize: 5 }, seed: 3 });
    expect(gseaTableCsv(again.gsea.sets)).toBe(gseaTableCsv(r.gsea.sets));
  });

  it('edgeR and voom agree with DESeq2 on the direction of the up genes', () => {
    for (const method of ['edger', 'voom'] as const) {
      const m = riskGroupDifferentialExpression({ counts, risk, geneSets, samplePatients }, { method, gsea: { minSize: 10, permutations: 100 }, ora: { minSize: 5 } });
      expect(m.diagnostics.method).toBe(method);
      const lfc = m.genes.slice(0, UP_GENES).map((g) => g.log2FoldChange);
      expect(lfc.filter((v) => v > 1).length).toBeGreaterThanOrEqual(25);
      expect(m.oraUp.sets.find((s) => s.id === 'SET_UP')!.pValue).toBeLessThan(1e-6);
    }
  });

  it('gene ids of another type: E_INPUT empty_data at [geneSets]', () => {
    const other = parseGmt('X\tx\tENSG1\tENSG2\n');
    if (!other.ok) throw new Error('gmt');
    try {
      riskGroupDifferentialExpression({ counts, risk, geneSets: other.value, samplePatients }, { gsea: { permutations: 0 } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HccError);
      expect((e as HccError).code).toBe('E_INPUT');
      expect((e as HccError).issues.map((i) => [i.code, i.path])).toEqual([['empty_data', ['geneSets']]]);
    }
  });

  it('bad thresholds are E_OPTION; a one-group split is E_INPUT', () => {
    expect(() => riskGroupDifferentialExpression({ counts, risk, geneSets, samplePatients }, { padjThreshold: 0 })).toThrow(/thresholds/);
    try {
      riskGroupDifferentialExpression({ counts, risk: { ids: d.patientIds, labels: d.patientIds.map(() => 'high') }, geneSets, samplePatients });
      expect.unreachable();
    } catch (e) {
      expect((e as HccError).issues.map((i) => [i.code, i.path])).toEqual([['single_group', ['risk']]]);
    }
  });
});

describe('runDifferentialExpression / tables', () => {
  it('signed normal score: p = 0.05 → ±1.959964, p = 1 → 0, NaN stays NaN', () => {
    expect(signedNormalScore(0.05, 2)).toBeCloseTo(1.959963984540054, 9);
    expect(signedNormalScore(0.05, -2)).toBeCloseTo(-1.959963984540054, 9);
    expect(signedNormalScore(1, 3)).toBe(0);
    expect(Number.isNaN(signedNormalScore(NaN, 1))).toBe(true);
  });

  it('gene table CSV has the DESeq2 header and NA for untested genes', () => {
    const res = runDifferentialExpression({ matrix: counts, group: Uint8Array.from(d.groups, (g) => (g === 'high' ? 1 : 0)), reference: 'low', alternative: 'high' }, { method: 'voom' });
    const csv = geneTableCsv(res.table).split('\n');
    expect(csv[0]).toBe('gene_id,baseMean,log2FoldChange,stat,pvalue,padj');
    expect(csv.length).toBe(302);
    expect(res.diagnostics.nTested).toBe(Array.from(res.table.pvalue).filter(Number.isFinite).length);
    expect(() => runDifferentialExpression({ matrix: counts, group: new Uint8Array(12), reference: 'a', alternative: 'b' }, { method: 'limma' as never })).toThrow(/unknown/);
  });
});
