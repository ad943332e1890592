import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { harrellConcordance } from '../metrics/harrell-concordance.js';
import { coxCombiner, combinerFromJson, fitEnsemble, meanCombiner } from './combiner.js';
import type { LinearCombinerJson } from './combiner.js';
import { memberScoresFromColumns } from './member-scores.js';

/** Planted cohort: true risk r ~ N(0,1), exponential times with hazard e^r, ~25 % censored; members = r + noise. */
function planted(n: number, seed: number) {
  const rng = createRng(seed);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const a = new Float64Array(n), b = new Float64Array(n), noise = new Float64Array(n), pfsA = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.normal();
    const t = (-Math.log(1 - rng.uniform()) / Math.exp(r)) * 365;
    const c = rng.uniform() < 0.25 ? rng.uniform() * t : Infinity;
    time[i] = Math.max(1, Math.round(Math.min(t, c)));
    event[i] = c < t ? 0 : 1;
    a[i] = r + 0.8 * rng.normal();
    b[i] = 3 * (r + 0.8 * rng.normal()) + 10; // another scale and offset: standardisation must handle it
    noise[i] = rng.normal();
    pfsA[i] = r + 0.5 * rng.normal();
  }
  return { outcome: { time, event }, scores: memberScoresFromColumns({ a, b, noise }), two: memberScoresFromColumns({ a, b }), pfs: memberScoresFromColumns({ a: pfsA, b: a }) };
}

const train = planted(300, 11);
const test = planted(400, 12);
const cOf = (risk: ArrayLike<number>) => harrellConcordance(test.outcome.time, test.outcome.event, risk).concordance;
const memberC = (s: typeof test.scores) => s.members.map((_, j) => cOf(Array.from({ length: s.n }, (_, i) => s.values[i * s.members.length + j])));

describe('ensemble combiners on planted member scores (fitted on training, scored on held-out data)', () => {
  it('Cox combiner: held-out C >= best member − 0.005, noise member gets a small weight', () => {
    const before = tf.memory().numTensors;
    const fitted = coxCombiner().fit(train.scores, train.outcome);
    expect(tf.memory().numTensors).toBe(before); // no tensor leaks
    const json = fitted.toJSON() as LinearCombinerJson;
    expect(json.diagnostics.converged).toBe(true);
    expect(json.diagnostics.events).toBe(Array.from(train.outcome.event).reduce((s, e) => s + e, 0));
    const [wa, wb, wn] = json.weights;
    expect(wa).toBeGreaterThan(0.3);
    expect(wb).toBeGreaterThan(0.3);
    expect(Math.abs(wn)).toBeLessThan(0.2);
    const best = Math.max(...memberC(test.scores));
    const c = cOf(fitted.combine(test.scores));
    expect(best).toBeGreaterThan(0.6);
    expect(c).toBeGreaterThanOrEqual(best - 0.005);
  });

  it('mean combiner of two equally good members beats neither by less than the margin', () => {
    const fitted = meanCombiner.fit(train.two, train.outcome);
    const best = Math.max(...memberC(test.two));
    expect(cOf(fitted.combine(test.two))).toBeGreaterThanOrEqual(best - 0.005);
    expect((fitted.toJSON() as LinearCombinerJson).weights).toEqual([0.5, 0.5]);
  });

  it('aligns members by name and round-trips through JSON', () => {
    const fitted = coxCombiner({ maxIterations: 50 }).fit(train.scores, train.outcome);
    const reordered = memberScoresFromColumns({
      noise: Array.from({ length: test.scores.n }, (_, i) => test.scores.values[i * 3 + 2]),
      b: Array.from({ length: test.scores.n }, (_, i) => test.scores.values[i * 3 + 1]),
      a: Array.from({ length: test.scores.n }, (_, i) => test.scores.values[i * 3]),
    });
    expect(Array.from(fitted.combine(reordered))).toEqual(Array.from(fitted.combine(test.scores)));
    const back = combinerFromJson(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(Array.from(back.combine(test.scores))).toEqual(Array.from(fitted.combine(test.scores)));
  });

  it('fitEnsemble fits OS and PFS separately (different weights per endpoint)', () => {
    const ens = fitEnsemble(coxCombiner(), { os: train.two, pfs: train.pfs }, { os: train.outcome, pfs: train.outcome });
    const out = ens.apply({ os: test.two, pfs: test.pfs });
    expect(out.os).toHaveLength(400);
    expect(out.pfs).toHaveLength(400);
    expect((ens.pfs!.toJSON() as LinearCombinerJson).weights).not.toEqual((ens.os.toJSON() as LinearCombinerJson).weights);
    expect(() => ens.apply({ os: test.two })).toThrow(/PFS member scores/);
  });

  it('reports bad input as issues with code and path', () => {
    const err = (f: () => unknown): HccError => {
      try {
        f();
      } catch (e) {
        return e as HccError;
      }
      throw new Error('did not throw');
    };
    const e1 = err(() => memberScoresFromColumns({ a: [1, 2, 3], b: [1, 2] }));
    expect(e1.code).toBe('E_INPUT');
    expect(e1.issues?.[0]).toMatchObject({ code: 'bad_option', path: ['members', 'b'] });
    const e2 = err(() => memberScoresFromColumns({ a: [1, Number.NaN] }));
    expect(e2.issues?.[0]).toMatchObject({ code: 'non_finite', path: ['values', 1, 'a'] });
    const e3 = err(() => coxCombiner().fit(train.two, { time: train.outcome.time, event: new Uint8Array(300) }));
    expect(e3.message).toMatch(/no events/);
    const e4 = err(() => meanCombiner.fit(train.two, train.outcome).combine(memberScoresFromColumns({ a: [1, 2] })));
    expect(e4.issues?.[0]).toMatchObject({ code: 'missing_column', path: ['members', 'b'] });
    const bad = { time: Float64Array.of(1, -2), event: Uint8Array.of(1, 2) };
    const e5 = err(() => meanCombiner.fit(memberScoresFromColumns({ a: [1, 2] }), bad));
    expect(e5.issues?.map((i) => i.code)).toEqual(['non_finite', 'bad_event_code']);
    expect(e5.issues?.map((i) => i.path)).toEqual([['outcome', 'time', 1], ['outcome', 'event', 1]]);
  });
});
