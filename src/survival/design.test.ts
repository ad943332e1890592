import { describe, expect, it } from 'vitest';
import { tableFromColumns } from '../core/table.js';
import { buildDesign, parseSurvivalDesign } from './design.js';

const table = tableFromColumns({
  time: [5, 8, 3, 9, 4, 7],
  status: [1, 0, 1, 1, 0, 1],
  age: [60, 55, null, 70, 65, 50],
  grade: ['10', '2', '2', '1', '10', '1'],
  cell: ['squamous', 'adeno', 'large', 'squamous', 'adeno', 'large'],
  same: [1, 1, 1, 1, 1, 1],
  txt: ['1', 'a', '2', '3', '4', '5'],
});

describe('buildDesign', () => {
  it('codes factors with R level order (numeric when all numeric) and named dummies', () => {
    const r = buildDesign(table, [0, 1, 3, 4], [{ column: 'grade', kind: 'factor' }, { column: 'cell', kind: 'factor', reference: 'squamous' }]);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const d = r.value;
    expect(d.factors[0].levels).toEqual(['1', '2', '10']);
    expect(d.names).toEqual(['grade2', 'grade10', 'celladeno']);
    expect(d.terms).toEqual([{ name: 'grade', columns: [0, 1] }, { name: 'cell', columns: [2] }]);
    // rows 0, 1, 3, 4: grade 10, 2, 1, 10; cell squamous, adeno, squamous, adeno
    expect(Array.from(d.x)).toEqual([0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1, 1]);
    expect(d.n).toBe(4);
    expect(d.p).toBe(3);
  });

  it('reports unknown reference, constant columns and non-numbers with their paths', () => {
    const r = buildDesign(table, [0, 1, 2, 3, 4, 5], [
      { column: 'cell', kind: 'factor', reference: 'oat' },
      { column: 'same' },
      { column: 'txt' },
      { column: 'nope' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['unknown_level', ['terms', 0, 'reference']],
      ['constant_covariate', ['same']],
      ['not_a_number', ['row', 2, 'txt']],
      ['missing_column', ['<memory>', 'nope']],
    ]);
  });
});

describe('parseSurvivalDesign', () => {
  it('drops rows with a missing covariate through the survival gate', () => {
    const r = parseSurvivalDesign(table, { time: 'time', event: 'status' }, [{ column: 'age' }]);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.survival.data.n).toBe(5);
    expect(r.value.survival.dropped).toEqual([{ row: 3, column: 'age', reason: 'missing_value' }]);
    expect(Array.from(r.value.design.x)).toEqual([60, 55, 70, 65, 50]);
  });
});

describe('buildDesign: a text column used as numeric', () => {
  it('gives one issue suggesting a factor instead of one per row', async () => {
    const { parseCsvText } = await import('../core/table.js');
    const t = parseCsvText('g\n' + Array.from({ length: 20 }, (_, i) => (i % 2 ? 'adeno' : 'squamous')).join('\n') + '\n', 'x.csv');
    const r = buildDesign(t, Array.from({ length: 20 }, (_, i) => i), [{ column: 'g' }]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]).toMatchObject({ code: 'not_a_number', path: ['g'] });
      expect(r.issues[0].message).toContain('--factor g');
    }
  });
});
