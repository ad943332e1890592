import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { makeSurvivalData } from '../outcome.js';
import { fitSurvivalForest } from './forest.js';
import { predictSurvivalForest, predictSurvivalForestRisk } from './predict.js';
import type { SurvivalForestJson } from './serialize.js';
import { SURVIVAL_FOREST_FORMAT, survivalForestFromJson, survivalForestToJson } from './serialize.js';

/** Hazard exp(x0 + 0.5 x1) with a noise column; times rounded so ties occur. */
function simulate(n: number, seed: number) {
  const rng = createRng(seed);
  const p = 3;
  const x = new Float64Array(n * p);
  const time: number[] = [];
  const event: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x[i * p + j] = j === 2 ? rng.int(3) : rng.normal();
    const te = -Math.log(1 - rng.uniform()) / Math.exp(x[i * p] + 0.5 * x[i * p + 1]);
    const tc = rng.uniform() * 2;
    time.push(Math.round(Math.min(te, tc) * 50) / 50);
    event.push(te <= tc ? 1 : 0);
  }
  const r = makeSurvivalData({ time, event });
  if (!r.ok) throw new Error('simulate');
  return { data: r.value, x };
}

function hcc(f: () => unknown): HccError {
  try {
    f();
  } catch (e) {
    if (e instanceof HccError) return e;
    throw e;
  }
  throw new Error('expected an HccError');
}

describe('survival forest serialisation', () => {
  const train = simulate(160, 5);
  const fresh = simulate(70, 99).x; // new patients, values never seen in training
  const fit = fitSurvivalForest(train.data, train.x, ['x0', 'x1', 'x2'], { nTree: 40, minNodeSize: 5, seed: 7 });
  const json = survivalForestToJson(fit.model);
  const text = JSON.stringify(json);
  const back = survivalForestFromJson(JSON.parse(text));

  it('round-trips through JSON text: bit-identical risk, CHF and survival on new data', () => {
    expect(json.format).toBe(SURVIVAL_FOREST_FORMAT);
    const a = predictSurvivalForestRisk(fit.model, fresh);
    const b = predictSurvivalForestRisk(back, fresh);
    expect(Array.from(b)).toEqual(Array.from(a));
    for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i])).toBe(true);
    const pa = predictSurvivalForest(fit.model, fresh);
    const pb = predictSurvivalForest(back, fresh);
    expect(Array.from(pb.chf)).toEqual(Array.from(pa.chf));
    expect(Array.from(pb.survival)).toEqual(Array.from(pa.survival));
    // risk varies across patients (the check is not vacuous) and follows the planted signal x0
    expect(new Set(a).size).toBeGreaterThan(30);
  });

  it('keeps the typed-array types, options and grid; the second serialisation is the same text', () => {
    expect(back.trees[0].splitValue).toBeInstanceOf(Float64Array);
    expect(back.trees[0].splitVariable).toBeInstanceOf(Int32Array);
    expect(back.options).toEqual(fit.model.options);
    expect(back.nTrain).toBe(160);
    expect(Array.from(back.deathTimes)).toEqual(Array.from(fit.model.deathTimes));
    expect(JSON.stringify(survivalForestToJson(back))).toBe(text);
  });

  const corrupt = (edit: (j: { -readonly [K in keyof SurvivalForestJson]: any }) => void): HccError => {
    const j = JSON.parse(text);
    edit(j);
    return hcc(() => survivalForestFromJson(j, ['combiner', 'forest']));
  };

  it('a corrupted forest gives E_INPUT issues naming the field, expected and received', () => {
    const e1 = corrupt((j) => (j.trees[3].splitValue[0] = 'x'));
    expect(e1.code).toBe('E_INPUT');
    expect(e1.issues[0].path).toEqual(['combiner', 'forest', 'trees', 3, 'splitValue', 0]);
    expect(e1.issues[0].received).toBe('"x"');
    const e2 = corrupt((j) => (j.format = 'mmf-hcc/survival-forest@0'));
    expect(e2.issues[0]).toMatchObject({ code: 'bad_option', path: ['combiner', 'forest', 'format'], expected: SURVIVAL_FOREST_FORMAT, received: '"mmf-hcc/survival-forest@0"' });
    const e3 = corrupt((j) => j.trees[0].leafMortality.pop());
    expect(e3.issues[0].path).toEqual(['combiner', 'forest', 'trees', 0, 'leafMortality']);
    const e4 = corrupt((j) => (j.trees[1].jumpTime[0] = j.deathTimes.length));
    expect(e4.issues[0].path).toEqual(['combiner', 'forest', 'trees', 1, 'jumpTime', 0]);
    // a child pointing back up would loop forever in prediction
    const e5 = corrupt((j) => (j.trees[2].leftChild[0] = 0));
    expect(e5.issues[0].path).toEqual(['combiner', 'forest', 'trees', 2, 'leftChild', 0]);
    const e6 = corrupt((j) => (j.options.mtry = 9));
    expect(e6.issues[0]).toMatchObject({ path: ['combiner', 'forest', 'options', 'mtry'], received: '9' });
    const e7 = corrupt((j) => (j.trees[0].jumpHazard[0] = null));
    expect(e7.issues[0].received).toBe('null');
    const e8 = corrupt((j) => j.trees.pop());
    expect(e8.issues[0].path).toEqual(['combiner', 'forest', 'options', 'nTree']);
    const e9 = corrupt((j) => (j.deathTimes = [...j.deathTimes].reverse()));
    expect(e9.issues[0].path).toEqual(['combiner', 'forest', 'deathTimes', 1]);
    expect(hcc(() => survivalForestFromJson(null)).issues[0].received).toBe('null');
  });
});
