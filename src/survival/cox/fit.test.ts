import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { makeSurvivalData } from '../outcome.js';
import type { SurvivalArrays, SurvivalData } from '../outcome.js';
import { fitCox } from './fit.js';
import type { CoxModelLike } from './model-like.js';

function data(a: SurvivalArrays): SurvivalData {
  const r = makeSurvivalData(a);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

function thrownIssues(f: () => unknown): { code: string; issues: readonly { code: string; path: readonly (string | number)[] }[] } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HccError);
    return e as HccError;
  }
  throw new Error('expected a throw');
}

describe('fitCox closed form (tier a)', () => {
  // Events at t=1 (x=1) and t=2 (x=0), censored at t=3 (x=1):
  // L(β) = r/(2r+1) · 1/(1+r), r = e^β; U = 0 ⇔ 1 - 2r² = 0 ⇒ β̂ = -½ log 2.
  const d = data({ time: [1, 2, 3], event: [1, 1, 0] });
  const x = Float64Array.from([1, 0, 1]);

  it('finds the exact root, information and tests', () => {
    const fit = fitCox(d, x, ['x'], { ties: 'breslow', eps: 1e-12, iterMax: 50 });
    const b = -0.5 * Math.log(2);
    const r = Math.exp(b);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.model.coef[0]).toBeCloseTo(b, 10);
    const info = (2 * r) / (2 * r + 1) ** 2 + r / (1 + r) ** 2;
    expect(fit.model.var[0]).toBeCloseTo(1 / info, 9);
    expect(fit.model.loglikNull).toBeCloseTo(-Math.log(3) - Math.log(2), 12);
    expect(fit.model.loglik).toBeCloseTo(b - Math.log(2 * r + 1) - Math.log(1 + r), 12);
    // U(0) = -1/6, I(0) = 2/9 + 1/4 = 17/36 ⇒ score statistic 1/17
    expect(fit.model.tests.score.statistic).toBeCloseTo(1 / 17, 12);
    expect(fit.model.tests.score.df).toBe(1);
    expect(fit.model.nevent).toBe(2);
    // x has values in {0, 1}: not centred (R's nocenter), lp = x β
    expect(fit.model.means[0]).toBe(0);
    expect(Array.from(fit.model.linearPredictors)).toEqual([fit.model.coef[0], 0, fit.model.coef[0]]);
  });

  it('Efron and exact equal Breslow without tied event times (tier c)', () => {
    const br = fitCox(d, x, ['x'], { ties: 'breslow' });
    for (const ties of ['efron', 'exact'] as const) {
      const f = fitCox(d, x, ['x'], { ties });
      expect(f.model.coef[0]).toBeCloseTo(br.model.coef[0], 8);
      expect(f.model.loglik).toBeCloseTo(br.model.loglik, 10);
    }
  });

  it('the model carries what post-estimation needs (a CoxModel is a CoxModelLike)', () => {
    const m: CoxModelLike = fitCox(d, x, ['x']).model;
    expect(m.data).toBe(d);
    expect(m.x).toBe(x);
    expect(m.p).toBe(1);
    expect(m.ties).toBe('efron');
  });

  it('counts Newton iterations as R and honours iterMax', () => {
    const f = fitCox(d, x, ['x'], { ties: 'breslow', iterMax: 1 });
    expect(f.diagnostics.iterations).toBe(1);
    expect(f.diagnostics.converged).toBe(false);
    const f0 = fitCox(d, x, ['x'], { ties: 'breslow', iterMax: 0 });
    expect(f0.model.coef[0]).toBe(0);
    expect(f0.diagnostics.iterations).toBe(0);
  });

  it('flags a monotone likelihood: event only in the x = 1 subject with everyone at risk', () => {
    // L(β) = r/(1 + r) rises toward 1 as β → ∞: no finite maximum.
    const sep = data({ time: [1, 2, 3, 4], event: [1, 0, 0, 0] });
    const f = fitCox(sep, Float64Array.from([1, 0, 0, 0]), ['flag']);
    expect(f.diagnostics.warnings.map((w) => [w.code, w.path])).toEqual([['infinite_coefficient', ['flag']], ['not_converged', ['iterMax']]]);
    expect(f.diagnostics.monotoneLikelihood?.columns).toEqual([0]);
    expect(f.model.coef[0]).toBeGreaterThan(5);
  });
});

describe('fitCox invariants (tier c)', () => {
  const time = [5, 8, 8, 12, 15, 15, 15, 20, 22, 30];
  const event = [1, 1, 0, 1, 1, 1, 0, 1, 0, 1];
  const xs = [0.5, 1.2, -0.3, 2.0, 0.1, 0.9, 1.5, -1.0, 0.4, 0.0];
  const base = data({ time, event });
  const x = Float64Array.from(xs);

  it('two identical strata double the loglik and keep β', () => {
    const f1 = fitCox(base, x, ['x']);
    const d2 = data({ time: [...time, ...time], event: [...event, ...event], strata: [...time.map(() => 'a'), ...time.map(() => 'b')] });
    const f2 = fitCox(d2, Float64Array.from([...xs, ...xs]), ['x']);
    expect(f2.model.coef[0]).toBeCloseTo(f1.model.coef[0], 9);
    expect(f2.model.loglik).toBeCloseTo(2 * f1.model.loglik, 9);
    expect(f2.model.var[0]).toBeCloseTo(f1.model.var[0] / 2, 9);
  });

  it('splitting rows into (start, stop] pieces leaves the fit unchanged', () => {
    const f1 = fitCox(base, x, ['x']);
    const entry: number[] = [];
    const stop: number[] = [];
    const ev: number[] = [];
    const xx: number[] = [];
    time.forEach((t, i) => {
      entry.push(0, t / 2);
      stop.push(t / 2, t);
      ev.push(0, event[i]);
      xx.push(xs[i], xs[i]);
    });
    const f2 = fitCox(data({ time: stop, event: ev, entry }), Float64Array.from(xx), ['x']);
    expect(f2.model.coef[0]).toBeCloseTo(f1.model.coef[0], 9);
    expect(f2.model.loglik).toBeCloseTo(f1.model.loglik, 9);
    expect(f2.model.var[0]).toBeCloseTo(f1.model.var[0], 9);
  });

  it('Breslow: case weight 2 equals duplicating the row', () => {
    const w = xs.map((_, i) => (i === 3 ? 2 : 1));
    const fw = fitCox(data({ time, event, weights: w }), x, ['x'], { ties: 'breslow' });
    const fd = fitCox(data({ time: [...time, time[3]], event: [...event, event[3]] }), Float64Array.from([...xs, xs[3]]), ['x'], { ties: 'breslow' });
    expect(fw.model.coef[0]).toBeCloseTo(fd.model.coef[0], 9);
    expect(fw.model.loglik).toBeCloseTo(fd.model.loglik, 9);
  });

  it('robust variance with one cluster per row equals the unclustered sandwich', () => {
    const fr = fitCox(base, x, ['x'], { robust: true });
    const dc = data({ time, event, cluster: time.map((_, i) => `id${i}`) });
    const fc = fitCox(dc, x, ['x']);
    expect(fc.model.robust).toBe(true);
    expect(fc.model.var[0]).toBeCloseTo(fr.model.var[0], 12);
    expect(fc.model.naiveVar[0]).toBeCloseTo(fr.model.naiveVar[0], 12);
  });

  it('aliased column: rank 1 of 2, a collinear_covariate warning, null table row', () => {
    const x2 = new Float64Array(20);
    xs.forEach((v, i) => {
      x2[2 * i] = v;
      x2[2 * i + 1] = 2 * v;
    });
    const f = fitCox(base, x2, ['x', 'x2']);
    expect(f.model.rank).toBe(1);
    expect(Array.from(f.model.aliased)).toEqual([0, 1]);
    expect(f.model.coefficients[1].coef).toBeNull();
    expect(f.model.coef[0]).toBeCloseTo(fitCox(base, x, ['x']).model.coef[0], 8);
    expect(f.diagnostics.warnings.map((w) => [w.code, w.path])).toEqual([['collinear_covariate', ['x2']]]);
    expect(f.model.tests.likelihoodRatio.df).toBe(1);
  });
});

describe('fitCox error contracts', () => {
  const d = data({ time: [1, 2, 3], event: [1, 1, 0] });

  it('x of the wrong length', () => {
    const e = thrownIssues(() => fitCox(d, new Float64Array(4), ['x']));
    expect(e.code).toBe('E_INPUT');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['x']]]);
  });

  it('non-finite covariate names the row and column', () => {
    const e = thrownIssues(() => fitCox(d, Float64Array.from([1, NaN, 0]), ['age']));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['non_finite', ['row', 2, 'age']]]);
  });

  it('no events', () => {
    const e = thrownIssues(() => fitCox(data({ time: [1, 2], event: [0, 0] }), Float64Array.from([1, 0]), ['x']));
    expect(e.issues.map((i) => i.code)).toEqual(['no_events']);
  });

  it('exact ties refuse weights, (start, stop] data and robust variance', () => {
    const dw = data({ time: [1, 2, 3], event: [1, 1, 0], weights: [1, 2, 1] });
    expect(thrownIssues(() => fitCox(dw, Float64Array.from([1, 0, 1]), ['x'], { ties: 'exact' })).issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['ties']]]);
    expect(thrownIssues(() => fitCox(d, Float64Array.from([1, 0, 1]), ['x'], { ties: 'exact', robust: true })).issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['robust']]]);
  });

  it('bad options are collected', () => {
    const e = thrownIssues(() => fitCox(d, Float64Array.from([1, 0, 1]), ['x'], { eps: 0, iterMax: -1, init: [1, 2], ties: 'foo' as never }));
    expect(e.issues.map((i) => i.path[0]).sort()).toEqual(['eps', 'init', 'iterMax', 'ties']);
  });
});
