import { describe, expect, it } from 'vitest';
import { HccError } from '../core/errors.js';
import { normalQuantile } from '../core/distributions.js';
import { readCsvFile, tableFromColumns } from '../core/table.js';
import { groupingFromColumn, groupingFromValues } from './grouping.js';
import { kaplanMeier } from './kaplan-meier.js';
import type { KaplanMeierOptions } from './kaplan-meier.js';
import { makeSurvivalData, parseSurvival } from './outcome.js';
import type { SurvivalArrays, SurvivalData } from './outcome.js';
import { productLimit, stepAt, stepBefore } from './product-limit.js';

function data(a: SurvivalArrays): SurvivalData {
  const r = makeSurvivalData(a);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

function thrown(f: () => unknown): HccError {
  try {
    f();
  } catch (e) {
    if (e instanceof HccError) return e;
    throw e;
  }
  throw new Error('expected an HccError');
}

// Four deaths at 1, 2, 3, 4: S = 3/4, 1/2, 1/4, 0 (hand-solvable).
const allDie = () => data({ time: [4, 2, 3, 1], event: [1, 1, 1, 1] });

describe('kaplanMeier: closed form (tier a)', () => {
  it('surv, Greenwood and Nelson-Aalen on four deaths', () => {
    const c = kaplanMeier(allDie()).curves[0];
    expect(c.label).toBe('all');
    expect(Array.from(c.time)).toEqual([1, 2, 3, 4]);
    expect(Array.from(c.nRisk)).toEqual([4, 3, 2, 1]);
    expect(Array.from(c.surv)).toEqual([0.75, 0.5, 0.25, 0]);
    // se(-log S) = sqrt(Σ d / (n (n - d))): 1/12, + 1/6, + 1/2, then n = d gives Infinity (R: Inf).
    expect(c.stdErr[0]).toBeCloseTo(Math.sqrt(1 / 12), 15);
    expect(c.stdErr[1]).toBeCloseTo(Math.sqrt(1 / 12 + 1 / 6), 15);
    expect(c.stdErr[2]).toBeCloseTo(Math.sqrt(1 / 12 + 1 / 6 + 1 / 2), 15);
    expect(c.stdErr[3]).toBe(Infinity);
    expect(c.cumhaz[3]).toBeCloseTo(1 / 4 + 1 / 3 + 1 / 2 + 1, 15);
    expect(c.stdChaz[3]).toBeCloseTo(Math.sqrt(1 / 16 + 1 / 9 + 1 / 4 + 1), 15);
    // log CI: S exp(±z se), upper capped at 1; NA (NaN) at S = 0. R: 0.42593227, 0.18765893, 0.04579076, NA.
    const z = normalQuantile(0.975);
    expect(c.lower[0]).toBeCloseTo(0.75 * Math.exp(-z * Math.sqrt(1 / 12)), 15);
    expect(c.lower[1]).toBeCloseTo(0.18765893, 8);
    expect(Number.isNaN(c.lower[3]) && Number.isNaN(c.upper[3])).toBe(true);
    expect(c.upper[0]).toBe(1);
  });

  it('z for 95% is qnorm(0.975) to 1e-14 (CI error then << 1e-10)', () => {
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-14);
  });

  it('half-way rule: S exactly at 1 - p over a flat gives the midpoint (R: 1.5, 2.5, 3.5)', () => {
    const c = kaplanMeier(allDie()).curves[0];
    expect(c.quantiles.map((q) => q.time)).toEqual([1.5, 2.5, 3.5]);
    expect(c.quantiles.map((q) => q.lower)).toEqual([1, 1, 2]);
    expect(c.quantiles.map((q) => q.upper)).toEqual([null, null, null]);
    expect(c.median).toEqual({ median: 2.5, lower: 1, upper: null });
  });

  it('S = 0.5 to the end of follow-up: table median is the start of the flat, quantile the midpoint to the last time (R: 2 vs 3)', () => {
    const c = kaplanMeier(data({ time: [1, 2, 3, 4], event: [1, 1, 0, 0] })).curves[0];
    expect(c.median.median).toBe(2);
    expect(c.quantiles.map((q) => q.time)).toEqual([1.5, 3, null]);
  });

  it('restricted mean and its se (R: 2.5, 0.559016994374947 = sqrt(5)/4)', () => {
    const c = kaplanMeier(allDie(), { rmeanTau: 4 }).curves[0];
    expect(c.rmean!.rmean).toBeCloseTo(2.5, 14);
    expect(c.rmean!.se).toBeCloseTo(Math.sqrt(5) / 4, 14);
    // tau beyond the last time carries S forward (0 here): same area.
    expect(kaplanMeier(allDie(), { rmeanTau: 10 }).curves[0].rmean!.rmean).toBeCloseTo(2.5, 14);
    // tau inside: ∫_0^1.5 S = 1 + 0.5 · 0.75.
    expect(kaplanMeier(allDie(), { rmeanTau: 1.5 }).curves[0].rmean!.rmean).toBeCloseTo(1.375, 14);
  });

  it('values at fixed times, plain CI with NaN after S = 0 (R summary(fit, times, extend = TRUE))', () => {
    const c = kaplanMeier(allDie(), { confType: 'plain', times: [10, 0.5, 2, 4] }).curves[0];
    const at = c.atTimes!;
    expect(Array.from(at.time)).toEqual([0.5, 2, 4, 10]);
    expect(Array.from(at.nRisk)).toEqual([4, 3, 1, 0]);
    expect(Array.from(at.nEvent)).toEqual([0, 2, 2, 0]);
    expect(Array.from(at.surv)).toEqual([1, 0.5, 0, 0]);
    expect(at.stdErr[1]).toBeCloseTo(0.25, 15);
    expect([at.lower[0], at.upper[0]]).toEqual([1, 1]);
    expect(at.lower[1]).toBeCloseTo(0.5 - normalQuantile(0.975) * 0.25, 14);
    expect(Number.isNaN(at.stdErr[2]) && Number.isNaN(at.lower[3])).toBe(true);
  });

  it('delayed entry: at risk when entry < t <= exit, entries counted per interval', () => {
    // rows (0,3] event, (2,5] event, (0,6] censored, (4,8] event
    const d = data({ entry: [0, 2, 0, 4], time: [3, 5, 6, 8], event: [1, 1, 0, 1] });
    const c = kaplanMeier(d).curves[0];
    expect(Array.from(c.time)).toEqual([3, 5, 6, 8]);
    expect(Array.from(c.nRisk)).toEqual([3, 3, 2, 1]);
    expect(Array.from(c.nEnter!)).toEqual([3, 1, 0, 0]);
    expect(c.surv[0]).toBeCloseTo(2 / 3, 15);
    expect(c.surv[1]).toBeCloseTo(4 / 9, 15);
    expect(c.surv[3]).toBe(0);
  });

  it('integer case weights act as replicated rows (R survfit weights: surv .714, .571, 0; std.err .2390457, .3273268)', () => {
    const w = data({ time: [1, 2, 2, 3], event: [1, 1, 0, 1], weights: [2, 1, 3, 1] });
    const rep = data({ time: [1, 1, 2, 2, 2, 2, 3], event: [1, 1, 1, 0, 0, 0, 1] });
    const a = kaplanMeier(w);
    const b = kaplanMeier(rep).curves[0];
    expect(Array.from(a.curves[0].nRisk)).toEqual([7, 5, 1]);
    expect(Array.from(a.curves[0].surv)).toEqual(Array.from(b.surv));
    expect(Array.from(a.curves[0].stdErr)).toEqual(Array.from(b.stdErr));
    expect(a.curves[0].stdErr[1]).toBeCloseTo(0.3273268, 7);
    expect(a.warnings).toEqual([]);
    const frac = kaplanMeier(data({ time: [1, 2, 3], event: [1, 1, 1], weights: [0.5, 1, 1] }));
    expect(frac.warnings.map((i) => [i.code, i.path])).toEqual([['bad_option', ['weights']]]);
  });

  it('groups crossed with strata give one curve per non-empty cell, R-style labels', () => {
    const d = data({ time: [1, 2, 3, 4, 5, 6], event: [1, 1, 1, 1, 0, 1], strata: ['a', 'b', 'a', 'b', 'a', 'a'] });
    const g = groupingFromValues([1, 1, 2, 2, 1, 2], 'arm');
    const r = kaplanMeier(d, { groups: g, strataName: 'site' });
    expect(r.curves.map((c) => [c.label, c.records])).toEqual([
      ['arm=1, site=a', 2],
      ['arm=1, site=b', 1],
      ['arm=2, site=a', 2],
      ['arm=2, site=b', 1],
    ]);
  });
});

describe('kaplanMeier: invariants on lung (tier c)', () => {
  const lung = readCsvFile(new URL('../../data/lung.csv', import.meta.url).pathname);
  const parsed = parseSurvival(lung, { time: 'time', event: 'status', alsoRequire: ['ph.ecog'] });
  if (!parsed.ok) throw new Error('lung did not parse');
  const d = parsed.value.data;
  const g = groupingFromColumn(lung, 'ph.ecog', d);
  if (!g.ok) throw new Error('grouping failed');

  for (const confType of ['log', 'log-log', 'plain'] as const) {
    it(`S in [0, 1], non-increasing; CI brackets S; Λ non-decreasing (${confType})`, () => {
      const r = kaplanMeier(d, { groups: g.value, confType });
      expect(r.curves.length).toBe(4);
      expect(r.curves.reduce((s, c) => s + c.records, 0)).toBe(d.n);
      for (const c of r.curves) {
        for (let j = 0; j < c.time.length; j++) {
          expect(c.surv[j] >= 0 && c.surv[j] <= 1).toBe(true);
          if (j > 0) {
            expect(c.surv[j]).toBeLessThanOrEqual(c.surv[j - 1]);
            expect(c.cumhaz[j]).toBeGreaterThanOrEqual(c.cumhaz[j - 1]);
            expect(c.nRisk[j]).toBe(c.nRisk[j - 1] - c.nEvent[j - 1] - c.nCensor[j - 1]);
          }
          if (!Number.isNaN(c.lower[j])) {
            expect(c.lower[j]).toBeLessThanOrEqual(c.surv[j] + 1e-15);
            expect(c.upper[j]).toBeGreaterThanOrEqual(c.surv[j] - 1e-15);
          }
        }
        expect(c.events).toBe(Array.from(c.nEvent).reduce((a, b) => a + b, 0));
      }
    });
  }
});

describe('kaplanMeier: bad input (error contracts)', () => {
  const d = allDie();
  const cases: { name: string; options: KaplanMeierOptions; code: string; issue: string; path: (string | number)[] }[] = [
    { name: 'unknown conf type', options: { confType: 'logit' as never }, code: 'E_OPTION', issue: 'bad_option', path: ['confType'] },
    { name: 'conf level 95', options: { confLevel: 95 }, code: 'E_OPTION', issue: 'bad_option', path: ['confLevel'] },
    { name: 'probability > 1', options: { probs: [0.5, 1.5] }, code: 'E_OPTION', issue: 'bad_option', path: ['probs', 1] },
    { name: 'NaN report time', options: { times: [1, NaN] }, code: 'E_OPTION', issue: 'bad_option', path: ['times', 1] },
    { name: 'rmean tau before the first time', options: { rmeanTau: 0.5 }, code: 'E_OPTION', issue: 'bad_option', path: ['rmeanTau'] },
    { name: 'grouping of the wrong length', options: { groups: groupingFromValues([1, 2], 'g') }, code: 'E_OPTION', issue: 'bad_option', path: ['groups'] },
    { name: 'code outside the levels', options: { groups: { name: 'g', codes: Int32Array.from([0, 0, 1, 5]), levels: ['a', 'b'] } }, code: 'E_INPUT', issue: 'unknown_level', path: ['groups', 3] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = thrown(() => kaplanMeier(d, c.options));
      expect(e.code).toBe(c.code);
      expect(e.issues.map((i) => [i.code, i.path])).toEqual([[c.issue, c.path]]);
    });
  }

  it('grouping from a table: missing column and missing value are issues with paths', () => {
    const t = tableFromColumns({ time: [1, 2, 3], event: [1, 0, 1], arm: ['a', null, 'b'] });
    const p = parseSurvival(t, { time: 'time', event: 'event' });
    if (!p.ok) throw new Error('parse failed');
    const missingCol = groupingFromColumn(t, 'sex', p.value.data);
    expect(missingCol.ok ? [] : missingCol.issues.map((i) => [i.code, i.path])).toEqual([['missing_column', ['<memory>', 'sex']]]);
    const missingVal = groupingFromColumn(t, 'arm', p.value.data);
    expect(missingVal.ok ? [] : missingVal.issues.map((i) => [i.code, i.path])).toEqual([['missing_value', ['row', 2, 'arm']]]);
  });
});

describe('productLimit kernel and step helpers (used for IPCW weights)', () => {
  it('reverse KM: censorings are the events', () => {
    const d = data({ time: [1, 2, 3, 4], event: [1, 0, 1, 0] });
    const g = productLimit(d, { target: 'censoring' });
    expect(Array.from(g.time)).toEqual([1, 2, 3, 4]);
    expect(Array.from(g.nEvent)).toEqual([0, 1, 0, 1]);
    expect(Array.from(g.surv)).toEqual([1, 2 / 3, 2 / 3, 0]);
  });

  it('rows option restricts the estimate to a subset', () => {
    const d = data({ time: [1, 2, 3, 4], event: [1, 1, 1, 1] });
    const pl = productLimit(d, { rows: [1, 3] });
    expect(Array.from(pl.time)).toEqual([2, 4]);
    expect(Array.from(pl.surv)).toEqual([0.5, 0]);
  });

  it('stepAt is right-continuous, stepBefore left-continuous', () => {
    const t = [1, 2, 3];
    const v = [0.9, 0.5, 0.2];
    expect([stepAt(t, v, 0.5), stepAt(t, v, 1), stepAt(t, v, 2.5), stepAt(t, v, 9)]).toEqual([1, 0.9, 0.5, 0.2]);
    expect([stepBefore(t, v, 1), stepBefore(t, v, 2), stepBefore(t, v, 2.5), stepBefore(t, v, 0)]).toEqual([1, 0.9, 0.5, 1]);
  });
});
