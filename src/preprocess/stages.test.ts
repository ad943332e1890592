import { describe, expect, it } from 'vitest';
import { HccError } from '../core/errors.js';
import { orientationCode } from '../core/geometry.js';
import type { Mat3, Vec3 } from '../core/geometry.js';
import { createRng } from '../core/rng.js';
import type { Mask, Volume } from '../core/volume.js';
import { indexToWorld, makeVolume, voxelIndex } from '../core/volume.js';
import { applyAugment, augment, sampleAugmentParams } from './augment.js';
import { cropAroundMask } from './crop-around-mask.js';
import { normaliseIntensity } from './normalise-intensity.js';
import { reorient } from './reorient.js';
import { stackPhases } from './stack-phases.js';
import { windowHu } from './window-hu.js';

const LPS: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
function vol(shape: Vec3, f: (i: number, j: number, k: number) => number, direction: Mat3 = LPS): Volume<Int16Array> {
  const d = new Int16Array(shape[0] * shape[1] * shape[2]);
  for (let k = 0; k < shape[2]; k++) for (let j = 0; j < shape[1]; j++) for (let i = 0; i < shape[0]; i++) d[voxelIndex(shape, i, j, k)] = f(i, j, k);
  return makeVolume({ data: d, shape, spacing: [0.5, 1, 2], origin: [-3, 4, 10], direction });
}
function maskOf(v: Volume, f: (i: number, j: number, k: number) => number): Mask {
  const d = new Uint8Array(v.data.length);
  for (let k = 0; k < v.shape[2]; k++) for (let j = 0; j < v.shape[1]; j++) for (let i = 0; i < v.shape[0]; i++) d[voxelIndex(v.shape, i, j, k)] = f(i, j, k);
  return { ...makeVolume({ ...v, data: d }), labels: { 1: 'liver', 2: 'tumour' } };
}
const img = vol([10, 8, 6], (i, j, k) => i * 100 - j * 7 + k - 300);

describe('windowHu', () => {
  it('clips to [lower, upper], keeps Int16 for integer bounds, Float32 otherwise', () => {
    const r = windowHu(img, { lowerHu: -100, upperHu: 200 });
    expect(r.value.data).toBeInstanceOf(Int16Array);
    r.value.data.forEach((x, i) => expect(x).toBe(Math.min(200, Math.max(-100, img.data[i]))));
    expect(windowHu(img, { lowerHu: -100.5, upperHu: 200 }).value.data).toBeInstanceOf(Float32Array);
    expect(() => windowHu(img, { lowerHu: 5, upperHu: 5 })).toThrow(HccError);
  });
});

describe('normaliseIntensity', () => {
  const mask = maskOf(img, (i) => (i >= 2 && i <= 5 ? 1 : 0));
  it('z-score within the mask gives mean 0 and sd 1 inside it', () => {
    const r = normaliseIntensity(img, { method: 'z-score', maskLabels: [1] }, mask);
    let n = 0, s = 0, ss = 0;
    r.value.volume.data.forEach((x, i) => { if (mask.data[i]) { n++; s += x; ss += x * x; } });
    expect(r.value.stats.voxels).toBe(4 * 8 * 6);
    expect(n).toBe(192);
    expect(s / n).toBeCloseTo(0, 5);
    expect(Math.sqrt(ss / n)).toBeCloseTo(1, 5);
  });
  it('min-max maps the extremes to the range', () => {
    const r = normaliseIntensity(img, { method: 'min-max', range: [-1, 1] });
    expect(Math.min(...r.value.volume.data)).toBe(-1);
    expect(Math.max(...r.value.volume.data)).toBe(1);
  });
  it('an empty selection is empty_mask; a constant one constant_covariate', () => {
    expect(() => normaliseIntensity(img, { method: 'z-score', maskLabels: [2] }, mask)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: 'empty_mask' })] }));
    expect(() => normaliseIntensity(vol([2, 2, 2], () => 5), { method: 'z-score' })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: 'constant_covariate' })] }));
  });
});

describe('cropAroundMask', () => {
  const mask = maskOf(img, (i, j, k) => (i >= 4 && i <= 5 && j === 3 && k >= 2 && k <= 3 ? 2 : i < 8 ? 1 : 0));
  it('crops the label box plus margin (mm -> voxels per axis) and keeps world positions', () => {
    const r = cropAroundMask(img, mask, { labels: [2], marginMm: 1 });
    // margin 1 mm = 2 voxels along i (0.5 mm), 1 along j, 1 along k (ceil(0.5))
    expect(r.value.labelBox).toEqual({ start: [4, 3, 2], size: [2, 1, 2] });
    expect(r.value.box).toEqual({ start: [2, 2, 1], size: [6, 3, 4] });
    expect(r.value.image.origin).toEqual(indexToWorld(img, [2, 2, 1]));
    expect(r.value.image.data[0]).toBe(img.data[voxelIndex(img.shape, 2, 2, 1)]);
    expect(r.value.mask.labels).toEqual(mask.labels);
  });
  it('fixed size: centred on the box, padded with fillValue outside the image', () => {
    const r = cropAroundMask(img, mask, { labels: [2], sizeVoxels: [4, 12, 3], fillValue: -1024 });
    // start = lo + floor((extent - size) / 2): i 4 + floor(-2/2) = 3, j 3 + floor(-11/2) = -3, k 2 + floor(-1/2) = 1
    expect(r.value.box.start).toEqual([3, -3, 1]);
    expect(r.value.image.shape).toEqual([4, 12, 3]);
    expect(r.value.image.data[voxelIndex([4, 12, 3], 0, 0, 0)]).toBe(-1024);
    expect(r.value.mask.data[voxelIndex([4, 12, 3], 0, 0, 0)]).toBe(0);
    expect(r.value.image.data[voxelIndex([4, 12, 3], 1, 6, 1)]).toBe(img.data[voxelIndex(img.shape, 4, 3, 2)]);
    expect(r.warnings).toEqual([]);
    const tight = cropAroundMask(img, mask, { labels: [1], sizeVoxels: [4, 4, 4] });
    expect(tight.warnings.map((w) => w.code)).toEqual(['out_of_range']);
  });
  it('a missing label is empty_mask naming it', () => {
    expect(() => cropAroundMask(img, maskOf(img, () => 1), { labels: [2] })).toThrow(/tumour/);
  });
});

describe('reorient', () => {
  it('LPS -> RAS -> LPS is exact and every voxel keeps its world position', () => {
    const ras = reorient(img, { orientation: 'RAS' }).value;
    expect(orientationCode(ras.direction)).toBe('RAS');
    const p = indexToWorld(ras, [0, 0, 0]);
    const q = indexToWorld(img, [9, 7, 0]);
    p.forEach((x, i) => expect(x).toBeCloseTo(q[i], 12));
    expect(ras.data[0]).toBe(img.data[voxelIndex(img.shape, 9, 7, 0)]);
    const back = reorient(ras, { orientation: 'LPS' }).value;
    expect(Array.from(back.data)).toEqual(Array.from(img.data));
    expect(back.origin).toEqual(img.origin);
  });
  it('permutes axes (PIL -> LPS) and keeps mask labels', () => {
    const pil = vol([3, 4, 5], (i, j, k) => i + 10 * j + 100 * k, [0, 0, 1, 1, 0, 0, 0, -1, 0]);
    const lps = reorient(pil).value;
    expect(orientationCode(lps.direction)).toBe('LPS');
    expect(lps.shape).toEqual([5, 3, 4]);
    expect(lps.spacing).toEqual([2, 0.5, 1]);
    const m = reorient(maskOf(pil, () => 2)).value as Mask;
    expect(m.labels).toEqual({ 1: 'liver', 2: 'tumour' });
  });
});

describe('stackPhases', () => {
  it('stacks channel-first in the given order', () => {
    const a = vol([2, 2, 2], () => 1), b = vol([2, 2, 2], () => 2);
    const r = stackPhases({ portal: b, arterial: a }, { phases: ['arterial', 'portal'] });
    expect(Array.from(r.value.data)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(r.value.channels).toEqual(['arterial', 'portal']);
  });
  it('refuses phases on different grids and missing phases', () => {
    const a = vol([2, 2, 2], () => 1);
    const shifted = makeVolume({ ...a, origin: [-3, 4, 11] });
    expect(() => stackPhases({ arterial: a, portal: shifted }, { phases: ['arterial', 'portal'] })).toThrow(/not on the same grid/);
    expect(() => stackPhases({ arterial: a }, { phases: ['arterial', 'delayed'] })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: 'unknown_phase' })] }));
  });
});

describe('augment', () => {
  const spec = { flipProbability: [0.5, 0.5, 0.5] as [number, number, number], rotate90: { probability: 0.7, plane: 'xy' as const }, contrast: { probability: 0.8, factorRange: [0.7, 1.3] as [number, number] }, zoom: { probability: 0.6, factorRange: [0.8, 1.25] as [number, number] } };
  const mask = maskOf(img, (i, j) => (i > 3 && j > 2 ? 2 : i > 1 ? 1 : 0));
  it('same seed, same parameters; the recorded parameters replay the result exactly', () => {
    const a = augment(img, spec, createRng(7), mask);
    const b = augment(img, spec, createRng(7), mask);
    expect(a.value.params).toEqual(b.value.params);
    const rec = a.record.options as { params: typeof a.value.params; seed: number };
    expect(rec.seed).toBe(7);
    const replay = applyAugment(img, JSON.parse(JSON.stringify(rec.params)));
    expect(Array.from(replay.data)).toEqual(Array.from(a.value.image.data));
    const seen = new Set<string>();
    for (let s = 0; s < 40; s++) seen.add(JSON.stringify(sampleAugmentParams(spec, createRng(s)).flips));
    expect(seen.size).toBe(8);
  });
  it('flip twice and four quarter turns are identities; two turns = flip of both plane axes', () => {
    const none = { flips: [false, false, false] as const, rotate90: { plane: 'xy' as const, quarterTurns: 0 as const }, contrastFactor: null, zoomFactor: null };
    const f = { ...none, flips: [true, false, true] as const };
    expect(Array.from(applyAugment(applyAugment(img, f), f).data)).toEqual(Array.from(img.data));
    const turn = { ...none, rotate90: { plane: 'xy' as const, quarterTurns: 1 as const } };
    let v: Volume = img;
    for (let t = 0; t < 4; t++) v = applyAugment(v, turn);
    expect(Array.from(v.data)).toEqual(Array.from(img.data));
    const one = applyAugment(img, turn);
    expect(one.shape).toEqual([8, 10, 6]);
    expect(one.spacing).toEqual([1, 0.5, 2]);
    const two = applyAugment(img, { ...none, rotate90: { plane: 'xy', quarterTurns: 2 } });
    expect(Array.from(two.data)).toEqual(Array.from(applyAugment(img, { ...none, flips: [true, true, false] }).data));
  });
  it('zoom keeps mask labels and the grid; contrast keeps the mean', () => {
    const p = { flips: [false, false, false] as const, rotate90: { plane: 'xy' as const, quarterTurns: 0 as const }, contrastFactor: 1.5, zoomFactor: 1.3 };
    const m = applyAugment(mask, p, 'mask');
    expect(new Set(m.data).size).toBeLessThanOrEqual(3);
    expect([...new Set(m.data)].every((l) => [0, 1, 2].includes(l))).toBe(true);
    expect(m.labels).toEqual(mask.labels);
    expect(m.shape).toEqual(mask.shape);
    const c = applyAugment(img, { ...p, zoomFactor: null });
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0) / a.length;
    expect(mean(c.data)).toBeCloseTo(mean(img.data), 3);
  });
});
