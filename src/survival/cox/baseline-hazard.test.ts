import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { baselineHazard, coxBaselineCurves } from './baseline-hazard.js';
import type { CoxModelLike } from './model-like.js';
import { atRisk, randomModel, tinyModel } from '../../../test/fixtures/cox-postfit.js';

function issuesOf(f: () => unknown): { code: string; issues: { code: string; path: readonly (string | number)[] }[] } {
  try {
    f();
  } catch (e) {
    if (e instanceof HccError) return { code: e.code, issues: e.issues.map((i) => ({ code: i.code, path: i.path })) };
    throw e;
  }
  throw new Error('expected an HccError');
}

describe('baselineHazard: closed form (tier a)', () => {
  it('Breslow increments d / Σ r on hand-solvable data, censoring-only times included', () => {
    const bh = baselineHazard(tinyModel('breslow'));
    expect(bh.ctype).toBe(1);
    const s = bh.strata[0];
    expect(Array.from(s.time)).toEqual([1, 2, 3, 4]);
    expect(Array.from(s.nRisk)).toEqual([5, 4, 2, 1]);
    expect(Array.from(s.nEvent)).toEqual([1, 2, 0, 1]);
    expect(Array.from(s.nCensor)).toEqual([0, 0, 1, 0]);
    const want = [1 / 7, 1 / 7 + 2 / 6, 1 / 7 + 2 / 6, 1 / 7 + 2 / 6 + 1];
    s.cumhaz.forEach((h, j) => expect(h).toBeCloseTo(want[j], 15));
  });

  it('Efron increments (1/d) Σ_k e / (R - (k/d) R_d) for the tied pair at t = 2', () => {
    const s = baselineHazard(tinyModel('efron')).strata[0];
    // R = 6, R_d = 3, e = 2, d = 2: (2/2) (1/6 + 1/4.5)
    const want = [1 / 7, 1 / 7 + 1 / 6 + 1 / 4.5, 1 / 7 + 1 / 6 + 1 / 4.5, 1 / 7 + 1 / 6 + 1 / 4.5 + 1];
    s.cumhaz.forEach((h, j) => expect(h).toBeCloseTo(want[j], 15));
    expect(baselineHazard(tinyModel('efron'), { ctype: 1 }).strata[0].cumhaz[1]).toBeCloseTo(1 / 7 + 1 / 3, 15);
  });

  it('centred hazard = uncentred · exp(m\'β)', () => {
    const bh = baselineHazard(tinyModel('efron', 0.4));
    const k = Math.exp(0.4 * Math.log(2));
    expect(bh.centerLinearPredictor).toBeCloseTo(0.4 * Math.log(2), 15);
    bh.strata[0].cumhaz.forEach((h, j) => expect(bh.strata[0].cumhazCentered[j]).toBeCloseTo(h * k, 14));
    // Uncentred values do not depend on the centring point.
    baselineHazard(tinyModel('efron')).strata[0].cumhaz.forEach((h, j) => expect(bh.strata[0].cumhaz[j]).toBeCloseTo(h, 14));
  });
});

/** Direct risk-set enumeration of every curve quantity (independent of the sweep). */
function bruteCurves(model: CoxModelLike, ctype: 1 | 2) {
  const { data, x, p, coef, means } = model;
  const nS = data.strata ? data.strataLevels.length : 1;
  const r = (i: number) => (data.weights ? data.weights[i] : 1) * Math.exp(Array.from({ length: p }, (_, j) => (x[i * p + j] - means[j]) * coef[j]).reduce((a, b) => a + b, 0));
  return Array.from({ length: nS }, (_, s) => {
    const rows = Array.from({ length: data.n }, (_, i) => i).filter((i) => (data.strata ? data.strata[i] : 0) === s);
    const times = [...new Set(rows.map((i) => data.time[i]))].sort((a, b) => a - b);
    let H = 0;
    let V = 0;
    const X = new Array(p).fill(0);
    return times.map((t) => {
      const R = atRisk(model, s, t);
      const D = R.filter((i) => data.time[i] === t && data.event[i] === 1);
      const S0 = R.reduce((a, i) => a + r(i), 0);
      const S1 = (rs: number[]) => Array.from({ length: p }, (_, j) => rs.reduce((a, i) => a + r(i) * (x[i * p + j] - means[j]), 0));
      const e = D.reduce((a, i) => a + (data.weights ? data.weights[i] : 1), 0);
      const d = D.length;
      const Rd = D.reduce((a, i) => a + r(i), 0);
      const s1 = S1(R);
      const s1d = S1(D);
      const fr = ctype === 2 && d > 1 ? Array.from({ length: d }, (_, k) => k / d) : [0];
      for (const f of fr) {
        const den = S0 - f * Rd;
        H += e / den / fr.length;
        V += e / (den * den) / fr.length;
        for (let j = 0; j < p; j++) X[j] += (e * (s1[j] - f * s1d[j])) / (den * den) / fr.length;
      }
      return { t, nRisk: R.reduce((a, i) => a + (data.weights ? data.weights[i] : 1), 0), H, V, X: X.slice() };
    });
  });
}

describe('coxBaselineCurves: sweep = brute-force risk-set enumeration (tier c)', () => {
  const variants = [
    { entry: false, strata: false, weights: false },
    { entry: true, strata: false, weights: false },
    { entry: true, strata: true, weights: true },
    { entry: false, strata: true, weights: true },
  ];
  for (const [k, v] of variants.entries()) {
    for (const ctype of [1, 2] as const) {
      it(`variant ${JSON.stringify(v)}, ctype ${ctype}`, () => {
        const model = randomModel(100 + k, { ...v, ties: 'efron' });
        const curves = coxBaselineCurves(model, { ctype, withVariance: true });
        const brute = bruteCurves(model, ctype);
        expect(curves.length).toBe(brute.length);
        curves.forEach((c, s) => {
          expect(Array.from(c.time)).toEqual(brute[s].map((b) => b.t));
          brute[s].forEach((b, j) => {
            expect(c.nRisk[j]).toBeCloseTo(b.nRisk, 10);
            expect(c.cumhaz[j]).toBeCloseTo(b.H, 12);
            expect(c.varHazard![j]).toBeCloseTo(b.V, 12);
            for (let q = 0; q < model.p; q++) expect(c.xbar![j * model.p + q]).toBeCloseTo(b.X[q], 10);
          });
          for (let j = 1; j < c.cumhaz.length; j++) expect(c.cumhaz[j]).toBeGreaterThanOrEqual(c.cumhaz[j - 1]);
        });
      });
    }
  }
});

describe('baselineHazard: error contracts', () => {
  it('reports every inconsistent shape with code and path', () => {
    const m = tinyModel();
    const r = issuesOf(() => baselineHazard({ ...m, x: new Float64Array(3), coef: Float64Array.from([NaN]), names: [] }));
    expect(r.code).toBe('E_INPUT');
    expect(r.issues).toEqual([
      { code: 'bad_option', path: ['x'] },
      { code: 'non_finite', path: ['coef', 0] },
      { code: 'bad_option', path: ['names'] },
    ]);
  });

  it('rejects an unknown ctype and ties method', () => {
    expect(issuesOf(() => baselineHazard(tinyModel(), { ctype: 3 as 1 })).issues).toEqual([{ code: 'bad_option', path: ['ctype'] }]);
    expect(issuesOf(() => baselineHazard({ ...tinyModel(), ties: 'cox' as 'efron' })).issues).toEqual([{ code: 'bad_option', path: ['ties'] }]);
  });
});
