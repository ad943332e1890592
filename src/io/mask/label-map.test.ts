import { describe, expect, it } from 'vitest';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import type { Volume } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';
import { countMaskVoxels, maskFromLabelVolume } from './label-map.js';

// 30° rotation about z: a non-identity direction that must be carried unchanged.
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
const ROT: Mat3 = [c, -s, 0, s, c, 0, 0, 0, 1];

function labelVolume<T extends Float32Array | Int16Array>(data: T): Volume<T> {
  return makeVolume({ data, shape: [4, 3, 2] as Vec3, spacing: [0.7, 0.8, 2.5] as Vec3, origin: [10, -20, 30] as Vec3, direction: ROT });
}

describe('maskFromLabelVolume', () => {
  it('converts an integer label volume, counts labels and keeps the geometry', () => {
    const data = new Int16Array(24);
    data.set([1, 1, 2], 0);
    data[23] = 1;
    const r = maskFromLabelVolume(labelVolume(data), { 1: 'liver', 2: 'tumour' }, { source: 'seg.nii.gz' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.value.counts).toEqual([{ value: 1, name: 'liver', voxels: 3 }, { value: 2, name: 'tumour', voxels: 1 }]);
    expect(r.value.mask.labels).toEqual({ 1: 'liver', 2: 'tumour' });
    expect(r.value.mask.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(r.value.mask.data.subarray(0, 4))).toEqual([1, 1, 2, 0]);
    expect(r.value.mask.direction).toEqual(ROT);
    expect(r.value.mask.spacing).toEqual([0.7, 0.8, 2.5]);
    expect(countMaskVoxels(r.value.mask)).toBe(4);
    expect(countMaskVoxels(r.value.mask, 1)).toBe(3);
  });

  it('accepts float label maps with rounding noise but rejects interpolated values, out-of-range and NaN', () => {
    const noisy = new Float32Array(24);
    noisy[0] = 0.9999999;
    noisy[1] = 2.0000002;
    const good = maskFromLabelVolume(labelVolume(noisy), { 1: 'liver', 2: 'tumour' });
    expect(good.ok && Array.from(good.value.mask.data.subarray(0, 2))).toEqual([1, 2]);

    const bad = new Float32Array(24);
    bad[5] = 1.5; // voxel (1, 1, 0)
    bad[6] = 300;
    bad[7] = -1;
    bad[8] = NaN;
    const r = maskFromLabelVolume(labelVolume(bad), { 1: 'liver' }, { source: 'seg.nii' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.code).sort()).toEqual(['non_finite', 'non_integer_label', 'out_of_range']);
    expect(r.issues.find((i) => i.code === 'non_integer_label')?.path).toEqual(['seg.nii', 'voxel', 1, 1, 0]);
    expect(r.issues.find((i) => i.code === 'out_of_range')?.message).toMatch(/2 voxel/);
  });

  it('reports labels missing from the table as warnings, errors or background', () => {
    const data = new Int16Array(24);
    data[0] = 1;
    data[1] = 7;
    data[2] = 7;
    const warn = maskFromLabelVolume(labelVolume(data), { 1: 'liver' }, { source: 'm.nii' });
    expect(warn.ok).toBe(true);
    if (!warn.ok) return;
    expect(warn.warnings).toMatchObject([{ code: 'unknown_label', severity: 'warning', path: ['m.nii', 'label', 7] }]);
    expect(warn.value.counts[1]).toEqual({ value: 7, name: null, voxels: 2 });
    expect(warn.value.mask.data[1]).toBe(7);

    const err = maskFromLabelVolume(labelVolume(data), { 1: 'liver' }, { unknownLabels: 'error' });
    expect(!err.ok && err.issues.map((i) => [i.code, i.severity])).toEqual([['unknown_label', 'error']]);

    const zero = maskFromLabelVolume(labelVolume(data), { 1: 'liver' }, { unknownLabels: 'zero' });
    expect(zero.ok && countMaskVoxels(zero.value.mask)).toBe(1);
    expect(zero.ok && zero.value.counts.map((x) => x.value)).toEqual([1]);
  });

  it('rejects label tables that a mask cannot hold', () => {
    const r = maskFromLabelVolume(labelVolume(new Int16Array(24)), { 0: 'background', 256: 'big', 3: '' }, { source: 'x' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['bad_option', 'x.labels.0'],
      ['bad_option', 'x.labels.3'],
      ['bad_option', 'x.labels.256'],
    ]);
  });
});
