import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { atRisk, randomModel, tinyModel } from '../../../test/fixtures/cox-postfit.js';
import type { CoxModelLike } from './model-like.js';
import { coxZph } from './zph.js';
import { zphScore } from './zph-score.js';

/** U_θ and the 2p × 2p information by direct risk-set enumeration at every event time. */
function bruteScore(model: CoxModelLike, g: (t: number) => number) {
  const { data, x, p, coef } = model;
  const P2 = 2 * p;
  const u = new Float64Array(P2);
  const imat = new Float64Array(P2 * P2);
  const w = (i: number) => (data.weights ? data.weights[i] : 1);
  const r = (i: number) => w(i) * Math.exp(Array.from({ length: p }, (_, j) => x[i * p + j] * coef[j]).reduce((a, b) => a + b, 0));
  const nS = data.strata ? data.strataLevels.length : 1;
  for (let s = 0; s < nS; s++) {
    const times = [...new Set(Array.from({ length: data.n }, (_, i) => i).filter((i) => data.event[i] === 1 && (data.strata ? data.strata[i] : 0) === s).map((i) => data.time[i]))];
    for (const t of times) {
      const R = atRisk(model, s, t);
      const D = R.filter((i) => data.time[i] === t && data.event[i] === 1);
      const d = D.length;
      const fr = model.ties === 'efron' ? Array.from({ length: d }, (_, k) => (k + 1) / d) : [1];
      const wt = D.reduce((a, i) => a + w(i), 0) / fr.length;
      const gt = g(t);
      for (const i of D) for (let j = 0; j < p; j++) {
        u[j] += w(i) * x[i * p + j];
        u[p + j] += gt * w(i) * x[i * p + j];
      }
      for (const f of fr) {
        const wr = (i: number) => r(i) * (D.includes(i) ? f : 1);
        const s0 = R.reduce((a, i) => a + wr(i), 0);
        const xb = Array.from({ length: p }, (_, j) => R.reduce((a, i) => a + wr(i) * x[i * p + j], 0) / s0);
        for (let j = 0; j < p; j++) {
          u[j] -= wt * xb[j];
          u[p + j] -= gt * wt * xb[j];
          for (let k = 0; k < p; k++) {
            const v = wt * (R.reduce((a, i) => a + wr(i) * x[i * p + j] * x[i * p + k], 0) / s0 - xb[j] * xb[k]);
            imat[j * P2 + k] += v;
            imat[(p + j) * P2 + k] += gt * v;
            imat[j * P2 + p + k] += gt * v;
            imat[(p + j) * P2 + p + k] += gt * gt * v;
          }
        }
      }
    }
  }
  return { u, imat };
}

describe('zphScore = brute-force risk-set enumeration (tier c)', () => {
  const variants = [
    { entry: false, strata: false, weights: false, ties: 'efron' as const },
    { entry: false, strata: true, weights: true, ties: 'breslow' as const },
    { entry: true, strata: false, weights: false, ties: 'breslow' as const },
    { entry: true, strata: true, weights: true, ties: 'efron' as const },
  ];
  for (const [k, v] of variants.entries()) {
    it(JSON.stringify(v), () => {
      const model = randomModel(200 + k, v);
      const g = (t: number) => Math.sqrt(t) - 2;
      const sc = zphScore(model, model.data.time.map(g));
      const b = bruteScore(model, g);
      sc.u.forEach((val, j) => expect(val).toBeCloseTo(b.u[j], 9));
      sc.imat.forEach((val, j) => expect(val).toBeCloseTo(b.imat[j], 7));
      const events = model.data.event.reduce((a, e) => a + e, 0);
      expect(sc.eventRows.length).toBe(events);
      // Events come out by stratum, then time.
      const key = (i: number) => (model.data.strata ? model.data.strata[i] : 0) * 1e6 + model.data.time[i];
      for (let e = 1; e < events; e++) expect(key(sc.eventRows[e])).toBeGreaterThanOrEqual(key(sc.eventRows[e - 1]));
    });
  }
});

describe('coxZph: invariants (tier c)', () => {
  const model = randomModel(11, { entry: false, strata: false, weights: false, ties: 'efron' });

  it('chisq does not change when a covariate is rescaled (x → 10x, β → β/10)', () => {
    const x = Float64Array.from(model.x, (v, i) => (i % 3 === 2 ? 10 * v : v));
    const coef = Float64Array.from(model.coef, (v, j) => (j === 2 ? v / 10 : v));
    const means = Float64Array.from(model.means, (v, j) => (j === 2 ? 10 * v : v));
    const a = coxZph(model, { transform: 'rank' });
    const b = coxZph({ ...model, x, coef, means }, { transform: 'rank' });
    a.table.forEach((row, j) => expect(b.table[j].chisq).toBeCloseTo(row.chisq, 9));
    expect(b.global!.chisq).toBeCloseTo(a.global!.chisq, 9);
  });

  it('a two-column term gets df 2 and one combined residual column', () => {
    const z = coxZph(model, { termGroups: [{ name: 'zb', columns: [0, 1] }, { name: 'age', columns: [2] }] });
    expect(z.table.map((r) => [r.term, r.df])).toEqual([['zb', 2], ['age', 1]]);
    expect(z.residuals.columns).toEqual(['zb', 'age']);
    expect(z.global!.df).toBe(3);
    const perColumn = coxZph(model, { terms: false });
    expect(perColumn.table.map((r) => r.term)).toEqual(['z', 'b', 'age']);
    expect(perColumn.global!.chisq).toBeCloseTo(z.global!.chisq, 12);
  });

  it('an aliased column (R: coef NA) is left out of the test and the residuals', () => {
    const p = 4;
    const x = new Float64Array(model.data.n * p);
    for (let i = 0; i < model.data.n; i++) {
      for (let j = 0; j < 3; j++) x[i * p + j] = model.x[i * 3 + j];
      x[i * p + 3] = 2 * model.x[i * 3 + 1];
    }
    const wide = { ...model, x, p, coef: Float64Array.from([...model.coef, 0]), means: Float64Array.from([...model.means, 2 * model.means[1]]), var: new Float64Array(16), names: [...model.names, 'b2'], aliased: Uint8Array.from([0, 0, 0, 1]) };
    const a = coxZph(model, { terms: false });
    const b = coxZph(wide, { terms: false });
    expect(b.table.map((r) => r.term)).toEqual(['z', 'b', 'age']);
    b.table.forEach((row, j) => expect(row.chisq).toBeCloseTo(a.table[j].chisq, 10));
    expect(b.residuals.columns).toEqual(['z', 'b', 'age']);
  });

  it('p values are the chi-square upper tail', () => {
    const z = coxZph(tinyModel(), { transform: 'identity' });
    expect(z.table[0].df).toBe(1);
    expect(z.table[0].p).toBeGreaterThan(0);
    expect(z.table[0].p).toBeLessThanOrEqual(1);
    expect(z.residuals.time.length).toBe(4);
  });
});

describe('coxZph: error contracts', () => {
  function issuesOf(f: () => unknown) {
    try {
      f();
    } catch (e) {
      if (e instanceof HccError) return e.issues.map((i) => ({ code: i.code, path: i.path }));
      throw e;
    }
    throw new Error('expected an HccError');
  }
  it('rejects an unknown transform and bad term groups', () => {
    const m = tinyModel();
    expect(issuesOf(() => coxZph(m, { transform: 'sqrt' as 'km' }))).toEqual([{ code: 'bad_option', path: ['transform'] }]);
    expect(issuesOf(() => coxZph(m, { termGroups: [{ name: 'x', columns: [1] }] }))).toEqual([
      { code: 'bad_option', path: ['termGroups', 0, 'columns'] },
      { code: 'bad_option', path: ['termGroups'] },
    ]);
  });
  it('log transform needs positive event times; no events is an error', () => {
    const m = tinyModel();
    const zeroTime = { ...m, data: { ...m.data, time: Float64Array.from([0, 2, 2, 3, 4]) } };
    expect(issuesOf(() => coxZph(zeroTime, { transform: 'log' }))).toEqual([{ code: 'bad_option', path: ['transform'] }]);
    const noEvents = { ...m, data: { ...m.data, event: new Uint8Array(5) } };
    expect(issuesOf(() => coxZph(noEvents))).toEqual([{ code: 'no_events', path: ['event'] }]);
  });
  it('a singular information matrix (all events at one time: g(t) - mean = 0) is a coded E_NUMERIC with context', () => {
    const m = tinyModel();
    const oneTime = { ...m, data: { ...m.data, time: Float64Array.from([5, 5, 5, 5, 5]) } };
    let err: unknown;
    try {
      coxZph(oneTime);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HccError);
    expect((err as HccError).code).toBe('E_NUMERIC');
    expect((err as HccError).message).toMatch(/^coxZph: the information matrix is singular/);
    expect((err as HccError).issues.map((i) => ({ code: i.code, path: i.path }))).toEqual([{ code: 'singular_matrix', path: ['information'] }]);
  });
});
