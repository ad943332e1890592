import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import { assertMaskOnImageGrid, checkMaskGrid } from './mask-grid.js';

const image = { shape: [64, 64, 20] as Vec3, spacing: [0.78, 0.78, 2.5] as Vec3, origin: [-120, -130, 40] as Vec3, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] as Mat3 };
const files = { imageSource: 'ct.nii.gz', maskSource: 'liver.nii.gz' };

describe('mask/image grid check (tolerance 0.001 mm, 1e-4 direction)', () => {
  it('accepts the same grid and differences inside the tolerance', () => {
    expect(checkMaskGrid(image, { ...image, origin: [-120.0004, -130, 40] as Vec3 }, files)).toBeNull();
    expect(() => assertMaskOnImageGrid(image, image, files)).not.toThrow();
  });

  it.each([
    ['origin shifted 0.01 mm', { ...image, origin: [-120.01, -130, 40] as Vec3 }, /origin/],
    ['spacing 2.5 vs 2.4 mm', { ...image, spacing: [0.78, 0.78, 2.4] as Vec3 }, /spacing/],
    ['shape 64 vs 63 slices', { ...image, shape: [64, 64, 19] as Vec3 }, /shape/],
    ['RAS vs LPS direction', { ...image, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Mat3 }, /direction/],
  ])('rejects %s with a grid_mismatch error naming both files', (_name, mask, what) => {
    let caught: unknown;
    try {
      assertMaskOnImageGrid(image, mask, files);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HccError);
    const e = caught as HccError;
    expect(e.code).toBe('E_INPUT');
    expect(e.message).toContain('liver.nii.gz');
    expect(e.message).toContain('ct.nii.gz');
    expect(e.issues).toMatchObject([{ code: 'grid_mismatch', path: ['liver.nii.gz'] }]);
    expect(e.issues[0].received).toMatch(what);
  });

  it('lets the caller widen the tolerance', () => {
    expect(checkMaskGrid(image, { ...image, origin: [-120.01, -130, 40] as Vec3 }, files, { toleranceMm: 0.05 })).toBeNull();
  });
});
