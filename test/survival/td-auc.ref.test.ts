// Oracle tier (b): timeROC 0.4.1 and survivalROC 1.0.3.1 in R (../shared/reference/survival/expected/troc_lung_lp_vs_ecog.json).
import { describe, expect, it } from 'vitest';
import { numericColumn } from '../../src/core/table.js';
import { compareTimeDependentAuc, parseSurvival, survivalRoc, timeDependentAuc } from '../../src/survival/index.js';
import { expectAllClose, expectClose, readSharedCsv, readSharedJson } from '../helpers/reference.js';

const table = readSharedCsv('survival/data/lung_markers.csv');
const ref = readSharedJson('survival/expected/troc_lung_lp_vs_ecog.json');
const parsed = parseSurvival(table, { time: 'time', event: 'event' });
if (!parsed.ok) throw new Error('lung_markers.csv did not parse');
const data = parsed.value.data;
const lp = numericColumn(table, 'lp').values;
const ecog = numericColumn(table, 'ph_ecog').values;
const AUC = { abs: 1e-9 };
const SE = { rel: 1e-5 };

describe('timeROC on lung: lp vs ph.ecog at 0.5, 1, 1.5 years', () => {
  const r1 = timeDependentAuc(data, lp, { times: ref.times, roc: true });
  const r2 = timeDependentAuc(data, ecog, { times: ref.times });
  if (!r1.ok || !r2.ok) throw new Error('timeDependentAuc failed');

  for (const [name, res, exp] of [
    ['lp', r1.value, ref.marker1_result],
    ['ph_ecog', r2.value, ref.marker2_result],
  ] as const) {
    it(`${name}: case/control counts are exact`, () => {
      expect(res.points.map((p) => p.nCases)).toEqual(exp.n_cases);
      expect(res.points.map((p) => p.nControls)).toEqual(exp.n_survivors);
      expect(res.points.map((p) => p.nOther)).toEqual(exp.n_censored_before);
    });
    it(`${name}: AUC (abs 1e-9), IPCW survival, se and CI (rel 1e-5)`, () => {
      expectAllClose(res.points.map((p) => p.auc), exp.AUC, AUC, `${name} AUC`);
      expectAllClose(res.points.map((p) => p.survival), exp.survival_km_at_times, { abs: 1e-9 }, `${name} survProb`);
      expectAllClose(res.points.map((p) => p.se), exp.se, SE, `${name} se`);
      expectAllClose(res.points.map((p) => p.ci95Lower), exp.ci95_lower, { abs: 1e-6 }, `${name} lower`);
      expectAllClose(res.points.map((p) => p.ci95Upper), exp.ci95_upper, { abs: 1e-6 }, `${name} upper`);
    });
  }

  it('ROC curve of lp at the first time: one point per distinct marker value plus (1, 1)', () => {
    const roc = r1.value.points[0].roc!;
    expect(roc.tp.length).toBe(ref.roc_curve_marker1_t1.TP.length);
    expectAllClose(roc.tp, ref.roc_curve_marker1_t1.TP, { abs: 1e-9 }, 'TP');
    expectAllClose(roc.fp, ref.roc_curve_marker1_t1.FP, { abs: 1e-9 }, 'FP');
  });

  it('compare(): two-sided p-values of AUC_lp(t) = AUC_ecog(t) (rel 1e-5)', () => {
    const cmp = compareTimeDependentAuc(r1.value, r2.value);
    expectAllClose(cmp.map((c) => c.p), ref.compare_p_values, SE, 'compare p');
    expectAllClose(cmp.map((c) => c.difference), ref.marker1_result.AUC.map((a: number, k: number) => a - ref.marker2_result.AUC[k]), AUC, 'difference');
  });

  it('iid values: one per row, and se = sd(iid)/sqrt(n)', () => {
    const iid = r1.value.points[1].iid!;
    expect(iid.length).toBe(data.n);
    const mean = iid.reduce((a, b) => a + b, 0) / data.n;
    const sd = Math.sqrt(iid.reduce((a, b) => a + (b - mean) ** 2, 0) / (data.n - 1));
    expectClose(r1.value.points[1].se, sd / Math.sqrt(data.n), { rel: 1e-12 }, 'se from iid');
  });
});

describe('survivalROC on lung (marker lp)', () => {
  for (const s of ref.survivalROC_marker1 as { time: number; AUC_KM: number; AUC_NNE: number; surv_KM: number }[]) {
    it(`t = ${s.time}: KM and NNE (span 0.25 n^-0.2) AUC, abs 1e-9`, () => {
      const km = survivalRoc(data, lp, { predictTimeDays: s.time, method: 'KM' });
      const nne = survivalRoc(data, lp, { predictTimeDays: s.time, method: 'NNE' });
      if (!km.ok || !nne.ok) throw new Error('survivalRoc failed');
      expectClose(km.value.auc, s.AUC_KM, AUC, 'AUC_KM');
      expectClose(nne.value.auc, s.AUC_NNE, AUC, 'AUC_NNE');
      expectClose(km.value.survival, s.surv_KM, { abs: 1e-12 }, 'pooled KM');
      expect(km.value.tp.length).toBe(new Set(lp).size + 1);
    });
  }
});
