import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { makeVolume } from '../../core/volume.js';
import { filterRedundant, midRanks, spearman } from './redundancy.js';
import { peritumouralRing, tumourRegion } from './regions.js';

const I3 = [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number];

function oneVoxel(spacing: [number, number, number]) {
  const data = new Uint8Array(125);
  data[2 + 5 * (2 + 5 * 2)] = 2; // centre of a 5³ grid, label 2
  data[0] = 1; // another label elsewhere
  return makeVolume({ shape: [5, 5, 5], spacing, origin: [0, 0, 0], direction: I3, data });
}

describe('regions', () => {
  it('selects one label, and rings a voxel by its physical neighbourhood', () => {
    const t = tumourRegion(oneVoxel([1, 1, 1]), 2);
    expect(t.data.reduce((a, v) => a + v, 0)).toBe(1);
    expect(tumourRegion(oneVoxel([1, 1, 1]), null).data.reduce((a, v) => a + v, 0)).toBe(2);
    const count = (mm: number, sp: [number, number, number]) => peritumouralRing(tumourRegion(oneVoxel(sp), 2), mm).data.reduce((a, v) => a + v, 0);
    expect(count(1, [1, 1, 1])).toBe(6); // face neighbours
    expect(count(Math.SQRT2, [1, 1, 1])).toBe(18); // + edge neighbours
    expect(count(Math.sqrt(3), [1, 1, 1])).toBe(26); // + corners
    expect(count(1, [1, 1, 3])).toBe(4); // 3 mm slices: no neighbour through the plane
    expect(() => tumourRegion(oneVoxel([1, 1, 1]), 7)).toThrow(HccError);
    expect(() => peritumouralRing(t, 0)).toThrow(/> 0 mm/);
  });
});

describe('redundancy filter', () => {
  it('ranks with averaged ties and computes Spearman ρ', () => {
    expect(Array.from(midRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 14);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 14);
    // ranks (1,2,3,4) vs (2,1,4,3): Σd² = 4 → ρ = 1 − 6·4/(4·15) = 0.6
    expect(spearman([1, 2, 3, 4], [2, 1, 4, 3])).toBeCloseTo(0.6, 14);
  });

  it('keeps the stronger of each correlated pair', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [2, 4, 6, 8, 10, 13]; // ρ(a, b) = 1
    const c = [3, 1, 6, 2, 5, 4]; // weakly related
    const steps = filterRedundant(['a', 'b', 'c'], [a, b, c], [0.6, 0.7, 0.55], 0.9);
    expect(steps.map((s) => s.feature)).toEqual(['b', 'a', 'c']);
    expect(steps.find((s) => s.feature === 'a')).toMatchObject({ kept: false, redundantWith: 'b' });
    expect(steps.find((s) => s.feature === 'b')!.kept).toBe(true);
    expect(steps.find((s) => s.feature === 'c')!.kept).toBe(true);
  });
});
