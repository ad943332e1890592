import { describe, expect, it } from 'vitest';
import { makeVolume } from '../core/volume.js';
import type { Mask } from '../core/volume.js';
import { largestComponent } from './largest-component.js';

function maskOf(shape: [number, number, number], set: (i: number, j: number, k: number) => number): Mask {
  const data = new Uint8Array(shape[0] * shape[1] * shape[2]);
  for (let k = 0; k < shape[2]; k++) for (let j = 0; j < shape[1]; j++) for (let i = 0; i < shape[0]; i++) data[i + shape[0] * (j + shape[1] * k)] = set(i, j, k);
  return { ...makeVolume({ data, shape, spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }), labels: { 1: 'liver', 2: 'tumour' } };
}

describe('largestComponent', () => {
  it('keeps the largest lesion, drops the satellites and leaves the liver label alone', () => {
    // liver everywhere; a 3×3×3 lesion at the origin corner, a 2×2×2 satellite far away, a 1-voxel one
    const m = maskOf([12, 12, 12], (i, j, k) => (i < 3 && j < 3 && k < 3 ? 2 : i >= 8 && i < 10 && j >= 8 && j < 10 && k >= 8 && k < 10 ? 2 : i === 6 && j === 0 && k === 11 ? 2 : 1));
    const r = largestComponent(m, [2]);
    expect([r.components, r.keptVoxels, r.totalVoxels]).toEqual([3, 27, 27 + 8 + 1]);
    const count = (v: number) => r.mask.data.filter((x) => x === v).length;
    expect(count(2)).toBe(27);
    expect(count(1)).toBe(12 ** 3 - 36); // the satellites become 0, not liver
    expect(count(0)).toBe(9);
    expect(m.data.filter((x) => x === 2).length).toBe(36); // input untouched
  });

  it('joins voxels that touch only at a corner (26-connectivity)', () => {
    const m = maskOf([4, 4, 4], (i, j, k) => ((i === 0 && j === 0 && k === 0) || (i === 1 && j === 1 && k === 1) || (i === 3 && j === 3 && k === 3) ? 2 : 0));
    const r = largestComponent(m, [2]);
    expect([r.components, r.keptVoxels]).toEqual([2, 2]);
  });

  it('returns the mask itself with one component or none', () => {
    const one = maskOf([4, 4, 4], (i) => (i < 2 ? 2 : 0));
    expect(largestComponent(one, [2]).mask).toBe(one);
    const none = maskOf([4, 4, 4], () => 1);
    expect(largestComponent(none, [2])).toMatchObject({ components: 0, keptVoxels: 0 });
  });
});
