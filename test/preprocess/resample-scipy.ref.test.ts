/**
 * Oracle tier (b): resampleImage against scipy.ndimage.map_coordinates (order 1 and 3, mode 'nearest')
 * on IBSI centre-aligned grids (test/reference/imaging/scipy-resample, generate.py there).
 */
import { describe, expect, it } from 'vitest';
import type { Mat3, Vec3 } from '../../src/core/geometry.js';
import { makeVolume } from '../../src/core/volume.js';
import { resampleImage } from '../../src/preprocess/index.js';
import { expectClose, readLocalJson } from '../helpers/reference.js';

interface Case {
  name: string;
  input: { shape: Vec3; spacing: Vec3; origin: Vec3; direction: Mat3; data: number[] };
  spacingMm: Vec3;
  expected: { shape: Vec3; origin: Vec3; linear: number[]; bspline: number[] };
}
const ref = readLocalJson<{ tolerance: { linear_abs: number; bspline_abs: number; origin_abs: number }; cases: Case[] }>('imaging/scipy-resample/expected.json');

describe('resampleImage vs scipy.ndimage.map_coordinates', () => {
  for (const c of ref.cases) {
    for (const interpolation of ['linear', 'bspline'] as const) {
      it(`${c.name}: ${interpolation}`, () => {
        const v = makeVolume({ ...c.input, data: Float64Array.from(c.input.data) });
        const r = resampleImage(v, { spacingMm: [...c.spacingMm] as [number, number, number], interpolation, outputType: 'float64' });
        expect([...r.value.shape]).toEqual(c.expected.shape);
        r.value.origin.forEach((x, i) => expectClose(x, c.expected.origin[i], { abs: ref.tolerance.origin_abs }, `origin ${i}`));
        expect(r.value.direction).toEqual(v.direction);
        expect(r.value.spacing).toEqual(c.spacingMm);
        const want = c.expected[interpolation];
        const tol = interpolation === 'linear' ? ref.tolerance.linear_abs : ref.tolerance.bspline_abs;
        expect(r.value.data.length).toBe(want.length);
        let worst = 0;
        want.forEach((w, i) => { worst = Math.max(worst, Math.abs(r.value.data[i] - w)); });
        expect(worst, `max |ours - scipy| for ${interpolation}`).toBeLessThanOrEqual(tol);
        expect(r.record.stage).toBe('resample');
        expect(r.record.options).toEqual({ kind: 'resample', spacingMm: c.spacingMm, interpolation, outputType: 'float64' });
      });
    }
  }
});
