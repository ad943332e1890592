import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { makeSurvivalData } from '../outcome.js';
import type { SurvivalData } from '../outcome.js';
import { productLimit } from '../product-limit.js';
import { fitSurvivalForest } from './forest.js';
import { harrellConcordance } from './harrell.js';
import { predictSurvivalForest, predictSurvivalForestRisk } from './predict.js';
import { logRankSplitStatistic } from './split-logrank.js';

/** Simulated data: hazard exp(x0 + 0.5 x1), x2 noise; times rounded so ties occur. */
function simulate(n: number, seed: number): { data: SurvivalData; x: Float64Array; names: string[] } {
  const rng = createRng(seed);
  const p = 3;
  const x = new Float64Array(n * p);
  const time: number[] = [];
  const event: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x[i * p + j] = j === 2 ? rng.int(3) : Math.round(rng.normal() * 100) / 100;
    const te = -Math.log(1 - rng.uniform()) / Math.exp(x[i * p] + 0.5 * x[i * p + 1]);
    const tc = rng.uniform() * 2;
    time.push(Math.round(Math.min(te, tc) * 50) / 50);
    event.push(te <= tc ? 1 : 0);
  }
  const r = makeSurvivalData({ time, event });
  if (!r.ok) throw new Error('simulate: bad data');
  return { data: r.value, x, names: ['x0', 'x1', 'x2'] };
}

function catchHcc(f: () => unknown): HccError {
  try {
    f();
  } catch (e) {
    if (e instanceof HccError) return e;
    throw e;
  }
  throw new Error('expected an HccError');
}

describe('fitSurvivalForest — (c) invariants', () => {
  const { data, x, names } = simulate(150, 11);
  const fit = fitSurvivalForest(data, x, names, { nTree: 60, seed: 3, importance: 'permutation' });
  const pred = predictSurvivalForest(fit.model, x);
  const T = fit.model.deathTimes.length;

  it('uses the unique death times as the grid', () => {
    const deaths = new Set(Array.from(data.time).filter((_, i) => data.event[i] === 1));
    expect(T).toBe(deaths.size);
    expect(fit.diagnostics.nDeathTimes).toBe(deaths.size);
    expect(fit.diagnostics.nDeaths).toBe(data.event.reduce((s, v) => s + v, 0));
    for (let g = 1; g < T; g++) expect(fit.model.deathTimes[g]).toBeGreaterThan(fit.model.deathTimes[g - 1]);
  });

  it('CHF is non-decreasing, S = exp(-CHF) lies in [0, 1], risk = Σ CHF', () => {
    for (let i = 0; i < pred.n; i++) {
      let sum = 0;
      for (let g = 0; g < T; g++) {
        const h = pred.chf[i * T + g];
        if (g > 0) expect(h).toBeGreaterThanOrEqual(pred.chf[i * T + g - 1]);
        const s = pred.survival[i * T + g];
        expect(s >= 0 && s <= 1).toBe(true);
        expect(s).toBe(Math.exp(-h));
        sum += h;
      }
      expect(Math.abs(pred.risk[i] - sum)).toBeLessThan(1e-9 * Math.max(1, sum));
    }
    const riskOnly = predictSurvivalForestRisk(fit.model, x);
    for (let i = 0; i < pred.n; i++) expect(Math.abs(riskOnly[i] - pred.risk[i])).toBeLessThan(1e-12 * Math.max(1, pred.risk[i]));
  });

  it('bootstrap bags hold n draws and OOB counts agree with the trees', () => {
    let oobTotal = 0;
    for (const tree of fit.model.trees) {
      const inBag = tree.leafSize.reduce((s, v) => s + v, 0);
      expect(inBag).toBe(150);
      oobTotal += tree.oobRows.length;
    }
    expect(fit.oob.nTrees.reduce((s, v) => s + v, 0)).toBe(oobTotal);
    // about e^-1 of the rows are out of bag
    expect(oobTotal / (60 * 150)).toBeGreaterThan(0.3);
    expect(oobTotal / (60 * 150)).toBeLessThan(0.44);
  });

  it('OOB C recomputes from the OOB risk and has a real signal', () => {
    const c = harrellConcordance(data.time, data.event, fit.oob.risk);
    expect(fit.diagnostics.nRowsWithoutOob).toBe(0);
    expect(fit.oob.concordance.comparable).toBe(c.comparable);
    expect(fit.oob.concordance.concordance).toBe(c.concordance);
    expect(fit.oob.predictionError).toBe(1 - c.concordance);
    expect(c.concordance).toBeGreaterThan(0.6);
  });

  it('permutation importance ranks the noise variable last', () => {
    const imp = fit.importance!;
    expect(imp.variable).toEqual(names);
    expect(imp.nTreesUsed).toBe(60);
    expect(imp.ranking[0]).toBe(0);
    expect(imp.ranking[2]).toBe(2);
  });

  it('same seed -> identical output; different seed -> different output; ctx.rng forks like the seed', () => {
    const again = fitSurvivalForest(data, x, names, { nTree: 60, seed: 3, importance: 'permutation' });
    expect(Array.from(again.oob.risk)).toEqual(Array.from(fit.oob.risk));
    expect(Array.from(again.importance!.importance)).toEqual(Array.from(fit.importance!.importance));
    expect(Array.from(predictSurvivalForest(again.model, x).chf)).toEqual(Array.from(pred.chf));
    const viaCtx = fitSurvivalForest(data, x, names, { nTree: 60, importance: 'permutation' }, { rng: createRng(3) });
    expect(Array.from(viaCtx.oob.risk)).toEqual(Array.from(fit.oob.risk));
    const other = fitSurvivalForest(data, x, names, { nTree: 60, seed: 4 });
    expect(Array.from(other.oob.risk)).not.toEqual(Array.from(fit.oob.risk));
  });

  it('tree b does not depend on how many trees are grown', () => {
    const small = fitSurvivalForest(data, x, names, { nTree: 5, seed: 3 });
    for (let b = 0; b < 5; b++) {
      expect(Array.from(small.model.trees[b].splitValue)).toEqual(Array.from(fit.model.trees[b].splitValue));
      expect(Array.from(small.model.trees[b].oobRows)).toEqual(Array.from(fit.model.trees[b].oobRows));
    }
  });

  it('reports progress once per tree', () => {
    const seen: number[] = [];
    fitSurvivalForest(data, x, names, { nTree: 4, seed: 1, onProgress: (done, total) => seen.push(done * 10 + total) });
    expect(seen).toEqual([14, 24, 34, 44]);
  });

  it('OOB CHF matrix, when asked for, is non-decreasing and sums to the OOB risk', () => {
    const f = fitSurvivalForest(data, x, names, { nTree: 30, seed: 2, oobChf: true });
    const chf = f.oob.chf!;
    for (let i = 0; i < 150; i++) {
      if (f.oob.nTrees[i] === 0) continue;
      let s = 0;
      for (let g = 0; g < T; g++) {
        if (g > 0) expect(chf[i * T + g]).toBeGreaterThanOrEqual(chf[i * T + g - 1]);
        s += chf[i * T + g];
      }
      expect(Math.abs(s - f.oob.risk[i])).toBeLessThan(1e-9 * Math.max(1, s));
    }
  });
});

describe('fitSurvivalForest — (a) closed forms', () => {
  const { data, x, names } = simulate(80, 5);

  it('one tree, no resampling, huge minNodeSize = pooled Nelson-Aalen exactly', () => {
    const fit = fitSurvivalForest(data, x, names, { nTree: 1, replace: false, sampleFraction: 1, minNodeSize: 1000, seed: 9 });
    expect(fit.model.trees[0].leafMortality.length).toBe(1);
    expect(fit.model.trees[0].oobRows.length).toBe(0);
    expect(fit.diagnostics.nRowsWithoutOob).toBe(80);
    expect(fit.diagnostics.warnings.map((w) => w.code)).toContain('too_few_rows');
    const pl = productLimit(data);
    const na: number[] = [];
    let h = 0;
    for (let k = 0; k < pl.time.length; k++) {
      if (pl.nEvent[k] > 0) {
        h += pl.nEvent[k] / pl.nRisk[k];
        na.push(h);
      }
    }
    const pred = predictSurvivalForest(fit.model, x.subarray(0, 3 * 2));
    const T = fit.model.deathTimes.length;
    expect(T).toBe(na.length);
    for (let r = 0; r < 2; r++) expect(Array.from(pred.chf.subarray(r * T, (r + 1) * T))).toEqual(na);
  });

  it('a stump on one variable splits where the direct log-rank statistic is largest', () => {
    const x0 = Float64Array.from({ length: 80 }, (_, i) => x[i * 3]);
    const fit = fitSurvivalForest(data, x0, ['x0'], { nTree: 1, replace: false, sampleFraction: 1, maxDepth: 1, minNodeSize: 5, seed: 1 });
    const tree = fit.model.trees[0];
    expect(tree.splitVariable[0]).toBe(0);
    expect(tree.leafMortality.length).toBe(2);
    const values = [...new Set(x0)].sort((a, b) => a - b);
    let best = -1;
    let bestCut = NaN;
    for (let k = 0; k + 1 < values.length; k++) {
      const left = Array.from(x0, (v) => (v <= values[k] ? 1 : 0));
      const nl = left.reduce((s: number, v) => s + v, 0);
      if (nl < 5 || 80 - nl < 5) continue;
      const s = logRankSplitStatistic(data.time, data.event, left).statistic;
      if (s > best + 1e-12) {
        best = s;
        bestCut = (values[k] + values[k + 1]) / 2;
      }
    }
    expect(tree.splitValue[0]).toBe(bestCut);
  });

  it('maxDepth bounds the tree and subsampling draws round(0.632 n) rows', () => {
    const fit = fitSurvivalForest(data, x, names, { nTree: 10, maxDepth: 2, replace: false, seed: 1 });
    for (const tree of fit.model.trees) {
      expect(tree.splitVariable.length).toBeLessThanOrEqual(7);
      expect(tree.oobRows.length).toBe(80 - Math.round(0.632 * 80));
      expect(tree.leafSize.reduce((s, v) => s + v, 0)).toBe(Math.round(0.632 * 80));
    }
  });
});

describe('harrellConcordance (private) — brute force', () => {
  it('counts pairs as survival::concordance does', () => {
    const rng = createRng(2);
    const m = 60;
    const time = Array.from({ length: m }, () => rng.int(15));
    const event = Array.from({ length: m }, () => (rng.uniform() < 0.6 ? 1 : 0));
    const risk = Array.from({ length: m }, () => rng.int(8));
    let conc = 0;
    let disc = 0;
    let tied = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const comparable = event[i] === 1 && (time[i] < time[j] || (time[i] === time[j] && event[j] === 0));
        if (!comparable) continue;
        if (risk[i] > risk[j]) conc++;
        else if (risk[i] < risk[j]) disc++;
        else tied++;
      }
    }
    const c = harrellConcordance(time, event, risk);
    expect(c.concordant).toBe(conc);
    expect(c.discordant).toBe(disc);
    expect(c.tiedRisk).toBe(tied);
    expect(c.comparable).toBe(conc + disc + tied);
    expect(c.concordance).toBe((conc + tied / 2) / (conc + disc + tied));
  });
});

describe('fitSurvivalForest — error contracts', () => {
  const { data, x, names } = simulate(30, 1);

  it.each([
    [{ mtry: 4 }, 'mtry'],
    [{ mtry: 0 }, 'mtry'],
    [{ nTree: 0 }, 'nTree'],
    [{ minNodeSize: 1.5 }, 'minNodeSize'],
    [{ sampleFraction: 1.2 }, 'sampleFraction'],
    [{ maxDepth: -1 }, 'maxDepth'],
    [{ splitRule: 'auc' as unknown as 'logrank' }, 'splitRule'],
  ])('bad option %j -> E_OPTION at %s', (opts, key) => {
    const e = catchHcc(() => fitSurvivalForest(data, x, names, opts));
    expect(e.code).toBe('E_OPTION');
    expect(e.issues[0].code).toBe('bad_option');
    expect(e.issues[0].path).toEqual([key]);
  });

  it('non-finite covariate -> E_INPUT non_finite naming row and column', () => {
    const bad = Float64Array.from(x);
    bad[1 * 3 + 2] = NaN;
    const e = catchHcc(() => fitSurvivalForest(data, bad, names));
    expect(e.code).toBe('E_INPUT');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['non_finite', ['row', 2, 'x2']]]);
  });

  it('wrong x length, entry times and no events are input errors', () => {
    expect(catchHcc(() => fitSurvivalForest(data, x.subarray(1), names)).issues[0].path).toEqual(['x']);
    const withEntry = makeSurvivalData({ time: data.time, event: data.event, entry: Array.from(data.time, (t) => t - 1) });
    if (!withEntry.ok) throw new Error('fixture');
    const e1 = catchHcc(() => fitSurvivalForest(withEntry.value, x, names));
    expect(e1.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['entry']]]);
    const censored = makeSurvivalData({ time: data.time, event: Array.from(data.time, () => 0) });
    if (!censored.ok) throw new Error('fixture');
    const e2 = catchHcc(() => fitSurvivalForest(censored.value, x, names));
    expect(e2.issues.map((i) => [i.code, i.path])).toEqual([['no_events', ['event']]]);
  });

  it('prediction rejects NaN and a ragged matrix', () => {
    const fit = fitSurvivalForest(data, x, names, { nTree: 2 });
    const e = catchHcc(() => predictSurvivalForest(fit.model, Float64Array.from([0, NaN, 1])));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['non_finite', ['row', 1, 'x1']]]);
    expect(catchHcc(() => predictSurvivalForestRisk(fit.model, new Float64Array(4))).issues[0].path).toEqual(['x']);
  });
});
