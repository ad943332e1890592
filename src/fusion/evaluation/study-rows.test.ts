import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { tableFromColumns } from '../../core/table.js';
import type { Split } from '../../io/index.js';
import type { TimeDependentAucAtTime } from '../../survival/index.js';
import { assignRiskGroups, calibrationByGroups, groupingFromValues, makeSurvivalData, subgroupAnalysis, summarizeRiskGroups } from '../../survival/index.js';
import type { SurvivalData } from '../../survival/index.js';
import { outcomeColumns } from '../cohort-data.js';
import type { NamedTable } from '../evaluate.js';
import { evaluateOutcome } from '../evaluate.js';
import type { ModelPredictions } from '../fit-models.js';
import { NO_PATIENTS_REASON, calibrationRows, errorText, riskGroupRows, singleRiskGroupReason, subgroupRows, tdAucRow } from './study-rows.js';

function survival(time: number[], event: number[]): SurvivalData {
  const r = makeSurvivalData({ time, event });
  if (!r.ok) throw new Error('fixture');
  return r.value;
}
const split2 = (score: number[]) => assignRiskGroups(score, { cutoffs: [5], labels: ['low', 'high'] });

describe('riskGroupRows', () => {
  const prefix = ['os', 'm', 'training', '5'];
  const cols = ['outcome', 'model', 'cohort', 'cutoffs', 'group', 'n', 'events', 'median_months', 'hr', 'hr_lower', 'hr_upper', 'hr_p', 'logrank_p', 'reference', 'median_difference_months', 'median_difference_note', 'hr_note'];
  const rec = (r: (string | number | null)[]) => Object.fromEntries(cols.map((c, j) => [c, r[j]]));
  it('difference in median survival from the reference group when both medians are reached (KM medians 20 and 2)', () => {
    // low: deaths at 10, 20, 30 -> S = 2/3, 1/3: median 20; high: deaths at 1, 2, 25 -> median 2.
    const s = summarizeRiskGroups(survival([10, 20, 30, 1, 2, 25], [1, 1, 1, 1, 1, 1]), split2([1, 1, 1, 9, 9, 9]));
    const [low, high] = riskGroupRows(prefix, s).map(rec);
    expect(low).toMatchObject({ group: 'low', reference: 1, median_months: 20, hr: null, hr_lower: null, hr_upper: null, hr_p: null, median_difference_months: null, median_difference_note: 'reference', hr_note: 'reference' });
    expect(high).toMatchObject({ group: 'high', reference: 0, median_months: 2, median_difference_months: -18, median_difference_note: null, hr_note: null });
    expect(high.hr as number).toBeGreaterThan(1);
  });
  it('says which median is not reached; a not-estimable HR is null with its reason', () => {
    // low: one death of 4 (median not reached); high: every event before any low event (monotone likelihood).
    const s = summarizeRiskGroups(survival([5, 6, 7, 8, 1, 2, 3], [1, 0, 0, 0, 1, 1, 1]), split2([1, 1, 1, 1, 9, 9, 9]));
    const [low, high] = riskGroupRows(prefix, s).map(rec);
    expect(low.median_months).toBeNull();
    expect(high).toMatchObject({ median_months: 2, median_difference_months: null, median_difference_note: 'median not reached in the reference group (low)' });
    expect(s.groups[1].hr!).toBeGreaterThan(1e6); // what the engine (and R) print
    expect(high.hr).toBeNull();
    expect(String(high.hr_note)).toMatch(/monotone likelihood/);
  });
});

describe('risk groups that cannot be formed: the reason in words', () => {
  it('errorText gives the issue, not "summarizeRiskGroups: 1 problem(s) in the input"', () => {
    let text = '';
    try {
      summarizeRiskGroups(survival([1, 2, 3], [1, 1, 1]), split2([1, 1, 1]));
    } catch (err) {
      text = errorText(err);
    }
    expect(text).not.toContain('summarizeRiskGroups');
    expect(text).toContain('1 observed level(s) (low)');
  });
  it('a two-valued score whose training median is its highest value (BCLC-like)', () => {
    const train = [...Array(38).fill(0), ...Array(74).fill(0.809)];
    expect(singleRiskGroupReason([112, 0], ['low', 'high'], [0.809], train, 'median')).toBe('all 112 patients are in the low-risk group: the score takes only 2 distinct values in training and the training median cut-off (0.809) equals its highest value, so no patient scores above it');
    expect(singleRiskGroupReason([15, 0], ['low', 'high'], [0.146], [0, 0.146, 1.41], 'median')).toBe('all 15 patients are in the low-risk group: no patient in this cohort scores above the training median cut-off (0.146)');
    expect(singleRiskGroupReason([10, 3], ['low', 'high'], [0.146], [0, 0.146, 1.41], 'median')).toBeNull();
  });
});

function aucAt(p: Partial<TimeDependentAucAtTime>): TimeDependentAucAtTime {
  return { timeDays: 36, auc: 0.9, se: 0.1, ci95Lower: 0.7, ci95Upper: 1.1, survival: 0.1, cumulativeIncidence: 0.9, nCases: 10, nControls: 1, nOther: 9, iid: null, roc: null, ...p };
}

describe('tdAucRow', () => {
  it('truncates the Wald CI to [0, 1], keeps AUC and se, and flags < 5 cases or controls (external 36 months: 1 control)', () => {
    const r = tdAucRow(['os', 'mmf-cox', 'external_test', 36], aucAt({ auc: 0.9009900990099009, se: 0.0964741186331279, ci95Lower: 0.7119043010487256, ci95Upper: 1.0900758969710762 }));
    expect(r.slice(4)).toEqual([0.9009900990099009, 0.0964741186331279, 0.7119043010487256, 1, 10, 1, 1, 1, 'unreliable: only 1 control(s) at this horizon (fewer than 5); Wald interval truncated to [0, 1]']);
    expect(tdAucRow([], aucAt({ ci95Lower: -0.2, ci95Upper: 0.9, nCases: 5, nControls: 5 })).slice(2)).toEqual([0, 0.9, 5, 5, 1, 0, 'Wald interval truncated to [0, 1]']);
    expect(tdAucRow([], aucAt({ ci95Lower: 0.6, ci95Upper: 0.95, nCases: 20, nControls: 30 })).slice(6)).toEqual([0, 0, null]);
    expect(tdAucRow([], aucAt({ auc: null, se: null, ci95Lower: null, ci95Upper: null, nCases: 0, nControls: 12 })).slice(0, 2)).toEqual([null, null]);
  });
});

describe('calibrationRows', () => {
  it('keeps a group whose observed KM is NA (everyone censored before the horizon) with a note; degenerate intervals are dropped with a note', () => {
    // Predicted S(5): groups {0.1, 0.2}: deaths at 1, 2 (KM 0); {0.5, 0.6}: censored at 1, 2 (no estimate at 5); {0.8, 0.9}: no event before 5 (KM 1).
    const data = survival([1, 2, 1, 2, 10, 12], [1, 1, 0, 0, 1, 0]);
    const cal = calibrationByGroups(data, [0.1, 0.2, 0.5, 0.6, 0.8, 0.9], { horizonDays: 5, groups: 3 });
    if (!cal.ok) throw new Error('calibration');
    expect(cal.value.groups.map((g) => g.observed)).toEqual([0, null, 1]);
    const rows = calibrationRows(['os', 'm', 'training', 5], cal.value, 5);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r[5])).toEqual([2, 2, 2]); // n
    expect(rows.map((r) => [r[8], r[9]])).toEqual([[null, null], [null, null], [null, null]]);
    expect(rows[0][10]).toBe('observed survival 0 at 5 months (the Kaplan-Meier estimate reached 0 before it): no interval');
    expect(rows[1][7]).toBeNull();
    expect(rows[1][10]).toBe('no observed estimate: follow-up ends before 5 months (every patient still at risk was censored before the horizon)');
    expect(rows[2][10]).toBe('no events before 5 months (observed survival 1): no interval');
  });
});

describe('subgroupRows', () => {
  it('adds rows for levels without patients in this cohort and an interaction row for a one-level variable', () => {
    const rng = createRng(4);
    const n = 60;
    const time = Array.from({ length: n }, () => 1 + Math.round(30 * rng.uniform()));
    const event = time.map(() => (rng.uniform() < 0.7 ? 1 : 0));
    const risk = time.map((_, i) => (i % 2 === 0 ? 9 : 1));
    const sex = time.map((_, i) => (i % 3 === 0 ? 'F' : 'M'));
    const a = subgroupAnalysis(survival(time, event), split2(risk), [groupingFromValues(sex, 'sex'), groupingFromValues(time.map(() => 'C4'), 'centre')]);
    const out = subgroupRows(['os', 'm', 'external_test'], a, [{ name: 'sex', levels: ['F', 'M'] }, { name: 'centre', levels: ['C3', 'C4'] }]);
    expect(out.rows.map((r) => r[5])).toEqual(['Overall', 'sex = F', 'sex = M', 'centre = C3', 'centre = C4']);
    expect(out.rows[3].slice(7)).toEqual([0, 0, null, null, null, null, NO_PATIENTS_REASON]);
    expect(out.rows[4][13]).toBeNull();
    expect(out.interactions.map((r) => [r[3], r[5], r[7], r[8]])).toEqual([
      ['sex', out.interactions[0][5], out.interactions[0][7], null],
      ['centre', null, null, 'not estimable: only one level of centre (C4) in this cohort'],
    ]);
    expect(out.interactions[0][7] as number).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// End to end through evaluateOutcome on a small simulated cohort.
describe('evaluateOutcome: study-level handling of not estimable and unreliable results', () => {
  const rng = createRng(33);
  const n = 150;
  const cols: Record<string, (string | number | null)[]> = { patient_id: [], centre: [], site: [], os_time: [], os_event: [] };
  const split: Split[] = [];
  const score: number[] = [];
  const stage: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = rng.normal();
    const t = -Math.log(rng.uniform()) * 12 * Math.exp(-0.9 * s);
    const c = 6 + rng.uniform() * 30;
    const sp: Split = i < 90 ? 'training' : i < 120 ? 'internal_validation' : 'external_test';
    split.push(sp);
    cols.patient_id.push(`P${i}`);
    cols.centre.push(sp === 'training' ? 'C1' : sp === 'internal_validation' ? 'C2' : 'C3');
    // "rare" only in training: it has no patients in the other cohorts.
    cols.site.push(sp === 'training' && i % 10 === 0 ? 'rare' : i % 2 ? 'a' : 'b');
    cols.os_time.push(Number(Math.min(t, c).toFixed(3)));
    cols.os_event.push(t <= c ? 1 : 0);
    score.push(s);
    stage.push(i % 3 === 0 ? 0 : 1); // two values, the median is the highest: no high-risk group
  }
  const table = tableFromColumns(cols);
  const oc = outcomeColumns(table, 'os');
  const horizons = [6, 12, 30];
  const model = (id: string, risk: number[]): ModelPredictions => ({
    id, label: id, family: 'imaging', outcome: 'os', landmarkMonths: null, horizonsMonths: horizons, risk,
    survival: Object.fromEntries(horizons.map((h) => [String(h), risk.map((r) => Math.exp(-(h / 12) * Math.exp(0.9 * r)))])), fit: null, warnings: [],
  });
  const ev = evaluateOutcome([model('mmf-cox', score), model('stage', stage)], {
    outcome: 'os', outcomeColumns: oc, split, referenceId: 'mmf-cox', cutoff: 'median', calibrationGroups: 5, table, subgroups: ['site', 'centre'], bootstrapResamples: 0,
  });
  const records = (name: string) => {
    const t = ev.tables.find((x: NamedTable) => x.name === name)!;
    return t.rows.map((r) => Object.fromEntries(t.columns.map((c, j) => [c, r[j]])));
  };

  it('risk groups: the reference row is flagged with a null HR; differences in median are computed where both are reached', () => {
    const rg = records('risk_groups');
    for (const cohort of ['training', 'internal_validation', 'external_test']) {
      const [low, high] = rg.filter((r) => r.model === 'mmf-cox' && r.cohort === cohort);
      expect(low).toMatchObject({ reference: 1, hr: null, hr_note: 'reference', median_difference_note: 'reference' });
      expect(high.reference).toBe(0);
      if (typeof low.median_months === 'number' && typeof high.median_months === 'number') expect(high.median_difference_months).toBeCloseTo(high.median_months - low.median_months, 12);
      else expect(high.median_difference_months).toBeNull();
    }
    expect(rg.some((r) => typeof r.median_difference_months === 'number')).toBe(true);
  });
  it('the two-valued score gets a note in words, not the engine function name', () => {
    const notes = ev.notes.filter((x) => x.startsWith('stage') && x.includes('risk groups'));
    expect(notes).toHaveLength(3);
    for (const x of notes) {
      expect(x).not.toContain('summarizeRiskGroups');
      expect(x).toContain('the score takes only 2 distinct values in training');
    }
  });
  it('td-AUC: CI inside [0, 1]; cases and controls; unreliable under 5 of either', () => {
    const auc = records('td_auc');
    expect(auc.length).toBe(2 * 3 * horizons.length);
    for (const r of auc) {
      if (r.ci_lower !== null) expect(r.ci_lower as number).toBeGreaterThanOrEqual(0);
      if (r.ci_upper !== null) expect(r.ci_upper as number).toBeLessThanOrEqual(1);
      expect(r.unreliable).toBe(r.auc !== null && ((r.cases as number) < 5 || (r.controls as number) < 5) ? 1 : 0);
    }
  });
  it('subgroups: every level of the cohort table has a row; not-estimable rows have null HR and a reason', () => {
    const sg = records('subgroups').filter((r) => r.cohort === 'external_test');
    expect(sg.filter((r) => r.variable === 'site').map((r) => r.level)).toEqual(['a', 'b', 'rare']);
    expect(sg.find((r) => r.level === 'rare')).toMatchObject({ n: 0, hr: null, reason: NO_PATIENTS_REASON });
    for (const r of records('subgroups')) if (r.reason !== null) expect([r.hr, r.hr_lower, r.hr_upper, r.p]).toEqual([null, null, null, null]);
    const inter = records('subgroup_interactions').filter((r) => r.cohort === 'external_test');
    expect(inter.find((r) => r.variable === 'centre')).toMatchObject({ chisq: null, p: null, reason: 'not estimable: only one level of centre (C3) in this cohort' });
  });
  it('calibration: groups without an observed estimate are kept with n and a note', () => {
    const cal = records('calibration');
    const missing = cal.filter((r) => r.observed === null);
    expect(missing.length).toBeGreaterThan(0);
    for (const r of missing) {
      expect(r.n as number).toBeGreaterThan(0);
      expect(r.note).toMatch(/^no observed estimate|too few/);
    }
  });
});
