// Reference tests (tier b, cross-implementation: R survival 3.5-3 / rms 6.5-0) for the model
// assessment tools. Cases live in test/reference/survival/<case>/ with their generate.R.
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/core/table.js';
import { numericColumn } from '../../src/core/table.js';
import { expectAllClose, expectClose, localReferencePath, readLocalJson } from '../helpers/reference.js';
import { prettyBreaks } from '../../src/survival/assessment/pretty.js';
import { buildNomogram, nomogramAxisValues, predictSurvivalFromLp, termPoints, totalPointsToLp, lpToTotalPoints } from '../../src/survival/assessment/nomogram.js';
import type { NomogramTerm } from '../../src/survival/assessment/nomogram.js';

const arr = (v: number | number[]): number[] => (Array.isArray(v) ? v : [v]);

function pbcColumn(name: string): Float64Array {
  const t = readCsvFile(localReferencePath('survival/riskgroup_pbc_mayo_median/input.csv'));
  return numericColumn(t, name).values;
}

describe('pretty_breaks (R pretty)', () => {
  const ref = readLocalJson('survival/pretty_breaks/expected.json');
  it('matches pretty() on every stored range', () => {
    expect(ref.cases.length).toBeGreaterThan(200);
    for (const c of ref.cases) {
      const got = prettyBreaks(Number(c.lo), Number(c.hi), c.n).breaks;
      expectAllClose(got, arr(c.breaks), { abs: 1e-12, rel: 1e-12 }, `pretty(${c.lo}, ${c.hi}, ${c.n})`);
    }
  });
});

describe('nomogram_pbc_mayo (rms::nomogram)', () => {
  const ref = readLocalJson('survival/nomogram_pbc_mayo/expected.json');
  const terms: NomogramTerm[] = ref.terms.map((t: any) => ({ kind: 'continuous', name: t.name, coefficient: t.coefficient, transform: t.transform, at: t.values }));
  const nomo = buildNomogram(terms, {
    center: ref.center,
    lpRange: { min: ref.lp_range[0], max: ref.lp_range[1] },
    nint: ref.nint,
    survival: { horizons: ref.survival.horizons, baseline: ref.survival.baseline },
  });

  it('axis values: distinct values (edema) or pretty over the full data range (bili given explicitly)', () => {
    for (const t of ref.terms) {
      if (t.name === 'bili') continue;
      expectAllClose(nomogramAxisValues(pbcColumn(t.name)), t.values, { abs: 1e-12 }, `${t.name} axis`);
    }
  });
  it('points per variable value at abs 1e-8', () => {
    for (const [j, t] of ref.terms.entries()) {
      expect(nomo.terms[j].points.length).toBe(t.values.length);
      expectAllClose(nomo.terms[j].contributions, t.xbeta, { abs: 1e-10 }, `${t.name} Xbeta`);
      expectAllClose(nomo.terms[j].points, t.points, { abs: 1e-8 }, `${t.name} points`);
    }
    expectClose(termPoints(nomo, 'bili', 28), 100, { abs: 1e-8 }, 'widest term spans 0..100');
  });
  it('scale, intercept, lp and total-points axes', () => {
    expectClose(nomo.scale, ref.scale, { abs: 1e-10 }, 'sc');
    expectClose(nomo.intercept, ref.intercept, { abs: 1e-10 }, 'Intercept');
    expectAllClose(nomo.lpAxis!.lp, ref.lp_axis.lp, { abs: 1e-12 }, 'lp.at');
    expectAllClose(nomo.lpAxis!.points, ref.lp_axis.points, { abs: 1e-8 }, 'lp axis points');
    expectAllClose(nomo.totalPointsAxis, ref.total_points_axis, { abs: 1e-12 }, 'total points axis');
    for (const [k, lp] of ref.lp_axis.lp.entries()) {
      expectClose(totalPointsToLp(nomo, ref.lp_axis.points[k]), lp, { abs: 1e-10 }, `points -> lp ${lp}`);
      expectClose(lpToTotalPoints(nomo, lp), ref.lp_axis.points[k], { abs: 1e-8 }, `lp -> points ${lp}`);
    }
  });
  it('predicted survival at 1 and 3 years along the lp axis', () => {
    for (const [h, s] of nomo.survival.entries()) expectAllClose(s.atLpAxis, ref.survival.at_lp_axis[h], { rel: 1e-10 }, `S(${s.horizon})`);
  });
  it('survival function axes: exact inverse vs rms (which interpolates) within 1e-3 points', () => {
    for (const [h, ax] of ref.fun_axes.entries()) {
      const s0 = ref.survival.baseline[h];
      const pts = ax.at.map((s: number) => lpToTotalPoints(nomo, Math.log(Math.log(s) / Math.log(s0))));
      expectAllClose(pts, ax.points, { abs: 1e-3 }, `${ax.label} axis`);
      expectClose(predictSurvivalFromLp(totalPointsToLp(nomo, pts[0]), s0), ax.at[0], { abs: 1e-12 }, 'round trip');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Risk groups: cut-offs (quantile type 7, score <= cut goes down), summaries, transfer, optimal.
import { parseSurvival, subsetSurvival } from '../../src/survival/outcome.js';
import type { SurvivalData } from '../../src/survival/outcome.js';
import { maxSelectedLogRank } from '../../src/survival/assessment/max-selected-logrank.js';
import { assignRiskGroups, learnCutoffs, summarizeRiskGroups } from '../../src/survival/assessment/risk-groups.js';
import type { RiskGroupSummary } from '../../src/survival/assessment/risk-groups.js';

function pbcOutcome(): { data: SurvivalData; lp: Float64Array } {
  const t = readCsvFile(localReferencePath('survival/riskgroup_pbc_mayo_median/input.csv'));
  const r = parseSurvival(t, { time: 'time', event: 'event' });
  if (!r.ok) throw new Error('pbc input did not parse');
  expect(r.value.data.n).toBe(312);
  return { data: r.value.data, lp: numericColumn(t, 'lp').values };
}
const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);

function expectSummary(got: RiskGroupSummary, ref: any, label: string): void {
  expect(got.groups.map((g) => g.n), `${label} n`).toEqual(ref.n);
  expect(got.groups.map((g) => g.events), `${label} events`).toEqual(ref.events);
  expect(got.groups.map((g) => g.median), `${label} median`).toEqual(ref.median);
  expect(got.groups.map((g) => g.medianLower), `${label} median lower`).toEqual(ref.median_lower);
  expect(got.groups.map((g) => g.medianUpper), `${label} median upper`).toEqual(ref.median_upper);
  expectAllClose(got.logRank.observed, ref.logrank.observed, { abs: 0 }, `${label} observed`);
  expectAllClose(got.logRank.expected, ref.logrank.expected, { rel: 1e-9 }, `${label} expected`);
  expectClose(got.logRank.chisq, ref.logrank.chisq, { rel: 1e-9 }, `${label} log-rank chisq`);
  expect(got.logRank.df).toBe(ref.logrank.df);
  expectClose(got.logRank.p, ref.logrank.p, { rel: 1e-8 }, `${label} log-rank p`);
  const others = got.groups.filter((g) => !g.reference);
  expect(got.groups[0].reference).toBe(true);
  expect(got.groups[0].hr).toBe(1);
  expectAllClose(others.map((g) => g.hr!), ref.cox.hr, { rel: 1e-5 }, `${label} HR`);
  expectAllClose(others.map((g) => g.hrLower!), ref.cox.lower, { rel: 1e-5 }, `${label} HR lower`);
  expectAllClose(others.map((g) => g.hrUpper!), ref.cox.upper, { rel: 1e-5 }, `${label} HR upper`);
  expectAllClose(others.map((g) => g.p!), ref.cox.p, { rel: 1e-5 }, `${label} Wald p`);
  expectClose(got.cox.loglik[1], ref.cox.loglik[1], { rel: 1e-7 }, `${label} loglik`);
}

for (const method of ['median', 'tertiles'] as const) {
  describe(`riskgroup_pbc_mayo_${method}`, () => {
    const ref = readLocalJson(`survival/riskgroup_pbc_mayo_${method}/expected.json`);
    const { data, lp } = pbcOutcome();
    it('cut-offs (R quantile type 7) and group counts', () => {
      const cuts = learnCutoffs(lp, { method });
      expectAllClose(cuts.cutoffs, ref.full.cutoffs, { rel: 1e-12 }, 'cut-offs');
      const g = assignRiskGroups(lp, cuts);
      expect(Array.from(g.counts)).toEqual(ref.full.n);
    });
    it('full cohort: n, events, medians (exact), log-rank (rel 1e-9), HR vs lowest (rel 1e-5)', () => {
      const g = assignRiskGroups(lp, learnCutoffs(lp, { method }));
      expectSummary(summarizeRiskGroups(data, g), ref.full, 'full');
    });
    it('transfer: cut-offs learned on rows 1..200 applied unchanged to rows 201..312', () => {
      const train = range(0, 200);
      const test = range(200, 312);
      const cuts = learnCutoffs(lp.subarray(0, 200), { method });
      expectAllClose(cuts.cutoffs, ref.transfer.cutoffs, { rel: 1e-12 }, 'training cut-offs');
      expectSummary(summarizeRiskGroups(subsetSurvival(data, train), assignRiskGroups(lp.subarray(0, 200), cuts)), ref.transfer.train, 'train');
      expectSummary(summarizeRiskGroups(subsetSurvival(data, test), assignRiskGroups(lp.subarray(200), cuts)), ref.transfer.test, 'test');
    });
  });
}

describe('riskgroup_pbc_mayo_optimal (maximally selected log-rank, training rows only)', () => {
  const ref = readLocalJson('survival/riskgroup_pbc_mayo_optimal/expected.json');
  const { data, lp } = pbcOutcome();
  const train = subsetSurvival(data, range(0, 200));
  it('every candidate statistic matches survdiff (rel 1e-9); selected cut-off and adjusted p', () => {
    const scan = maxSelectedLogRank(train, lp.subarray(0, 200), { minProp: ref.min_prop, maxProp: ref.max_prop });
    expectAllClose(scan.quantileBounds, ref.quantile_bounds, { rel: 1e-12 }, 'quantile bounds');
    expect(scan.candidates.length).toBe(ref.n_candidates);
    expectAllClose(scan.candidates, ref.candidates, { rel: 1e-12 }, 'candidates');
    expectAllClose(scan.statistics, ref.statistics, { rel: 1e-9 }, 'statistics');
    expect(scan.selectedIndex + 1).toBe(ref.selected.index);
    expectClose(scan.cutoff, ref.selected.cutoff, { rel: 1e-12 }, 'cut-off');
    expectClose(scan.statistic, ref.selected.statistic, { rel: 1e-9 }, 'max statistic');
    expectClose(scan.lausenSchumacherP, ref.selected.lausen_schumacher_p, { rel: 1e-6 }, 'Lausen-Schumacher p');
  });
  it('learnCutoffs(optimal) applied to the test rows', () => {
    const cuts = learnCutoffs(lp.subarray(0, 200), { method: 'optimal' }, train);
    expectClose(cuts.cutoffs[0], ref.selected.cutoff, { rel: 1e-12 }, 'cut-off');
    const g = assignRiskGroups(lp.subarray(0, 200), cuts);
    expect(Array.from(g.counts)).toEqual([ref.selected.n_low, ref.selected.n_high]);
    const testGroups = assignRiskGroups(lp.subarray(200), cuts);
    expect(Array.from(testGroups.counts)).toEqual(ref.test.n);
    const s = summarizeRiskGroups(subsetSurvival(data, range(200, 312)), testGroups);
    expect(s.groups.map((r) => r.events)).toEqual(ref.test.events);
    expectClose(s.logRank.chisq, ref.test.chisq, { rel: 1e-9 }, 'test log-rank');
  });
});

// ---------------------------------------------------------------------------------------------
// Subgroup analysis (forest plot rows) with interaction LRT.
import { groupingFromColumn } from '../../src/survival/grouping.js';
import { forestRows, subgroupAnalysis } from '../../src/survival/assessment/subgroups.js';

describe('forest_pbc_trt (treatment HR within subgroups, interaction LRT)', () => {
  const ref = readLocalJson('survival/forest_pbc_trt/expected.json');
  const table = readCsvFile(localReferencePath('survival/forest_pbc_trt/input.csv'));
  const parsed = parseSurvival(table, { time: 'time', event: 'event' });
  if (!parsed.ok) throw new Error('forest input did not parse');
  const data = parsed.value.data;
  const grouping = (c: string) => {
    const g = groupingFromColumn(table, c, data);
    if (!g.ok) throw new Error(c);
    return g.value;
  };
  const by = ['sex', 'agegrp', 'edemagrp', 'stagegrp'];
  const res = subgroupAnalysis(data, grouping('trt'), by.map(grouping));

  it('rows in R order with exact n / events', () => {
    expect(res.exposure.reference).toBe(ref.exposure.reference);
    expect(res.rows.map((r) => r.variable)).toEqual(ref.rows.map((r: any) => r.variable));
    expect(res.rows.map((r) => r.level)).toEqual(ref.rows.map((r: any) => r.level));
    expect(res.rows.map((r) => r.n)).toEqual(ref.rows.map((r: any) => r.n));
    expect(res.rows.map((r) => r.events)).toEqual(ref.rows.map((r: any) => r.events));
  });
  it('HR, 95% CI, Wald p at rel 1e-5', () => {
    for (const [k, r] of ref.rows.entries()) {
      const got = res.rows[k];
      expectClose(got.estimate, r.hr, { rel: 1e-5 }, `${r.label} HR`);
      expectClose(got.lower, r.lower, { rel: 1e-5 }, `${r.label} lower`);
      expectClose(got.upper, r.upper, { rel: 1e-5 }, `${r.label} upper`);
      expectClose(got.p, r.p, { rel: 1e-5 }, `${r.label} p`);
      expect(got.converged).toBe(true);
    }
  });
  it('interaction LRT per variable (chisq rel 1e-5 / abs 1e-8, df exact, p rel 1e-5)', () => {
    expect(res.interactions.map((i) => i.variable)).toEqual(by);
    for (const i of res.interactions) {
      const r = ref.interaction[i.variable];
      expect(i.levels).toEqual(r.levels);
      expect(i.df).toBe(r.df);
      expectClose(i.loglikMain, r.loglik_main, { rel: 1e-9 }, `${i.variable} loglik main`);
      expectClose(i.loglikInteraction, r.loglik_interaction, { rel: 1e-9 }, `${i.variable} loglik interaction`);
      expectClose(i.chisq, r.chisq, { rel: 1e-5, abs: 1e-8 }, `${i.variable} chisq`);
      expectClose(i.p, r.p, { rel: 1e-5 }, `${i.variable} p`);
    }
  });
  it('forest rows are plain {label, estimate, lower, upper, n, events, p}', () => {
    const rows = forestRows(res);
    expect(rows.length).toBe(ref.rows.length);
    expect(Object.keys(rows[0]).sort()).toEqual(['estimate', 'events', 'label', 'lower', 'n', 'p', 'upper']);
    expect(rows[0].label).toBe('Overall');
  });
});
