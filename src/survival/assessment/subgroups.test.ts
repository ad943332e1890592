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
  return { data: r.value, arm: groupingFromValues(arm, 'arm'), sex: groupingFromValues(sex, 'sex') };
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
