// Oracle tiers: (b) R survival coxph(ties = "efron") log-likelihood at its MLE (shared cases cox_lung_age_sex_ecog,
// cox_lung_monthly_ties) and our survival engine's fitCox log-likelihood at arbitrary β (init = β, iterMax = 0);
// (a) a float64 O(n²) Efron implementation written here for the gradient; (c) invariants.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { numericColumn } from '../../src/core/table.js';
import { createRng } from '../../src/core/rng.js';
import { coxBatchLayout, coxPartialLikelihoodLoss, initDeepEngine, orderByTimeDescending } from '../../src/deep/index.js';
import { fitCox, makeSurvivalData } from '../../src/survival/index.js';
import { expectClose, readSharedCsv, readSharedJson } from '../helpers/reference.js';

const lung = readSharedCsv('survival/data/lung.csv');
const col = (name: string) => numericColumn(lung, name).values;
const [time0, event0, age, sex, ecog] = ['time', 'event', 'age', 'sex', 'ph.ecog'].map(col);
const keep = Array.from({ length: lung.nRows }, (_, i) => i).filter((i) => Number.isFinite(ecog[i]));
const time = Float64Array.from(keep, (i) => time0[i]);
const month = Float64Array.from(keep, (i) => Math.ceil(time0[i] / 30.4375));
const event = Float64Array.from(keep, (i) => event0[i]);
const x = new Float64Array(keep.length * 3);
keep.forEach((r, i) => x.set([age[r], sex[r], ecog[r]], i * 3));

function linearPredictor(beta: readonly number[]): Float64Array {
  return Float64Array.from({ length: keep.length }, (_, i) => beta[0] * x[i * 3] + beta[1] * x[i * 3 + 1] + beta[2] * x[i * 3 + 2]);
}

/** Loss via the tfjs implementation (batch sorted in JS), as float64 numbers. */
function lossOf(t: Float64Array, d: Float64Array, lp: Float64Array, reduction: 'sum' | 'mean' = 'sum'): number {
  const order = orderByTimeDescending(t, d);
  const layout = coxBatchLayout(Array.from(order, (i) => t[i]), Array.from(order, (i) => d[i]));
  return tf.tidy(() => coxPartialLikelihoodLoss(tf.tensor1d(Array.from(order, (i) => lp[i])), layout, { reduction }).dataSync()[0]);
}

/** Straightforward float64 Efron log partial likelihood (closed-form oracle for small sets). */
function efronLoglik(t: ArrayLike<number>, d: ArrayLike<number>, th: ArrayLike<number>): number {
  let ll = 0;
  const done = new Set<number>();
  for (let i = 0; i < t.length; i++) {
    if (d[i] !== 1 || done.has(t[i])) continue;
    done.add(t[i]);
    let risk = 0;
    let tied = 0;
    let m = 0;
    for (let j = 0; j < t.length; j++) {
      if (t[j] >= t[i]) risk += Math.exp(th[j]);
      if (t[j] === t[i] && d[j] === 1) {
        tied += Math.exp(th[j]);
        ll += th[j];
        m++;
      }
    }
    for (let k = 0; k < m; k++) ll -= Math.log(risk - (k / m) * tied);
  }
  return ll;
}

beforeAll(async () => {
  await initDeepEngine({ backend: 'wasm' });
});

describe('Cox partial likelihood loss (Efron) vs R coxph and fitCox', () => {
  for (const [caseName, t] of [['cox_lung_age_sex_ecog', time], ['cox_lung_monthly_ties', month]] as const) {
    it(`${caseName}: loss at R's MLE = -loglik (rel 1e-5, float32)`, () => {
      const ref = readSharedJson(`survival/expected/${caseName}.json`).fits.efron;
      expect(keep.length).toBe(227);
      expectClose(lossOf(t, event, linearPredictor(ref.coef)), -ref.loglik, { rel: 1e-5 }, `${caseName} -loglik`);
    });
  }

  it('equals -loglik of fitCox at arbitrary β (init = β, iterMax = 0), heavy ties (rel 1e-5)', () => {
    const data = makeSurvivalData({ time: month, event });
    if (!data.ok) throw new Error('lung month data failed');
    const rng = createRng(11);
    for (let rep = 0; rep < 3; rep++) {
      const beta = [0.05 * rng.normal(), rng.normal(), rng.normal()];
      const fit = fitCox(data.value, x, ['age', 'sex', 'ecog'], { ties: 'efron', init: beta, iterMax: 0 });
      expectClose(lossOf(month, event, linearPredictor(beta)), -fit.model.loglikNull, { rel: 1e-5 }, `rep ${rep}`);
    }
  });

  it("mean reduction divides by the number of events (164 deaths in lung's complete cases)", () => {
    const lp = linearPredictor([0.01, -0.5, 0.4]);
    const order = orderByTimeDescending(time, event);
    const layout = coxBatchLayout(Array.from(order, (i) => time[i]), Array.from(order, (i) => event[i]));
    expect(layout.events).toBe(164);
    expectClose(lossOf(time, event, lp, 'mean'), lossOf(time, event, lp, 'sum') / 164, { rel: 1e-6 }, 'mean');
  });
});

describe('Cox loss gradient and stability', () => {
  const rng = createRng(5);
  const n = 40;
  const t = Float64Array.from({ length: n }, () => 1 + rng.int(8)); // many ties
  const d = Float64Array.from({ length: n }, () => (rng.uniform() < 0.7 ? 1 : 0));
  const th = Float64Array.from({ length: n }, () => rng.normal());
  const order = orderByTimeDescending(t, d);
  const ts = Array.from(order, (i) => t[i]);
  const ds = Array.from(order, (i) => d[i]);
  const ths = Array.from(order, (i) => th[i]);
  const layout = coxBatchLayout(ts, ds);

  it('value matches the float64 oracle (rel 1e-5)', () => {
    const v = tf.tidy(() => coxPartialLikelihoodLoss(tf.tensor1d(ths), layout, { reduction: 'sum' }).dataSync()[0]);
    expectClose(v, -efronLoglik(ts, ds, ths), { rel: 1e-5 }, 'loss');
  });

  it('gradient matches central differences of the float64 oracle (abs 1e-4)', () => {
    const g = tf.tidy(() => tf.grad((r: tf.Tensor) => coxPartialLikelihoodLoss(r, layout, { reduction: 'sum' }))(tf.tensor1d(ths)).dataSync());
    const h = 1e-5;
    for (let j = 0; j < n; j++) {
      const up = ths.slice();
      const dn = ths.slice();
      up[j] += h;
      dn[j] -= h;
      const fd = -(efronLoglik(ts, ds, up) - efronLoglik(ts, ds, dn)) / (2 * h);
      expectClose(g[j], fd, { abs: 1e-4 }, `dL/dθ[${j}]`);
    }
  });

  it('is invariant to a shift of all scores and finite for scores of ±60', () => {
    const base = tf.tidy(() => coxPartialLikelihoodLoss(tf.tensor1d(ths), layout).dataSync()[0]);
    const shifted = tf.tidy(() => coxPartialLikelihoodLoss(tf.tensor1d(ths.map((v) => v + 50)), layout).dataSync()[0]);
    expectClose(shifted, base, { rel: 1e-4 }, 'shifted');
    const big = tf.tidy(() => coxPartialLikelihoodLoss(tf.tensor1d(ths.map((v) => 30 * v)), layout).dataSync()[0]);
    expect(Number.isFinite(big)).toBe(true);
  });

  it('no events → loss 0 with zero gradient', () => {
    const none = coxBatchLayout([3, 2, 1], [0, 0, 0]);
    expect(none.events).toBe(0);
    const g = tf.tidy(() => tf.grad((r: tf.Tensor) => coxPartialLikelihoodLoss(r, none))(tf.tensor1d([1, 2, 3])).dataSync());
    expect(Array.from(g)).toEqual([0, 0, 0]);
  });

  it('Efron tie weights: a group of 3 deaths gives k/d = 0, 1/3, 2/3', () => {
    const l = coxBatchLayout([5, 2, 2, 2, 1], [0, 1, 1, 1, 1]);
    expect(l.events).toBe(4);
    expect(l.eventTimes).toBe(2);
    expect(Array.from(l.tieWeight.subarray(5, 10)).map((v) => +v.toFixed(6))).toEqual([0, 0.333333, 0.333333, 0.333333, 0]);
    expect(Array.from(l.riskSelect.subarray(0, 5))).toEqual([0, 0, 0, 1, 0]);
  });

  it('rejects unsorted batches, bad event codes and size mismatches (E_INPUT / E_OPTION)', () => {
    expect(() => coxBatchLayout([1, 2], [1, 1])).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(() => coxBatchLayout([2, 1], [1, 2])).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(() => coxPartialLikelihoodLoss(tf.tensor1d([1, 2, 3]), coxBatchLayout([2, 1], [1, 1]))).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});
