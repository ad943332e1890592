// Oracle tier (b): riskRegression 2022.11.28 Score() and a transparent IPCW re-computation in R
// (test/reference/survival/brier_lung_cox: generate.R, input.csv, expected.json).
import { describe, expect, it } from 'vitest';
import { numericColumn, readCsvFile } from '../../src/core/table.js';
import { brierScore, integratedBrierScore, parseSurvival } from '../../src/survival/index.js';
import { expectAllClose, localReferencePath, readLocalJson } from '../helpers/reference.js';

const ref = readLocalJson('survival/brier_lung_cox/expected.json');
const table = readCsvFile(localReferencePath('survival/brier_lung_cox/input.csv'));
const parsed = parseSurvival(table, { time: 'time', event: 'event' });
if (!parsed.ok) throw new Error('input.csv did not parse');
const data = parsed.value.data;
const preds = (ref.times as number[]).map((t) => ({ timeDays: t, risk: numericColumn(table, `risk_${t}`).values }));

describe('IPCW Brier score, lung Cox risks at 0.5, 1, 1.5 years', () => {
  const res = brierScore(data, preds);
  if (!res.ok) throw new Error('brierScore failed');
  const { model, nullModel } = res.value;

  it('counts of events by t, at risk after t and censored by t are exact', () => {
    expect(model.map((m) => m.nEvents)).toEqual(ref.counts.map((c: any) => c.n_events_by_t));
    expect(model.map((m) => m.nAtRisk)).toEqual(ref.counts.map((c: any) => c.n_at_risk_after_t));
    expect(model.map((m) => m.nCensored)).toEqual(ref.counts.map((c: any) => c.n_censored_by_t));
  });
  it('model Brier (abs 1e-9) and se, CI (rel 1e-5)', () => {
    expectAllClose(model.map((m) => m.brier), ref.model.Brier, { abs: 1e-9 }, 'Brier');
    expectAllClose(model.map((m) => m.brier), ref.manual_ipcw.model, { abs: 1e-9 }, 'Brier vs manual IPCW');
    expectAllClose(model.map((m) => m.se), ref.model.se, { rel: 1e-5 }, 'se');
    expectAllClose(model.map((m) => m.lower), ref.model.lower, { rel: 1e-5 }, 'lower');
    expectAllClose(model.map((m) => m.upper), ref.model.upper, { rel: 1e-5 }, 'upper');
  });
  it('Kaplan-Meier null model: risk, Brier, se', () => {
    expectAllClose(nullModel!.map((m) => m.risk), ref.null_model.risk, { abs: 1e-12 }, 'null risk');
    expectAllClose(nullModel!.map((m) => m.brier), ref.null_model.Brier, { abs: 1e-9 }, 'null Brier');
    expectAllClose(nullModel!.map((m) => m.se), ref.null_model.se, { rel: 1e-5 }, 'null se');
  });
  it("IBS over the grid with riskRegression's step rule", () => {
    const m = integratedBrierScore(ref.times, model.map((b) => b.brier));
    const z = integratedBrierScore(ref.times, nullModel!.map((b) => b.brier));
    if (!m.ok || !z.ok) throw new Error('ibs failed');
    expectAllClose(m.value.ibs, ref.model.IBS, { abs: 1e-9 }, 'IBS model');
    expectAllClose(z.value.ibs, ref.null_model.IBS, { abs: 1e-9 }, 'IBS null');
  });
  it('conservative se ignores the censoring term and differs from the full se', () => {
    const c = brierScore(data, preds, { conservative: true, nullModel: false });
    if (!c.ok) throw new Error('failed');
    expect(c.value.model[1].brier).toBe(model[1].brier);
    expect(Math.abs(c.value.model[1].se! - model[1].se!)).toBeGreaterThan(1e-6);
    expect(c.value.nullModel).toBeNull();
  });
});
