import { describe, expect, it } from 'vitest';
import type { Mat3, Vec3 } from '../core/geometry.js';
import type { Mask } from '../core/volume.js';
import { indexToWorld, makeVolume, worldToIndex } from '../core/volume.js';
import { resampleImage, resampleMask, resampleToGrid } from './resample.js';
import { gridOf, ibsiCentredGrid } from './resample-grid.js';

const c = Math.cos(0.5), s = Math.sin(0.5);
const oblique: Mat3 = [c, 0, s, 0, 1, 0, -s, 0, c];
const ramp = (p: Vec3) => 2 * p[0] - 3 * p[1] + 0.5 * p[2] + 7;

function rampVolume(shape: Vec3, spacing: Vec3, direction: Mat3) {
  const data = new Float64Array(shape[0] * shape[1] * shape[2]);
  let o = 0;
  for (let k = 0; k < shape[2]; k++) for (let j = 0; j < shape[1]; j++) for (let i = 0; i < shape[0]; i++) data[o++] = ramp([i, j, k]);
  return makeVolume({ data, shape, spacing, origin: [-20, 14.5, 3], direction });
}

describe('IBSI centre-aligned grid', () => {
  it('512 x 0.7 mm -> 1 mm: 359 voxels, first centre 0.15 mm before the old one', () => {
    const g = ibsiCentredGrid({ shape: [512, 512, 300], spacing: [0.7, 0.7, 1.25], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, [1, 1, 1]);
    expect(g.shape).toEqual([359, 359, 375]);
    expect(g.origin[0]).toBeCloseTo(-0.15, 12);
    expect(g.origin[2]).toBeCloseTo((1.25 * 299 - 374) / 2, 12);
  });
  it('keeps the grid centre in world space, also for an oblique direction', () => {
    const a = { shape: [7, 6, 5] as Vec3, spacing: [1.1, 0.9, 2.5] as Vec3, origin: [3, -4, 5] as Vec3, direction: oblique };
    const b = ibsiCentredGrid(a, [0.8, 1.3, 1]);
    const ca = indexToWorld(a, a.shape.map((n) => (n - 1) / 2) as unknown as Vec3);
    const cb = indexToWorld(b, b.shape.map((n) => (n - 1) / 2) as unknown as Vec3);
    ca.forEach((x, i) => expect(cb[i]).toBeCloseTo(x, 12));
  });
});

describe('resampleImage', () => {
  it('is the identity on the same grid (linear and nearest exact, B-spline to 1e-9)', () => {
    const v = rampVolume([6, 5, 4], [0.8, 1.2, 3], oblique);
    const noisy = makeVolume({ ...v, data: v.data.map((x, i) => x + ((i * 7919) % 13) - 6) });
    for (const interpolation of ['linear', 'nearest', 'bspline'] as const) {
      const r = resampleToGrid(noisy, gridOf(noisy), interpolation, 'float64');
      const tol = interpolation === 'bspline' ? 1e-9 : 0;
      r.data.forEach((x, i) => expect(Math.abs(x - noisy.data[i])).toBeLessThanOrEqual(tol));
    }
  });
  it('reproduces a linear ramp exactly with linear interpolation (anisotropic, oblique)', () => {
    const v = rampVolume([10, 9, 8], [1, 0.7, 2.5], oblique);
    const r = resampleImage(v, { spacingMm: [2, 1.5, 1.1], outputType: 'float64' }).value;
    let checked = 0;
    for (let k = 0; k < r.shape[2]; k++) for (let j = 0; j < r.shape[1]; j++) for (let i = 0; i < r.shape[0]; i++) {
      const q = worldToIndex(v, indexToWorld(r, [i, j, k]));
      if (q.some((x, a) => x < 0 || x > v.shape[a] - 1)) continue; // outside: edge value by design
      checked++;
      expect(Math.abs(r.data[i + r.shape[0] * (j + r.shape[1] * k)] - ramp(q))).toBeLessThan(1e-9);
    }
    expect(checked).toBeGreaterThan(200);
  });
  it('B-spline also reproduces the ramp away from the edges (edge extension decays as 0.268^distance)', () => {
    const v = rampVolume([24, 24, 24], [1, 1, 1], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const r = resampleImage(v, { spacingMm: [0.75, 0.75, 0.75], interpolation: 'bspline', outputType: 'float64' }).value;
    const q = worldToIndex(v, indexToWorld(r, [15, 15, 15]));
    expect(Math.abs(r.data[15 + r.shape[0] * (15 + r.shape[1] * 15)] - ramp(q))).toBeLessThan(1e-5);
  });
  it('records the resolved options and an input digest', () => {
    const r = resampleImage(rampVolume([4, 4, 4], [1, 1, 1], oblique), { spacingMm: [2, 2, 2] });
    expect(r.record.options).toEqual({ kind: 'resample', spacingMm: [2, 2, 2], interpolation: 'linear', outputType: 'float32' });
    expect(r.record.inputs.image).toMatch(/^[0-9a-f]{64}$/);
    expect(r.value.data).toBeInstanceOf(Float32Array);
  });
  it("outputType 'input' keeps Int16, rounding half away from zero (linear) and clamping (B-spline overshoot)", () => {
    const data = Int16Array.from({ length: 8 * 7 * 6 }, (_, i) => ((i * 2654435761) % 4001) - 2000);
    const v = makeVolume({ data, shape: [8, 7, 6], spacing: [0.7, 0.9, 1.7], origin: [0, 0, 0], direction: oblique });
    for (const interpolation of ['linear', 'bspline'] as const) {
      const f = resampleImage(v, { spacingMm: [1, 1, 1], interpolation, outputType: 'float64' }).value.data;
      const r = resampleImage(v, { spacingMm: [1, 1, 1], interpolation, outputType: 'input' }).value.data;
      expect(r).toBeInstanceOf(Int16Array);
      r.forEach((x, i) => {
        const want = interpolation === 'linear' ? Math.sign(f[i]) * Math.floor(Math.abs(f[i]) + 0.5) : Math.min(32767, Math.max(-32768, Math.round(f[i])));
        expect(x).toBe(want + 0);
      });
    }
  });
  it('rejects a bad spec with a coded error', () => {
    expect(() => resampleImage(rampVolume([4, 4, 4], [1, 1, 1], oblique), { spacingMm: [1, 0, 1] })).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});

describe('resampleMask keeps labels', () => {
  const line = (values: number[]): Mask => ({ ...makeVolume({ data: Uint8Array.from(values), shape: [values.length, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }), labels: { 1: 'liver', 2: 'tumour' } });
  it('partial volume (IBSI, threshold 0.5) vs nearest on a hand-solved line', () => {
    // 4 voxels -> spacing 2: 2 voxels at input coordinates 0.5 and 2.5.
    const m = line([0, 1, 1, 0]);
    expect(Array.from(resampleMask(m, { spacingMm: [2, 1, 1] }).value.data)).toEqual([1, 1]);
    expect(Array.from(resampleMask(m, { spacingMm: [2, 1, 1], method: 'nearest' }).value.data)).toEqual([1, 0]);
    expect(Array.from(resampleMask(m, { spacingMm: [2, 1, 1], threshold: 0.6 }).value.data)).toEqual([0, 0]);
  });
  it('multi-label: largest fraction wins, no invented labels, label table kept', () => {
    const m = line([1, 1, 2, 2, 2, 1, 0, 0]);
    const r = resampleMask(m, { spacingMm: [0.5, 1, 1] }).value;
    expect(r.labels).toEqual(m.labels);
    expect(new Set(r.data)).toEqual(new Set([0, 1, 2]));
    // coordinates -0.25, 0.25, 0.75, 1.25 ... : fraction of label 2 at 1.75 is 0.75
    expect(Array.from(r.data)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0]);
  });
  it('3-D mask resampled to the same grid is unchanged', () => {
    const data = new Uint8Array(60).map((_, i) => (i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0));
    const m: Mask = { ...makeVolume({ data, shape: [5, 4, 3], spacing: [0.7, 0.8, 2], origin: [1, 2, 3], direction: oblique }), labels: { 1: 'liver', 2: 'tumour' } };
    expect(Array.from(resampleMask(m, { spacingMm: [0.7, 0.8, 2] }).value.data)).toEqual(Array.from(data));
  });
});
