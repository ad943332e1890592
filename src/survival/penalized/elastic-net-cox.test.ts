import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { parseSurvival } from '../outcome.js';
import type { SurvivalData } from '../outcome.js';
import { expectAllClose, expectClose, readSharedCsv, readSharedJson } from '../../../test/helpers/reference.js';
import { allocateBreslowWork, breslowLogLik, buildBreslowRiskSets } from './breslow-risk-sets.js';
import { cvElasticNetCox, makeFoldIds } from './cv.js';
import { harrellConcordance } from './cv-measures.js';
import { fitElasticNetCox } from './elastic-net-cox.js';
import type { ElasticNetCoxInput } from './elastic-net-cox.js';
import { interpolateLambda, pathStopReason } from './lambda-path.js';

function outcomeOf(time: number[], event: number[], weights?: number[]): SurvivalData {
  const n = time.length;
  return {
    n, time: Float64Array.from(time), event: Uint8Array.from(event), entry: null, strata: null, strataLevels: [], cluster: null,
    clusterLevels: [], weights: weights ? Float64Array.from(weights) : null, rowIndex: Int32Array.from({ length: n }, (_, i) => i),
  };
}

function simulated(n: number, p: number, seed: number): ElasticNetCoxInput {
  const rng = createRng(seed);
  const x = new Float64Array(n * p);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const time: number[] = [];
  const event: number[] = [];
  for (let i = 0; i < n; i++) {
    const eta = 0.8 * x[i * p] - 0.5 * x[i * p + 1];
    const t = Math.ceil(10 * -Math.log(1 - rng.uniform()) * Math.exp(-eta));
    const c = Math.ceil(15 * rng.uniform());
    time.push(Math.min(t, c));
    event.push(t <= c ? 1 : 0);
  }
  return { outcome: outcomeOf(time, event), x, covariates: Array.from({ length: p }, (_, j) => `x${j}`) };
}

function codesOf(fn: () => unknown): { code: string; issues: { code: string; path: readonly (string | number)[] }[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof HccError) return { code: e.code, issues: e.issues.map((i) => ({ code: i.code, path: i.path })) };
    throw e;
  }
  throw new Error('expected an HccError');
}

describe('Breslow partial likelihood (closed form)', () => {
  it('hand example with a death/censoring tie and tied deaths', () => {
    // times 1,2,2,2,3 ; events 1,1,1,0,1 ; eta 0, 1, -1, 0.5, 2. Censored row at t=2 is at risk at t=2.
    const time = Float64Array.from([2, 1, 2, 3, 2]);
    const event = Uint8Array.from([1, 1, 0, 1, 1]);
    const etaRows = [1, 0, 0.5, 2, -1];
    const rs = buildBreslowRiskSets(time, event, new Float64Array(5).fill(1));
    expect(rs.nDeathTimes).toBe(3);
    expect(Array.from(rs.deathWeight)).toEqual([1, 2, 1]);
    const eta = Float64Array.from(rs.order, (i) => etaRows[i]);
    const E = Math.exp;
    const expected = 0 - Math.log(E(0) + E(1) + E(-1) + E(0.5) + E(2)) + (1 - 1) - 2 * Math.log(E(1) + E(-1) + E(0.5) + E(2)) + 2 - Math.log(E(2));
    expectClose(breslowLogLik(rs, eta, allocateBreslowWork(rs)), expected, { abs: 1e-13 }, 'loglik');
  });
});

describe('fitElasticNetCox', () => {
  it('lambda = 0 reproduces survival::coxph(ties = "breslow") on lung (age + sex + ph.ecog)', () => {
    const table = readSharedCsv('survival/data/lung.csv');
    const parsed = parseSurvival(table, { time: 'time', event: 'event', alsoRequire: ['age', 'sex', 'ph.ecog'] });
    if (!parsed.ok) throw new Error('parse');
    const d = parsed.value.data;
    const names = ['age', 'sex', 'ph.ecog'];
    const x = new Float64Array(d.n * 3);
    names.forEach((c, j) => d.rowIndex.forEach((r, i) => (x[i * 3 + j] = Number(table.cells.get(c)![r]))));
    const ref = readSharedJson('survival/expected/cox_lung_age_sex_ecog.json').fits.breslow;
    const fit = fitElasticNetCox({ outcome: d, x, covariates: names }, { lambda: [0], kktTolerance: 1e-11 });
    expect(fit.n).toBe(227);
    expectAllClose(fit.beta[0], ref.coef, { abs: 1e-7 }, 'coef');
    expect(fit.df[0]).toBe(3);
  });

  it('an unpenalised covariate (penalty factor 0) enters at the first lambda; others stay 0', () => {
    const input = simulated(200, 4, 11);
    const fit = fitElasticNetCox(input, { penaltyFactor: [1, 0, 1, 1], nlambda: 10 });
    expect(fit.beta[0][1]).not.toBe(0);
    expect([fit.beta[0][0], fit.beta[0][2], fit.beta[0][3]]).toEqual([0, 0, 0]);
    // glmnet rescales penalty factors to sum to p.
    expectAllClose(fit.diagnostics.penaltyFactor, [4 / 3, 0, 4 / 3, 4 / 3], { rel: 1e-15 }, 'vp');
    expect(Math.max(...fit.diagnostics.kktMaxViolation)).toBeLessThan(1e-7);
  });

  it('case weights of 2 give the same path as duplicated rows', () => {
    const a = simulated(60, 3, 5);
    const w = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 2 : 1));
    const weighted = fitElasticNetCox({ ...a, outcome: { ...a.outcome, weights: Float64Array.from(w) } }, { nlambda: 8 });
    const rows: number[] = [];
    w.forEach((k, i) => { for (let r = 0; r < k; r++) rows.push(i); });
    const dup: ElasticNetCoxInput = {
      outcome: outcomeOf(rows.map((i) => a.outcome.time[i]), rows.map((i) => a.outcome.event[i])),
      x: Float64Array.from(rows.flatMap((i) => Array.from(a.x.subarray(i * 3, i * 3 + 3)))),
      covariates: a.covariates,
    };
    const dupFit = fitElasticNetCox(dup, { nlambda: 8 });
    expectAllClose(weighted.lambda, Array.from(dupFit.lambda), { rel: 1e-12 }, 'lambda');
    for (let k = 0; k < weighted.lambda.length; k++) expectAllClose(weighted.beta[k], Array.from(dupFit.beta[k]), { abs: 1e-8 }, `beta[${k}]`);
    expectClose(weighted.nullDeviance, dupFit.nullDeviance, { rel: 1e-12 }, 'nulldev');
  });

  it('standardize = false keeps scale 1 and still converges; a constant column is a warning with coefficient 0', () => {
    const a = simulated(80, 3, 9);
    const x = Float64Array.from(a.x);
    for (let i = 0; i < 80; i++) x[i * 3 + 2] = 7;
    const fit = fitElasticNetCox({ ...a, x }, { standardize: false, nlambda: 12 });
    expect(Array.from(fit.scale)).toEqual([1, 1, 1]);
    expect(fit.beta.every((b) => b[2] === 0)).toBe(true);
    expect(fit.diagnostics.warnings.map((w) => [w.code, w.path])).toEqual([['constant_covariate', ['covariates', 'x2']]]);
    expect(fit.diagnostics.converged).toBe(true);
  });

  it('bad input is reported as issues with code and path', () => {
    const a = simulated(30, 2, 1);
    expect(codesOf(() => fitElasticNetCox(a, { alpha: 2 }))).toEqual({ code: 'E_INPUT', issues: [{ code: 'bad_option', path: ['alpha'] }] });
    expect(codesOf(() => fitElasticNetCox(a, { penaltyFactor: [1] })).issues).toEqual([{ code: 'bad_option', path: ['penaltyFactor'] }]);
    expect(codesOf(() => fitElasticNetCox(a, { lambda: [0.1, -1] })).issues).toEqual([{ code: 'bad_option', path: ['lambda', 1] }]);
    const x = Float64Array.from(a.x);
    x[5 * 2 + 1] = NaN;
    expect(codesOf(() => fitElasticNetCox({ ...a, x })).issues).toEqual([{ code: 'non_finite', path: ['x', 6, 'x1'] }]);
    const noEvents = { ...a, outcome: { ...a.outcome, event: new Uint8Array(30) } };
    expect(codesOf(() => fitElasticNetCox(noEvents)).issues).toEqual([{ code: 'no_events', path: ['event'] }]);
  });
});

describe('lambda path helpers', () => {
  it('interpolates linearly in lambda and clamps outside the path', () => {
    const path = [1, 0.5, 0.25];
    expect(interpolateLambda(path, 2)).toEqual({ left: 0, right: 0, frac: 1 });
    expect(interpolateLambda(path, 0.1)).toEqual({ left: 2, right: 2, frac: 1 });
    expect(interpolateLambda(path, 0.5)).toEqual({ left: 1, right: 1, frac: 1 });
    const m = interpolateLambda(path, 0.4);
    expect([m.left, m.right]).toEqual([1, 2]);
    expectClose(m.frac, 0.6, { abs: 1e-15 }, 'frac');
  });
  it("glmnet's early stop: < 0.1% gain in deviance ratio over 4 steps, or > 0.99", () => {
    expect(pathStopReason([0, 0.1, 0.2, 0.3, 0.4], 4, 100)).toBeNull();
    expect(pathStopReason([0.5, 0.5001, 0.5002, 0.5003, 0.5004], 4, 100)).toBe('fraction_deviance');
    expect(pathStopReason([0, 0.5, 0.7, 0.9, 0.995], 4, 100)).toBe('deviance_max');
    expect(pathStopReason([0, 0.5, 0.5, 0.5], 3, 100)).toBeNull();
  });
});

describe('Harrell C', () => {
  it('equals the O(n^2) pair count (survival::concordance conventions) with tied times and risks', () => {
    const rng = createRng(3);
    const n = 120;
    const time = Float64Array.from({ length: n }, () => 1 + rng.int(15));
    const event = Uint8Array.from({ length: n }, () => (rng.uniform() < 0.6 ? 1 : 0));
    const risk = Float64Array.from({ length: n }, () => rng.int(6));
    const w = Float64Array.from({ length: n }, () => 1 + rng.int(3));
    let c = 0, d = 0, t = 0;
    for (let i = 0; i < n; i++) {
      if (!event[i]) continue;
      for (let j = 0; j < n; j++) {
        if (!(time[j] > time[i] || (time[j] === time[i] && !event[j]))) continue;
        const pw = w[i] * w[j];
        if (risk[i] > risk[j]) c += pw;
        else if (risk[i] < risk[j]) d += pw;
        else t += pw;
      }
    }
    const h = harrellConcordance(time, event, risk, w);
    expect([h.concordant, h.discordant, h.tiedRisk]).toEqual([c, d, t]);
    expectClose(h.c, (c + t / 2) / (c + d + t), { abs: 1e-15 }, 'C');
  });
});

describe('cvElasticNetCox', () => {
  it('seeded fold ids are balanced and reproducible', () => {
    const a = makeFoldIds(23, 5, createRng(1));
    expect(Array.from(a)).toEqual(Array.from(makeFoldIds(23, 5, createRng(1))));
    const sizes = [1, 2, 3, 4, 5].map((k) => a.filter((f) => f === k).length);
    expect(sizes).toEqual([5, 5, 5, 4, 4]);
  });
  it('lambda.1se >= lambda.min and both lie on the path', () => {
    const cv = cvElasticNetCox(simulated(150, 5, 2), { nfolds: 5, rng: createRng(4), nlambda: 20 });
    expect(cv.lambda1se).toBeGreaterThanOrEqual(cv.lambdaMin);
    expect(cv.lambda[cv.indexMin]).toBe(cv.lambdaMin);
    expect(cv.cvm[cv.index1se]).toBeLessThanOrEqual(cv.cvm[cv.indexMin] + cv.cvsd[cv.indexMin]);
    expect(cv.foldFits).toHaveLength(5);
  });
  it('reports fold problems as issues', () => {
    const a = simulated(30, 2, 1);
    const foldId = Array.from({ length: 30 }, (_, i) => (i % 3) + 1);
    const noEventsInFold = { ...a, outcome: { ...a.outcome, event: Uint8Array.from(a.outcome.event, (e, i) => (i % 3 === 0 ? 0 : e)) } };
    expect(codesOf(() => cvElasticNetCox(noEventsInFold, { foldId })).issues).toEqual([{ code: 'no_events', path: ['foldId', 'fold', 1] }]);
    expect(codesOf(() => cvElasticNetCox(a, { foldId: foldId.slice(1) })).issues).toEqual([{ code: 'bad_option', path: ['foldId'] }]);
    expect(codesOf(() => cvElasticNetCox(a, { nfolds: 5 })).issues).toEqual([{ code: 'bad_option', path: ['rng'] }]);
  });
});
