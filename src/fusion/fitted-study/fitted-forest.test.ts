import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { readCsvFile, tableFromColumns } from '../../core/table.js';
import { completeRows } from '../cohort-data.js';
import type { ModelPredictions } from '../fit-models.js';
import { fitForestPredictions } from '../forest-model.js';
import { exportForestModel } from './export-forest.js';
import { readFittedStudy } from './load.js';
import { predictFittedStudy } from './predict.js';
import type { FittedForestModel, FittedStudy } from './types.js';

// The study's MMF forest on lung: fitted on two thirds of the complete rows, the other third scored
// by the study (`fitForestPredictions`); the exported forest must score those patients identically.
const lung = readCsvFile(new URL('../../../data/lung.csv', import.meta.url).pathname);
const oc = { time: Float64Array.from(lung.cells.get('time')!, Number), event: Uint8Array.from(lung.cells.get('event')!, Number) };
const terms = [{ column: 'age' }, { column: 'ph.ecog', kind: 'factor' as const }, { column: 'sex' }];
const all = Array.from({ length: lung.nRows }, (_, i) => i);
const complete = completeRows(lung, all, terms.map((t) => t.column));
const trainRows = complete.filter((_, k) => k % 3 !== 0);
const newRows = complete.filter((_, k) => k % 3 === 0);
const horizons = [3, 100, 365, 1100]; // before the first death, inside follow-up, after the last death
const opts = { nTree: 60, minNodeSize: 10, maxDepth: 0, seed: 3 };
const { predictions, summary } = fitForestPredictions(lung, trainRows, all, oc, terms, horizons, opts);
const risk: (number | null)[] = new Array(lung.nRows).fill(null);
const survival: Record<string, (number | null)[]> = Object.fromEntries(horizons.map((h) => [String(h), new Array(lung.nRows).fill(null)]));
all.forEach((r, k) => {
  risk[r] = predictions.risk[k];
  for (const h of horizons) survival[String(h)][r] = predictions.survival[String(h)][k];
});
const model: ModelPredictions = { id: 'mmf-rsf', label: 'MMF (random survival forest)', family: 'mmf', outcome: 'os', landmarkMonths: null, horizonsMonths: horizons, risk, survival, fit: { forest: summary }, warnings: [] };
const exported = exportForestModel(model, terms, lung, trainRows, oc, [], 'median');
// as read back from the file
const fitted = JSON.parse(JSON.stringify({ format: 'mmf-fitted-study', version: 1, patientIdColumn: 'patient_id', models: [exported], notExported: [] })) as FittedStudy;
const dir = mkdtempSync(join(tmpdir(), 'fitted-forest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tableOf = (rows: readonly number[]) =>
  tableFromColumns({ patient_id: rows.map((i) => `p${i}`), age: rows.map((i) => lung.cells.get('age')![i]), sex: rows.map((i) => lung.cells.get('sex')![i]), 'ph.ecog': rows.map((i) => lung.cells.get('ph.ecog')![i]) });

describe('fitted study: the exported MMF random survival forest', () => {
  it('predicts exactly the study risk and S(h) of the patients it was not trained on; no CI', () => {
    expect(exported.kind).toBe('forest');
    expect(exported.n).toBe(trainRows.length);
    expect(exported.forest.trees).toHaveLength(60);
    const r = predictFittedStudy(fitted, tableOf(newRows));
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
    expect(r.value.rows).toHaveLength(newRows.length * horizons.length);
    const by = new Map(r.value.rows.map((p) => [`${p.patientId}|${p.horizonMonths}`, p]));
    for (const i of newRows) {
      for (const h of horizons) {
        const p = by.get(`p${i}|${h}`)!;
        expect(p.linearPredictor).toBe(risk[i]);
        expect(p.survival).toBe(survival[String(h)][i]);
        expect([p.lower95, p.upper95, p.stdErrCumhaz]).toEqual([null, null, null]);
      }
      expect(by.get(`p${i}|3`)!.survival).toBe(1);
    }
    // the scores vary (the check is not vacuous)
    expect(new Set(newRows.map((i) => risk[i])).size).toBeGreaterThan(20);
    expect(r.warnings.map((w) => w.code)).toContain('time_beyond_followup');
  });

  it('time_beyond_followup: the last training time rounded to 0.1, and only for a model that scored someone', () => {
    const f = JSON.parse(JSON.stringify(fitted)) as FittedStudy;
    const times = (f.models[0] as FittedForestModel).forest.deathTimes as number[];
    times[times.length - 1] += 0.123456789;
    const last = times[times.length - 1];
    const r = predictFittedStudy(f, tableOf(newRows));
    if (!r.ok) throw new Error('predict');
    const w = r.warnings.filter((i) => i.code === 'time_beyond_followup');
    expect(w).toHaveLength(1);
    expect(w[0].message).toContain(`after the last training time ${Math.floor(last * 10) / 10};`);
    expect(w[0].message).not.toContain(String(last));
    // "age" absent: the forest is left out (0 scored), so nothing was carried forward
    const noAge = tableFromColumns({ patient_id: newRows.map((i) => `p${i}`), sex: newRows.map((i) => lung.cells.get('sex')![i]), 'ph.ecog': newRows.map((i) => lung.cells.get('ph.ecog')![i]) });
    const left = predictFittedStudy(fitted, noAge, { skipInvalid: true });
    if (!left.ok) throw new Error(left.issues.map((i) => i.message).join('; '));
    expect(left.value.models).toEqual([{ outcome: 'os', model: 'mmf-rsf', scored: 0 }]);
    expect(left.warnings.map((i) => i.code)).not.toContain('time_beyond_followup');
  });

  it('splits the training patients at the median of their out-of-bag risks', () => {
    const oob = trainRows.map((i) => risk[i]!).sort((a, b) => a - b);
    const m = oob.length;
    const median = m % 2 ? oob[(m - 1) / 2] : (oob[m / 2 - 1] + oob[m / 2]) / 2;
    expect(exported.riskGroups!.cutoffs[0]).toBeCloseTo(median, 12);
    const r = predictFittedStudy(fitted, tableOf(newRows));
    if (!r.ok) throw new Error('predict');
    for (const p of r.value.rows) expect(p.riskGroup).toBe(p.linearPredictor > exported.riskGroups!.cutoffs[0] ? 'high' : 'low');
  });

  it('refuses a stale study store: the refit must reproduce every stored out-of-bag risk', () => {
    const tampered = { ...model, risk: risk.map((v, i) => (i === trainRows[5] ? v! + 1e-9 : v)) };
    expect(() => exportForestModel(tampered, terms, lung, trainRows, oc, [], 'median')).toThrow(/stale/);
  });

  it('readFittedStudy checks the forest and names the bad field', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(fitted));
    expect((readFittedStudy(good).models[0] as FittedForestModel).forest.trees).toHaveLength(60);
    const bad = JSON.parse(JSON.stringify(fitted));
    bad.models[0].forest.trees[4].splitVariable[0] = 7;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    let err: unknown;
    try {
      readFittedStudy(join(dir, 'bad.json'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HccError);
    expect((err as HccError).issues[0].path).toEqual([join(dir, 'bad.json'), 'models', 0, 'forest', 'trees', 4, 'splitVariable', 0]);
    expect((err as HccError).issues[0].received).toBe('7');
  });
});
