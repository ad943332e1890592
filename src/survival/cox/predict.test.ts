import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { randomModel, tinyModel } from '../../../test/fixtures/cox-postfit.js';
import { predictLinearPredictor, predictSurvival } from './predict.js';

function issuesOf(f: () => unknown): { code: string; path: readonly (string | number)[] }[] {
  try {
    f();
  } catch (e) {
    if (e instanceof HccError) {
      expect(e.code).toBe('E_INPUT');
      return e.issues.map((i) => ({ code: i.code, path: i.path }));
    }
    throw e;
  }
  throw new Error('expected an HccError');
}

describe('predictSurvival: closed form (tier a)', () => {
  it('S, Λ and the Tsiatis variance at t = 1 on hand-solvable data', () => {
    // Breslow, β = log 2, V = 0.25, m = 0; new row x0 = 1 → r0 = 2.
    // t = 1: Λ0 = 1/7, Σ v = 1/49, x̄ term = (Σ r x / R) dΛ0 = (4/7)(1/7) = 4/49,
    // d = Λ0 x0 - 4/49 = 3/49, Var Λ = r0² (1/49 + 0.25 (3/49)²).
    const pred = predictSurvival(tinyModel('breslow'), [1], { times: [0.5, 1, 1.5] });
    const c = pred.curves[0];
    const varH = 4 * (1 / 49 + 0.25 * (3 / 49) ** 2);
    expect(c.cumhaz[1]).toBeCloseTo(2 / 7, 15);
    expect(c.surv[1]).toBeCloseTo(Math.exp(-2 / 7), 15);
    expect(c.stdErrCumhaz[1]).toBeCloseTo(Math.sqrt(varH), 15);
    expect(c.stdErr[1]).toBeCloseTo(Math.sqrt(varH) * Math.exp(-2 / 7), 15);
    expect(c.lower[1]).toBeCloseTo(Math.exp(-2 / 7 - 1.959963984540054 * Math.sqrt(varH)), 12);
    // Before the first time: S = 1 exactly; between times: the step value carries.
    expect([c.surv[0], c.stdErr[0], c.lower[0], c.upper[0]]).toEqual([1, 0, 1, 1]);
    expect(c.surv[2]).toBe(c.surv[1]);
    expect(Array.from(c.nRisk)).toEqual([5, 5, 4]);
  });

  it('linear predictor and relative risk, centred and not', () => {
    const lp = predictLinearPredictor(tinyModel('efron', 0.5), [1, 0]);
    expect(lp.linearPredictorUncentered[0]).toBeCloseTo(Math.log(2), 15);
    expect(lp.linearPredictor[1]).toBeCloseTo(-0.5 * Math.log(2), 15);
    expect(lp.relativeRisk[0]).toBeCloseTo(Math.SQRT2, 15);
    expect(lp.relativeRiskUncentered[1]).toBe(1);
  });
});

describe('predictSurvival: invariants (tier c)', () => {
  it('S in [0, 1], non-increasing, CI brackets S, on every curve time', () => {
    const model = randomModel(7, { entry: true, strata: true, weights: true, ties: 'efron' });
    const pred = predictSurvival(model, [0, 1, 50, 1, 0, 60], { strata: ['a', 'b'], confType: 'log-log' });
    for (const c of pred.curves) {
      for (let k = 0; k < c.surv.length; k++) {
        expect(c.surv[k]).toBeGreaterThanOrEqual(0);
        expect(c.surv[k]).toBeLessThanOrEqual(1);
        if (k > 0) expect(c.surv[k]).toBeLessThanOrEqual(c.surv[k - 1]);
        if (!Number.isNaN(c.lower[k])) expect(c.lower[k]).toBeLessThanOrEqual(c.surv[k]);
        if (!Number.isNaN(c.upper[k])) expect(c.upper[k]).toBeGreaterThanOrEqual(c.surv[k]);
      }
    }
    expect(pred.curves.map((c) => c.stratum)).toEqual(['a', 'b']);
  });

  it('log-log bounds are NaN (R: NA) where S = 1 on the curve, [1, 1] before the first time', () => {
    // Censoring-only first time: S = 1 there, so the log-log interval is undefined.
    const m = tinyModel('breslow');
    const data = { ...m.data, time: Float64Array.from([0.5, 1, 2, 2, 3, 4]), event: Uint8Array.from([0, 1, 1, 1, 0, 1]), n: 6, rowIndex: Int32Array.from([0, 1, 2, 3, 4, 5]) };
    const model = { ...m, data, x: Float64Array.from([0, 0, 1, 0, 1, 0]) };
    const c = predictSurvival(model, [0], { confType: 'log-log' }).curves[0];
    expect(c.surv[0]).toBe(1);
    expect([c.lower[0], c.upper[0]]).toEqual([NaN, NaN]);
    expect(c.lower[1]).toBeLessThan(c.surv[1]);
    const early = predictSurvival(model, [0], { confType: 'log-log', times: [0.1] }).curves[0];
    expect([early.surv[0], early.lower[0], early.upper[0]]).toEqual([1, 1, 1]);
  });

  it('warns (and carries the last value) for times past the last exit time', () => {
    const pred = predictSurvival(tinyModel(), [0], { times: [4, 10] });
    expect(pred.warnings.map((w) => w.code)).toEqual(['time_beyond_followup']);
    expect(pred.curves[0].surv[1]).toBe(pred.curves[0].surv[0]);
    expect(pred.curves[0].nRisk[1]).toBe(0);
  });
});

describe('predictSurvival: error contracts', () => {
  it('collects problems with newX, times and options', () => {
    const issues = issuesOf(() => predictSurvival(tinyModel(), [NaN], { times: [Infinity], confType: 'logit' as 'log', confLevel: 1.5, ctype: 3 as 1 }));
    expect(issues).toEqual([
      { code: 'non_finite', path: ['newX', 0, 0] },
      { code: 'bad_option', path: ['confType'] },
      { code: 'bad_option', path: ['confLevel'] },
      { code: 'bad_option', path: ['ctype'] },
      { code: 'non_finite', path: ['times', 0] },
    ]);
  });

  it('needs a known stratum for every new row of a stratified model', () => {
    const model = randomModel(3, { entry: false, strata: true, weights: false, ties: 'breslow' });
    expect(issuesOf(() => predictSurvival(model, [0, 0, 50]))).toEqual([{ code: 'missing_value', path: ['strata'] }]);
    expect(issuesOf(() => predictSurvival(model, [0, 0, 50, 1, 1, 40], { strata: ['a', 'c'] }))).toEqual([{ code: 'unknown_level', path: ['strata', 1] }]);
    expect(issuesOf(() => predictLinearPredictor(model, [0, 0, 50], { strata: ['z'] }))).toEqual([{ code: 'unknown_level', path: ['strata', 0] }]);
  });

  it('rejects newX that is not whole rows, and a variance of the wrong size', () => {
    const model = randomModel(3, { entry: false, strata: false, weights: false, ties: 'efron' });
    expect(issuesOf(() => predictLinearPredictor(model, [1, 2]))).toEqual([{ code: 'bad_option', path: ['newX'] }]);
    expect(issuesOf(() => predictSurvival({ ...model, var: new Float64Array(4) }, [1, 2, 3]))).toEqual([{ code: 'bad_option', path: ['var'] }]);
  });
});
