import { describe, expect, it } from 'vitest';
import { HccError } from './errors.js';
import { numericColumn, parseCsvText, readCsvFile } from './table.js';

describe('CSV tables', () => {
  it('reads header, missing tokens and quoted cells', () => {
    const t = parseCsvText('a,"b c"\n1,NA\n"2",x\n,3\n', 'f.csv');
    expect(t.columns).toEqual(['a', 'b c']);
    expect(t.nRows).toBe(3);
    expect(t.cells.get('b c')).toEqual([null, 'x', '3']);
    expect(t.cells.get('a')).toEqual(['1', '2', null]);
  });
  it('numericColumn reports unparsable cells with 1-based rows', () => {
    const t = parseCsvText('v\n1.5\nabc\nInf\n', 'f.csv');
    const r = numericColumn(t, 'v', 'age');
    expect(r.values[0]).toBe(1.5);
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['not_a_number', ['row', 2, 'v']],
      ['non_finite', ['row', 3, 'v']],
    ]);
  });
  it('ragged rows and duplicate headers are coded input errors', () => {
    expect(() => parseCsvText('a,b\n1\n', 'r.csv')).toThrow(HccError);
    let caught: unknown;
    try {
      parseCsvText('a,a\n1,2\n', 'd.csv');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HccError);
    expect((caught as HccError).code).toBe('E_INPUT');
    expect((caught as HccError).issues[0]).toMatchObject({ code: 'bad_csv', path: ['d.csv', 'a'] });
  });
  it('a missing file is E_IO naming the path', () => {
    expect(() => readCsvFile('/nonexistent/x.csv')).toThrow(/\/nonexistent\/x.csv/);
  });
});
