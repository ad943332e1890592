import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { encodePngRgb } from '../../deep/outputs/png.js';
import { midRanks } from '../radiomics-model/redundancy.js';
import { explainabilitySections, explainabilityTables } from '../report/explain-sections.js';
import { averageLinkageOrder } from './average-linkage.js';
import { correlationHeatmapSpec, featureAxisLabels } from './correlation-heatmap.js';
import { deepRadiomicCorrelation } from './deep-radiomic-correlation.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { deepFeaturesFromCsv, radiomicFeaturesFromCohort } from './feature-matrix.js';
import { gradCamFileStem, gradCamGallery } from './grad-cam-gallery.js';
import { spearmanTest } from './spearman-test.js';

/** Column-major construction: cols[j][i] is feature j of patient i. */
function block(ids: string[], names: string[], cols: number[][]): FeatureMatrix {
  const m = new Float64Array(ids.length * names.length);
  ids.forEach((_, i) => names.forEach((_, j) => (m[i * names.length + j] = cols[j][i])));
  return { ids, names, matrix: m };
}

describe('spearmanTest', () => {
  it('average ranks for ties (R rank default)', () => {
    expect(Array.from(midRanks([3, 1, 3, 2, 3]))).toEqual([4, 1, 4, 2, 4]);
  });
  it('known answer with ties: rho = 3/√10, p closed form for 2 df', () => {
    // ranks x = 1, 2.5, 2.5, 4 and y = 1, 3, 2, 4 → rho = 4.5/√22.5 = 3/√10; t² = rho²·2/(1 − rho²) = 18;
    // for 2 df, P(|T| > t) = 1 − t/√(2 + t²) = 1 − √18/√20.
    const r = spearmanTest([1, 2, 2, 3], [1, 3, 2, 4]);
    expect(r.n).toBe(4);
    expect(r.rho).toBeCloseTo(3 / Math.sqrt(10), 14);
    expect(r.p).toBeCloseTo(1 - Math.sqrt(18 / 20), 12);
  });
  it('drops incomplete pairs, is null when constant or n < 3, p = 0 at |rho| = 1', () => {
    const r = spearmanTest([1, NaN, 3, 4, 5], [2, 9, NaN, 10, 8]);
    expect(r.n).toBe(3);
    expect(r.rho).toBeCloseTo(0.5, 14);
    expect(spearmanTest([1, 1, 1, 1], [1, 2, 3, 4]).rho).toBeNull();
    expect(spearmanTest([1, 2], [1, 2]).p).toBeNull();
    const perfect = spearmanTest([1, 2, 3, 4, 5], [10, 8, 6, 4, 2]);
    expect(perfect.rho).toBe(-1);
    expect(perfect.p).toBe(0);
  });
});

describe('averageLinkageOrder', () => {
  it('points 0, 1, 5, 6 on a line: heights 1, 1, 5 (mean of 5, 6, 4, 5), blocks contiguous', () => {
    const x = [5, 0, 6, 1];
    const d = x.flatMap((a) => x.map((b) => Math.abs(a - b)));
    const r = averageLinkageOrder(d, 4);
    expect(r.heights).toEqual([1, 1, 5]);
    expect(r.order).toEqual([0, 2, 1, 3]);
  });
  it('rejects a non-finite distance', () => {
    expect(() => averageLinkageOrder([0, NaN, NaN, 0], 2)).toThrow(HccError);
  });
});

describe('deepRadiomicCorrelation', () => {
  const ids = Array.from({ length: 12 }, (_, i) => `P${i}`);
  const t = ids.map((_, i) => i);
  const noise = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
  const deep = block(ids, ['d_up', 'd_noise', 'd_down', 'd_const'], [t.map((v) => v * 10), noise, t.map((v) => -v * v), t.map(() => 2)]);
  const radIds = ['X1', ...ids.slice(2).reverse()]; // P0, P1 absent; an extra patient X1
  const rt = radIds.map((id) => (id === 'X1' ? 0 : Number(id.slice(1))));
  const rad = block(radIds, ['r_up', 'r_missing', 'r_noise2'], [rt.map((v) => Math.exp(v / 3)), rt.map((v, i) => (i < 4 ? v : NaN)), rt.map((v) => (v * 7) % 5)]);

  it('joins by id, records drops, and is monotone-invariant', () => {
    const r = deepRadiomicCorrelation(deep, rad, { order: 'input', topKDeep: null });
    expect(r.diagnostics.nJoined).toBe(10);
    expect(r.diagnostics.onlyDeep).toBe(2);
    expect(r.diagnostics.onlyRadiomic).toBe(1);
    expect(r.diagnostics.dropped.map((d) => [d.feature, d.reason])).toEqual([['d_const', 'constant'], ['r_missing', 'missing']]);
    expect(r.deepFeatures).toEqual(['d_up', 'd_noise', 'd_down']);
    expect(r.radiomicFeatures).toEqual(['r_up', 'r_noise2']);
    const up = r.pairs.find((p) => p.deep === 'd_up' && p.radiomic === 'r_up')!;
    const down = r.pairs.find((p) => p.deep === 'd_down' && p.radiomic === 'r_up')!;
    expect(up.rho).toBe(1);
    expect(down.rho).toBe(-1);
    expect(up.n).toBe(10);
    expect(r.rho[0][0]).toBe(1);
    expect(r.rho[2][0]).toBe(-1);
    expect(r.warnings.length).toBeGreaterThan(0);
  });

  it('q is Benjamini–Hochberg over all pairs (independent re-computation)', () => {
    const r = deepRadiomicCorrelation(deep, rad, { order: 'input', topKDeep: null });
    const p = r.pairs.map((x) => x.p!);
    const m = p.length;
    for (let i = 0; i < m; i++) {
      // q_i = min over j with p_j >= p_i of m·p_j / rank(p_j), capped at 1
      let q = 1;
      for (let j = 0; j < m; j++) if (p[j] >= p[i]) q = Math.min(q, (m * p[j]) / p.filter((v) => v <= p[j]).length);
      expect(r.pairs[i].q).toBeCloseTo(q, 14);
    }
    expect(r.significantPairs.every((x) => x.q! < 0.05)).toBe(true);
    expect(r.significantPairs.map((x) => `${x.deep}|${x.radiomic}`).sort()).toEqual(['d_down|r_up', 'd_up|r_up']);
  });

  it('top-K deep features by variance, with the rest recorded', () => {
    const r = deepRadiomicCorrelation(deep, rad, { order: 'input', topKDeep: 2 });
    expect(r.deepFeatures).toEqual(['d_up', 'd_down']); // variances: d_down (squares) > d_up > d_noise
    expect(r.diagnostics.dropped.find((d) => d.feature === 'd_noise')?.reason).toBe('below_top_k');
  });

  it('cluster order puts co-varying features next to each other', () => {
    // a1 ~ a2 (rank-identical), b1 ~ b2 (rank-identical), a and b unrelated; input order interleaves them
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const b = [4, 9, 1, 7, 2, 10, 5, 3, 8, 6];
    const ids10 = a.map((_, i) => `Q${i}`);
    const d = block(ids10, ['a1', 'b1', 'a2', 'b2'], [a, b, a.map((v) => v * v), b.map((v) => v + 100)]);
    const rr = block(ids10, ['r1', 'r2'], [a, b]);
    const r = deepRadiomicCorrelation(d, rr, { order: 'cluster' });
    const pos = (f: string) => r.deepFeatures.indexOf(f);
    expect(Math.abs(pos('a1') - pos('a2'))).toBe(1);
    expect(Math.abs(pos('b1') - pos('b2'))).toBe(1);
    expect(r.diagnostics.orderMethod).toMatch(/average-linkage/);
  });

  it('errors as coded data', () => {
    const dupe = block(['A', 'A', 'B'], ['f'], [[1, 2, 3]]);
    expect(() => deepRadiomicCorrelation(dupe, rad)).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(() => deepRadiomicCorrelation(deep, block(['Z1', 'Z2', 'Z3'], ['r'], [[1, 2, 3]]))).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(() => deepRadiomicCorrelation(deep, rad, { alpha: 2 })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});

describe('feature matrices from the pipeline outputs', () => {
  it('parses the predict-dl --features CSV, keeping members apart', () => {
    const csv = 'patient,member,f0,f1\n"HCC-1",m0,1,2\n"HCC,2",m0,3,\n"HCC-1",m1,5,6\n';
    const m = deepFeaturesFromCsv(csv);
    expect(m.ids).toEqual(['HCC-1', 'HCC,2']);
    expect(m.names).toEqual(['m0:f0', 'm0:f1', 'm1:f0', 'm1:f1']);
    expect(Array.from(m.matrix)).toEqual([1, 2, 5, 6, 3, NaN, NaN, NaN]);
    expect(deepFeaturesFromCsv(csv, { members: ['m1'] }).names).toEqual(['m1:f0', 'm1:f1']);
    expect(() => deepFeaturesFromCsv('id,x\n1,2\n')).toThrow(HccError);
  });
  it('turns CohortFeatures rows into a matrix, skipping failed and absent patients', () => {
    const m = radiomicFeaturesFromCohort({
      rows: [
        { patientId: 'A', features: { 'tumour.x': 1, 'tumour.y': 2 }, tumourVoxels: 10, ringVoxels: 0, error: null },
        null,
        { patientId: 'B', features: {}, tumourVoxels: 0, ringVoxels: 0, error: 'empty mask' },
        { patientId: 'C', features: { 'tumour.y': 4, 'ring.z': Infinity }, tumourVoxels: 10, ringVoxels: 5, error: null },
      ],
    });
    expect(m.ids).toEqual(['A', 'C']);
    expect(m.names).toEqual(['tumour.x', 'tumour.y', 'ring.z']);
    expect(Array.from(m.matrix)).toEqual([1, 2, NaN, NaN, 4, NaN]);
  });
});

describe('heatmap spec, gallery and report sections', () => {
  const ids = Array.from({ length: 8 }, (_, i) => `P${i}`);
  const x = [1, 2, 3, 4, 5, 6, 7, 8];
  const corr = deepRadiomicCorrelation(block(ids, ['d0', 'd1'], [x, [2, 1, 4, 3, 6, 5, 8, 7].reverse()]), block(ids, ['r0', 'r1', 'r2'], [x, [5, 3, 8, 1, 7, 2, 6, 4], x.map((v) => -v)]), { order: 'input' });

  it('heatmap has one cell per pair in display order, fixed diverging scale, significant cells marked', () => {
    const spec = correlationHeatmapSpec(corr) as any;
    const cells = spec.data.values as { deep: string; radiomic: string; rho: number; significant: boolean }[];
    expect(cells.length).toBe(6);
    expect(cells.find((c) => c.deep === 'd0' && c.radiomic === 'r2')!.rho).toBe(-1);
    const colour = spec.layer[1].encoding.color;
    expect(colour.scale.domain).toEqual([-1, 1]);
    expect(colour.scale.domainMid).toBe(0);
    expect(spec.layer[1].encoding.x.sort).toEqual(['r0', 'r1', 'r2']);
    expect(spec.layer[2].transform[0].filter).toBe('datum.significant');
    expect(cells.filter((c) => c.significant).map((c) => `${c.deep}|${c.radiomic}`).sort()).toEqual(corr.significantPairs.map((p) => `${p.deep}|${p.radiomic}`).sort());
    expect(corr.significantPairs.length).toBeGreaterThan(0);
  });

  it('heatmap axis labels drop the common prefix and keep the informative end of long names', () => {
    const names = ['tumour.original.glcm.joint_avg.3d_averaged', 'tumour.original.morphology.vol', 'tumour.original.glszm.large_area_high_grey_level_emphasis'];
    const { labels, prefix } = featureAxisLabels(names, 30);
    expect(prefix).toBe('tumour.original.');
    expect(labels).toEqual(['glcm.joint_avg.3d_averaged', 'morphology.vol', '…area_high_grey_level_emphasis']);
    expect(labels.every((l) => l.length <= 30)).toBe(true);
    expect(featureAxisLabels(['a.x', 'b.x']).prefix).toBe('');
    // Names that would collide after cutting keep their full form.
    expect(featureAxisLabels(['p.aaaa_long_tail', 'p.bbbb_long_tail'], 8).labels).toEqual(['p.aaaa_long_tail', 'p.bbbb_long_tail']);
  });

  it('gallery picks highest and lowest risk, middle slice, embeds the PNG bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcam-'));
    const png = (r: number) => encodePngRgb(2, 2, Uint8Array.from({ length: 12 }, (_, i) => (i * 20 + r) % 256));
    const risks: Record<string, number> = { 'A/1': 0.9, B: 0.1, C: 0.5, D: 0.7, E: 0.3 };
    Object.keys(risks).forEach((id, n) => [4, 5, 6].forEach((k) => writeFileSync(join(dir, `${gradCamFileStem(id)}_gradcam_k${k}.png`), png(n * 10 + k))));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const scores = [...Object.entries(risks).map(([id, risk]) => ({ id, risk, tumourMass: 0.42, cohort: 'external_test' })), { id: 'F', risk: 0.99, cohort: 'training' }, { id: 'G', risk: 0.95, cohort: 'external_test' }];
    const g = gradCamGallery({ dir, scores, maxPatients: 3, cohort: 'external_test' });
    expect(g.items.map((i) => [i.id, i.role])).toEqual([['A/1', 'highest risk'], ['D', 'highest risk'], ['B', 'lowest risk']]);
    expect(g.items[0].slice).toBe(5);
    expect(Buffer.from(g.items[0].dataUri.replace('data:image/png;base64,', ''), 'base64').equals(Buffer.from(readFileSync(join(dir, 'A_1_gradcam_k5.png'))))).toBe(true);
    expect(g.items[0].caption).toContain('rank 1 of 5');
    expect(g.items[0].caption).toContain('42.0 %');
    // The caption names the score (the ensemble's, not the member's) and what slice 5 is: the centre of the 3-slice stack.
    expect(g.items[0].caption).toBe('A/1 (highest risk): Ensemble-DL OS score 0.900 (rank 1 of 5); in-tumour CAM mass 42.0 %; axial CT slice 5, the centre of the 3 slice(s) of the input stack.');
    expect(g.member).toBe(basename(dir));
    expect(gradCamGallery({ dir, scores, maxPatients: 1, member: 'cnn25d', scoreLabel: 'member score' }).items[0].caption).toMatch(/^A\/1 \(highest risk\): member score 0\.900/);
    expect(g.warnings.map((w) => w.code)).toEqual(['missing_file']); // G has no images
    const plain = gradCamGallery({ dir, maxPatients: 2 });
    expect(plain.items.map((i) => i.role)).toEqual(['listed', 'listed']);

    const blocks = explainabilitySections({ correlation: corr, gallery: g });
    expect(blocks.map((b) => b.kind)).toEqual(['md', 'md', 'figure', 'md', 'html']);
    const fig = blocks.find((b) => b.kind === 'figure');
    expect(fig && fig.kind === 'figure' && fig.name).toBe('deep-radiomic-correlation');
    const html = blocks.find((b) => b.kind === 'html');
    expect(html && html.kind === 'html' && (html.html.match(/<img src="data:image\/png;base64,/g) ?? []).length).toBe(3);
    expect(html && html.kind === 'html' && html.html).toContain('A/1 (highest risk)');
    const intro = blocks[3].kind === 'md' ? blocks[3].text : '';
    expect(intro).toContain(`of the member \`${g.member}\``);
    expect(intro).toContain('the same for every member');
    // report.md links the PNGs relative to the report folder, so they survive moving the study folder.
    const rel = explainabilitySections({ gallery: g, markdownImages: 'path', markdownBase: join(dir, 'report') }).find((b) => b.kind === 'html');
    expect(rel && rel.kind === 'html' && rel.markdown).toContain('](../A_1_gradcam_k5.png)');
    // a study folder given relative to the working directory (`mmf report --out study`) links the same way
    const fromCwd = { ...g, items: g.items.map((it) => ({ ...it, file: relative(process.cwd(), it.file) })) };
    const relCwd = explainabilitySections({ gallery: fromCwd, markdownImages: 'path', markdownBase: relative(process.cwd(), join(dir, 'report')) }).find((b) => b.kind === 'html');
    expect(relative(process.cwd(), dir)).not.toMatch(/^\//);
    expect(relCwd && relCwd.kind === 'html' && relCwd.markdown).toContain('](../A_1_gradcam_k5.png)');
    expect(explainabilitySections({})).toEqual([]);

    const tables = explainabilityTables({ correlation: corr, gallery: g });
    const t = tables.find((x) => x.name === 'deep_radiomic_correlation')!;
    expect(t.rows.length).toBe(6);
    const r = t.rows.find((row) => row[0] === 'd0' && row[1] === 'r2')!;
    expect(r[t.columns.indexOf('rho')]).toBe(-1);
    expect(r[t.columns.indexOf('significant')]).toBe(1);
    expect(tables.map((x) => x.name)).toEqual(['deep_radiomic_correlation', 'deep_radiomic_dropped', 'grad_cam_gallery']);
  });
});
