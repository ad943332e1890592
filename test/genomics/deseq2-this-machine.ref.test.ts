/**
 * DESeq2 1.38.3 run on THIS machine's R/OpenBLAS (test/reference/genomics/deseq2-marioni-this-machine,
 * made by its generate.R; expected.json records the OpenBLAS kernel, OPENBLAS_CORETYPE/L2_SIZE) on the
 * shared Marioni data (kidney → liver, 5088 genes × 10). The shared deseq2_marioni_fitTypeMean_* files
 * were made with Sandybridge-class OpenBLAS kernels, where ENSG00000189229's gene-wise dispersion
 * keeps its start value (3.61e-5); with the FMA kernel recorded here R goes iteration 1 → grid → 1e-8,
 * as our pipeline does. This case checks every gene at the README's TIGHT tolerances, fitType "mean".
 * The integer floor counts also pin the grid refit: near 1e-8 the posterior is flat to rounding noise,
 * so the fine grid must be built with R's `seq` / Armadillo `linspace` arithmetic (dispersion-fit.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCountMatrix, readSampleSheet, runDeseq2, twoGroupCounts } from '../../src/genomics/index.js';
import { localReferencePath, readLocalJson, sharedReferencePath } from '../helpers/reference.js';

const CASE = 'genomics/deseq2-marioni-this-machine';

function unwrap<T>(r: { ok: true; value: T } | { ok: false; issues: readonly unknown[] }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

interface GeneTable {
  readonly ids: string[];
  col(name: string): Float64Array;
  flag(name: string): Uint8Array;
}

function readGenes(file: string): GeneTable {
  const lines = readFileSync(localReferencePath(`${CASE}/${file}`), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const idx = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column ${name}`);
    return i;
  };
  return {
    ids: rows.map((r) => r[0]),
    col: (name) => Float64Array.from(rows, (r) => (r[idx(name)] === 'NA' ? NaN : Number(r[idx(name)]))),
    flag: (name) => Uint8Array.from(rows, (r) => (r[idx(name)] === 'TRUE' ? 1 : 0)),
  };
}

type Check = (a: number, e: number) => boolean;
const rel = (tol: number): Check => (a, e) => Math.abs(a - e) <= tol * Math.max(Math.abs(e), 1e-300);
const relOrAbs: Check = (a, e) => Math.abs(a - e) <= Math.max(1e-4, 1e-3 * Math.abs(e));
const logDisp: Check = (a, e) => (e > 1e-6 ? Math.abs(Math.log(a) - Math.log(e)) <= 1e-3 : a <= 1e-6);
const log10p: Check = (a, e) => (e >= 1e-12 ? Math.abs(Math.log10(Math.max(a, 1e-300)) - Math.log10(Math.max(e, 1e-300))) <= 0.01 : a < 1e-10 && e < 1e-10);

/** Genes where not (both NA, or both present and `check` holds), as `id: ours vs R`. */
function misses(ids: readonly string[], actual: ArrayLike<number>, expected: ArrayLike<number>, check: Check): string[] {
  const out: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : !Number.isNaN(a) && check(a, e);
    if (!ok) out.push(`${ids[i]}: ${a} vs ${e}`);
  }
  return out;
}

function sameFraction(a: ArrayLike<number>, e: ArrayLike<number>, same: (x: number, y: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < e.length; i++) if (same(a[i], e[i])) n++;
  return n / e.length;
}
const callSame = (x: number, y: number): boolean => (x < 0.05) === (y < 0.05);
const naSame = (x: number, y: number): boolean => Number.isNaN(x) === Number.isNaN(y);

const expected = readLocalJson(`${CASE}/expected.json`);
const RM = readGenes('expected_genes_mean.csv');
const RD = readGenes('expected_genes_default.csv');
const input = unwrap(
  twoGroupCounts(
    unwrap(readCountMatrix(sharedReferencePath('genomics/data/marioni_counts.csv'))),
    unwrap(readSampleSheet(sharedReferencePath('genomics/data/marioni_samples.csv'))),
  ),
);
const mean = runDeseq2(input, { fitType: 'mean' });
const g = mean.genes;
const ids = g.geneIds;

const N_GENES = 5088;
const pct = (f: number): string => `${(100 * f).toFixed(2)}%`;

describe('DESeq2 on this machine, Marioni, fitType "mean": every gene at the tight tolerances', () => {
  it('reference provenance: DESeq2 1.38.3, OpenBLAS kernel recorded; genes in the same order', () => {
    expect(expected.versions.DESeq2).toBe('1.38.3');
    expect(expected.blas.openblas_corename).toBeTypeOf('string');
    expect(RM.ids).toEqual([...ids]);
    expect(ids.length).toBe(N_GENES);
    expect(mean.diagnostics.reference).toBe('Kidney');
    expect(mean.diagnostics.alternative).toBe('Liver');
  });

  it('size factors rel 1e-9 (10 samples); baseMean rel 1e-9 (all genes)', () => {
    input.matrix.sampleIds.forEach((s, j) => expect(Math.abs(mean.diagnostics.sizeFactors[j] / expected.sizeFactors[s] - 1), s).toBeLessThanOrEqual(1e-9));
    expect(misses(ids, g.baseMean, RM.col('baseMean'), rel(1e-9))).toEqual([]);
    expect(Array.from(g.allZero)).toEqual(Array.from(RM.flag('allZero')));
  });

  it('dispGeneEst |Δlog| <= 1e-3, floor genes at the floor (ENSG00000189229 included: 1e-8 here)', () => {
    const dge = RM.col('dispGeneEst');
    expect(misses(ids, g.dispGeneEst, dge, logDisp)).toEqual([]);
    // Integer counts: genes exactly at the 1e-8 floor (3991), and at or near it (<= 1e-6: grid minima such as 1.19e-8; 4025).
    const atMost = (x: ArrayLike<number>, t: number): number => Array.from(x).filter((v) => v <= t).length;
    expect(atMost(g.dispGeneEst, 1e-8)).toBe(expected.mean.n_dispGeneEst_at_floor);
    expect(atMost(g.dispGeneEst, 1e-6)).toBe(atMost(dge, 1e-6));
    expect(dge[ids.indexOf('ENSG00000189229')]).toBe(1e-8);
  });

  it('mean trend (trimmed mean of dispGeneEst) and dispFit rel 1e-9; dispPriorVar rel 1e-3', () => {
    expect(mean.diagnostics.trend.fitType).toBe('mean');
    expect(Math.abs(mean.diagnostics.trend.meanDispersion! / expected.mean.meanDispersion - 1)).toBeLessThanOrEqual(1e-9);
    expect(misses(ids, g.dispFit, RM.col('dispFit'), rel(1e-9))).toEqual([]);
    expect(Math.abs(mean.diagnostics.dispPriorVar / expected.mean.dispPriorVar - 1)).toBeLessThanOrEqual(1e-3);
  });

  it('dispMAP and final dispersion rel 1e-3 or abs 1e-4; dispersion outliers identical', () => {
    expect(misses(ids, g.dispMAP, RM.col('dispMAP'), relOrAbs)).toEqual([]);
    expect(misses(ids, g.dispersion, RM.col('dispersion'), relOrAbs)).toEqual([]);
    expect(Array.from(g.dispOutlier)).toEqual(Array.from(RM.flag('dispOutlier')));
  });

  it('log2FoldChange rel 1e-3 or abs 1e-4; lfcSE, stat rel 1e-3; maxCooks rel 1e-3', () => {
    expect(misses(ids, g.log2FoldChange, RM.col('log2FoldChange'), relOrAbs)).toEqual([]);
    expect(misses(ids, g.lfcSE, RM.col('lfcSE'), rel(1e-3))).toEqual([]);
    expect(misses(ids, g.stat, RM.col('stat'), rel(1e-3))).toEqual([]);
    expect(misses(ids, g.maxCooks, RM.col('maxCooks'), rel(1e-3))).toEqual([]);
  });

  it('pvalue and padj log10 <= 0.01 (NA where R has NA); filter threshold rel 1e-9', () => {
    expect(misses(ids, g.pvalue, RM.col('pvalue'), log10p)).toEqual([]);
    expect(misses(ids, g.padj, RM.col('padj'), log10p)).toEqual([]);
    expect(Math.abs(mean.diagnostics.filterThreshold! / expected.mean.filterThreshold - 1)).toBeLessThanOrEqual(1e-9);
  });

  const calls = sameFraction(g.padj, RM.col('padj'), callSame);
  const na = sameFraction(g.padj, RM.col('padj'), naSame);
  it(`padj < 0.05 calls ${pct(calls)} and padj NA pattern ${pct(na)} identical (>= 99.5 %); counts as R`, () => {
    expect(calls).toBeGreaterThanOrEqual(0.995);
    expect(na).toBeGreaterThanOrEqual(0.995);
    expect(Array.from(g.padj).filter((p) => p < 0.05).length).toBe(expected.mean['n_padj_lt_0.05']);
    expect(Array.from(g.padj).filter((p) => Number.isNaN(p)).length).toBe(expected.mean.n_padj_NA);
  });
});

describe('DESeq2 on this machine, Marioni, default run (parametric fails → local), README locfit tolerances', () => {
  const def = runDeseq2(input);
  const d = def.genes;
  const dispFit = sameFraction(d.dispFit, RD.col('dispFit'), rel(5e-2));
  const dispersion = sameFraction(d.dispersion, RD.col('dispersion'), rel(5e-2));
  const calls = sameFraction(d.padj, RD.col('padj'), callSame);
  it(`gene-wise step identical to the mean run; local trend: dispFit ${pct(dispFit)}, dispersion ${pct(dispersion)} within rel 5e-2; calls ${pct(calls)}`, () => {
    expect(expected.default.fitType).toBe('local');
    expect(def.diagnostics.trend.fitType).toBe('local');
    expect(misses(ids, d.dispGeneEst, RD.col('dispGeneEst'), logDisp)).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(0.98);
    expect(dispersion).toBeGreaterThanOrEqual(0.99);
    // NOT the README's rel 5e-2 for every gene: with every dispGeneEst equal to R's, the local (locfit)
    // trend itself differs (median rel 0.7 %, p90 2.8 %; the 153 misses, up to 9 %, are genes with
    // baseMean < 1 plus one > 1000, i.e. the ends of the fit). The README's alternative criterion — the
    // fitType "mean" run at the tight tolerances — is met above. This floor guards against regression.
    expect(dispFit).toBeGreaterThanOrEqual(0.969);
  });
});
