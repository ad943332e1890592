import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { readCsvFile, tableFromColumns } from '../../core/table.js';
import { applyDesign, buildDesign, fitCox, predictSurvival } from '../../survival/index.js';
import { completeRows, survivalOf } from '../cohort-data.js';
import { fitCoxRecord, predictCoxRecord } from '../cox-model.js';
import type { ModelPredictions } from '../fit-models.js';
import { exportCoxModel, trainingRiskGroups } from './export-cox.js';
import { readFittedStudy } from './load.js';
import { predictFittedStudy } from './predict.js';
import type { FittedStudy } from './types.js';

const lung = readCsvFile(new URL('../../../data/lung.csv', import.meta.url).pathname);
const oc = { time: Float64Array.from(lung.cells.get('time')!, Number), event: Uint8Array.from(lung.cells.get('event')!, Number) };
const terms = [{ column: 'age' }, { column: 'ph.ecog', kind: 'factor' as const }, { column: 'sex' }];
const all = Array.from({ length: lung.nRows }, (_, i) => i);
const rows = completeRows(lung, all, terms.map((t) => t.column));
const horizons = [3, 100, 365, 1100]; // before the first time, inside follow-up, after the last time (1022)
const rec = fitCoxRecord(lung, rows, oc, terms);
const pred = predictCoxRecord(rec, lung, rows, horizons);
const risk: (number | null)[] = new Array(lung.nRows).fill(null);
rows.forEach((r, k) => (risk[r] = pred.risk[k]));
const model: ModelPredictions = { id: 'lung-cox', label: 'lung', family: 'clinical', outcome: 'os', landmarkMonths: null, horizonsMonths: horizons, risk, survival: {}, fit: { cox: rec, extra: null }, warnings: [] };
const exported = exportCoxModel(model, rec, lung, rows, oc, [], 'median');
const fitted = { format: 'mmf-fitted-study', version: 1, patientIdColumn: 'patient_id', models: [exported], notExported: [] } as unknown as FittedStudy;

describe('fitted study: scoring new patients from the exported model alone', () => {
  const fresh = tableFromColumns({ patient_id: ['a', 'b', 'c'], age: [50, 71, 64], sex: [1, 2, 2], 'ph.ecog': ['0', '2', '1'] });

  it('matches predictSurvival (R survfit.coxph) on the full training fit: S(t), CI, and S = 1 with [1, 1] before the first time', () => {
    const r = predictFittedStudy(fitted, fresh);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = buildDesign(lung, rows, terms);
    if (!d.ok) throw new Error('design');
    const fit = fitCox(survivalOf(oc, rows), d.value.x, d.value.names, { terms: d.value.terms });
    const x = applyDesign(fresh, [0, 1, 2], rec.design);
    if (!x.ok) throw new Error('x');
    const ref = predictSurvival(fit.model, x.value, { times: horizons });
    ref.curves.forEach((c, k) => {
      horizons.forEach((h, q) => {
        const g = r.value.rows.find((p) => p.patientId === ['a', 'b', 'c'][k] && p.horizonMonths === h)!;
        expect(g.survival).toBeCloseTo(c.surv[q], 12);
        expect(g.lower95).toBeCloseTo(c.lower[q], 12);
        expect(g.upper95).toBeCloseTo(c.upper[q], 12);
        expect(g.stdErrCumhaz).toBeCloseTo(c.stdErrCumhaz[q], 12);
      });
    });
    const first = r.value.rows.filter((p) => p.horizonMonths === 3);
    for (const p of first) expect([p.survival, p.lower95, p.upper95]).toEqual([1, 1, 1]);
    expect(r.warnings.map((w) => w.code)).toContain('time_beyond_followup');
  });

  it('reproduces the study linear predictor and splits training at the median cut-off', () => {
    const ids = all.map((i) => `p${i}`);
    const t = tableFromColumns({ patient_id: rows.map((i) => ids[i]), age: rows.map((i) => lung.cells.get('age')![i]), sex: rows.map((i) => lung.cells.get('sex')![i]), 'ph.ecog': rows.map((i) => lung.cells.get('ph.ecog')![i]) });
    const r = predictFittedStudy(fitted, t);
    if (!r.ok) throw new Error('predict');
    const lp = new Map(r.value.rows.map((p) => [p.patientId, p]));
    rows.forEach((i, k) => expect(Math.abs(lp.get(ids[i])!.linearPredictor - pred.risk[k]!)).toBeLessThan(1e-12));
    const high = rows.filter((i) => lp.get(ids[i])!.riskGroup === 'high').length;
    expect(Math.abs(high - rows.length / 2)).toBeLessThanOrEqual(2); // ties at the median aside
  });

  it('collects every problem with patient id, row and column', () => {
    const bad = tableFromColumns({ patient_id: ['a', 'a', 'c'], age: ['x', 71, null], sex: [1, 2, 2], 'ph.ecog': ['0', '7', '1'] });
    const r = predictFittedStudy(fitted, bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.code).sort()).toEqual(['duplicate_id']);
    const r2 = predictFittedStudy(fitted, tableFromColumns({ patient_id: ['a', 'b', 'c'], age: ['x', 71, null], sex: [1, 2, 2], 'ph.ecog': ['0', '7', '1'] }));
    if (r2.ok) throw new Error('should fail');
    expect(r2.issues.map((i) => `${i.code}@${i.path.join('.')}`).sort()).toEqual(['missing_value@<memory>.row.3.age', 'not_a_number@<memory>.row.1.age', 'unknown_level@<memory>.row.2.ph.ecog']);
    expect(r2.issues.find((i) => i.code === 'unknown_level')!.message).toMatch(/patient b/);
    const r3 = predictFittedStudy(fitted, tableFromColumns({ patient_id: ['a'], age: [60] }));
    if (r3.ok) throw new Error('should fail');
    expect(r3.issues.map((i) => i.path[1]).sort()).toEqual(['ph.ecog', 'sex']);
  });
});

describe('fitted study file checks: the landmark block', () => {
  const write = (models: unknown[]): string => {
    const dir = mkdtempSync(join(tmpdir(), 'fitted-landmark-'));
    const p = join(dir, 'fitted-study.json');
    writeFileSync(p, JSON.stringify({ ...fitted, models }));
    return p;
  };
  const scan = { column: 'followup_weeks', modelColumn: 'followup_weeks', kind: 'numeric', transform: 'landmark_scan' };

  it('accepts a consistent landmark and rejects a missing, non-positive or inconsistent one, naming the model', () => {
    const months = (12 * 7) / 30.4375;
    expect(() => readFittedStudy(write([{ ...exported, inputs: [...exported.inputs, scan], landmark: { months, weeks: 12, responseColumn: 'mrecist', scanWeeksColumn: 'followup_weeks' } }]))).not.toThrow();
    for (const landmark of [null, { months: -1, weeks: -1 }, { months, weeks: 13 }]) {
      try {
        readFittedStudy(write([{ ...exported, inputs: [...exported.inputs, scan], landmark }]));
        throw new Error('expected an error');
      } catch (e) {
        expect(e).toBeInstanceOf(HccError);
        expect((e as HccError).issues.some((i) => i.path.includes('landmark') && /os\/lung-cox/.test(i.message))).toBe(true);
      }
    }
  });

  it('scores a landmark model only for responses known by the landmark, and says the horizons count from it', () => {
    const months = (12 * 7) / 30.4375;
    const lm = { ...exported, inputs: [...exported.inputs, scan], landmark: { months, weeks: 12, responseColumn: 'mrecist', scanWeeksColumn: 'followup_weeks' } } as typeof exported;
    const f = { ...fitted, models: [lm] } as FittedStudy;
    const t = tableFromColumns({ patient_id: ['a', 'b'], age: [50, 60], sex: [1, 2], 'ph.ecog': ['0', '1'], followup_weeks: [12, 12.01] });
    const byName = predictFittedStudy(f, t, { models: ['lung-cox'] });
    if (byName.ok) throw new Error('a scan after the landmark must be refused when the model is asked for');
    expect(byName.issues.map((i) => `${i.code}@${i.path.join('.')}`)).toEqual(['out_of_range@<memory>.row.2.followup_weeks']);
    const lenient = predictFittedStudy(f, t);
    if (!lenient.ok) throw new Error('by default the landmark model leaves the patient out with a warning');
    expect(new Set(lenient.value.rows.map((r) => r.patientId))).toEqual(new Set(['a']));
    expect(lenient.value.rows.every((r) => r.landmarkMonths === months)).toBe(true);
    expect(lenient.warnings.some((w) => w.code === 'out_of_range' && /week 12.01, after the landmark \(week 12\)/.test(w.message))).toBe(true);
  });
});

describe('fitted study: image-derived inputs (Ensemble-DL scores) and one-pass problems', () => {
  // an MMF-like model: the lung model with its `age` input read from the Ensemble-DL column
  const dl = { ...exported, id: 'mmf-cox', inputs: exported.inputs.map((i) => (i.column === 'age' ? { ...i, column: 'ensemble_dl_os' } : i)) } as typeof exported;
  const both = { ...fitted, models: [exported, dl] } as FittedStudy;
  const clinical = tableFromColumns({ patient_id: ['a', 'b', 'c'], age: [50, 71, 64], sex: [1, 2, 2], 'ph.ecog': ['0', '2', '1'] });

  it('clinical columns only: the clinical model is scored, the model needing the Ensemble-DL score is left out with a warning saying what it needs', () => {
    const r = predictFittedStudy(both, clinical);
    if (!r.ok) throw new Error(`expected ok: ${r.issues.map((i) => i.message).join('; ')}`);
    expect(r.value.models).toEqual([{ outcome: 'os', model: 'lung-cox', scored: 3 }, { outcome: 'os', model: 'mmf-cox', scored: 0 }]);
    const w = r.warnings.find((x) => x.code === 'missing_column')!;
    expect(w.path).toEqual(['<memory>', 'ensemble_dl_os']);
    expect(w.message).toMatch(/needed by os\/mmf-cox/);
    expect(w.message).toMatch(/--dl-model/);
    expect(w.message).toMatch(/--models lung-cox/);
  });

  it('named in models, or the only model, it is an error with the same hint', () => {
    const named = predictFittedStudy(both, clinical, { models: ['lung-cox', 'mmf-cox'] });
    if (named.ok) throw new Error('a model asked for by name must not be left out silently');
    expect(named.issues.map((i) => `${i.code}@${i.path.join('.')}`)).toEqual(['missing_column@<memory>.ensemble_dl_os']);
    expect(named.issues[0].message).toMatch(/--dl-model .*or a "ensemble_dl_os" column/);
    const only = predictFittedStudy({ ...fitted, models: [dl] } as FittedStudy, clinical);
    expect(only.ok).toBe(false);
  });

  it('an image problem and the table\'s own problems are reported together, the image problem once in place of the empty score', () => {
    const t = tableFromColumns({ patient_id: ['a', 'b', 'c'], age: [50, 71, 64], sex: [1, 2, 2], 'ph.ecog': ['0', '7', '1'], ensemble_dl_os: [null, 60, 55] });
    const maskIssue = issueError('missing_file', ['new.csv', 'row', 1, 'mask_portal_venous'], 'patient a (row 1): "mask_portal_venous": no file at /x/m.nii.gz');
    const derived = [{ step: 'Ensemble-DL', columns: ['ensemble_dl_os', 'ensemble_dl_pfs'], tableIssues: [], rowIssues: [[maskIssue], [], []] }];
    const r = predictFittedStudy(both, t, { derived });
    if (r.ok) throw new Error('expected errors');
    expect(r.issues.map((i) => `${i.code}@${i.path.join('.')}`).sort()).toEqual(['missing_file@new.csv.row.1.mask_portal_venous', 'unknown_level@<memory>.row.2.ph.ecog']);
    expect(r.issues.find((i) => i.code === 'missing_file')!.message).toMatch(/\(needed by os\/mmf-cox\)$/);
    // --skip-invalid: the same, as warnings; the patient is scored by the models that do not need the image
    const s = predictFittedStudy(both, t, { derived, skipInvalid: true });
    if (!s.ok) throw new Error('expected ok');
    expect(s.value.models).toEqual([{ outcome: 'os', model: 'lung-cox', scored: 2 }, { outcome: 'os', model: 'mmf-cox', scored: 1 }]);
    expect(s.warnings.some((w) => w.code === 'missing_file' && w.path.join('.') === 'new.csv.row.1.mask_portal_venous')).toBe(true);
    // no chosen model needs the score: the image problem is a warning, not an error
    const c = predictFittedStudy(both, tableFromColumns({ patient_id: ['a'], age: [50], sex: [1], 'ph.ecog': ['0'], ensemble_dl_os: [null] }), { derived: [{ ...derived[0], rowIssues: [[maskIssue]] }], models: ['lung-cox'] });
    if (!c.ok) throw new Error('expected ok');
    expect(c.warnings.some((w) => w.code === 'missing_file' && /no chosen model needed it/.test(w.message))).toBe(true);
  });

  it('a bad cell names every model it stops, once each; an image column two feature inputs read names its model once', () => {
    // sex feeds both models: the missing cell and the unknown level stop lung-cox and mmf-cox alike
    const t = tableFromColumns({ patient_id: ['a', 'b', 'c'], age: [50, 71, 64], sex: [1, null, 2], 'ph.ecog': ['0', '1', '7'], ensemble_dl_os: [60, 60, 55] });
    const r = predictFittedStudy(both, t);
    if (r.ok) throw new Error('expected errors');
    expect(r.issues.map((i) => `${i.code}@${i.path.join('.')}`).sort()).toEqual(['missing_value@<memory>.row.2.sex', 'unknown_level@<memory>.row.3.ph.ecog']);
    for (const i of r.issues) expect(i.message).toMatch(/\(needed by os\/lung-cox, os\/mmf-cox\)$/);
    // an absent image column met by several inputs of one model (here: both columns of an image step)
    const absent = issueError('missing_column', ['new.csv', 'image_portal_venous'], 'column "image_portal_venous" is absent');
    const two = { ...dl, inputs: [...dl.inputs, { ...dl.inputs.find((i) => i.column === 'ensemble_dl_os')!, column: 'ensemble_dl_pfs' }] } as typeof dl;
    const img = predictFittedStudy({ ...fitted, models: [exported, two] } as FittedStudy, clinical, { derived: [{ step: 'Ensemble-DL', columns: ['ensemble_dl_os', 'ensemble_dl_pfs'], tableIssues: [absent], rowIssues: [[], [], []] }], models: ['mmf-cox'] });
    if (img.ok) throw new Error('expected errors');
    expect(img.issues.map((i) => i.message)).toEqual(['column "image_portal_venous" is absent (needed by os/mmf-cox)']);
  });
});

describe('fitted study: a mask read by both image steps', () => {
  it('an empty tumour mask that empties a radiomic feature and the Ensemble-DL score is one issue naming every model it stops', () => {
    // a radiomics-like model (age read from a feature column) and an MMF-like one (age from the Ensemble-DL score)
    const rad = { ...exported, id: 'radiomics', inputs: exported.inputs.map((i) => (i.column === 'age' ? { ...i, column: 'tumour.volume' } : i)) } as typeof exported;
    const dl = { ...exported, id: 'mmf-cox', inputs: exported.inputs.map((i) => (i.column === 'age' ? { ...i, column: 'ensemble_dl_os' } : i)) } as typeof exported;
    const study = { ...fitted, models: [rad, exported, dl] } as FittedStudy;
    const t = tableFromColumns({ patient_id: ['a', 'b', 'c'], age: [50, 71, 64], sex: [1, 2, 2], 'ph.ecog': ['0', '1', '1'], 'tumour.volume': [null, 60, 55], ensemble_dl_os: [null, 60, 55] });
    // the same problem at the same place from each step (their messages may differ)
    const at = ['new.csv', 'row', 1, 'mask_pv'];
    const derived = [
      { step: 'radiomics', columns: ['tumour.volume'], tableIssues: [], rowIssues: [[issueError('empty_mask', at, 'patient a (row 1), "mask_pv": the tumour mask is empty: every voxel is 0')], [], []] },
      { step: 'Ensemble-DL', columns: ['ensemble_dl_os', 'ensemble_dl_pfs'], tableIssues: [], rowIssues: [[issueError('empty_mask', at, 'patient a (row 1), "mask_pv": the tumour mask has no voxel labelled 1')], [], []] },
    ];
    const r = predictFittedStudy(study, t, { derived });
    if (r.ok) throw new Error('expected errors');
    expect(r.issues.map((i) => i.message)).toEqual(['patient a (row 1), "mask_pv": the tumour mask is empty: every voxel is 0 (needed by os/radiomics, os/mmf-cox)']);
    const s = predictFittedStudy(study, t, { derived, skipInvalid: true });
    if (!s.ok) throw new Error('expected ok');
    expect(s.warnings.filter((w) => w.code === 'empty_mask').map((w) => w.path.join('.'))).toEqual(['new.csv.row.1.mask_pv']);
    expect(s.value.models.map((m) => m.scored)).toEqual([2, 3, 2]);
  });
});

describe('risk groups of an exported model', () => {
  it('a cut-off that leaves every training patient in one group gives no groups: a new patient gets NA with a warning, not "low"', () => {
    // a stage score with two values, most patients at the higher one (the demo's BCLC: median = max)
    const stage = [0, 0, 0.81, 0.81, 0.81, 0.81, 0.81];
    expect(trainingRiskGroups(stage, 'median')).toBeNull();
    expect(trainingRiskGroups([0, 0, 0, 0.81, 0.81, 0.81], 'median')!.cutoffs).toEqual([0.405]);
    expect(trainingRiskGroups([1, 2, 3, 4, 5, 6], 'tertiles')!.labels).toEqual(['low', 'intermediate', 'high']);
    const none = { ...fitted, models: [{ ...exported, riskGroups: null }] } as FittedStudy;
    const r = predictFittedStudy(none, tableFromColumns({ patient_id: ['a'], age: [50], sex: [1], 'ph.ecog': ['0'] }));
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.rows.every((p) => p.riskGroup === null && p.survival !== null)).toBe(true);
    const w = r.warnings.find((x) => x.code === 'single_group')!;
    expect(w.path).toEqual(['model', 'os', 'lung-cox']);
    expect(w.message).toMatch(/^os\/lung-cox: risk_group is NA: the training risks gave no risk groups/);
    // with groups: no such warning
    const ok = predictFittedStudy(fitted, tableFromColumns({ patient_id: ['a'], age: [50], sex: [1], 'ph.ecog': ['0'] }));
    expect(ok.ok && ok.warnings.some((x) => x.code === 'single_group')).toBe(false);
  });
});
