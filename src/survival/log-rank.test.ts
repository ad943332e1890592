import { describe, expect, it } from 'vitest';
import { HccError } from '../core/errors.js';
import { groupingFromValues } from './grouping.js';
import { logRankTest } from './log-rank.js';
import { makeSurvivalData } from './outcome.js';
import type { SurvivalArrays, SurvivalData } from './outcome.js';

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

// A: deaths at 1 and 3; B: death at 2, censored at 4.
const small = () => data({ time: [1, 3, 2, 4], event: [1, 1, 1, 0] });
const ab = groupingFromValues(['A', 'A', 'B', 'B'], 'g');

describe('logRankTest: closed form (tier a, also checked in R survdiff)', () => {
  it('rho = 0: O = 2, E = 4/3, V = 13/18, chisq = 8/13', () => {
    const r = logRankTest(small(), ab);
    expect(r.groups).toEqual(['g=A', 'g=B']);
    expect(Array.from(r.n)).toEqual([2, 2]);
    expect(Array.from(r.observed)).toEqual([2, 1]);
    expect(r.expected[0]).toBeCloseTo(4 / 3, 15);
    expect(r.expected[1]).toBeCloseTo(5 / 3, 15);
    expect(r.variance[0]).toBeCloseTo(13 / 18, 15);
    expect(r.variance[1]).toBeCloseTo(-13 / 18, 15);
    expect(r.chisq).toBeCloseTo(8 / 13, 15);
    expect(r.df).toBe(1);
  });

  it('rho = 1 (Peto-Peto): weights S(t-) = 1, 3/4, 1/2 give O = 1.5, E = 1, V = 0.4375, chisq = 4/7', () => {
    const r = logRankTest(small(), ab, { rho: 1 });
    expect(r.observed[0]).toBeCloseTo(1.5, 15);
    expect(r.expected[0]).toBeCloseTo(1, 15);
    expect(r.variance[0]).toBeCloseTo(0.4375, 15);
    expect(r.chisq).toBeCloseTo(4 / 7, 15);
  });

  it('O - E sums to zero and V rows sum to zero (k = 3)', () => {
    const d = data({ time: [1, 2, 2, 3, 4, 5, 6, 6, 7], event: [1, 1, 1, 0, 1, 1, 1, 0, 1] });
    const g = groupingFromValues(['x', 'y', 'z', 'x', 'y', 'z', 'x', 'y', 'z'], 'g');
    const r = logRankTest(d, g);
    const k = 3;
    expect(Math.abs(r.observed.reduce((s, v) => s + v, 0) - r.expected.reduce((s, v) => s + v, 0))).toBeLessThan(1e-12);
    for (let a = 0; a < k; a++) expect(Math.abs(r.variance[a * k] + r.variance[a * k + 1] + r.variance[a * k + 2])).toBeLessThan(1e-12);
    expect(r.df).toBe(2);
    expect(r.p).toBeGreaterThan(0);
    expect(r.p).toBeLessThanOrEqual(1);
  });
});

describe('logRankTest: bad input (error contracts)', () => {
  it('a grouping with one observed level is a single_group issue', () => {
    const e = thrown(() => logRankTest(small(), groupingFromValues(['A', 'A', 'A', 'A'], 'sex')));
    expect(e.code).toBe('E_INPUT');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['single_group', ['groups']]]);
  });

  it('unused levels do not count as groups', () => {
    const e = thrown(() => logRankTest(small(), { name: 'g', codes: Int32Array.from([0, 0, 0, 0]), levels: ['A', 'B'] }));
    expect(e.issues[0].code).toBe('single_group');
  });

  it('weights, delayed entry and non-finite rho are refused with paths', () => {
    const w = data({ time: [1, 3, 2, 4], event: [1, 1, 1, 0], weights: [1, 2, 1, 1] });
    expect(thrown(() => logRankTest(w, ab)).issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['weights']]]);
    const cp = data({ entry: [0, 0, 0, 1], time: [1, 3, 2, 4], event: [1, 1, 1, 0] });
    expect(thrown(() => logRankTest(cp, ab)).issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['entry']]]);
    expect(thrown(() => logRankTest(small(), ab, { rho: NaN })).issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['rho']]]);
  });

  it('a grouping of the wrong length is refused', () => {
    const e = thrown(() => logRankTest(small(), groupingFromValues(['A', 'B'], 'g')));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['groups']]]);
  });
});

describe('logRankTest: degenerate data is refused, never NaN or df < 1 (review regressions)', () => {
  it('every row censored is a no_events issue at event (R: chisq 0 on -1 df, p NA)', () => {
    const e = thrown(() => logRankTest(data({ time: [1, 3, 2, 4], event: [0, 0, 0, 0] }), ab));
    expect(e.code).toBe('E_INPUT');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['no_events', ['event']]]);
  });

  it('only one group at risk at the event times is single_group (R: df 0)', () => {
    // B's rows leave (censored) before A's only event at 5: E_B = 0.
    const e = thrown(() => logRankTest(data({ time: [5, 6, 1, 2], event: [1, 0, 0, 0] }), ab));
    expect(e.code).toBe('E_INPUT');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['single_group', ['groups']]]);
  });

  it('a single event still gives a finite test (df 1)', () => {
    const r = logRankTest(data({ time: [1, 3, 2, 4], event: [1, 0, 0, 0] }), ab);
    expect(r.df).toBe(1);
    expect(Array.from(r.observed)).toEqual([1, 0]);
    expect(r.expected[0]).toBeCloseTo(0.5, 15);
    expect(Number.isFinite(r.chisq) && Number.isFinite(r.p)).toBe(true);
    expect(r.chisq).toBeCloseTo(1, 15); // (1 - 1/2)^2 / (1/4)
  });
});
