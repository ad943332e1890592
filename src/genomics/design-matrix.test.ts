// Tier (a): hand-solvable designs.
import { describe, expect, it } from 'vitest';
import { HccError } from '../core/errors.js';
import { groupDesign, hatValues } from './design-matrix.js';

describe('groupDesign (model.matrix(~ group))', () => {
  it('treatment coding with the first level as reference', () => {
    const { design, levels } = groupDesign(['b', 'a', 'b', 'c'], ['a', 'b', 'c']);
    expect(levels).toEqual(['a', 'b', 'c']);
    expect(design.columnNames).toEqual(['(Intercept)', 'groupb', 'groupc']);
    expect(Array.from(design.x)).toEqual([1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1]);
  });

  it('default levels are sorted', () => {
    expect(groupDesign(['Liver', 'Kidney']).levels).toEqual(['Kidney', 'Liver']);
  });

  it('reports unknown and single levels as issues', () => {
    try {
      groupDesign(['a', 'x'], ['a', 'b']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HccError);
      expect((e as HccError).issues.map((i) => [i.code, i.path])).toEqual([['unknown_level', ['group', 1]]]);
    }
    try {
      groupDesign(['a', 'a']);
      expect.unreachable();
    } catch (e) {
      expect((e as HccError).issues[0].code).toBe('single_group');
    }
  });
});

describe('hatValues', () => {
  it('two groups of sizes 2 and 3: leverages 1/2 and 1/3', () => {
    const { design } = groupDesign(['a', 'a', 'b', 'b', 'b']);
    const h = hatValues(design);
    [0.5, 0.5, 1 / 3, 1 / 3, 1 / 3].forEach((v, i) => expect(h[i]).toBeCloseTo(v, 14));
  });
});
