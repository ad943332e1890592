import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../core/table.js';
import { makeSurvivalData, parseSurvival } from './outcome.js';

const csv = (s: string) => parseCsvText(s.trim() + '\n', 'test.csv');

describe('parseSurvival (the outcome gate)', () => {
  it('reads 0/1 events and reports nothing dropped', () => {
    const r = parseSurvival(csv('time,event\n5,1\n3,0\n7,1'), { time: 'time', event: 'event' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Array.from(r.value.data.time)).toEqual([5, 3, 7]);
    expect(Array.from(r.value.data.event)).toEqual([1, 0, 1]);
    expect(r.value.eventCoding).toBe('0/1');
    expect(r.value.summary).toBe('3 of 3 rows analysed');
  });

  it('reads R 1/2 coding (1 = censored, 2 = event)', () => {
    const r = parseSurvival(csv('t,status\n5,2\n3,1\n7,2'), { time: 't', event: 'status' });
    expect(r.ok && Array.from(r.value.data.event)).toEqual([1, 0, 1]);
    expect(r.ok && r.value.eventCoding).toBe('1/2');
  });

  it('drops rows with missing values, naming row and column, and says so', () => {
    const r = parseSurvival(csv('time,event,age\n5,1,60\n,0,50\n7,NA,40\n8,1,'), { time: 'time', event: 'event', alsoRequire: ['age'] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.data.n).toBe(1);
    expect(r.value.dropped).toEqual([
      { row: 2, column: 'time', reason: 'missing_value' },
      { row: 3, column: 'event', reason: 'missing_value' },
      { row: 4, column: 'age', reason: 'missing_value' },
    ]);
    expect(r.value.summary).toBe('1 of 4 rows analysed; 3 dropped (missing time: 1, missing event: 1, missing age: 1)');
    expect(Array.from(r.value.data.rowIndex)).toEqual([0]);
  });

  it('collects every invalid value with its row (not first-fail)', () => {
    const r = parseSurvival(csv('time,event\n-1,1\nabc,0\n4,3\ninf,1'), { time: 'time', event: 'event' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const codes = r.issues.map((i) => [i.code, i.path.join('.')]);
    expect(codes).toContainEqual(['not_a_number', 'row.2.time']);
    expect(codes).toContainEqual(['non_finite', 'row.4.time']);
    expect(codes).toContainEqual(['negative_time', 'row.1.time']);
    expect(codes).toContainEqual(['bad_event_code', 'row.3.event']);
  });

  it('rejects a mix of 0/1/2 event codes', () => {
    const r = parseSurvival(csv('time,event\n1,0\n2,1\n3,2'), { time: 'time', event: 'event' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'bad_event_code', path: ['row', 3, 'event'] });
  });

  it('rejects entry >= exit for counting-process rows', () => {
    const r = parseSurvival(csv('start,stop,event\n0,5,1\n5,5,0\n6,4,1'), { entry: 'start', time: 'stop', event: 'event' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => i.code)).toEqual(['entry_not_before_exit', 'entry_not_before_exit']);
      expect(r.issues.map((i) => i.path[1])).toEqual([2, 3]);
    }
  });

  it('a semicolon- or tab-separated file gets a bad_csv hint before the missing columns', () => {
    const r = parseSurvival(csv('time;event\n5;1\n3;0'), { time: 'time', event: 'event' });
    expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([
      ['bad_csv', ['test.csv']],
      ['missing_column', ['test.csv', 'time']],
      ['missing_column', ['test.csv', 'event']],
    ]);
    expect(!r.ok && r.issues[0].message).toMatch(/semicolon-separated/);
    const tab = parseSurvival(csv('time\tevent\n5\t1'), { time: 'time', event: 'event' });
    expect(!tab.ok && tab.issues[0].message).toMatch(/tab-separated/);
  });

  it('reports a missing column with the available ones', () => {
    const r = parseSurvival(csv('time,status\n1,1'), { time: 'time', event: 'event' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'missing_column', path: ['test.csv', 'event'], expected: 'one of: time, status' });
  });

  it('orders strata levels numerically like R factors and combines several columns', () => {
    const r = parseSurvival(csv('time,event,g,h\n1,1,10,b\n2,1,9,a\n3,0,10,a'), { time: 'time', event: 'event', strata: ['g', 'h'] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.data.strataLevels).toEqual(['g=9, h=a', 'g=10, h=a', 'g=10, h=b']);
    expect(Array.from(r.value.data.strata!)).toEqual([2, 0, 1]);
  });

  it('rejects non-positive weights', () => {
    const r = makeSurvivalData({ time: [1, 2], event: [1, 0], weights: [1, 0] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ code: 'negative_weight', path: ['row', 2, 'weights'] });
  });

  it('warns when there are no events', () => {
    const r = parseSurvival(csv('time,event\n1,0\n2,0'), { time: 'time', event: 'event' });
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['no_events']);
  });
});
