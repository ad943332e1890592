import { describe, expect, it } from 'vitest';
import { HccError } from './errors.js';
import { orientationCode } from './geometry.js';
import type { Mat3 } from './geometry.js';
import { assertSameGrid, indexToWorld, makeVolume, worldToIndex } from './volume.js';

const ras: Mat3 = [-1, 0, 0, 0, -1, 0, 0, 0, 1];

describe('Volume geometry', () => {
  it('maps index to world and back with anisotropic spacing and a non-identity direction', () => {
    const c = Math.cos(0.3), s = Math.sin(0.3);
    const v = makeVolume({ data: new Int16Array(24), shape: [2, 3, 4], spacing: [0.7, 0.8, 5], origin: [10, -20, 30], direction: [c, -s, 0, s, c, 0, 0, 0, 1] });
    const p = indexToWorld(v, [1, 2, 3]);
    expect(p[0]).toBeCloseTo(10 + 0.7 * c - 1.6 * s, 12);
    expect(p[2]).toBeCloseTo(45, 12);
    const back = worldToIndex(v, p);
    back.forEach((x, i) => expect(x).toBeCloseTo([1, 2, 3][i], 12));
  });
  it('names orientations', () => {
    expect(orientationCode([1, 0, 0, 0, 1, 0, 0, 0, 1])).toBe('LPS');
    expect(orientationCode(ras)).toBe('RAS');
    expect(orientationCode([-1, 0, 0, 0, 1, 0, 0, 0, 1])).toBe('RPS');
  });
  it('rejects bad geometry with a message naming it', () => {
    expect(() => makeVolume({ data: new Uint8Array(5), shape: [2, 2, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, 'x.nii')).toThrow(/x.nii.*8/);
    expect(() => makeVolume({ data: new Uint8Array(8), shape: [2, 2, 2], spacing: [1, 0, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] })).toThrow(/spacing/);
    expect(() => makeVolume({ data: new Uint8Array(8), shape: [2, 2, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 1, 0, 0, 1, 0, 0, 0, 1] })).toThrow(/direction/);
  });
  it('assertSameGrid accepts tiny differences and rejects real ones', () => {
    const base = { data: new Uint8Array(8), shape: [2, 2, 2] as const, spacing: [1, 1, 1] as const, origin: [0, 0, 0] as const, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as const };
    const a = makeVolume(base);
    expect(() => assertSameGrid(a, makeVolume({ ...base, origin: [0.0001, 0, 0] }))).not.toThrow();
    expect(() => assertSameGrid(a, makeVolume({ ...base, origin: [0.5, 0, 0] }))).toThrow(HccError);
    expect(() => assertSameGrid(a, makeVolume({ ...base, spacing: [1.01, 1, 1] }))).toThrow(/spacing/);
  });
});
