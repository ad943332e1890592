import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { harrellConcordance } from '../metrics/harrell-concordance.js';
import { combinerFromJson, combinerSummary, coxCombiner, fitEnsemble } from './combiner.js';
import type { ForestCombinerJson } from './forest-combiner.js';
import { forestCombiner, forestCombinerFromJson } from './forest-combiner.js';
import { memberScoresFromColumns } from './member-scores.js';

/**
 * Planted cohort: true risk r ~ N(0,1), exponential times with hazard e^r, ~25 % censored. Members are
 * noisy functions of r on different scales: a linear one, a monotone non-linear one (the forest is
 * invariant to it, the Cox combiner is not) and pure noise.
 */
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
    b[i] = Math.exp(r + 0.8 * rng.normal()) * 5 + 100;
    noise[i] = rng.normal();
    pfsA[i] = r + 0.5 * rng.normal();
  }
  return { outcome: { time, event }, scores: memberScoresFromColumns({ a, b, noise }), pfs: memberScoresFromColumns({ a: pfsA, b: a, noise }) };
}

const train = planted(300, 21);
const test = planted(400, 22);
const cOf = (risk: ArrayLike<number>) => harrellConcordance(test.outcome.time, test.outcome.event, risk).concordance;

function hcc(f: () => unknown): HccError {
  try {
    f();
  } catch (e) {
    if (e instanceof HccError) return e;
    throw e;
  }
  throw new Error('expected an HccError');
}

describe('forestCombiner (random survival forest on standardised member scores)', () => {
  const fitted = forestCombiner({ nTree: 150, seed: 4 }).fit(train.scores, train.outcome);
  const risk = fitted.combine(test.scores);

  it('ranks held-out patients well above chance and close to the Cox combiner', () => {
    const c = cOf(risk);
    const cox = cOf(coxCombiner().fit(train.scores, train.outcome).combine(test.scores));
    const best = Math.max(...[0, 1, 2].map((j) => cOf(Array.from({ length: test.scores.n }, (_, i) => test.scores.values[i * 3 + j]))));
    expect(c).toBeGreaterThan(0.65);
    expect(Math.abs(c - cox)).toBeLessThan(0.04);
    expect(c).toBeGreaterThan(best - 0.03);
    const json = fitted.toJSON() as ForestCombinerJson;
    expect(json.kind).toBe('rsf');
    expect(json.options).toEqual({ nTree: 150, minNodeSize: 15, mtry: 3, seed: 4 });
    expect(json.diagnostics.events).toBe(train.outcome.event.reduce((s, e) => s + e, 0));
    expect(json.diagnostics.oobConcordance).toBeGreaterThan(0.6);
    for (const v of risk) expect(v).toBeGreaterThan(0);
  });

  it('is seeded: same seed, same scores; another seed, other scores', () => {
    const again = forestCombiner({ nTree: 150, seed: 4 }).fit(train.scores, train.outcome).combine(test.scores);
    expect(Array.from(again)).toEqual(Array.from(risk));
    const other = forestCombiner({ nTree: 150, seed: 5 }).fit(train.scores, train.outcome).combine(test.scores);
    expect(Array.from(other)).not.toEqual(Array.from(risk));
  });

  it('save / reload through JSON text gives bit-identical scores, members aligned by name', () => {
    const back = combinerFromJson(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(back.kind).toBe('rsf');
    expect(back.members).toEqual(['a', 'b', 'noise']);
    const r2 = back.combine(test.scores);
    for (let i = 0; i < risk.length; i++) expect(Object.is(r2[i], risk[i])).toBe(true);
    const n = test.scores.n;
    const col = (j: number) => Array.from({ length: n }, (_, i) => test.scores.values[i * 3 + j]);
    const reordered = memberScoresFromColumns({ noise: col(2), b: col(1), a: col(0) });
    expect(Array.from(back.combine(reordered))).toEqual(Array.from(risk));
  });

  it('fits OS and PFS separately in an ensemble; the summary drops the trees', () => {
    const ens = fitEnsemble(forestCombiner({ nTree: 30 }), { os: train.scores, pfs: train.pfs }, { os: train.outcome, pfs: train.outcome });
    const out = ens.apply({ os: test.scores, pfs: test.pfs });
    expect(out.pfs).not.toBeNull();
    expect(Array.from(out.pfs!)).not.toEqual(Array.from(out.os));
    const s = combinerSummary(ens.os) as { forest: unknown; members: string[] };
    expect(s.forest).toEqual({ trees: 30 });
    expect(s.members).toEqual(['a', 'b', 'noise']);
    expect(JSON.stringify(s).length).toBeLessThan(1000);
  });

  it('leaf size defaults to min(15, max(3, ⌊n/10⌋)) so small training sets still split', () => {
    const small = planted(40, 3);
    const f = forestCombiner({ nTree: 20 }).fit(small.scores, small.outcome);
    const j = f.toJSON() as ForestCombinerJson;
    expect(j.options.minNodeSize).toBe(4);
    expect(j.diagnostics.meanLeaves).toBeGreaterThan(1);
    expect(new Set(f.combine(small.scores)).size).toBeGreaterThan(5);
  });

  it('bad input gives coded errors', () => {
    const missing = hcc(() => fitted.combine(memberScoresFromColumns({ a: [1, 2], b: [3, 4] })));
    expect(missing.code).toBe('E_INPUT');
    expect(missing.issues[0]).toMatchObject({ code: 'missing_column', path: ['members', 'noise'] });
    const noEvents = hcc(() => forestCombiner().fit(train.scores, { time: train.outcome.time, event: new Uint8Array(300) }));
    expect(noEvents.code).toBe('E_INPUT');
    expect(noEvents.issues[0].code).toBe('no_events');
    expect(hcc(() => forestCombiner({ nTree: 0 })).code).toBe('E_OPTION');
    expect(hcc(() => forestCombiner({ mtry: 4 }).fit(train.scores, train.outcome)).issues[0]).toMatchObject({ path: ['mtry'], expected: '1..3', received: '4' });
    const shortOutcome = hcc(() => forestCombiner().fit(train.scores, { time: train.outcome.time.subarray(0, 10), event: train.outcome.event.subarray(0, 10) }));
    expect(shortOutcome.issues[0].path).toEqual(['outcome']);
    // corrupted saved combiners
    const json = JSON.parse(JSON.stringify(fitted.toJSON()));
    expect(hcc(() => forestCombinerFromJson({ ...json, sd: [1, 0, 1] })).issues[0]).toMatchObject({ path: ['sd'] });
    expect(hcc(() => forestCombinerFromJson({ ...json, members: ['a', 'b', 'c'] })).issues[0]).toMatchObject({ path: ['forest', 'variableNames'], expected: 'a, b, c', received: 'a, b, noise' });
    json.forest.trees[2].leafMortality[0] = -1;
    expect(hcc(() => combinerFromJson(json)).issues[0]).toMatchObject({ path: ['forest', 'trees', 2, 'leafMortality', 0], received: '-1' });
    expect(hcc(() => combinerFromJson({ format: 'x' })).issues[0]).toMatchObject({ path: ['format'], received: 'x' });
  });
});
