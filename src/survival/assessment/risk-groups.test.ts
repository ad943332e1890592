import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { createRng, permutation } from '../../core/rng.js';
import { makeSurvivalData } from '../outcome.js';
import type { SurvivalData } from '../outcome.js';
import { lausenSchumacherP, maxSelectedLogRank } from './max-selected-logrank.js';
import { quantileType7 } from './quantile.js';
import { assignRiskGroups, learnCutoffs, summarizeRiskGroups } from './risk-groups.js';

function survival(time: number[], event: number[]): SurvivalData {
  const r = makeSurvivalData({ time, event });
  if (!r.ok) throw new Error('bad fixture');
  return r.value;
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

/** Synthetic cohort: hazard rising with the score; seeded. */
function cohort(n: number, seed: number): { score: Float64Array; time: number[]; event: number[] } {
  const rng = createRng(seed);
  const score = Float64Array.from({ length: n }, () => rng.normal());
  const time = Array.from(score, (s) => Math.round(1 + 1000 * -Math.log(rng.uniform()) / Math.exp(s)));
  const event = time.map(() => (rng.uniform() < 0.7 ? 1 : 0));
  return { score, time, event };
}

describe('quantileType7 (closed form)', () => {
  it('interpolates between order statistics as R type 7', () => {
    // x sorted 1,2,4,8: h = 1 + 3p; p = 0.5 -> h = 2.5 -> 2 + 0.5 (4 - 2) = 3; p = 1/3 -> h = 2 -> 2.
    expect(Array.from(quantileType7([8, 1, 4, 2], [0, 0.5, 1 / 3, 1]))).toEqual([1, 3, 2, 8]);
    expect(quantileType7([5], [0.3])[0]).toBe(5);
    expect(() => quantileType7([], [0.5])).toThrow(RangeError);
    expect(() => quantileType7([1, 2], [1.5])).toThrow(RangeError);
  });
});

describe('learnCutoffs / assignRiskGroups', () => {
  it('score equal to a cut-off goes to the lower group; groups count', () => {
    const cuts = learnCutoffs([1, 2, 3, 4, 5], { method: 'median' });
    expect(cuts.cutoffs).toEqual([3]);
    const g = assignRiskGroups([3, 2.999, 3.001, 100, -100], cuts);
    expect(Array.from(g.codes)).toEqual([0, 0, 1, 1, 0]);
    expect(Array.from(g.counts)).toEqual([3, 2]);
    expect(g.levels).toEqual(['low', 'high']);
  });
  it('tertiles and explicit quantiles give k + 1 groups, lowest first', () => {
    const x = Array.from({ length: 10 }, (_, i) => i + 1);
    const t = learnCutoffs(x, { method: 'tertiles' });
    expect(t.cutoffs.length).toBe(2);
    expect(t.labels).toEqual(['low', 'intermediate', 'high']);
    const q = learnCutoffs(x, { method: 'quantiles', probs: [0.25, 0.5, 0.75] });
    expect(q.cutoffs).toEqual([3.25, 5.5, 7.75]);
    expect(Array.from(assignRiskGroups(x, q).counts)).toEqual([3, 2, 2, 3]);
  });
  it('cut-offs are frozen and applied unchanged to a new cohort', () => {
    const train = cohort(150, 1);
    const test = cohort(80, 2);
    const cuts = learnCutoffs(train.score, { method: 'tertiles' });
    expect(Object.isFrozen(cuts)).toBe(true);
    expect(Object.isFrozen(cuts.cutoffs)).toBe(true);
    expect(() => (cuts.cutoffs as number[]).push(1)).toThrow();
    const before = [...cuts.cutoffs];
    const g = assignRiskGroups(test.score, cuts);
    expect(g.cutoffs).toEqual(before);
    // Each test row is placed by the training cut-offs, not by test quantiles.
    for (let i = 0; i < test.score.length; i++) expect(g.codes[i]).toBe(before.filter((c) => test.score[i] > c).length);
    expect(learnCutoffs(test.score, { method: 'tertiles' }).cutoffs).not.toEqual(before);
  });
  it("'optimal' uses the training outcome only: permuting the test outcomes leaves the cut-off unchanged", () => {
    const all = cohort(300, 3);
    const trainIdx = Array.from({ length: 200 }, (_, i) => i);
    const testIdx = Array.from({ length: 100 }, (_, i) => 200 + i);
    const learn = (time: number[], event: number[]) => {
      const score = Float64Array.from(trainIdx, (i) => all.score[i]);
      return learnCutoffs(score, { method: 'optimal' }, survival(trainIdx.map((i) => time[i]), trainIdx.map((i) => event[i])));
    };
    const a = learn(all.time, all.event);
    const perm = permutation(100, createRng(9));
    const time2 = [...all.time];
    const event2 = [...all.event];
    testIdx.forEach((i, k) => {
      time2[i] = all.time[200 + perm[k]];
      event2[i] = all.event[200 + perm[k]];
    });
    expect(time2).not.toEqual(all.time);
    const b = learn(time2, event2);
    expect(b.cutoffs).toEqual(a.cutoffs);
    expect(b.optimal!.statistic).toBe(a.optimal!.statistic);
    // ...while permuting the TRAINING outcomes does change the scan.
    const time3 = [...all.time];
    trainIdx.forEach((i, k) => (time3[i] = all.time[trainIdx[(k + 1) % 200]]));
    expect(learn(time3, all.event).optimal!.statistic).not.toBe(a.optimal!.statistic);
  });
  it('error contracts: codes and paths', () => {
    let e = catchHcc(() => learnCutoffs([1, NaN, 3], { method: 'median' }));
    expect(e.code).toBe('E_INPUT');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['non_finite', ['score', 1]]]);
    e = catchHcc(() => learnCutoffs([1, 2, 3], { method: 'optimal' }));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['trainingOutcome']]]);
    e = catchHcc(() => learnCutoffs([1, 2, 3], { method: 'quantiles', probs: [0.6, 0.4] }));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['method', 'probs', 1]]]);
    e = catchHcc(() => learnCutoffs([1, 2, 3], { method: 'quantiles', probs: [1.2] }));
    expect(e.issues[0].code).toBe('bad_option');
    expect(e.issues[0].path.slice(0, 2)).toEqual(['method', 'probs']);
    e = catchHcc(() => learnCutoffs([1, 1, 1, 1, 2], { method: 'tertiles' }));
    expect(e.issues.map((i) => i.code)).toEqual(['ties_in_time']);
    e = catchHcc(() => assignRiskGroups([Infinity], { cutoffs: [0], labels: ['low', 'high'] }));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['non_finite', ['score', 0]]]);
  });
});

describe('maxSelectedLogRank', () => {
  it('matches a direct two-group log-rank at every candidate (invariant)', () => {
    const c = cohort(120, 5);
    const data = survival(c.time, c.event);
    const scan = maxSelectedLogRank(data, c.score);
    expect(scan.candidates.length).toBeGreaterThan(50);
    for (let k = 0; k < scan.candidates.length; k += 7) {
      const cut = scan.candidates[k];
      const times = [...new Set(c.time)].sort((a, b) => a - b);
      let o = 0;
      let e = 0;
      let v = 0;
      for (const t of times) {
        let n = 0;
        let h = 0;
        let d = 0;
        let dh = 0;
        for (let i = 0; i < c.time.length; i++) {
          if (c.time[i] >= t) {
            n++;
            if (c.score[i] > cut) h++;
          }
          if (c.time[i] === t && c.event[i]) {
            d++;
            if (c.score[i] > cut) dh++;
          }
        }
        if (!d) continue;
        o += dh;
        e += (d * h) / n;
        if (n > 1) v += ((d * (n - d)) / (n - 1)) * (h / n) * (1 - h / n);
      }
      expect(Math.abs(scan.statistics[k] - ((o - e) * (o - e)) / v)).toBeLessThan(1e-9 * scan.statistics[k] + 1e-12);
    }
    expect(scan.statistic).toBe(Math.max(...scan.statistics));
  });
  it('Lausen-Schumacher p: closed form at b = 3 and clamping', () => {
    const phi = Math.exp(-4.5) / Math.sqrt(2 * Math.PI);
    expect(lausenSchumacherP(3)).toBeCloseTo(4 * phi / 3 + phi * (3 - 1 / 3) * Math.log(81), 14);
    expect(lausenSchumacherP(0.1)).toBe(1);
    expect(lausenSchumacherP(1)).toBe(1);
    expect(lausenSchumacherP(0)).toBe(1);
  });
  it('rejects weights / entry times and mismatched lengths', () => {
    const r = makeSurvivalData({ time: [1, 2, 3], event: [1, 0, 1], weights: [1, 2, 1] });
    if (!r.ok) throw new Error('fixture');
    const e = catchHcc(() => maxSelectedLogRank(r.value, [1, 2]));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['bad_option', ['score']],
      ['bad_option', ['outcome']],
    ]);
  });
});

describe('summarizeRiskGroups: hrReason', () => {
  it('null for the reference and for an estimable HR; set when the HR is not estimable', () => {
    const c = cohort(200, 3);
    const ok = summarizeRiskGroups(survival(c.time, c.event), assignRiskGroups(c.score, learnCutoffs(c.score, { method: 'median' })));
    expect(ok.groups.map((g) => g.hrReason)).toEqual([null, null]);
    // R 4.2.2: coxph(Surv(time, event) ~ g) on these rows warns "coefficient may be infinite" (coef 22.2, HR 4.4e9):
    // every high-risk event happens before any low-risk one.
    const time = [1, 2, 3, 4, 5, 6, 7, 8];
    const event = [1, 1, 0, 1, 0, 0, 1, 0];
    const s = summarizeRiskGroups(survival(time, event), assignRiskGroups([9, 9, 9, 1, 1, 1, 1, 1], { cutoffs: [5], labels: ['low', 'high'] }));
    expect(s.groups[0].hrReason).toBeNull();
    expect(s.groups[1].hr!).toBeGreaterThan(1e8); // the engine's number is kept (as R prints it)
    expect(s.groups[1].hrReason).toMatch(/monotone likelihood/);
    const noEvents = summarizeRiskGroups(survival([9, 10, 11, 4, 5, 6, 7, 8], [0, 0, 0, 1, 0, 1, 1, 0]), assignRiskGroups([9, 9, 9, 1, 1, 1, 1, 1], { cutoffs: [5], labels: ['low', 'high'] }));
    expect(noEvents.groups[1].hrReason).toBe('not estimable: no events in this group (hazard ratio tends to zero)');
  });
});
