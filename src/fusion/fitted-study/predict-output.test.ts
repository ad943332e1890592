import { describe, expect, it } from 'vitest';
import { readCsvFile, tableFromColumns } from '../../core/table.js';
import { completeRows } from '../cohort-data.js';
import { fitCoxRecord, predictCoxRecord } from '../cox-model.js';
import type { ModelPredictions } from '../fit-models.js';
import { tableToCsv } from '../write-tables.js';
import { exportCoxModel, trainingRiskGroups } from './export-cox.js';
import { predictFittedStudy } from './predict.js';
import { PREDICTION_COLUMNS, predictionsTable, withEnsembleDlScores } from './predictions-table.js';
import { riskGroupRuleOf } from './risk-group-rule.js';
import type { FittedForestModel, FittedStudy } from './types.js';

// The lung data's Cox model exported as a study model (as fitted-study.test.ts), its cut-off learned on the training risks.
const lung = readCsvFile(new URL('../../../data/lung.csv', import.meta.url).pathname);
const oc = { time: Float64Array.from(lung.cells.get('time')!, Number), event: Uint8Array.from(lung.cells.get('event')!, Number) };
const terms = [{ column: 'age' }, { column: 'sex' }];
const all = Array.from({ length: lung.nRows }, (_, i) => i);
const rows = completeRows(lung, all, terms.map((t) => t.column));
const rec = fitCoxRecord(lung, rows, oc, terms);
const pred = predictCoxRecord(rec, lung, rows, [100]);
const risk: (number | null)[] = new Array(lung.nRows).fill(null);
rows.forEach((r, k) => (risk[r] = pred.risk[k]));
const model: ModelPredictions = { id: 'lung-cox', label: 'lung', family: 'clinical', outcome: 'os', landmarkMonths: null, horizonsMonths: [100], risk, survival: {}, fit: { cox: rec, extra: null }, warnings: [] };
const exported = exportCoxModel(model, rec, lung, rows, oc, [], 'median');
const study = (m: typeof exported) => ({ format: 'mmf-fitted-study', version: 1, patientIdColumn: 'patient_id', models: [m], notExported: [] }) as unknown as FittedStudy;
const fresh = tableFromColumns({ patient_id: ['a', 'b', 'c', 'd', 'e'], age: [40, 55, 63, 70, 82], sex: [1, 2, 1, 2, 1] });

/** The group a rule's intervals give a score (above < score <= atMost). */
const groupByRule = (groups: readonly { label: string; above: number | null; atMost: number | null }[], v: number) => groups.find((g) => (g.above === null || v > g.above) && (g.atMost === null || v <= g.atMost))!.label;

describe('riskGroupRuleOf: what risk_group means, from the training cut-off(s)', () => {
  it('median: one cut-off, "high when > c, else low", and the intervals give every predicted risk_group', () => {
    const rule = riskGroupRuleOf(exported)!;
    const c = exported.riskGroups!.cutoffs[0];
    expect(rule).toMatchObject({ column: 'linear_predictor', score: 'linear predictor', method: 'median', cutoffs: [c], nTraining: rows.length });
    expect(rule.groups).toEqual([{ label: 'low', above: null, atMost: c }, { label: 'high', above: c, atMost: null }]);
    expect(rule.rule).toBe(`high risk when the linear predictor > ${Number(c.toPrecision(4))} (the training median, ${rows.length} patients), else low risk`);
    expect(riskGroupRuleOf(exported, 2)!.rule).toContain(`> ${Number(c.toPrecision(2))} `);
    const r = predictFittedStudy(study(exported), fresh);
    if (!r.ok) throw new Error('predict');
    expect(new Set(r.value.rows.map((p) => p.riskGroup))).toEqual(new Set(['low', 'high'])); // both sides exercised
    for (const p of r.value.rows) expect(p.riskGroup).toBe(groupByRule(rule.groups, p.linearPredictor));
  });

  it('tertiles: low / intermediate / high with both cut-offs, matching predictFittedStudy', () => {
    const scores = rows.map((r) => risk[r]!);
    const m = { ...exported, riskGroups: trainingRiskGroups(scores, 'tertiles') };
    const [c1, c2] = m.riskGroups!.cutoffs;
    const rule = riskGroupRuleOf(m)!;
    expect(rule.groups).toEqual([{ label: 'low', above: null, atMost: c1 }, { label: 'intermediate', above: c1, atMost: c2 }, { label: 'high', above: c2, atMost: null }]);
    const f = (v: number) => Number(v.toPrecision(4));
    expect(rule.rule).toBe(`low risk when the linear predictor <= ${f(c1)}, intermediate when <= ${f(c2)}, high when > ${f(c2)} (the training tertiles, ${rows.length} patients)`);
    const r = predictFittedStudy(study(m), fresh);
    if (!r.ok) throw new Error('predict');
    for (const p of r.value.rows) expect(p.riskGroup).toBe(groupByRule(rule.groups, p.linearPredictor));
  });

  it('the forest names its score (mortality, out-of-bag cut-off); no risk groups gives null', () => {
    const forest = { kind: 'forest', id: 'mmf-rsf', outcome: 'os', riskGroups: { method: 'median', cutoffs: [12.5], labels: ['low', 'high'], nTraining: 80 } } as unknown as FittedForestModel;
    expect(riskGroupRuleOf(forest)!.rule).toBe("high risk when the forest mortality > 12.5 (the training median of 80 patients' out-of-bag mortalities), else low risk");
    expect(riskGroupRuleOf({ ...exported, riskGroups: null })).toBeNull();
  });
});

describe('predictions table: the raw Ensemble-DL scores beside each prediction', () => {
  const r = predictFittedStudy(study(exported), fresh);
  if (!r.ok) throw new Error('predict');

  it('repeats each patient\'s ensemble_dl_os / ensemble_dl_pfs on its rows, NA where none', () => {
    const patients = tableFromColumns({ patient_id: ['a', 'b', 'c', 'd', 'e'], ensemble_dl_os: ['0.25', null, '-1.5', 'x', '2'] });
    const withScores = withEnsembleDlScores(r.value.rows, patients, 'patient_id');
    const os = new Map(withScores.map((p) => [p.patientId, p.ensembleDlOs]));
    expect(Object.fromEntries(os)).toEqual({ a: 0.25, b: null, c: -1.5, d: null, e: 2 });
    expect(withScores.every((p) => p.ensembleDlPfs === null)).toBe(true); // no pfs column
    const nt = predictionsTable(withScores);
    expect(nt.columns).toEqual(PREDICTION_COLUMNS);
    expect(nt.columns.slice(-2)).toEqual(['ensemble_dl_os', 'ensemble_dl_pfs']);
    const csv = tableToCsv(nt).trim().split('\n');
    const head = csv[0].split(',');
    const rowA = csv.slice(1).map((l) => l.split(',')).find((f) => f[0] === 'a')!;
    const rowB = csv.slice(1).map((l) => l.split(',')).find((f) => f[0] === 'b')!;
    expect([rowA[head.indexOf('ensemble_dl_os')], rowA[head.indexOf('ensemble_dl_pfs')]]).toEqual(['0.25', 'NA']);
    expect(rowB[head.indexOf('ensemble_dl_os')]).toBe('NA');
    // without the columns at all: every score NA, the other columns unchanged
    const none = withEnsembleDlScores(r.value.rows, fresh, 'patient_id');
    expect(none.every((p) => p.ensembleDlOs === null && p.ensembleDlPfs === null)).toBe(true);
    expect(predictionsTable(none).rows.map((x) => x.slice(0, 11))).toEqual(r.value.rows.map((p) => [p.patientId, p.outcome, p.model, p.linearPredictor, p.riskGroup, p.horizonMonths, p.landmarkMonths, p.survival, p.lower95, p.upper95, p.stdErrCumhaz]));
  });
});
