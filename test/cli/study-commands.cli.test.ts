import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import type { Table } from '../../src/core/table.js';
import { readCsvFile } from '../../src/core/table.js';
import type { FittedStudy } from '../../src/fusion/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * `mmf validate-manifest`, `train`, `evaluate`, `report`, `predict` on a 200-patient synthetic
 * cohort (tabular only). The imaging score is simulated here from the generator's imaging part of
 * the true risk plus noise, as in test/fusion/study.e2e.test.ts.
 */
let cohortDir = '';
let manifest = '';
let out = '';
let settingsFile = '';
let clinical: Table;
let outcomes: Table;
let scores: Map<string, string>;
const EXTERNAL = new Set(['C3', 'C4']);

function csv(columns: string[], rows: (string | number | null)[][]): string {
  return [columns.join(','), ...rows.map((r) => r.map((v) => (v === null ? 'NA' : String(v))).join(','))].join('\n') + '\n';
}

/** Clinical rows (+ imaging score) of the patients whose centre passes `keep`. */
function patientsCsv(keep: (centre: string) => boolean, extra: Record<string, (string | null)[]> = {}): { text: string; ids: string[] } {
  const ids = clinical.cells.get('patient_id')!;
  const centre = clinical.cells.get('centre')!;
  const cols = [...clinical.columns, 'imaging_score', ...Object.keys(extra)];
  const rows: (string | null)[][] = [];
  const kept: string[] = [];
  for (let i = 0; i < clinical.nRows; i++) {
    if (!keep(centre[i]!)) continue;
    kept.push(ids[i]!);
    rows.push([...clinical.columns.map((c) => clinical.cells.get(c)![i]), scores.get(ids[i]!) ?? null, ...Object.values(extra).map((v) => v[i])]);
  }
  return { text: csv(cols, rows), ids: kept };
}

/** The response category and scan week of every clinical row (null without a follow-up row), named as the manifest names them. */
function followupColumns(): { mrecist: (string | null)[]; followup_weeks: (string | null)[] } {
  const f = readCsvFile(join(cohortDir, 'followup.csv'));
  const at = new Map(f.cells.get('patient_id')!.map((id, i) => [id!, i]));
  const ids = clinical.cells.get('patient_id')!;
  const pick = (col: string): (string | null)[] => ids.map((id) => (at.has(id!) ? f.cells.get(col)![at.get(id!)!] : null));
  return { mrecist: pick('mrecist'), followup_weeks: pick('scan_weeks') };
}

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'mmf-cmds-'));
  const synth = await runCli(['synth', '--patients', '200', '--seed', '3', '--out', root, '--no-images', '--no-rnaseq', '--json']);
  expect(synth.code).toBe(0);
  cohortDir = join(root, readdirSync(root).find((d) => d.startsWith('synthetic'))!);
  const truth = readCsvFile(join(cohortDir, 'oracle.csv'));
  const rng = createRng(5);
  const ids = truth.cells.get('patient_id')!;
  const img = truth.cells.get('os_lp_imaging')!;
  scores = new Map(ids.map((id, i) => [id!, (Number(img[i]) + 0.3 * rng.normal()).toFixed(5)]));
  writeFileSync(join(cohortDir, 'imaging-scores.csv'), ['patient_id,imaging_score', ...[...scores].map(([id, s]) => `${id},${s}`)].join('\n') + '\n');
  clinical = readCsvFile(join(cohortDir, 'clinical.csv'));
  outcomes = readCsvFile(join(cohortDir, 'outcomes.csv'));
  manifest = join(cohortDir, 'study-manifest.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      cohort: 'synthetic-cmds',
      synthetic: true,
      patients: 'clinical.csv',
      joins: [
        { path: 'outcomes.csv', rename: { os_months: 'os_time', pfs_months: 'pfs_time' } },
        { path: 'followup.csv', rename: { scan_weeks: 'followup_weeks' } },
        { path: 'imaging-scores.csv' },
      ],
      split: { kind: 'by-centre', training: ['C1'], internalValidation: ['C2'], externalTest: ['C3', 'C4'] },
      scores: ['imaging_score'],
    }),
  );
  out = mkdtempSync(join(tmpdir(), 'mmf-cmds-out-'));
  settingsFile = join(out, 'input-settings.json');
  writeFileSync(settingsFile, JSON.stringify({ seed: 3, models: { mmf: { scoreColumn: 'imaging_score', forest: { nTree: 30 } } } }));
}, 30_000);

describe('mmf validate-manifest', () => {
  it('summarises a valid manifest: patients per centre and split, events', async () => {
    const r = await runCli(['validate-manifest', manifest, '--json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.out) as { ok: boolean; summary: { patients: number; counts: Record<string, number>; byCentre: { centre: string; training: number; external_test: number; total: number }[]; events: { outcome: string; split: string; n: number; events: number }[] } };
    expect(v.ok).toBe(true);
    expect(v.summary.patients).toBe(200);
    expect(v.summary.byCentre.reduce((a, c) => a + c.total, 0)).toBe(200);
    const centre = clinical.cells.get('centre')!;
    const c1 = v.summary.byCentre.find((c) => c.centre === 'C1')!;
    expect(c1.training).toBe(centre.filter((c) => c === 'C1').length);
    expect(v.summary.counts.external_test).toBe(centre.filter((c) => EXTERNAL.has(c!)).length);
    // OS events counted independently from outcomes.csv
    const osEvents = outcomes.cells.get('os_event')!.filter((e) => e === '1').length;
    expect(v.summary.events.filter((e) => e.outcome === 'os').reduce((a, e) => a + e.events, 0)).toBe(osEvents);
  });

  it('reports every problem at once (row, column, expected, found) and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-bad-manifest-'));
    const lines = readFileSync(join(cohortDir, 'outcomes.csv'), 'utf8').trim().split('\n');
    const head = lines[0].split(',');
    const bad = lines.map((l, i) => {
      if (i === 0) return l;
      const f = l.split(',');
      if (i === 3) f[head.indexOf('os_months')] = '-4';
      if (i === 7) f[head.indexOf('os_event')] = '2';
      return f.join(',');
    });
    writeFileSync(join(dir, 'outcomes.csv'), bad.join('\n') + '\n');
    for (const f of ['clinical.csv', 'followup.csv', 'imaging-scores.csv']) writeFileSync(join(dir, f), readFileSync(join(cohortDir, f)));
    writeFileSync(join(dir, 'manifest.json'), readFileSync(manifest));
    const r = await runCli(['validate-manifest', join(dir, 'manifest.json'), '--json']);
    expect(r.code).toBe(2);
    const v = JSON.parse(r.out) as { ok: boolean; issues: { code: string; path: (string | number)[] }[]; summary: { patients: number } };
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.code).sort()).toEqual(['bad_event_code', 'negative_time']);
    expect(v.issues.find((i) => i.code === 'negative_time')!.path).toEqual(['outcomes.csv', 'row', 3, 'os_months']);
    expect(v.summary.patients).toBe(198); // the others are still summarised
    expect(r.err).toMatch(/bad_event_code/);
  });
});

describe('mmf train → evaluate → report → predict', () => {
  let fitted: FittedStudy;
  let preds: Table;

  beforeAll(async () => {
    const t = await runCli(['train', '--manifest', manifest, '--out', out, '--settings', settingsFile, '--json']);
    expect(t.err).toMatch(/study \[#+/);
    expect(t.code).toBe(0);
    fitted = JSON.parse(readFileSync(join(out, 'models', 'fitted-study.json'), 'utf8')) as FittedStudy;
  }, 60_000);

  it('writes a self-contained fitted study and evaluate reuses every fit', async () => {
    expect(fitted.format).toBe('mmf-fitted-study');
    expect(fitted.settingsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(fitted.cohort.inputs)).toContain('clinical.csv');
    const ids = new Set(fitted.models.map((m) => `${m.outcome}/${m.id}`));
    for (const id of ['os/clinical', 'os/mmf-cox', 'os/imaging', 'pfs/mmf-cox', 'os/score-albi']) expect(ids).toContain(id);
    expect(ids).toContain('os/mmf-rsf'); // the MMF forest is exported with its trees
    expect(fitted.notExported.map((n) => n.model)).not.toContain('mmf-rsf');
    const e = await runCli(['evaluate', '--manifest', manifest, '--out', out, '--json', '--no-progress']);
    expect(e.code).toBe(0);
    const res = JSON.parse(e.out) as { stats: { computed: number; reused: number } };
    expect(res.stats.computed).toBe(2); // only the OS and PFS evaluations
    expect(res.stats.reused).toBeGreaterThan(10);
    // the fitted models name the code that fitted them, as the study's provenance does
    expect(fitted.software.build).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(join(out, 'results', 'provenance.json'), 'utf8')).build).toBe(fitted.software.build);
    preds = readCsvFile(join(out, 'results', 'predictions.csv'));
    // the fitted cut-off is the one the evaluation used for its risk groups
    const rg = readCsvFile(join(out, 'results', 'risk_groups.csv'));
    const row = Array.from({ length: rg.nRows }, (_, i) => i).find((i) => rg.cells.get('model')![i] === 'mmf-cox' && rg.cells.get('outcome')![i] === 'os')!;
    const m = fitted.models.find((x) => x.outcome === 'os' && x.id === 'mmf-cox')!;
    expect(Number(rg.cells.get('cutoffs')![row])).toBeCloseTo(m.riskGroups!.cutoffs[0], 12);
  }, 30_000);

  it('report rewrites the HTML/Markdown report from the folder without refitting', async () => {
    const before = readFileSync(join(out, 'state', 'index.jsonl'), 'utf8');
    const r = await runCli(['report', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.out) as { html: string };
    const html = readFileSync(v.html, 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).toContain('synthetic-cmds');
    // the TRIPOD+AI cohort table comes from the facts kept in provenance.json (the report has no cohort table)
    const md = readFileSync(join(out, 'report', 'report.md'), 'utf8');
    expect(md).toMatch(/\| Training \| \d+ \| C1 \| \d+ \/ \d+ \| \d+ \/ \d+ \|/);
    expect(md).toMatch(/\| External test \| \d+ \| C3, C4 \| \d+ \/ \d+ \|/);
    // nothing was computed or stored
    expect(readFileSync(join(out, 'state', 'index.jsonl'), 'utf8')).toBe(before);
  }, 30_000);

  it('predict on the external-test patients reproduces the study linear predictors; CIs bracket, S falls with horizon', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-predict-'));
    const { text, ids } = patientsCsv((c) => EXTERNAL.has(c), followupColumns());
    writeFileSync(join(dir, 'new.csv'), text);
    const r = await runCli(['predict', '--model', join(out, 'models', 'fitted-study.json'), '--patients', join(dir, 'new.csv'), '--out', join(dir, 'preds.csv'), '--json']);
    expect(r.code).toBe(0);
    const p = readCsvFile(join(dir, 'preds.csv'));
    const study = new Map<string, number>();
    for (let i = 0; i < preds.nRows; i++) if (preds.cells.get('split')![i] === 'external_test') study.set(`${preds.cells.get('outcome')![i]}|${preds.cells.get('model')![i]}|${preds.cells.get('patient_id')![i]}`, Number(preds.cells.get('risk')![i]));
    let compared = 0;
    const byKey = new Map<string, { h: number; s: number }[]>();
    for (let i = 0; i < p.nRows; i++) {
      const key = `${p.cells.get('outcome')![i]}|${p.cells.get('model')![i]}|${p.cells.get('patient_id')![i]}`;
      const lp = Number(p.cells.get('linear_predictor')![i]);
      const ref = study.get(key);
      if (ref !== undefined) {
        expect(Math.abs(lp - ref)).toBeLessThan(1e-9);
        compared++;
      }
      const s = Number(p.cells.get('survival')![i]);
      if (p.cells.get('model')![i] === 'mmf-rsf') {
        expect(p.cells.get('lower95')![i]).toBeNull(); // a forest has no CI
      } else {
        const lo = Number(p.cells.get('lower95')![i]);
        const hi = Number(p.cells.get('upper95')![i]);
        expect(lo).toBeLessThanOrEqual(s);
        expect(hi).toBeGreaterThanOrEqual(s);
        expect(hi - lo).toBeGreaterThan(0);
      }
      byKey.set(key, [...(byKey.get(key) ?? []), { h: Number(p.cells.get('horizon_months')![i]), s }]);
    }
    expect(compared).toBeGreaterThan(ids.length * 5); // every horizon row of several models
    // every study prediction for these patients and the exported models was reproduced
    const exported = new Set(fitted.models.map((m) => `${m.outcome}|${m.id}`));
    const expectedKeys = [...study.keys()].filter((k) => exported.has(k.split('|').slice(0, 2).join('|')));
    for (const k of expectedKeys) expect(byKey.has(k)).toBe(true);
    for (const rows of byKey.values()) {
      const sorted = [...rows].sort((a, b) => a.h - b.h);
      for (let k = 1; k < sorted.length; k++) expect(sorted[k].s).toBeLessThanOrEqual(sorted[k - 1].s);
    }
  }, 30_000);

  it('predict says what each risk group means (training cut-off and rule, text and JSON) and has NA Ensemble-DL score columns without images', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-predict-rule-'));
    const { text } = patientsCsv((c) => EXTERNAL.has(c));
    writeFileSync(join(dir, 'new.csv'), text);
    const args = ['predict', '--model', join(out, 'models', 'fitted-study.json'), '--patients', join(dir, 'new.csv'), '--models', 'mmf-cox,mmf-rsf,clinical'];
    const t = await runCli(args);
    expect(t.code, t.err).toBe(0);
    const cox = fitted.models.find((m) => m.outcome === 'os' && m.id === 'mmf-cox')!;
    const rsf = fitted.models.find((m) => m.outcome === 'os' && m.id === 'mmf-rsf')!;
    const f = (v: number) => String(Number(v.toPrecision(3))); // the table's --digits (3)
    // once, under the table
    expect(t.out.split('Risk groups (cut-offs learned on the training patients').length).toBe(2);
    expect(t.out.indexOf('Risk groups (')).toBeGreaterThan(t.out.indexOf('linear_predictor'));
    expect(t.out).toContain(`  os/mmf-cox: high risk when the linear predictor > ${f(cox.riskGroups!.cutoffs[0])} (the training median, ${cox.riskGroups!.nTraining} patients), else low risk`);
    expect(t.out).toContain(`  os/mmf-rsf: high risk when the forest mortality > ${f(rsf.riskGroups!.cutoffs[0])} (the training median of ${rsf.riskGroups!.nTraining} patients' out-of-bag mortalities), else low risk`);
    expect(t.out).not.toMatch(/ensemble_dl_os/); // no scores: the text table leaves the empty columns out
    const j = await runCli([...args, '--json', '--out', join(dir, 'preds.csv')]);
    expect(j.code, j.err).toBe(0);
    const v = JSON.parse(j.out) as { scored: { outcome: string; model: string; riskGroups: { column: string; method: string; cutoffs: number[]; groups: { label: string; above: number | null; atMost: number | null }[]; rule: string } | null }[]; predictions: { patientId: string; model: string; outcome: string; linearPredictor: number; riskGroup: string; ensembleDlOs: number | null; ensembleDlPfs: number | null }[] };
    const rg = v.scored.find((s) => s.outcome === 'os' && s.model === 'mmf-cox')!.riskGroups!;
    expect(rg).toMatchObject({ column: 'linear_predictor', method: 'median', cutoffs: cox.riskGroups!.cutoffs });
    expect(rg.rule).toMatch(/^high risk when the linear predictor > /);
    for (const p of v.predictions.filter((q) => q.outcome === 'os' && q.model === 'mmf-cox')) expect(p.riskGroup).toBe(p.linearPredictor > rg.cutoffs[0] ? 'high' : 'low');
    expect(v.predictions.every((p) => p.ensembleDlOs === null && p.ensembleDlPfs === null)).toBe(true);
    const p = readCsvFile(join(dir, 'preds.csv'));
    expect(p.columns.slice(-2)).toEqual(['ensemble_dl_os', 'ensemble_dl_pfs']);
    expect(readFileSync(join(dir, 'preds.csv'), 'utf8').split('\n')[1].endsWith(',NA,NA')).toBe(true);
  }, 30_000);

  it("predicted S(h) and its CI match `mmf cox --predict` refitted on the training rows (MMF Cox, OS)", async () => {
    const m = fitted.models.find((x) => x.outcome === 'os' && x.id === 'mmf-cox')!;
    const dir = mkdtempSync(join(tmpdir(), 'mmf-predict-cox-'));
    // Training table built independently from the raw synth files: C1 patients, model columns.
    const ids = clinical.cells.get('patient_id')!;
    const centre = clinical.cells.get('centre')!;
    const oid = outcomes.cells.get('patient_id')!;
    const orow = new Map(oid.map((id, i) => [id!, i]));
    const value = (inp: FittedStudy['models'][number]['inputs'][number], i: number): string | null => {
      const raw = inp.column === 'imaging_score' ? scores.get(ids[i]!)! : clinical.cells.get(inp.column)![i];
      if (raw === null) return null;
      return inp.transform === 'log10p1' ? String(Math.log10(1 + Number(raw))) : raw;
    };
    const cols = m.inputs.map((inp) => inp.modelColumn);
    const train: (string | null)[][] = [];
    for (let i = 0; i < clinical.nRows; i++) {
      if (centre[i] !== 'C1') continue;
      const vals = m.inputs.map((inp) => value(inp, i));
      if (vals.some((v) => v === null)) continue;
      const o = orow.get(ids[i]!)!;
      train.push([outcomes.cells.get('os_months')![o], outcomes.cells.get('os_event')![o], ...vals]);
    }
    expect(train.length).toBe(m.n);
    writeFileSync(join(dir, 'train.csv'), csv(['time', 'event', ...cols], train));
    const pick = [0, 1, 2].map((k) => [...Array(clinical.nRows).keys()].filter((i) => EXTERNAL.has(centre[i]!) && m.inputs.every((inp) => value(inp, i) !== null))[k]);
    writeFileSync(join(dir, 'new-model-cols.csv'), csv(cols, pick.map((i) => m.inputs.map((inp) => value(inp, i)))));
    const factors = m.design.factors.flatMap((f) => ['--factor', `${f.column}:${f.reference}`]);
    const cox = await runCli(['cox', join(dir, 'train.csv'), '--time', 'time', '--event', 'event', '--covariates', cols.join(','), ...factors, '--predict', join(dir, 'new-model-cols.csv'), '--times', m.horizonsMonths.join(','), '--json']);
    expect(cox.code).toBe(0);
    const ref = JSON.parse(cox.out) as { prediction: { curves: { row: number; surv: number[]; lower: number[]; upper: number[] }[] } };
    // mmf predict on the same three patients, from raw columns
    const raw = patientsCsv((c) => EXTERNAL.has(c));
    writeFileSync(join(dir, 'new.csv'), raw.text);
    const pr = await runCli(['predict', '--model', join(out, 'models', 'fitted-study.json'), '--patients', join(dir, 'new.csv'), '--models', 'mmf-cox', '--outcomes', 'os', '--json']);
    expect(pr.code).toBe(0);
    const got = (JSON.parse(pr.out) as { predictions: { patientId: string; horizonMonths: number; survival: number; lower95: number; upper95: number }[] }).predictions;
    pick.forEach((i, k) => {
      m.horizonsMonths.forEach((h, q) => {
        const g = got.find((x) => x.patientId === ids[i] && x.horizonMonths === h)!;
        const c = ref.prediction.curves[k];
        expect(g.survival).toBeCloseTo(c.surv[q], 9);
        expect(g.lower95).toBeCloseTo(c.lower[q], 9);
        expect(g.upper95).toBeCloseTo(c.upper[q], 9);
      });
    });
  }, 30_000);

  it('the mRECIST landmark model: S(h) from the landmark matches `mmf cox --predict` refitted on the landmark population', async () => {
    const m = fitted.models.find((x) => x.outcome === 'os' && x.id === 'mrecist')!;
    expect(m).toBeDefined();
    expect(fitted.notExported.map((n) => n.model)).not.toContain('mrecist');
    const lm = (m as { landmark?: { months: number; weeks: number } }).landmark!;
    expect(lm.weeks).toBe(12); // the default landmarkWeeks
    expect(lm.months).toBeCloseTo((12 * 7) / 30.4375, 12);
    // the landmark population of the training centre, built here from the raw files
    const dir = mkdtempSync(join(tmpdir(), 'mmf-predict-landmark-'));
    const ids = clinical.cells.get('patient_id')!;
    const centre = clinical.cells.get('centre')!;
    const fu = followupColumns();
    const oid = outcomes.cells.get('patient_id')!;
    const orow = new Map(oid.map((id, i) => [id!, i]));
    const group = (c: string | null): string | null => (c === 'CR' || c === 'PR' ? 'CR/PR' : c === 'SD' || c === 'PD' ? c : null);
    const inPopulation = (i: number): boolean => {
      const o = orow.get(ids[i]!)!;
      const t = Number(outcomes.cells.get('os_months')![o]);
      const w = fu.followup_weeks[i];
      return t > lm.months && w !== null && Number(w) * (7 / 30.4375) <= lm.months && group(fu.mrecist[i]) !== null;
    };
    const train: (string | number)[][] = [];
    for (let i = 0; i < clinical.nRows; i++) {
      if (centre[i] !== 'C1' || !inPopulation(i)) continue;
      const o = orow.get(ids[i]!)!;
      train.push([Number(outcomes.cells.get('os_months')![o]) - lm.months, outcomes.cells.get('os_event')![o]!, group(fu.mrecist[i])!]);
    }
    expect(train.length).toBe(m.n);
    writeFileSync(join(dir, 'train.csv'), ['time,event,response', ...train.map((r) => r.join(','))].join('\n') + '\n');
    const levels = ['CR/PR', 'SD', 'PD'];
    writeFileSync(join(dir, 'groups.csv'), ['response', ...levels].join('\n') + '\n');
    const cox = await runCli(['cox', join(dir, 'train.csv'), '--time', 'time', '--event', 'event', '--covariates', 'response', '--factor', 'response:CR/PR', '--predict', join(dir, 'groups.csv'), '--times', m.horizonsMonths.join(','), '--json']);
    expect(cox.code).toBe(0);
    const ref = JSON.parse(cox.out) as { prediction: { curves: { surv: number[]; lower: number[]; upper: number[] }[] } };
    // three new patients, one per group, given by raw category (PR and CR pool) and a scan before the landmark
    const rows = [['n1', 'PR', '8'], ['n2', 'SD', '12'], ['n3', 'PD', '6.5']];
    writeFileSync(join(dir, 'new.csv'), ['patient_id,mrecist,followup_weeks', ...rows.map((r) => r.join(','))].join('\n') + '\n');
    const pr = await runCli(['predict', '--model', join(out, 'models', 'fitted-study.json'), '--patients', join(dir, 'new.csv'), '--models', 'mrecist', '--outcomes', 'os', '--out', join(dir, 'preds.csv'), '--json']);
    expect(pr.code).toBe(0);
    const got = (JSON.parse(pr.out) as { predictions: { patientId: string; horizonMonths: number; landmarkMonths: number; survival: number; lower95: number; upper95: number }[] }).predictions;
    expect(got).toHaveLength(3 * m.horizonsMonths.length);
    rows.forEach(([id], k) => {
      m.horizonsMonths.forEach((h, q) => {
        const g = got.find((x) => x.patientId === id && x.horizonMonths === h)!;
        expect(g.landmarkMonths).toBeCloseTo(lm.months, 12);
        expect(g.survival).toBeCloseTo(ref.prediction.curves[k].surv[q], 9);
        expect(g.lower95).toBeCloseTo(ref.prediction.curves[k].lower[q], 9);
        expect(g.upper95).toBeCloseTo(ref.prediction.curves[k].upper[q], 9);
      });
    });
    expect(readCsvFile(join(dir, 'preds.csv')).columns).toContain('landmark_months');
    // a not-evaluable response and a scan after the landmark: coded errors when the model is asked for by name…
    writeFileSync(join(dir, 'late.csv'), 'patient_id,mrecist,followup_weeks\nn1,NE,8\nn2,SD,13\nn3,PD,6\n');
    const bad = await runCli(['predict', '--model', join(out, 'models', 'fitted-study.json'), '--patients', join(dir, 'late.csv'), '--models', 'mrecist']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/\[unknown_level\].*patient n1 \(row 1\): "mrecist" is "NE"/);
    expect(bad.err).toMatch(/\[out_of_range\].*patient n2 \(row 2\): the response was assessed at week 13, after the landmark \(week 12\)/);
    // …and, by default, patients at baseline (no response columns) are scored by every other model, with a warning
    const base = patientsCsv((c) => EXTERNAL.has(c));
    writeFileSync(join(dir, 'baseline.csv'), base.text);
    const b = await runCli(['predict', '--model', join(out, 'models', 'fitted-study.json'), '--patients', join(dir, 'baseline.csv'), '--json']);
    expect(b.code).toBe(0);
    const v = JSON.parse(b.out) as { scored: { model: string; scored: number }[]; warnings: { code: string; message: string }[] };
    expect(v.scored.filter((x) => x.model === 'mrecist').every((x) => x.scored === 0)).toBe(true);
    expect(v.scored.filter((x) => x.model === 'mmf-cox').every((x) => x.scored === base.ids.length)).toBe(true);
    expect(v.warnings.some((w) => w.code === 'missing_column' && /mrecist/.test(w.message))).toBe(true);
  }, 30_000);

  it('bad patients files give coded errors naming patient and column; exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-predict-bad-'));
    const model = join(out, 'models', 'fitted-study.json');
    const m = fitted.models.find((x) => x.outcome === 'os' && x.id === 'mmf-cox')!;
    // a missing column
    const full = patientsCsv((c) => EXTERNAL.has(c)).text.trim().split('\n').map((l) => l.split(','));
    const drop = full[0].indexOf('imaging_score');
    writeFileSync(join(dir, 'no-score.csv'), full.map((r) => r.filter((_, j) => j !== drop).join(',')).join('\n') + '\n');
    const a = await runCli(['predict', '--model', model, '--patients', join(dir, 'no-score.csv')]);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/\[missing_column\].*imaging_score/);
    // an invalid value and an unseen factor level, both reported with the patient id
    const factor = m.design.factors[0];
    const bad = full.map((r) => [...r]);
    bad[1][full[0].indexOf('imaging_score')] = 'high';
    if (factor) bad[2][full[0].indexOf(factor.column)] = 'ZZZ';
    writeFileSync(join(dir, 'bad.csv'), bad.map((r) => r.join(',')).join('\n') + '\n');
    const b = await runCli(['predict', '--model', model, '--patients', join(dir, 'bad.csv'), '--models', 'mmf-cox']);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(new RegExp(`\\[not_a_number\\].*patient ${bad[1][0]} \\(row 1\\): "imaging_score"`));
    if (factor) expect(b.err).toMatch(new RegExp(`\\[unknown_level\\].*patient ${bad[2][0]} \\(row 2\\): "${factor.column}"`));
    // --skip-invalid scores the rest
    const c = await runCli(['predict', '--model', model, '--patients', join(dir, 'bad.csv'), '--models', 'mmf-cox', '--skip-invalid', '--json']);
    expect(c.code).toBe(0);
    const v = JSON.parse(c.out) as { scored: { scored: number }[] };
    expect(v.scored[0].scored).toBe(full.length - 1 - (factor ? 2 : 1));
    // not a fitted study
    writeFileSync(join(dir, 'x.json'), '{"format":"other"}');
    expect((await runCli(['predict', '--model', join(dir, 'x.json'), '--patients', join(dir, 'bad.csv')])).code).toBe(2);
    expect((await runCli(['predict', '--model', join(dir, 'missing.json'), '--patients', join(dir, 'bad.csv')])).code).toBe(3);
  }, 30_000);

  it('extract without image columns is a coded input error', async () => {
    const r = await runCli(['extract', '--manifest', manifest, '--out', out, '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing_column.*image_portal_venous/);
  });

  it('every command has --help with an example', async () => {
    for (const cmd of ['validate-manifest', 'extract', 'train', 'evaluate', 'predict', 'report']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Examples?:\n\s+mmf /);
      expect(r.out).toMatch(/--json/);
    }
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/Examples:\n\s+mmf demo/);
  });
});
