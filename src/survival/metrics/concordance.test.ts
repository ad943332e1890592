import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import type { SurvivalData } from '../outcome.js';
import { makeSurvivalData } from '../outcome.js';
import type { PairCounts, TiedTimeRule } from './concordance-kernel.js';
import { prepareConcordance, sweepConcordance } from './concordance-kernel.js';
import type { TimeWeighting } from './concordance-time-weights.js';
import { concordanceIndex } from './concordance.js';
import { FenwickTree } from './fenwick-tree.js';
import { orderByValue } from './radix-order.js';
import { asRiskScore } from './risk-score.js';

function data(a: Parameters<typeof makeSurvivalData>[0]): SurvivalData {
  const r = makeSurvivalData(a);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** Oracle tier (c): the O(n²) definition, written independently of the sweep. */
function brute(d: SurvivalData, risk: ArrayLike<number>, tw: (t: number, stratum: number) => number, rule: TiedTimeRule) {
  const n = d.n;
  const c: PairCounts = { concordant: 0, discordant: 0, tiedX: 0, tiedY: 0, tiedXY: 0 };
  const ic = new Float64Array(n), id = new Float64Array(n), it = new Float64Array(n);
  const w = (i: number) => (d.weights ? d.weights[i] : 1);
  for (let i = 0; i < n; i++) {
    if (!d.event[i]) continue;
    for (let j = 0; j < n; j++) {
      if (j === i || (d.strata && d.strata[i] !== d.strata[j])) continue;
      const s = d.strata ? d.strata[i] : 0;
      const tau = tw(d.time[i], s);
      if (d.time[j] === d.time[i] && d.event[j]) {
        if (j < i) continue; // count each tied event pair once
        if (risk[i] === risk[j]) c.tiedXY += w(i) * w(j) * tau;
        else c.tiedY += w(i) * w(j) * tau;
        continue;
      }
      const comparable = d.time[j] > d.time[i] || (rule === 'censored-after-event' && d.time[j] === d.time[i] && !d.event[j]);
      if (!comparable) continue;
      const pw = w(i) * w(j) * tau;
      if (risk[i] > risk[j]) {
        c.concordant += pw;
        ic[i] += w(j) * tau;
        ic[j] += w(i) * tau;
      } else if (risk[i] < risk[j]) {
        c.discordant += pw;
        id[i] += w(j) * tau;
        id[j] += w(i) * tau;
      } else {
        c.tiedX += pw;
        it[i] += w(j) * tau;
        it[j] += w(i) * tau;
      }
    }
  }
  return { c, ic, id, it };
}

function randomData(seed: number, n: number, opts: { strata?: boolean; weights?: boolean } = {}) {
  const rng = createRng(seed);
  const time = Array.from({ length: n }, () => 1 + rng.int(12));
  const event = Array.from({ length: n }, () => (rng.uniform() < 0.6 ? 1 : 0));
  const risk = Array.from({ length: n }, () => rng.int(6) - 2);
  const strata = opts.strata ? Array.from({ length: n }, () => rng.int(3)) : undefined;
  const weights = opts.weights ? Array.from({ length: n }, () => 0.5 + rng.int(4) / 2) : undefined;
  return { d: data({ time, event, strata, weights }), risk };
}

function expectCountsClose(a: PairCounts, b: PairCounts) {
  for (const k of ['concordant', 'discordant', 'tiedX', 'tiedY', 'tiedXY'] as const) expect(a[k]).toBeCloseTo(b[k], 9);
}

describe('hand-solvable example (oracle tier a)', () => {
  // A t=1 event r=5; B t=1 censored r=5; C t=1 event r=3; D t=2 event r=3; E t=3 censored r=1.
  // Events at 1 (A, C) meet B (censored at 1), D and E: A: B tied.x, D conc, E conc; C: B disc, D tied.x, E conc;
  // A-C tied.y; D meets E: conc. -> 4 concordant, 1 discordant, 2 tied.x, 1 tied.y; C = (4 + 1) / 7.
  const d = data({ time: [1, 1, 1, 2, 3], event: [1, 0, 1, 1, 0] });
  const r = [5, 5, 3, 3, 1];
  it('counts and C', () => {
    const res = concordanceIndex(d, r);
    if (!res.ok) throw new Error();
    expect(res.value.counts).toEqual({ concordant: 4, discordant: 1, tiedX: 2, tiedY: 1, tiedXY: 0 });
    expect(res.value.concordance).toBeCloseTo(5 / 7, 15);
  });
  it('strict rule (survcomp) drops the pairs with the row censored at 1', () => {
    const k = sweepConcordance(prepareConcordance(d.time, d.event, asRiskScore(r), null, 'strict'), { weights: null, timeWeighting: 'n', tauDays: null, influence: true });
    expect(k.total).toEqual({ concordant: 4, discordant: 0, tiedX: 1, tiedY: 1, tiedXY: 0 });
    expect(Array.from(k.inConcordant!)).toEqual([2, 0, 1, 2, 3]);
    expect(Array.from(k.inTiedX!)).toEqual([0, 0, 1, 1, 0]);
  });
  it("direction 'higher-is-better' mirrors C and keeps the variance", () => {
    const a = concordanceIndex(d, r);
    const b = concordanceIndex(d, r, { direction: 'higher-is-better' });
    if (!a.ok || !b.ok) throw new Error();
    expect(b.value.concordance).toBeCloseTo(1 - a.value.concordance, 15);
    expect(b.value.counts.concordant).toBe(a.value.counts.discordant);
    expect(b.value.variance).toBeCloseTo(a.value.variance, 15);
  });
});

describe('sweep equals the O(n²) definition (oracle tier c)', () => {
  const cases = [
    { name: 'plain', seed: 1, opts: {} },
    { name: 'strata', seed: 2, opts: { strata: true } },
    { name: 'weights', seed: 3, opts: { weights: true } },
    { name: 'strata + weights', seed: 4, opts: { strata: true, weights: true } },
  ];
  for (const c of cases) {
    for (const rule of ['censored-after-event', 'strict'] as const) {
      it(`${c.name}, ${rule}: counts and per-row influence counts`, () => {
        const { d, risk } = randomData(c.seed, 60, c.opts);
        const k = sweepConcordance(prepareConcordance(d.time, d.event, asRiskScore(risk), d.strata, rule), { weights: d.weights, timeWeighting: 'n', tauDays: null, influence: true });
        const b = brute(d, risk, () => 1, rule);
        expectCountsClose(k.total, b.c);
        for (let i = 0; i < d.n; i++) {
          expect(k.inConcordant![i]).toBeCloseTo(b.ic[i], 9);
          expect(k.inDiscordant![i]).toBeCloseTo(b.id[i], 9);
          expect(k.inTiedX![i]).toBeCloseTo(b.it[i], 9);
        }
      });
    }
  }

  it('tau: events after tau anchor no pairs', () => {
    const { d, risk } = randomData(5, 80);
    const k = sweepConcordance(prepareConcordance(d.time, d.event, asRiskScore(risk), null, 'censored-after-event'), { weights: null, timeWeighting: 'n', tauDays: 6.5, influence: false });
    expectCountsClose(k.total, brute(d, risk, (t) => (t > 6.5 ? 0 : 1), 'censored-after-event').c);
  });

  it("time weights 'S', 'S/G', 'n/G2', 'I' from a direct Kaplan-Meier (events before censorings at ties)", () => {
    const { d, risk } = randomData(6, 70, { weights: true });
    const w = (i: number) => d.weights![i];
    const W = Array.from({ length: d.n }, (_, i) => w(i)).reduce((a, b) => a + b, 0);
    const times = [...new Set(d.time)].sort((a, b) => a - b);
    const at = (t: number, f: (i: number) => boolean) => Array.from({ length: d.n }, (_, i) => (f(i) ? w(i) : 0)).reduce((a, b) => a + b, 0);
    const Y = (t: number) => at(t, (i) => d.time[i] >= t);
    const Sminus = (t: number) => times.filter((u) => u < t).reduce((s, u) => s * (1 - at(u, (i) => d.time[i] === u && d.event[i] === 1) / Y(u)), 1);
    const Gminus = (t: number) =>
      times.filter((u) => u < t).reduce((g, u) => {
        const r = Y(u) - at(u, (i) => d.time[i] === u && d.event[i] === 1);
        const c = at(u, (i) => d.time[i] === u && d.event[i] === 0);
        return c > 0 ? g * (1 - c / r) : g;
      }, 1);
    const weightFns: Record<Exclude<TimeWeighting, 'n'>, (t: number) => number> = {
      S: (t) => (W * Sminus(t)) / Y(t),
      'S/G': (t) => (W * Sminus(t)) / (Gminus(t) * Y(t)),
      'n/G2': (t) => 1 / Gminus(t) ** 2,
      I: (t) => 1 / Y(t),
    };
    const prep = prepareConcordance(d.time, d.event, asRiskScore(risk), null, 'censored-after-event');
    for (const [tw, f] of Object.entries(weightFns)) {
      const k = sweepConcordance(prep, { weights: d.weights, timeWeighting: tw as TimeWeighting, tauDays: null, influence: true });
      const b = brute(d, risk, f, 'censored-after-event');
      expectCountsClose(k.total, b.c);
      for (let i = 0; i < d.n; i++) expect(k.inConcordant![i]).toBeCloseTo(b.ic[i], 9);
    }
  });

  it('variance = Σ U² with U from the brute-force per-row counts', () => {
    const { d, risk } = randomData(7, 50);
    const res = concordanceIndex(d, risk);
    if (!res.ok) throw new Error();
    const b = brute(d, risk, () => 1, 'censored-after-event');
    const P = b.c.concordant + b.c.discordant + b.c.tiedX;
    const D = (b.c.concordant - b.c.discordant) / P;
    let v = 0;
    for (let i = 0; i < d.n; i++) v += (((b.ic[i] - b.id[i]) / P - (D / P) * (b.ic[i] + b.id[i] + b.it[i])) / 2) ** 2;
    expect(res.value.variance).toBeCloseTo(v, 14);
    expect(res.value.influence.reduce((s, u) => s + u * u, 0)).toBeCloseTo(v, 14);
  });
});

describe('input problems are issues with code and path', () => {
  const d = data({ time: [1, 2, 3, 4], event: [1, 0, 1, 0] });
  const cases: { name: string; run: () => ReturnType<typeof concordanceIndex>; code: string; path: (string | number)[] }[] = [
    { name: 'NaN marker', run: () => concordanceIndex(d, [1, NaN, 2, 3]), code: 'non_finite', path: ['marker', 1] },
    { name: 'marker length', run: () => concordanceIndex(d, [1, 2]), code: 'bad_option', path: ['marker'] },
    { name: 'direction', run: () => concordanceIndex(d, [1, 2, 3, 4], { direction: 'auto' as never }), code: 'bad_option', path: ['direction'] },
    { name: 'time weighting', run: () => concordanceIndex(d, [1, 2, 3, 4], { timeWeighting: 'uno' as never }), code: 'bad_option', path: ['timeWeighting'] },
    { name: 'tau <= 0', run: () => concordanceIndex(d, [1, 2, 3, 4], { tauDays: 0 }), code: 'bad_option', path: ['tauDays'] },
    { name: 'tau before the first event', run: () => concordanceIndex(d, [1, 2, 3, 4], { tauDays: 0.5 }), code: 'too_few_rows', path: ['tauDays'] },
    { name: 'no events', run: () => concordanceIndex(data({ time: [1, 2], event: [0, 0] }), [1, 2]), code: 'no_events', path: ['event'] },
    { name: '(start, stop] rows', run: () => concordanceIndex(data({ time: [2, 3], event: [1, 1], entry: [0, 1] }), [1, 2]), code: 'bad_option', path: ['entry'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = c.run();
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.issues[0]).toMatchObject({ code: c.code, path: c.path, severity: 'error' });
    });
  }
  it('fewer than two events with a time weighting falls back to n with a warning', () => {
    const r = concordanceIndex(data({ time: [1, 2, 3], event: [1, 0, 0] }), [3, 2, 1], { timeWeighting: 'n/G2' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.concordance).toBe(1);
    expect(r.warnings[0]).toMatchObject({ code: 'too_few_rows', severity: 'warning' });
  });
});

describe('helpers', () => {
  it('orderByValue is a stable sort, radix path included (negatives, -0, ties)', () => {
    const rng = createRng(11);
    for (const n of [10, 5000]) {
      const v = Float64Array.from({ length: n }, () => (rng.int(50) - 25) / 4);
      v[0] = -0;
      v[1] = 0;
      const rows = Int32Array.from({ length: n }, (_, i) => i);
      const expected = Array.from(rows).sort((a, b) => v[a] - v[b] || a - b);
      expect(Array.from(orderByValue(v, rows))).toEqual(expected);
      const desc = Array.from(rows).sort((a, b) => v[b] - v[a] || a - b);
      expect(Array.from(orderByValue(v, rows, true))).toEqual(desc);
    }
  });
  it('FenwickTree below / at / above', () => {
    const f = new FenwickTree(8);
    f.reset(5);
    f.add(0, 1);
    f.add(2, 2.5);
    f.add(4, 3);
    f.add(2, 1);
    const lo = f.below(2);
    expect([lo, f.atKey[2], f.above(2, lo), f.below(5)]).toEqual([1, 3.5, 3, 7.5]);
    expect(() => f.reset(9)).toThrow(RangeError);
  });
});
