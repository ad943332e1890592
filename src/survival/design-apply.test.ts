import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../core/table.js';
import { buildDesign } from './design.js';
import { applyDesign } from './design-apply.js';

describe('applyDesign (training coding on new rows)', () => {
  const train = parseCsvText('age,cell\n50,a\n60,b\n70,c\n', 'train.csv');
  const d = buildDesign(train, [0, 1, 2], [{ column: 'age' }, { column: 'cell', kind: 'factor', reference: 'b' }]);
  if (!d.ok) throw new Error('design');
  it('keeps training columns even when a level is absent from the new data', () => {
    const fresh = parseCsvText('age,cell\n55,c\n65,b\n', 'new.csv');
    const r = applyDesign(fresh, [0, 1], d.value);
    expect(d.value.names).toEqual(['age', 'cella', 'cellc']);
    expect(r.ok && Array.from(r.value)).toEqual([55, 0, 1, 65, 0, 0]);
  });
  it('reports unseen levels and missing values by row', () => {
    const fresh = parseCsvText('age,cell\n55,z\n,b\n', 'new.csv');
    const r = applyDesign(fresh, [0, 1], d.value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.code, i.path.join('.')])).toEqual([['missing_value', 'row.2.age'], ['unknown_level', 'row.1.cell']]);
  });
});
