import { describe, expect, it } from 'vitest';
import { makeVolume } from '../../core/volume.js';
import { ibsiInterpolationGrid } from './grid.js';
import { resampleToGrid } from './interpolate.js';
import { prepareRoi } from './prepare.js';
import { resegmentByRange, resegmentOutliers } from './resegment.js';

describe('IBSI interpolation grid (align grid centres)', () => {
  it("manual example: 4 voxels at 3 mm → 2 mm gives 6 voxels starting at grid coordinate ½(3 − (2/3)·5) = −1/6", () => {
    const g = ibsiInterpolationGrid([4, 4, 4], [3, 3, 3], [2, 2, null]);
    expect(g.shape).toEqual([6, 6, 4]);
    expect(g.startIndex[0]).toBeCloseTo(-1 / 6, 14);
    expect(g.stepIndex[0]).toBeCloseTo(2 / 3, 14);
    expect(g.resampled).toEqual([true, true, false]);
  });
  it('CT phantom 204 × 201 × 60 at 0.977 × 0.977 × 3 mm → 2 mm isotropic: 100 × 99 × 90 (IBSI diagnostics)', () => {
    expect(ibsiInterpolationGrid([204, 201, 60], [0.977, 0.977, 3], [2, 2, 2]).shape).toEqual([100, 99, 90]);
  });
});

describe('resampling kernels', () => {
  const data = Float64Array.from({ length: 5 * 4 * 3 }, (_, i) => Math.sin(i) * 10 + i);
  const same = ibsiInterpolationGrid([5, 4, 3], [1, 1, 1], [1, 1, 1]);
  for (const m of ['nearest', 'linear', 'cubic-spline'] as const) {
    it(`${m}: resampling onto the same grid is the identity`, () => {
      const r = resampleToGrid(data, [5, 4, 3], same, m);
      for (let i = 0; i < data.length; i++) expect(r[i]).toBeCloseTo(data[i], 10);
    });
  }
  it('linear: half-way samples are means; outside the grid the boundary value is repeated', () => {
    const line = [0, 10, 20, 30];
    const g = ibsiInterpolationGrid([4, 1, 1], [2, 1, 1], [1, null, null]); // 8 samples at −0.25, 0.25, …, 3.25
    const r = resampleToGrid(line, [4, 1, 1], g, 'linear');
    expect(Array.from(r)).toEqual([0, 2.5, 7.5, 12.5, 17.5, 22.5, 27.5, 30]);
  });
  it('cubic spline reproduces a quadratic far from the (mirrored) boundaries', () => {
    const n = 40;
    const q = Array.from({ length: n }, (_, i) => 0.5 * i * i - 3 * i + 2);
    const g = ibsiInterpolationGrid([n, 1, 1], [1, 1, 1], [0.5, null, null]);
    const r = resampleToGrid(q, [n, 1, 1], g, 'cubic-spline');
    // B-spline interpolation reproduces polynomials up to degree 3 away from the mirrored boundaries
    for (let o = 30; o < 50; o++) {
      const x = g.startIndex[0] + o * g.stepIndex[0];
      expect(r[o]).toBeCloseTo(0.5 * x * x - 3 * x + 2, 4);
    }
  });
});

describe('re-segmentation', () => {
  const values = [-1200, -600, -100, 0, 50, 300, 500, 2000];
  const mask = new Uint8Array(8).fill(1);
  it('range keeps lower ≤ x ≤ upper; a null bound is open', () => {
    expect(resegmentByRange(values, mask, { lower: -500, upper: 400 }).voxelsAfter).toBe(4);
    expect(resegmentByRange(values, mask, { lower: -1000, upper: null }).voxelsAfter).toBe(7);
  });
  it('3σ outlier filtering uses the population σ of the voxels in the mask', () => {
    const v = [...Array(20).fill(0), 100];
    const r = resegmentOutliers(v, new Uint8Array(21).fill(1), 3);
    const mu = 100 / 21;
    const sd = Math.sqrt((20 * mu * mu + (100 - mu) ** 2) / 21);
    expect(r.range.upper).toBeCloseTo(mu + 3 * sd, 12);
    expect(r.voxelsAfter).toBe(20);
  });
});

describe('prepareRoi error contract', () => {
  const geom = { shape: [2, 2, 1] as const, spacing: [1, 1, 1] as const, origin: [0, 0, 0] as const, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as const };
  const image = makeVolume({ ...geom, data: Float32Array.from([1, 2, 3, 4]) });
  const opts = { roundInput: false, label: null, interpolation: null, resegmentation: { range: null, outlierSigma: null } };
  it('empty mask → E_INPUT, issue empty_data at path [mask]', () => {
    const mask = makeVolume({ ...geom, data: new Uint8Array(4) });
    expect(() => prepareRoi(image, mask, opts)).toThrow(expect.objectContaining({ code: 'E_INPUT', issues: [expect.objectContaining({ code: 'empty_data', path: ['mask'] })] }));
  });
  it('re-segmentation that removes every voxel → E_INPUT at path [resegmentation]', () => {
    const mask = makeVolume({ ...geom, data: Uint8Array.from([1, 1, 0, 0]) });
    expect(() => prepareRoi(image, mask, { ...opts, resegmentation: { range: { lower: 10, upper: 20 }, outlierSigma: null } })).toThrow(
      expect.objectContaining({ code: 'E_INPUT', issues: [expect.objectContaining({ code: 'empty_data', path: ['resegmentation'] })] }),
    );
  });
  it('image and mask on different grids → E_INPUT', () => {
    const mask = makeVolume({ ...geom, origin: [5, 0, 0], data: Uint8Array.from([1, 1, 0, 0]) });
    expect(() => prepareRoi(image, mask, opts)).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
  });
});
