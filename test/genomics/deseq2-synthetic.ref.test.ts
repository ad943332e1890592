/**
 * DESeq2 1.38.3 reference on simulated NB counts (test/reference/genomics/deseq2-synthetic-replace,
 * made by its generate.R): 1500 genes × 16 samples (8 vs 8) with all-zero genes, the parametric
 * trend and Cook's outlier replacement (groups of ≥ 7). Tolerances of the shared genomics README.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCountMatrix, readSampleSheet, runDeseq2, twoGroupCounts } from '../../src/genomics/index.js';
import { localReferencePath, readLocalJson } from '../helpers/reference.js';

const CASE = 'genomics/deseq2-synthetic-replace';

function unwrap<T>(r: { ok: true; value: T } | { ok: false; issues: readonly unknown[] }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const lines = readFileSync(localReferencePath(`${CASE}/expected_genes.csv`), 'utf8').trim().split('\n');
const header = lines[0].split(',');
const rows = lines.slice(1).map((l) => l.split(',').map((c) => c.trim()));
const col = (name: string): Float64Array => Float64Array.from(rows, (r) => (r[header.indexOf(name)] === 'NA' ? NaN : Number(r[header.indexOf(name)])));
const expected = readLocalJson(`${CASE}/expected.json`);

const input = unwrap(twoGroupCounts(unwrap(readCountMatrix(localReferencePath(`${CASE}/counts.csv`))), unwrap(readSampleSheet(localReferencePath(`${CASE}/samples.csv`)))));
const fit = runDeseq2(input);
const g = fit.genes;

function failures(actual: ArrayLike<number>, exp: Float64Array, ok: (a: number, e: number) => boolean): string[] {
  const bad: string[] = [];
  for (let i = 0; i < exp.length; i++) {
    const a = actual[i];
    const e = exp[i];
    const pass = Number.isNaN(e) ? Number.isNaN(a) : !Number.isNaN(a) && ok(a, e);
    if (!pass) bad.push(`${g.geneIds[i]}: ${a} vs ${e}`);
  }
  return bad;
}
const rel = (t: number) => (a: number, e: number) => Math.abs(a - e) <= t * Math.abs(e);
const relOrAbs = (a: number, e: number) => Math.abs(a - e) <= Math.max(1e-4, 1e-3 * Math.abs(e));
const log10p = (a: number, e: number) => (e >= 1e-12 ? Math.abs(Math.log10(a) - Math.log10(e)) <= 0.01 : a < 1e-10 && e < 1e-10);

describe('DESeq2 reference, simulated 8 vs 8 with outlier replacement (100% of 1500 genes)', () => {
  it('size factors and baseMean rel 1e-9; 8 all-zero genes', () => {
    expected.sizeFactors.forEach((s: number, j: number) => expect(Math.abs(fit.diagnostics.sizeFactors[j] / s - 1)).toBeLessThanOrEqual(1e-9));
    expect(failures(g.baseMean, col('baseMean'), rel(1e-9))).toEqual([]);
    expect(Array.from(g.allZero).reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('parametric trend coefficients, dispPriorVar rel 1e-3; dispGeneEst |Δlog| 1e-3; dispFit rel 1e-3', () => {
    expect(fit.diagnostics.trend.fitType).toBe('parametric');
    const c = fit.diagnostics.trend.coefficients!;
    expect(Math.abs(c.asymptDisp / expected.coefficients[0] - 1)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(c.extraPois / expected.coefficients[1] - 1)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(fit.diagnostics.dispPriorVar / expected.dispPriorVar - 1)).toBeLessThanOrEqual(1e-3);
    expect(failures(g.dispGeneEst, col('dispGeneEst'), (a, e) => (e > 1e-6 ? Math.abs(Math.log(a / e)) <= 1e-3 : a <= 1e-6))).toEqual([]);
    expect(failures(g.dispFit, col('dispFit'), rel(1e-3))).toEqual([]);
  });

  it(`Cook's replacement: ${expected.n_replace} genes replaced and refitted; maxCooks NA (every sample replaceable)`, () => {
    expect(fit.diagnostics.nReplaced).toBe(expected.n_replace);
    const rep = rows.map((r) => r[header.indexOf('replace')]);
    expect(Array.from(g.replaced).map((v, i) => (g.allZero[i] && rep[i] === 'NA' ? 'NA' : v ? 'TRUE' : 'FALSE'))).toEqual(rep);
    expect(Array.from(g.maxCooks).every(Number.isNaN)).toBe(true);
  });

  it('dispersion, LFC (rel 1e-3 or abs 1e-4), lfcSE, stat (rel 1e-3), p and padj (log10 0.01), filter threshold', () => {
    expect(failures(g.dispersion, col('dispersion'), relOrAbs)).toEqual([]);
    expect(failures(g.log2FoldChange, col('log2FoldChange'), relOrAbs)).toEqual([]);
    expect(failures(g.lfcSE, col('lfcSE'), rel(1e-3))).toEqual([]);
    expect(failures(g.stat, col('stat'), rel(1e-3))).toEqual([]);
    expect(failures(g.pvalue, col('pvalue'), log10p)).toEqual([]);
    expect(failures(g.padj, col('padj'), log10p)).toEqual([]);
    expect(Math.abs(fit.diagnostics.filterThreshold! / expected.filterThreshold - 1)).toBeLessThanOrEqual(1e-9);
  });
});
