import { describe, expect, it } from 'vitest';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import { createRng } from '../../core/rng.js';
import { indexToWorld, voxelIndex } from '../../core/volume.js';
import { rasterisePlanarContours } from './rasterise-contours.js';

const IDENTITY: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
type G = { shape: Vec3; spacing: Vec3; origin: Vec3; direction: Mat3 };

/** Contour from points given in continuous *index* coordinates on slice k, mapped to world mm. */
function contourOnGrid(grid: G, k: number, ij: readonly (readonly [number, number])[]): Float64Array {
  return Float64Array.from(ij.flatMap(([i, j]) => indexToWorld(grid, [i, j, k])));
}
function circle(cx: number, cy: number, r: number, n: number): [number, number][] {
  return Array.from({ length: n }, (_, t) => [cx + r * Math.cos((2 * Math.PI * t) / n), cy + r * Math.sin((2 * Math.PI * t) / n)] as [number, number]);
}
function count(d: Uint8Array): number {
  let n = 0;
  for (const v of d) n += v;
  return n;
}

describe('rasterisePlanarContours (oracle: hand-counted voxels, closed-form areas)', () => {
  const grid: G = { shape: [40, 40, 3], spacing: [1, 1, 2], origin: [0, 0, 0], direction: IDENTITY };

  it('fills a square whose corners sit on voxel centres with exactly side² voxels (half-open edges)', () => {
    const sq = Float64Array.from([2, 3, 2, 6, 3, 2, 6, 7, 2, 2, 7, 2]); // x 2..6, y 3..7, z = 2 mm → slice 1
    const r = rasterisePlanarContours([sq], grid);
    expect(r.issues).toEqual([]);
    expect(r.slices).toEqual([1]);
    expect(count(r.data)).toBe(16);
    for (let j = 3; j < 7; j++) for (let i = 2; i < 6; i++) expect(r.data[voxelIndex(grid.shape, i, j, 1)]).toBe(1);
    expect(r.data[voxelIndex(grid.shape, 6, 3, 1)]).toBe(0);
    expect(r.data[voxelIndex(grid.shape, 2, 7, 1)]).toBe(0);
  });

  it('fills a circle with exactly the voxel centres inside it; area πr² within 1 voxel on average over positions', () => {
    // A single circle's lattice count differs from πr² by the Gauss-circle discrepancy (a few voxels at
    // r ≈ 12), not by rasteriser error; for a uniformly random centre its expectation is exactly πr².
    const rng = createRng(20240611);
    const rad = 12.3;
    let sumDiff = 0;
    const cases = 60;
    for (let t = 0; t < cases; t++) {
      const cx = 19 + rng.uniform();
      const cy = 20 + rng.uniform();
      const r = rasterisePlanarContours([contourOnGrid(grid, 0, circle(cx, cy, rad, 720))], grid);
      const n = count(r.data);
      // brute-force oracle: centres inside the true circle; the 720-gon lies within 0.0002 voxel of it
      let inside = 0;
      let ambiguous = 0;
      for (let j = 0; j < 40; j++) for (let i = 0; i < 40; i++) {
        const d = Math.hypot(i - cx, j - cy);
        if (d < rad - 1e-3) inside++;
        else if (d < rad + 1e-3) ambiguous++;
      }
      expect(n).toBeGreaterThanOrEqual(inside);
      expect(n).toBeLessThanOrEqual(inside + ambiguous);
      expect(Math.abs(n - Math.PI * rad * rad)).toBeLessThan(12);
      sumDiff += n - Math.PI * rad * rad;
    }
    expect(Math.abs(sumDiff / cases)).toBeLessThanOrEqual(1);
  });

  it('makes a hole from a nested contour (donut: even-odd rule)', () => {
    const outer = contourOnGrid(grid, 2, circle(20.1, 19.8, 10.2, 360));
    const inner = contourOnGrid(grid, 2, circle(20.1, 19.8, 4.6, 360).reverse());
    const r = rasterisePlanarContours([outer, inner], grid);
    let expected = 0;
    for (let j = 0; j < 40; j++) for (let i = 0; i < 40; i++) {
      const d = Math.hypot(i - 20.1, j - 19.8);
      if (d < 10.2 && d >= 4.6) expected++;
    }
    expect(count(r.data)).toBe(expected);
    expect(r.data[voxelIndex(grid.shape, 20, 20, 2)]).toBe(0); // centre of the hole
    expect(r.data[voxelIndex(grid.shape, 27, 20, 2)]).toBe(1); // in the ring
    expect(Math.abs(expected - Math.PI * (10.2 ** 2 - 4.6 ** 2))).toBeLessThan(4);
  });

  it('gives the same voxels on an oblique grid with anisotropic spacing as on the aligned grid', () => {
    const c = Math.cos(0.5);
    const s = Math.sin(0.5);
    // rotated about z by 0.5 rad, then tilted about x by 0.3 rad; LPS world
    const cz = Math.cos(0.3);
    const sz = Math.sin(0.3);
    const rz: Mat3 = [c, -s, 0, s, c, 0, 0, 0, 1];
    const rx: Mat3 = [1, 0, 0, 0, cz, -sz, 0, sz, cz];
    const dir = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((q) => {
      const rr = Math.floor(q / 3);
      const cc = q % 3;
      return rx[rr * 3] * rz[cc] + rx[rr * 3 + 1] * rz[3 + cc] + rx[rr * 3 + 2] * rz[6 + cc];
    }) as unknown as Mat3;
    const oblique: G = { shape: [30, 20, 5], spacing: [0.7, 1.3, 2.5], origin: [-10, 25, -40], direction: dir };
    const ij: [number, number][] = [[3, 4], [11, 4], [11, 9], [3, 9]];
    const r = rasterisePlanarContours([contourOnGrid(oblique, 3, ij)], oblique);
    expect(r.issues).toEqual([]);
    expect(count(r.data)).toBe(8 * 5);
    expect(r.data[voxelIndex(oblique.shape, 3, 4, 3)]).toBe(1);
    expect(r.data[voxelIndex(oblique.shape, 10, 8, 3)]).toBe(1);
    expect(r.data[voxelIndex(oblique.shape, 11, 8, 3)]).toBe(0);
    // RAS-like flipped axes (direction diag(-1, -1, 1)): world square → same count
    const ras: G = { shape: [20, 20, 2], spacing: [1, 1, 1], origin: [10, 10, 0], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
    const w = Float64Array.from([8, 8, 1, 4, 8, 1, 4, 5, 1, 8, 5, 1]); // x 4..8, y 5..8 mm → i 2..6, j 2..5
    expect(count(rasterisePlanarContours([w], ras).data)).toBe(12);
  });

  it('reports contours off the slice planes and contours beyond the grid', () => {
    const tilted = Float64Array.from([2, 2, 0, 8, 2, 0, 8, 8, 3, 2, 8, 3]); // z from 0 to 3 mm: not planar in k
    const between = Float64Array.from([2, 2, 1, 8, 2, 1, 8, 8, 1, 2, 8, 1]); // z = 1 mm, half-way between slices 0 and 1
    const beyond = Float64Array.from([2, 2, 40, 8, 2, 40, 8, 8, 40]); // slice 20 of 3
    const r = rasterisePlanarContours([tilted, between, beyond], grid, { source: 'rt.dcm > ROI liver' });
    expect(r.issues.map((i) => [i.code, i.severity, i.path.join('.')])).toEqual([
      ['contour_off_plane', 'error', 'rt.dcm > ROI liver.contour.1'],
      ['contour_off_plane', 'error', 'rt.dcm > ROI liver.contour.2'],
      ['out_of_range', 'warning', 'rt.dcm > ROI liver.contour.3'],
    ]);
    expect(r.contoursUsed).toBe(0);
    expect(count(r.data)).toBe(0);
    // a looser tolerance accepts the in-between contour (assigned to the nearest slice)
    expect(rasterisePlanarContours([between], grid, { toleranceMm: 1 }).contoursUsed).toBe(1);
  });
});
