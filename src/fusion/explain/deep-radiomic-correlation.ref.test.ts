// R reference: test/reference/fusion/spearman_bh_deep_radiomic (generate.R: cor.test spearman
// exact = FALSE, p.adjust BH, hclust average), inputs deep.csv / radiomic.csv with ties and NAs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectClose, localReferencePath, readLocalJson } from '../../../test/helpers/reference.js';
import { averageLinkageOrder } from './average-linkage.js';
import { deepRadiomicCorrelation } from './deep-radiomic-correlation.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { featureColumn } from './feature-matrix.js';
import { spearmanTest } from './spearman-test.js';

const CASE = 'fusion/spearman_bh_deep_radiomic';
const ref = readLocalJson(`${CASE}/expected.json`);

function readBlock(file: string): FeatureMatrix {
  const lines = readFileSync(localReferencePath(`${CASE}/${file}`), 'utf8').trim().split('\n');
  const names = lines[0].split(',').slice(1);
  const rows = lines.slice(1).map((l) => l.split(','));
  const matrix = new Float64Array(rows.length * names.length);
  rows.forEach((r, i) => names.forEach((_, j) => (matrix[i * names.length + j] = r[j + 1] === '' ? NaN : Number(r[j + 1]))));
  return { ids: rows.map((r) => r[0]), names, matrix };
}

describe('deepRadiomicCorrelation vs R cor.test / p.adjust / hclust', () => {
  const deep = readBlock('deep.csv');
  const rad = readBlock('radiomic.csv');
  const res = deepRadiomicCorrelation(deep, rad, { topKDeep: null, order: 'input', maxMissingFraction: 0.2 });

  it('joins on patient id and drops the mostly-missing and the constant feature', () => {
    expect(res.diagnostics.nJoined).toBe(ref.joined.length);
    expect(res.diagnostics.onlyDeep).toBe(deep.ids.length - ref.joined.length);
    expect(res.diagnostics.onlyRadiomic).toBe(rad.ids.length - ref.joined.length);
    expect(res.deepFeatures).toEqual(ref.deep_kept);
    expect(res.radiomicFeatures).toEqual(ref.radiomic_kept);
    expect(res.diagnostics.dropped.map((d) => d.feature).sort()).toEqual([...ref.dropped].sort());
    expect(Object.fromEntries(res.diagnostics.dropped.map((d) => [d.feature, d.reason]))).toEqual({ f4: 'missing', 'tumour.c': 'constant' });
  });

  it('rho (abs 1e-10), p and BH q (rel 1e-8), pairwise n per pair', () => {
    expect(res.pairs.length).toBe(ref.pairs.length);
    for (const e of ref.pairs) {
      const got = res.pairs.find((p) => p.deep === e.deep && p.radiomic === e.radiomic)!;
      const l = `${e.deep} x ${e.radiomic}`;
      expect(got.n, `${l} n`).toBe(e.n);
      expectClose(got.rho, e.rho, { abs: 1e-10 }, `${l} rho`);
      expectClose(got.p, e.p, { rel: 1e-8 }, `${l} p`);
      expectClose(got.q, e.q, { rel: 1e-8 }, `${l} q`);
      expect(got.significant, `${l} significant`).toBe(e.q < 0.05);
    }
    expect(res.diagnostics.nSignificant).toBe(ref.pairs.filter((e: { q: number }) => e.q < 0.05).length);
    expect(res.diagnostics.nSignificant).toBeGreaterThan(0);
  });

  it("R's statistic S = (n³ − n)(1 − ρ)/6", () => {
    for (const e of ref.pairs) {
      const x = featureColumn(deep, deep.names.indexOf(e.deep));
      const y = featureColumn(rad, rad.names.indexOf(e.radiomic));
      const xj = Float64Array.from(ref.joined as string[], (id) => x[deep.ids.indexOf(id)]);
      const yj = Float64Array.from(ref.joined as string[], (id) => y[rad.ids.indexOf(id)]);
      expectClose(spearmanTest(xj, yj).s, e.S, { rel: 1e-10, abs: 1e-8 }, `${e.deep} x ${e.radiomic} S`);
    }
  });

  it('average-linkage merge heights on 1 − |ρ| match hclust (abs 1e-10)', () => {
    for (const [m, kept, want] of [[deep, ref.deep_kept, ref.heights_deep], [rad, ref.radiomic_kept, ref.heights_radiomic]] as const) {
      const cols = (kept as string[]).map((f) => {
        const c = featureColumn(m, m.names.indexOf(f));
        return Float64Array.from(ref.joined as string[], (id) => c[m.ids.indexOf(id)]);
      });
      const p = cols.length;
      const d = new Float64Array(p * p);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) if (a !== b) d[a * p + b] = 1 - Math.abs(spearmanTest(cols[a], cols[b]).rho!);
      const h = averageLinkageOrder(d, p).heights;
      (want as number[]).forEach((w, k) => expectClose(h[k], w, { abs: 1e-10 }, `height ${k}`));
    }
  });
});
