import type { Vec3 } from '../../core/geometry.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import { worldToIndex } from '../../core/volume.js';
import type { Grid } from './frame-placement.js';

function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-6 ? r : x;
}

/** Options for {@link rasterisePlanarContours}. */
export interface RasteriseContoursOptions {
  /**
   * Largest distance (mm) of a contour point from the slice plane it is assigned to
   * (default: a quarter of the slice spacing). Contours farther away give `contour_off_plane`.
   */
  readonly toleranceMm?: number;
  /** Name used in issue paths when `path` is not given (default `contours`). */
  readonly source?: string;
  /** Issue path before `'contour', n` (e.g. `['rtstruct.dcm', 'ROI', 'liver']`); default `[source]`. */
  readonly path?: readonly (string | number)[];
}

/** Result of {@link rasterisePlanarContours}. */
export interface RasteriseContoursResult {
  /** 0/1 voxels on the grid, x-fastest like every Volume. */
  readonly data: Uint8Array;
  /** Contours filled (the rest were reported in `issues`). */
  readonly contoursUsed: number;
  /** Slices that received at least one contour. */
  readonly slices: readonly number[];
  /** `contour_off_plane` errors and `out_of_range` warnings (contours beyond the grid's slices). */
  readonly issues: readonly Issue[];
}

/**
 * Rasterise closed planar contours (world LPS mm) onto a grid.
 *
 * Each contour is mapped to continuous voxel indices with `worldToIndex`, so grids with any
 * direction (oblique, LPS/RAS/…) work as long as the contours lie in the grid's slice planes: every
 * point must be within `toleranceMm` of the plane k = round(mean k) (else `contour_off_plane`).
 * All contours on one slice are filled together with the **even-odd rule tested at voxel centres**:
 * a voxel (i, j) is inside when a ray from its centre crosses the contours an odd number of times.
 * Nested contours therefore make holes (a donut is an outer and an inner contour) and a hole inside a
 * hole is filled again — the convention of plastimatch and dcmrtstruct2nii. Edges use a half-open
 * rule (a crossing at y counts when y0 ≤ y < y1; a centre on a left edge is in, on a right edge out), so
 * a 4 × 4 mm axis-aligned square whose corners sit on voxel centres fills exactly 16 voxels of 1 mm.
 * Expected area agreement: |voxel count × pixel area − polygon area| is of the order of the perimeter
 * × half a voxel; for convex shapes it is usually well below that.
 */
export function rasterisePlanarContours(contours: readonly Float64Array[], grid: Grid, options: RasteriseContoursOptions = {}): RasteriseContoursResult {
  const [nx, ny, nz] = grid.shape;
  const at = (c: number): (string | number)[] => [...(options.path ?? [options.source ?? 'contours']), 'contour', c + 1];
  const tol = options.toleranceMm ?? grid.spacing[2] / 4;
  const issues: Issue[] = [];
  const perSlice = new Map<number, { xs: Float64Array; ys: Float64Array }[]>();
  let used = 0;
  contours.forEach((pts, c) => {
    const n = Math.floor(pts.length / 3);
    if (n < 3) {
      issues.push(issueWarning('contour_off_plane', at(c), `contour ${c + 1} has ${n} point(s); at least 3 are needed to enclose an area; skipped`));
      return;
    }
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    const ks = new Float64Array(n);
    let kMean = 0;
    for (let p = 0; p < n; p++) {
      const ijk = worldToIndex(grid, [pts[3 * p], pts[3 * p + 1], pts[3 * p + 2]] as Vec3);
      // snap float noise (e.g. 1.9999999) so that points on voxel centres behave exactly
      xs[p] = snap(ijk[0]);
      ys[p] = snap(ijk[1]);
      ks[p] = ijk[2];
      kMean += ijk[2];
    }
    kMean /= n;
    const k = Math.round(kMean);
    let worst = 0;
    for (let p = 0; p < n; p++) worst = Math.max(worst, Math.abs(ks[p] - k) * grid.spacing[2]);
    if (worst > tol) {
      issues.push(issueError('contour_off_plane', at(c), `contour ${c + 1} is ${worst.toFixed(3)} mm away from the nearest image slice plane (slice ${k})`, { expected: `points within ${tol} mm of one slice plane of the image grid`, received: `${worst.toFixed(3)} mm` }));
      return;
    }
    if (k < 0 || k >= nz) {
      issues.push(issueWarning('out_of_range', at(c), `contour ${c + 1} lies on slice ${k}, outside the image (0..${nz - 1}); skipped`));
      return;
    }
    used++;
    const list = perSlice.get(k) ?? [];
    list.push({ xs, ys });
    perSlice.set(k, list);
  });

  const data = new Uint8Array(nx * ny * nz);
  const crossings: number[] = [];
  for (const [k, polys] of perSlice) {
    let yMin = Infinity;
    let yMax = -Infinity;
    for (const { ys } of polys) for (const y of ys) {
      yMin = Math.min(yMin, y);
      yMax = Math.max(yMax, y);
    }
    const j0 = Math.max(0, Math.ceil(yMin));
    const j1 = Math.min(ny - 1, Math.floor(yMax));
    for (let j = j0; j <= j1; j++) {
      crossings.length = 0;
      for (const { xs, ys } of polys) {
        const n = xs.length;
        for (let a = 0, b = n - 1; a < n; b = a++) {
          const ya = ys[a];
          const yb = ys[b];
          if ((ya <= j && j < yb) || (yb <= j && j < ya)) crossings.push(xs[a] + ((j - ya) * (xs[b] - xs[a])) / (yb - ya));
        }
      }
      crossings.sort((p, q) => p - q);
      const row = (k * ny + j) * nx;
      for (let m = 0; m + 1 < crossings.length; m += 2) {
        const i0 = Math.max(0, Math.ceil(crossings[m]));
        const i1 = Math.min(nx - 1, Math.ceil(crossings[m + 1]) - 1);
        for (let i = i0; i <= i1; i++) data[row + i] = 1;
      }
    }
  }
  return { data, contoursUsed: used, slices: [...perSlice.keys()].sort((a, b) => a - b), issues };
}
