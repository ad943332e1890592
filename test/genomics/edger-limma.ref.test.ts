// Reference tests (tier b, cross-implementation: edgeR 3.40.2 / limma 3.54.1 on R 4.2.2) for the
// edgeR normalisation and limma-voom re-implementations, on the Marioni liver-vs-kidney counts.
// Expected values and tolerances: ../shared/reference/genomics/README.md.
import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table.js';
import { groupDesign } from '../../src/genomics/design-matrix.js';
import { calcNormFactors } from '../../src/genomics/edger/norm-factors.js';
import { filterByExpr } from '../../src/genomics/edger/filter-by-expr.js';
import type { GeneCounts } from '../../src/genomics/edger/gene-counts.js';
import { effectiveLibrarySizes, librarySizes, subsetGenes } from '../../src/genomics/edger/gene-counts.js';
import { aveLogCpm } from '../../src/genomics/edger/ave-log-cpm.js';
import { logCpm } from '../../src/genomics/edger/cpm.js';
import { estimateCommonDispersion } from '../../src/genomics/edger/common-dispersion.js';
import { exactTest } from '../../src/genomics/edger/exact-test.js';
import { eBayes } from '../../src/genomics/limma/ebayes.js';
import { lmFit } from '../../src/genomics/limma/lm-fit.js';
import { coefficientTable } from '../../src/genomics/limma/top-table.js';
import { voom } from '../../src/genomics/limma/voom.js';
import { expectClose, readSharedCsv, readSharedJson } from '../helpers/reference.js';

const DIR = 'genomics';

interface Marioni {
  readonly y: GeneCounts;
  readonly genes: readonly string[];
  readonly samples: readonly string[];
  readonly groups: readonly string[];
}

function numberMatrix(t: Table, columns: readonly string[]): Float64Array {
  const out = new Float64Array(t.nRows * columns.length);
  columns.forEach((c, j) => {
    const col = t.cells.get(c);
    if (!col) throw new Error(`column ${c} missing in ${t.source}`);
    for (let i = 0; i < t.nRows; i++) out[i * columns.length + j] = col[i] === null ? NaN : Number(col[i]);
  });
  return out;
}

function loadMarioni(): Marioni {
  const sheet = readSharedCsv(`${DIR}/data/marioni_samples.csv`);
  const samples = sheet.cells.get('sample') as string[];
  const groups = sheet.cells.get('group') as string[];
  const t = readSharedCsv(`${DIR}/data/marioni_counts.csv`);
  const genes = t.cells.get('gene_id') as string[];
  return { y: { counts: numberMatrix(t, samples), nGenes: t.nRows, nSamples: samples.length }, genes, samples, groups };
}

const data = loadMarioni();
const summary = readSharedJson(`${DIR}/expected/edger_limma_marioni_summary.json`);
const { design } = groupDesign(data.groups, ['Kidney', 'Liver']);

function expectNamed(actual: ArrayLike<number>, expected: Record<string, number>, tol: { rel?: number; abs?: number }, label: string): void {
  data.samples.forEach((s, j) => expectClose(actual[j], expected[s], tol, `${label}[${s}]`));
}

describe('edgeR normalisation on the unfiltered Marioni matrix', () => {
  it('TMM factors (rel 1e-12), reference = sample with upper quartile closest to the mean', () => {
    const r = calcNormFactors(data.y, { method: 'TMM' });
    expectNamed(r.factors, summary.tmm_unfiltered, { rel: 1e-12 }, 'TMM');
    expect(r.refColumn).not.toBeNull();
    expect(r.nGenesUsed).toBe(data.y.nGenes); // Marioni has no all-zero gene
  });

  it('RLE factors (rel 1e-12)', () => {
    expectNamed(calcNormFactors(data.y, { method: 'RLE' }).factors, summary.rle_unfiltered, { rel: 1e-12 }, 'RLE');
  });

  it('upper-quartile factors (rel 1e-12)', () => {
    expectNamed(calcNormFactors(data.y, { method: 'upperquartile' }).factors, summary.upperquartile_unfiltered, { rel: 1e-12 }, 'UQ');
  });
});

describe('edgeR filterByExpr(y, design) and TMM after filtering', () => {
  const expected = readSharedCsv(`${DIR}/expected/edger_marioni_filterByExpr.csv`);
  const flags = expected.cells.get('keep_filterByExpr') as string[];
  const f = filterByExpr(data.y, { design });

  it('keeps exactly the genes edgeR keeps', () => {
    expect(expected.cells.get('gene_id')).toEqual(data.genes);
    expect(f.minSampleSize).toBeCloseTo(5, 12);
    expect(f.nKept).toBe(summary.n_keep_filterByExpr);
    const mismatches = flags.filter((v, g) => (v === 'TRUE' ? 1 : 0) !== f.keep[g]).length;
    expect(mismatches).toBe(0);
  });

  it('library sizes after filtering are the column sums of the kept genes (exact integers)', () => {
    const lib = librarySizes(subsetGenes(data.y, f.keep));
    data.samples.forEach((s, j) => expect(lib[j], s).toBe(summary.lib_size[s]));
  });

  it('TMM on the filtered matrix with recomputed library sizes (rel 1e-12)', () => {
    const yf = subsetGenes(data.y, f.keep);
    expectNamed(calcNormFactors(yf).factors, summary.tmm_filtered, { rel: 1e-12 }, 'TMM filtered');
  });
});

/** The filtered, TMM-normalised input of the R script's voom/limma steps. */
function filteredPipeline(): { yf: GeneCounts; genes: string[]; effLib: Float64Array } {
  const f = filterByExpr(data.y, { design });
  const yf = subsetGenes(data.y, f.keep);
  const genes = data.genes.filter((_, g) => f.keep[g] === 1);
  const nf = calcNormFactors(yf);
  return { yf, genes, effLib: effectiveLibrarySizes(nf.libSize, nf.factors) };
}

function readMatrixCsv(rel: string, genes: readonly string[]): Float64Array {
  const t = readSharedCsv(rel);
  expect(t.cells.get('gene_id'), `${rel} gene order`).toEqual(genes);
  return numberMatrix(t, data.samples);
}

describe('limma voom on the filtered TMM-normalised Marioni counts', () => {
  const { yf, genes, effLib } = filteredPipeline();
  const v = voom(yf, { design, libSize: effLib });

  it('E = log2((y + 0.5)/(N·f + 1)·1e6) (abs 1e-10)', () => {
    const E = readMatrixCsv(`${DIR}/expected/limma_voom_marioni_E.csv`, genes);
    let worst = 0;
    for (let k = 0; k < E.length; k++) worst = Math.max(worst, Math.abs(v.E[k] - E[k]));
    expect(worst, `max |E - E_R| = ${worst}`).toBeLessThanOrEqual(1e-10);
  });

  it('precision weights reproduce R lowess (rel 1e-6)', () => {
    const W = readMatrixCsv(`${DIR}/expected/limma_voom_marioni_weights.csv`, genes);
    let worst = 0;
    for (let k = 0; k < W.length; k++) worst = Math.max(worst, Math.abs(v.weights[k] - W[k]) / Math.abs(W[k]));
    expect(worst, `max rel error of weights = ${worst}`).toBeLessThanOrEqual(1e-6);
    const colSums = new Float64Array(data.samples.length);
    for (let k = 0; k < W.length; k++) colSums[k % colSums.length] += v.weights[k];
    expectNamed(colSums, summary.voom_weights_colSums, { rel: 1e-6 }, 'weight column sums');
  });
});

function column(t: Table, name: string): number[] {
  const c = t.cells.get(name);
  if (!c) throw new Error(`column ${name} missing in ${t.source}`);
  return c.map((v) => (v === null ? NaN : Number(v)));
}

/** log10p distance as the README defines it (both floored at 1e-300). */
function log10pDiff(a: number, b: number): number {
  return Math.abs(Math.log10(Math.max(a, 1e-300)) - Math.log10(Math.max(b, 1e-300)));
}

function worst(got: ArrayLike<number>, want: readonly number[], metric: (a: number, b: number) => number): number {
  let w = 0;
  for (let g = 0; g < want.length; g++) w = Math.max(w, metric(got[g], want[g]));
  return w;
}
const absDiff = (a: number, b: number): number => Math.abs(a - b);
const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('limma lmFit + eBayes after voom (coef 2 = Liver vs Kidney)', () => {
  const { yf, genes, effLib } = filteredPipeline();
  const v = voom(yf, { design, libSize: effLib });
  const fit = lmFit(v.E, v.nGenes, design, v.weights);
  const eb = eBayes(fit);
  const tab = coefficientTable(fit, eb, 1);
  const ref = readSharedCsv(`${DIR}/expected/limma_voom_marioni_genes.csv`);
  const refGenes = ref.cells.get('gene_id') as string[];
  const pos = new Map(genes.map((g, i) => [g, i]));
  const reorder = (a: ArrayLike<number>): Float64Array => Float64Array.from(refGenes, (g) => a[pos.get(g) as number]);

  it('same genes as the filtered set', () => {
    expect(refGenes.length).toBe(genes.length);
    expect(refGenes.every((g) => pos.has(g))).toBe(true);
  });

  it('s2.prior and df.prior (rel 1e-4)', () => {
    expect(eb.s2Prior.length).toBe(1);
    expectClose(eb.s2Prior[0], summary.voom_s2_prior, { rel: 1e-4 }, 's2.prior');
    expectClose(eb.dfPrior, summary.voom_df_prior, { rel: 1e-4 }, 'df.prior');
  });

  it('logFC and AveExpr (abs 1e-8), t, B, sigma, s2.post (rel 1e-4)', () => {
    expect(worst(reorder(tab.logFC), column(ref, 'logFC'), absDiff), 'logFC').toBeLessThanOrEqual(1e-8);
    expect(worst(reorder(tab.aveExpr), column(ref, 'AveExpr'), absDiff), 'AveExpr').toBeLessThanOrEqual(1e-8);
    expect(worst(reorder(tab.t), column(ref, 't'), relDiff), 't').toBeLessThanOrEqual(1e-4);
    expect(worst(reorder(tab.B), column(ref, 'B'), relDiff), 'B').toBeLessThanOrEqual(1e-4);
    expect(worst(reorder(fit.sigma), column(ref, 'sigma'), relDiff), 'sigma').toBeLessThanOrEqual(1e-4);
    expect(worst(reorder(eb.s2Post), column(ref, 's2_post'), relDiff), 's2.post').toBeLessThanOrEqual(1e-4);
  });

  it('P.Value and adj.P.Val (log10p <= 0.01) and the number of adj.P.Val < 0.05', () => {
    expect(worst(reorder(tab.pValue), column(ref, 'P.Value'), log10pDiff), 'P.Value').toBeLessThanOrEqual(0.01);
    expect(worst(reorder(tab.adjPValue), column(ref, 'adj.P.Val'), log10pDiff), 'adj.P.Val').toBeLessThanOrEqual(0.01);
    expect(tab.adjPValue.filter((q) => q < 0.05).length).toBe(summary['voom_n_adjP_lt_0.05']);
  });
});

describe('limma-trend: lmFit on cpm(log = TRUE, prior.count = 3), eBayes(trend = TRUE)', () => {
  const { yf, genes, effLib } = filteredPipeline();
  const fit = lmFit(logCpm(yf, effLib, 3), yf.nGenes, design);
  const eb = eBayes(fit, { trend: true });
  const tab = coefficientTable(fit, eb, 1);
  const ref = readSharedCsv(`${DIR}/expected/limma_voom_marioni_genes.csv`);
  const pos = new Map(genes.map((g, i) => [g, i]));
  const reorder = (a: ArrayLike<number>): Float64Array => Float64Array.from(ref.cells.get('gene_id') as string[], (g) => a[pos.get(g) as number]);

  it('df.prior (rel 1e-4) and a per-gene prior variance', () => {
    expect(eb.s2Prior.length).toBe(yf.nGenes);
    expectClose(eb.dfPrior, summary.trend_df_prior, { rel: 1e-4 }, 'trend df.prior');
  });

  it('logFC (abs 1e-8), t (rel 1e-4), P.Value and adj.P.Val (log10p <= 0.01)', () => {
    expect(worst(reorder(tab.logFC), column(ref, 'trend_logFC'), absDiff), 'trend logFC').toBeLessThanOrEqual(1e-8);
    expect(worst(reorder(tab.t), column(ref, 'trend_t'), relDiff), 'trend t').toBeLessThanOrEqual(1e-4);
    expect(worst(reorder(tab.pValue), column(ref, 'trend_P.Value'), log10pDiff), 'trend P').toBeLessThanOrEqual(0.01);
    expect(worst(reorder(tab.adjPValue), column(ref, 'trend_adj.P.Val'), log10pDiff), 'trend adjP').toBeLessThanOrEqual(0.01);
  });
});

describe('edgeR exactTest (doubletail) given edgeR\'s tagwise dispersions, and aveLogCPM', () => {
  // estimateDisp (locfit trend, weighted-likelihood shrinkage) is not re-implemented: the test feeds
  // R's tagwise dispersions and common dispersion from the reference file into our exactTest / aveLogCpm.
  const { yf, genes, effLib } = filteredPipeline();
  const ref = readSharedCsv(`${DIR}/expected/edger_marioni_genes.csv`);
  const tagwise = Float64Array.from(column(ref, 'tagwise_dispersion'));
  const et = exactTest(yf, { group: data.groups.map((g) => (g === 'Kidney' ? 0 : 1)), libSize: effLib, dispersion: tagwise });

  it('gene order is the filtered order', () => {
    expect(ref.cells.get('gene_id')).toEqual(genes);
  });

  it('logFC (abs 1e-4), PValue and FDR (log10p <= 0.01), number of FDR < 0.05', () => {
    expect(worst(et.logFC, column(ref, 'exact_logFC'), absDiff), 'exact logFC').toBeLessThanOrEqual(1e-4);
    expect(worst(et.pValue, column(ref, 'exact_PValue'), log10pDiff), 'exact PValue').toBeLessThanOrEqual(0.01);
    expect(worst(et.fdr, column(ref, 'exact_FDR'), log10pDiff), 'exact FDR').toBeLessThanOrEqual(0.01);
    expect(et.fdr.filter((q) => q < 0.05).length).toBe(summary['n_exact_FDR_lt_0.05']);
    expect(et.nBetaApprox).toBeGreaterThan(0); // both code paths (beta approximation and exact sums) are exercised
    expect(et.nBetaApprox).toBeLessThan(yf.nGenes);
  });

  it('AveLogCPM with the common dispersion (abs 1e-8)', () => {
    const ave = aveLogCpm(yf, effLib, summary.common_dispersion);
    expect(worst(ave, column(ref, 'AveLogCPM'), absDiff), 'AveLogCPM').toBeLessThanOrEqual(1e-8);
  });
});

describe('edgeR estimateDisp: common dispersion (Cox-Reid APL on the grid, spline maximum)', () => {
  it('common dispersion (rel 1e-4)', () => {
    const { yf, effLib } = filteredPipeline();
    const r = estimateCommonDispersion(yf, { group: data.groups.map((g) => (g === 'Kidney' ? 0 : 1)), libSize: effLib });
    expect(r.nGenesUsed).toBe(summary.n_keep_filterByExpr);
    expectClose(r.commonDispersion, summary.common_dispersion, { rel: 1e-4 }, 'common dispersion');
  });
});
