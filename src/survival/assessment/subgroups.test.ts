import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { groupingFromValues } from '../grouping.js';
import { makeSurvivalData } from '../outcome.js';
import { forestRows, subgroupAnalysis } from './subgroups.js';

function fixture(n: number, seed: number) {
  const rng = createRng(seed);
  const arm = Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 'A' : 'B'));
  const sex = Array.from({ length: n }, () => (rng.uniform() < 0.4 ? 'f' : 'm'));
  const time = arm.map((a) => -Math.log(rng.uniform()) * (a === 'B' ? 2 : 1));
  const event = time.map(() => (rng.uniform() < 0.8 ? 1 : 0));
  const r = makeSurvivalData({ time, event });
  if (!r.ok) throw new Error('fixture');
  const out = { data: r.value, arm: groupingFromValues(arm, 'arm'), sex: groupingFromValues(sex, 'sex') };
  return { ...out, res: subgroupAnalysis(out.data, out.arm, [out.sex]) };
}

describe('subgroupAnalysis', () => {
  const f = fixture(200, 11);
  const res = subgroupAnalysis(f.data, f.arm, [f.sex]);
  it('rows: overall then one per subgroup level; counts add up (invariant)', () => {
    expect(res.rows.map((r) => r.label)).toEqual(['Overall', 'sex = f', 'sex = m']);
    expect(res.rows[1].n + res.rows[2].n).toBe(200);
    expect(res.rows[1].events + res.rows[2].events).toBe(res.rows[0].events);
    for (const r of res.rows) {
      expect(r.lower!).toBeLessThan(r.estimate!);
      expect(r.upper!).toBeGreaterThan(r.estimate!);
      expect(r.estimate!).toBeLessThan(1); // arm B lives twice as long
    }
    expect(res.interactions[0].df).toBe(1);
    expect(res.interactions[0].chisq).toBeGreaterThanOrEqual(0);
    expect(forestRows(res).length).toBe(3);
  });
  it('swapping the exposure reference inverts every hazard ratio (invariant)', () => {
    const swapped = { name: 'arm', levels: ['B', 'A'], codes: Int32Array.from(f.arm.codes, (c) => 1 - c) };
    const res2 = subgroupAnalysis(f.data, swapped, [f.sex]);
    res.rows.forEach((r, k) => expect(res2.rows[k].estimate! * r.estimate!).toBeCloseTo(1, 8));
    expect(res2.interactions[0].chisq).toBeCloseTo(res.interactions[0].chisq, 8);
  });
  it('a subgroup with one exposure level gives a null row and a warning, not a crash', () => {
    const codes = Int32Array.from(f.arm.codes);
    const site = groupingFromValues(Array.from(codes, (c, i) => (i < 10 ? 'tiny' : 'big')), 'site');
    for (let i = 0; i < 10; i++) codes[i] = 0;
    const res3 = subgroupAnalysis(f.data, { ...f.arm, codes }, [site]);
    const tiny = res3.rows.find((r) => r.level === 'tiny')!;
    expect(tiny.estimate).toBeNull();
    expect(res3.warnings.some((w) => w.code === 'single_group')).toBe(true);
    expect(res3.interactions[0].df).toBe(0);
  });
  it('error contracts: exposure with one level, wrong length', () => {
    const one = groupingFromValues(Array(200).fill('A'), 'arm');
    try {
      subgroupAnalysis(f.data, one, [f.sex]);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(HccError);
      expect((e as HccError).issues.map((i) => [i.code, i.path])).toEqual([['single_group', ['exposure']]]);
    }
    try {
      subgroupAnalysis(f.data, f.arm, [groupingFromValues(['x'], 'short')]);
      throw new Error('no error');
    } catch (e) {
      expect((e as HccError).issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['by', 0]]]);
    }
  });
});

describe('subgroupAnalysis: not estimable strata (monotone likelihood) carry a reason', () => {
  // Level "sep": R 4.2.2 survival 3.5-3 on these 8 rows, coxph(Surv(time, event) ~ g) warns
  // "Loglik converged before variable 1; coefficient may be infinite" and prints coef 22.21,
  // se 32561, HR 4.4e9, p 0.9995 although both groups have events (every high event happens
  // while no low patient has had one yet). Level "none": R gives coef 20.83 (HR 1.1e9) with the
  // same warning; all its events are in the high group. Level "big": an ordinary estimable stratum.
  const sep = { time: [1, 2, 3, 4, 5, 6, 7, 8], event: [1, 1, 0, 1, 0, 0, 1, 0], g: ['high', 'high', 'high', 'low', 'low', 'low', 'low', 'low'] };
  const none = { time: [2, 5, 8, 12, 3, 6, 20], event: [1, 1, 1, 0, 0, 0, 0], g: ['high', 'high', 'high', 'high', 'low', 'low', 'low'] };
  const f = fixture(120, 5);
  const time = [...sep.time, ...none.time, ...Array.from(f.data.time)];
  const event = [...sep.event, ...none.event, ...Array.from(f.data.event)];
  const g = [...sep.g, ...none.g, ...Array.from(f.arm.codes, (c) => (c === 0 ? 'low' : 'high'))];
  const level = [...sep.g.map(() => 'sep'), ...none.g.map(() => 'none'), ...f.arm.codes.map(() => 0)].map((v) => (v === 0 ? 'big' : v));
  const d = makeSurvivalData({ time, event });
  if (!d.ok) throw new Error('fixture');
  const exposure = { name: 'risk', levels: ['low', 'high'], codes: Int32Array.from(g, (v) => (v === 'low' ? 0 : 1)) };
  const res = subgroupAnalysis(d.value, exposure, [groupingFromValues(level, 'stratum')]);
  const row = (l: string) => res.rows.find((r) => r.level === l)!;

  it('separation with events in both groups: the engine keeps its (R-like) huge HR but flags it', () => {
    expect(row('sep').estimate!).toBeGreaterThan(1e8); // R: 4.4e9
    expect(row('sep').reason).toMatch(/monotone likelihood/);
  });
  it('all events in one group: "no events among the 3 patients with risk = low"', () => {
    expect(row('none').reason).toBe('not estimable: no events among the 3 patients with risk = low (hazard ratio infinite or zero)');
  });
  it('estimable strata and the overall row have no reason; forestRows leaves flagged rows out', () => {
    expect(row('big').reason).toBeNull();
    expect(res.rows[0].reason).toBeNull();
    expect(forestRows(res).map((r) => r.label)).toEqual(['Overall', 'stratum = big']);
    expect(f.res.rows.every((r) => r.reason === null)).toBe(true);
  });
  it('the interaction test is marked not estimable, naming the strata', () => {
    expect(res.interactions[0].reason).toBe('not estimable: the hazard ratio is not estimable within stratum = none, sep');
    expect(f.res.interactions[0].reason).toBeNull();
  });
  it('a stratum where everybody is in one exposure group says so', () => {
    const one = groupingFromValues(g.map((v, i) => (i < 15 ? 'x' : v === 'high' ? 'hi' : 'lo')), 'v');
    const r2 = subgroupAnalysis(d.value, exposure, [one]);
    expect(r2.rows.find((r) => r.level === 'hi')!.reason).toBe(`not estimable: all ${g.slice(15).filter((v) => v === 'high').length} patients have risk = high`);
    expect(r2.interactions[0].reason).toMatch(/^not estimable/);
  });
});
