import { describe, expect, it } from 'vitest';
import { parseRankedList } from './ranked-list.js';

describe('parseRankedList', () => {
  it('stably sorts by decreasing statistic, keeping the given order among ties', () => {
    const r = parseRankedList(['a', 'b', 'c', 'd'], [1, 3, 1, 3]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.ids).toEqual(['b', 'd', 'a', 'c']);
    expect(r.value.reordered).toBe(true);
    expect(r.value.position.get('a')).toBe(2);
  });

  it('collects duplicate ids, empty ids and non-finite statistics with their positions', () => {
    const r = parseRankedList(['a', 'b', 'a', ''], [1, NaN, 2, Infinity]);
    expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([
      ['non_finite', ['stats', 1]],
      ['duplicate_id', ['ids', 2]],
      ['missing_value', ['ids', 3]],
      ['non_finite', ['stats', 3]],
    ]);
  });

  it('needs at least 3 genes', () => {
    const r = parseRankedList(['a', 'b'], [1, 2]);
    expect(!r.ok && r.issues[0].code).toBe('empty_data');
  });
});
