// Oracle tiers (a) closed form on hand-solvable data and (c) invariants, plus error contracts.
import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import type { SurvivalData } from '../outcome.js';
import { makeSurvivalData } from '../outcome.js';
import { brierScore, integratedBrierScore } from './brier.js';
import { calibrationByGroups, quantileGroups } from './calibration.js';
import { censoringAt, censoringBefore, censoringDistribution } from './censoring-weights.js';
import { decisionCurve } from './decision-curve.js';
import { survivalRoc } from './survival-roc.js';
import { compareTimeDependentAuc, timeDependentAuc } from './td-auc.js';

function survival(time: number[], event: number[], entry?: number[]): SurvivalData {
  const r = makeSurvivalData({ time, event, entry });
  if (!r.ok) throw new Error('bad fixture');
  return r.value;
}

// Six rows, no censoring before 3.5: G = 1 there, so IPCW reduces to plain proportions.
const uncensored = survival([1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 0]);

describe('censoring distribution tie conventions', () => {
  // At t = 2 one event and one censoring among 4 at risk: events-first divides by 3, survfit by 4.
  const d = survival([1, 2, 2, 3], [1, 1, 0, 0]);
  it('events-first (prodlim reverse) vs survfit', () => {
    expect(censoringAt(censoringDistribution(d), 2)).toBeCloseTo(1 - 1 / 2, 15);
    expect(censoringAt(censoringDistribution(d, { convention: 'survfit' }), 2)).toBeCloseTo(1 - 1 / 3, 15);
    expect(censoringBefore(censoringDistribution(d), 2)).toBe(1);
  });
});

describe('timeDependentAuc: closed form without censoring', () => {
  it('perfectly ordered marker gives AUC 1, reversed 0, constant 0.5; counts exact', () => {
    const up = timeDependentAuc(uncensored, [6, 5, 4, 3, 2, 1], { times: [3.5] });
    const down = timeDependentAuc(uncensored, [1, 2, 3, 4, 5, 6], { times: [3.5] });
    const flat = timeDependentAuc(uncensored, [1, 1, 1, 1, 1, 1], { times: [3.5] });
    if (!up.ok || !down.ok || !flat.ok) throw new Error('failed');
    expect(up.value.points[0].auc).toBeCloseTo(1, 15);
    expect(down.value.points[0].auc).toBeCloseTo(0, 15);
    expect(flat.value.points[0].auc).toBeCloseTo(0.5, 15);
    expect([up.value.points[0].nCases, up.value.points[0].nControls, up.value.points[0].nOther]).toEqual([3, 3, 0]);
  });
  it('T == t is neither case nor control (timeROC codes cases as T < t)', () => {
    const r = timeDependentAuc(uncensored, [6, 5, 4, 3, 2, 1], { times: [3] });
    if (!r.ok) throw new Error('failed');
    expect([r.value.points[0].nCases, r.value.points[0].nControls, r.value.points[0].nOther]).toEqual([2, 3, 1]);
  });
  it('one concordant and one tied pair out of four: AUC = (1·3 + 0.5 + ...)/9', () => {
    // cases (T<3.5): markers 3, 2, 1; controls: 2, 0, 0 -> pairs: 3>all (3), 2 vs {2,0,0} = 0.5+2, 1 vs {2,0,0} = 0+2 -> 7.5/9
    const r = timeDependentAuc(uncensored, [3, 2, 1, 2, 0, 0], { times: [3.5], iid: false });
    if (!r.ok) throw new Error('failed');
    expect(r.value.points[0].auc).toBeCloseTo(7.5 / 9, 15);
    expect(r.value.points[0].se).toBeNull();
  });
  it('no controls after the last time: AUC null with a warning', () => {
    const r = timeDependentAuc(uncensored, [1, 2, 3, 4, 5, 6], { times: [10] });
    if (!r.ok) throw new Error('failed');
    expect(r.value.points[0].auc).toBeNull();
    expect(r.value.warnings[0].code).toBe('time_beyond_followup');
  });
  it('error contracts: length, non-finite marker, bad time, delayed entry', () => {
    const a = timeDependentAuc(uncensored, [1, 2], { times: [1] });
    expect(!a.ok && a.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['marker']]]);
    const b = timeDependentAuc(uncensored, [1, NaN, 3, 4, 5, 6], { times: [-1] });
    expect(!b.ok && b.issues.map((i) => [i.code, i.path])).toEqual([
      ['non_finite', ['marker', 1]],
      ['bad_option', ['times', 0]],
    ]);
    const c = timeDependentAuc(survival([2, 3], [1, 0], [0, 1]), [1, 2], { times: [2.5] });
    expect(!c.ok && c.issues[0].path).toEqual(['entry']);
  });
  it('compare needs results on the same times', () => {
    const a = timeDependentAuc(uncensored, [6, 5, 4, 3, 2, 1], { times: [3.5] });
    const b = timeDependentAuc(uncensored, [6, 5, 4, 3, 2, 1], { times: [2.5] });
    if (!a.ok || !b.ok) throw new Error('failed');
    expect(() => compareTimeDependentAuc(a.value, b.value)).toThrow(HccError);
  });
  it('survivalRoc rejects a bad span', () => {
    const r = survivalRoc(uncensored, [1, 2, 3, 4, 5, 6], { predictTimeDays: 3, method: 'NNE', span: 2 });
    expect(!r.ok && r.issues[0].path).toEqual(['span']);
  });
  it('compare of identical markers: difference 0, se 0, z and p null (R: NaN)', () => {
    const d = survival([1, 2, 3, 4, 5, 6, 7, 8], [1, 0, 1, 1, 0, 1, 1, 0]);
    const m = [8, 3, 6, 5, 1, 4, 2, 7];
    const a = timeDependentAuc(d, m, { times: [3.5, 6.5] });
    const b = timeDependentAuc(d, m, { times: [3.5, 6.5] });
    if (!a.ok || !b.ok) throw new Error('failed');
    const cmp = compareTimeDependentAuc(a.value, b.value);
    expect(cmp.map((c) => [c.difference, c.se, c.z, c.p])).toEqual([
      [0, 0, null, null],
      [0, 0, null, null],
    ]);
  });
  it('survivalRoc with no event by t (S(t) = 1) or no survivor (S(t) = 0) is time_beyond_followup, not NaN', () => {
    for (const method of ['KM', 'NNE'] as const) {
      const early = survivalRoc(uncensored, [1, 2, 3, 4, 5, 6], { predictTimeDays: 0.5, method });
      expect(!early.ok && early.issues.map((i) => [i.code, i.path])).toEqual([['time_beyond_followup', ['predictTimeDays']]]);
      const late = survivalRoc(survival([1, 2, 3], [1, 1, 1]), [1, 2, 3], { predictTimeDays: 5, method });
      expect(!late.ok && late.issues.map((i) => [i.code, i.path])).toEqual([['time_beyond_followup', ['predictTimeDays']]]);
    }
    const fine = survivalRoc(uncensored, [1, 2, 3, 4, 5, 6], { predictTimeDays: 3.5, method: 'KM' });
    expect(fine.ok && Number.isFinite(fine.value.auc)).toBe(true);
  });
});

describe('brierScore: closed form without censoring', () => {
  it('BS = mean (1(T<=t) - r)^2 when G = 1; null model risk = 1 - KM(t)', () => {
    const r = brierScore(uncensored, [{ timeDays: 3.5, risk: [0.9, 0.8, 0.7, 0.2, 0.1, 0.5] }]);
    if (!r.ok) throw new Error('failed');
    const expected = (0.01 + 0.04 + 0.09 + 0.04 + 0.01 + 0.25) / 6;
    expect(r.value.model[0].brier).toBeCloseTo(expected, 15);
    expect(r.value.nullModel![0].risk).toBeCloseTo(0.5, 15);
    expect(r.value.nullModel![0].brier).toBeCloseTo(0.25, 15);
    expect([r.value.model[0].nEvents, r.value.model[0].nAtRisk, r.value.model[0].nCensored]).toEqual([3, 3, 0]);
  });
  it('one row: Brier is computed, se / CI are null rather than NaN', () => {
    const r = brierScore(survival([5], [1]), [{ timeDays: 6, risk: [0.3] }]);
    if (!r.ok) throw new Error('failed');
    const m = r.value.model[0];
    expect(m.brier).toBeCloseTo(0.49, 15);
    expect([m.se, m.lower, m.upper]).toEqual([null, null, null]);
    expect(r.value.nullModel![0].se).toBeNull();
  });
  it('error contracts: risk outside [0, 1], wrong length', () => {
    const r = brierScore(uncensored, [{ timeDays: 3, risk: [0, 0, 1.5, 0, 0, 0] }, { timeDays: 3, risk: [0] }]);
    expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([
      ['bad_option', ['predictions[0].risk', 2]],
      ['bad_option', ['predictions[1].risk']],
    ]);
  });
  it('IBS: step (riskRegression) and trapezoid rules', () => {
    const s = integratedBrierScore([1, 2], [0.1, 0.2], 'step');
    const t = integratedBrierScore([1, 2], [0.1, 0.2], 'trapezoid');
    if (!s.ok || !t.ok) throw new Error('failed');
    expect(Array.from(s.value.ibs)).toEqual([0, 0.05]);
    expect(t.value.ibs[0]).toBeCloseTo(0.05, 15);
    expect(t.value.ibs[1]).toBeCloseTo(0.1, 15);
    const bad = integratedBrierScore([2, 1], [0.1, 0.2]);
    expect(!bad.ok && bad.issues[0].path).toEqual(['timesDays', 1]);
  });
});

describe('decisionCurve: closed form without censoring', () => {
  it('threshold 0.5: two positives, one event by t -> tp = fp = 1/6', () => {
    const r = decisionCurve(uncensored, [{ name: 'm', risk: [0.9, 0.1, 0.1, 0.1, 0.1, 0.6] }], { horizonDays: 3.5, thresholds: [0.5] });
    if (!r.ok) throw new Error('failed');
    const m = r.value.curves[2];
    expect(r.value.posRate).toBeCloseTo(0.5, 15);
    expect(m.testPosRate[0]).toBeCloseTo(2 / 6, 15);
    expect(m.tpRate[0]).toBeCloseTo(1 / 6, 15);
    expect(m.netBenefit[0]).toBeCloseTo(1 / 6 - 1 / 6, 15);
    expect(r.value.curves[0].netBenefit[0]).toBeCloseTo(0.5 - 0.5, 15);
    expect(r.value.curves[1].netBenefit[0]).toBe(0);
  });
  it('error contracts: reserved name, threshold 1', () => {
    const r = decisionCurve(uncensored, [{ name: 'all', risk: [0, 0, 0, 0, 0, 0] }], { horizonDays: 3, thresholds: [0.2, 1] });
    expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([
      ['bad_option', ['risks', 0, 'name']],
      ['bad_option', ['thresholds', 1]],
    ]);
  });
});

describe('calibrationByGroups', () => {
  it('cut2 quantile groups of 1..10 into 5 groups of two', () => {
    const q = quantileGroups([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 5);
    expect(Array.from(q.group)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(Array.from(q.lower)).toEqual([1, 3, 5, 7, 9]);
  });
  it('heavy ties collapse groups (cut2 skips repeated cut points; R: 1 1 1 1 1 1 2 2)', () => {
    const q = quantileGroups([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.3], 4);
    expect(q.lower.length).toBe(2);
    expect(Array.from(q.group)).toEqual([1, 1, 1, 1, 1, 1, 2, 2]);
  });
  it('KM per group with no censoring is the observed proportion', () => {
    const r = calibrationByGroups(uncensored, [0.1, 0.2, 0.3, 0.7, 0.8, 0.9], { horizonDays: 3.5, groups: 2 });
    if (!r.ok) throw new Error('failed');
    expect(r.value.groups.map((g) => [g.n, g.events, g.observed])).toEqual([
      [3, 3, 0],
      [3, 2, 1],
    ]);
  });
  it('error contracts: groups, prediction range', () => {
    const r = calibrationByGroups(uncensored, [0.1, 0.2, 0.3, 0.7, 0.8, 1.9], { horizonDays: 3.5, groups: 0 });
    expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([
      ['bad_option', ['predictedSurvival', 5]],
      ['bad_option', ['groups']],
    ]);
  });
});
