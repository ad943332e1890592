import { describe, expect, it } from 'vitest';
import type { GeneSetCollection } from '../gene-sets.js';
import { expectClose } from '../../../test/helpers/reference.js';
import { overRepresentation } from './ora.js';

const genes = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const collection: GeneSetCollection = {
  source: 'toy',
  sets: [
    { id: 'S1', description: 'd1', members: [...genes('a', 12), 'x0'], line: 1 },
    { id: 'S2', description: 'd2', members: genes('b', 10), line: 2 },
    { id: 'TINY', description: 'd3', members: genes('a', 5), line: 3 },
  ],
  diagnostics: { setLines: 3, emptyFieldsDropped: 0, duplicateMembersRemoved: 0 },
};
// universe: a0..a11, b0..b9 annotated (22) plus 28 unannotated genes u0..u27
const universe = [...genes('a', 12), ...genes('b', 10), ...genes('u', 28)];
const selected = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'b0', 'u0', 'u1', 'zz'];

describe('overRepresentation (tier a: hand-countable toy)', () => {
  it('restricts universe and selection to annotated genes by default and counts exactly', () => {
    const r = overRepresentation(selected, universe, collection);
    expect(r.diagnostics).toMatchObject({ universeSize: 22, selectedSize: 7, selectedNotInUniverse: 1, setsTested: 2, setsOutsideSizeRange: 1 });
    const s1 = r.sets.find((s) => s.id === 'S1')!;
    expect([s1.size, s1.overlap]).toEqual([12, 6]); // x0 is not in the universe
    expect(s1.overlapGenes).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5']);
    // P(X >= 6), X ~ Hyper(N = 22, K = 12, n = 7) = sum_x C(12,x)C(10,7-x)/C(22,7)
    const exact = (924 * 10 + 792 * 1) / 170544;
    expectClose(s1.pValue, exact, { rel: 1e-14 }, 'S1 p');
    expectClose(s1.expected, (7 * 12) / 22, { rel: 1e-15 }, 'expected');
    expect(r.warnings.map((w) => w.code)).toEqual(['unknown_level']);
    expect(r.sets[0].id).toBe('S1'); // sorted by p
  });

  it('does not restrict with restrictUniverse: false (kegga default)', () => {
    const r = overRepresentation(selected, universe, collection, { restrictUniverse: false });
    expect([r.diagnostics.universeSize, r.diagnostics.selectedSize]).toEqual([50, 9]);
  });

  it('BH over all tested sets vs over sets with overlap >= 1', () => {
    const r = overRepresentation(['a0', 'a1', 'u0'], universe, collection, { restrictUniverse: false });
    const s1 = r.sets.find((s) => s.id === 'S1')!;
    const s2 = r.sets.find((s) => s.id === 'S2')!;
    expect(s2.overlap).toBe(0);
    expect(s2.pValue).toBe(1);
    expect(s2.padjOverlap).toBeNull();
    expectClose(s1.padjAll, Math.min(1, 2 * s1.pValue), { rel: 1e-15 }, 'BH all');
    expectClose(s1.padjOverlap, s1.pValue, { rel: 1e-15 }, 'BH overlap');
  });

  it('applies minSize/maxSize to |set ∩ universe|', () => {
    const r = overRepresentation(selected, universe, collection, { minSize: 5, maxSize: 10 });
    expect(r.sets.map((s) => s.id).sort()).toEqual(['S2', 'TINY']);
  });

  it('error contracts: bad size range (E_OPTION, bad_option) and empty universe (E_INPUT, empty_data)', () => {
    expect(() => overRepresentation(selected, universe, collection, { minSize: 20, maxSize: 10 })).toThrowError(
      expect.objectContaining({ code: 'E_OPTION', issues: [expect.objectContaining({ code: 'bad_option', path: ['minSize'] })] }),
    );
    expect(() => overRepresentation(['1'], ['1', '2'], collection)).toThrowError(
      expect.objectContaining({ code: 'E_INPUT', issues: [expect.objectContaining({ code: 'empty_data', path: ['universe'] })] }),
    );
  });
});
