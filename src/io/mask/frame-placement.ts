import type { Mat3, Vec3 } from '../../core/geometry.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { Volume } from '../../core/volume.js';
import { worldToIndex } from '../../core/volume.js';

/** Grid geometry without voxels. */
export type Grid = Omit<Volume, 'data' | 'frame'>;

/** In-plane geometry of a set of 2-D frames (as DICOM describes each image plane). */
export interface FramePlaneGeometry {
  readonly rows: number;
  readonly columns: number;
  /** ImageOrientationPatient: row direction (towards increasing column) then column direction. */
  readonly orientation: readonly number[];
  /** PixelSpacing: [between rows, between columns] in mm (DICOM order). */
  readonly pixelSpacing: readonly number[];
  /** SpacingBetweenSlices in mm when stated. */
  readonly spacingBetweenSlicesMm?: number;
}

/** Where each frame lands: slice index k on `grid`, or -1 when it could not be placed (see issues). */
export interface FramePlacement {
  readonly grid: Grid;
  readonly sliceOfFrame: Int32Array;
  readonly issues: readonly Issue[];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Direction matrix (columns: row dir, column dir, normal) from an ImageOrientationPatient. */
export function directionFromOrientation(iop: readonly number[]): Mat3 {
  const r: Vec3 = [iop[0], iop[1], iop[2]];
  const c: Vec3 = [iop[3], iop[4], iop[5]];
  const n = cross(r, c);
  return [r[0], c[0], n[0], r[1], c[1], n[1], r[2], c[2], n[2]];
}

/**
 * Place frames given by their ImagePositionPatient (LPS mm) on a 3-D grid.
 *
 * With `reference` (the image grid the segmentation was drawn on) each frame must have Rows×Columns
 * equal to the grid's ny×nx, the same in-plane axes (direction cosines within 1e-4·…, here 1e-3) and
 * a position whose continuous index (i, j, k) = worldToIndex(grid, IPP) has |i|, |j| and
 * |k − round(k)| below `toleranceMm` once converted to mm. Frames off the grid give `grid_mismatch`.
 *
 * Without a reference the grid is derived from the frames: origin at the frame lowest along the
 * normal n = row × column, slice spacing = SpacingBetweenSlices when stated, else the smallest gap
 * between distinct positions (1 mm for a single plane); every frame must then sit on an integer
 * multiple of that spacing (gaps are allowed: segmentations omit empty slices).
 */
export function placeFrames(source: string, plane: FramePlaneGeometry, positions: readonly Vec3[], reference: Grid | undefined, toleranceMm: number): FramePlacement {
  const issues: Issue[] = [];
  const slice = new Int32Array(positions.length).fill(-1);
  const dir = directionFromOrientation(plane.orientation);
  const sx = plane.pixelSpacing[1];
  const sy = plane.pixelSpacing[0];
  if (reference) {
    const [nx, ny, nz] = reference.shape;
    if (plane.columns !== nx || plane.rows !== ny) {
      issues.push(issueError('grid_mismatch', [source, 'Rows/Columns'], `frames are ${plane.columns}×${plane.rows} pixels but the image slices are ${nx}×${ny}`, { expected: `${nx}×${ny}`, received: `${plane.columns}×${plane.rows}` }));
      return { grid: reference, sliceOfFrame: slice, issues };
    }
    const axesDiffer = [0, 1].some((c) => [0, 1, 2].some((r) => Math.abs(dir[r * 3 + c] - reference.direction[r * 3 + c]) > 1e-3));
    const spacingDiffers = Math.abs(sx - reference.spacing[0]) * nx > toleranceMm || Math.abs(sy - reference.spacing[1]) * ny > toleranceMm;
    if (axesDiffer || spacingDiffers) {
      issues.push(issueError('grid_mismatch', [source, 'ImageOrientationPatient/PixelSpacing'], 'segmentation frames do not share the in-plane axes or pixel spacing of the image', {
        expected: `orientation [${reference.direction.join(', ')}] spacing ${reference.spacing[0]}×${reference.spacing[1]} mm`,
        received: `orientation [${plane.orientation.join(', ')}] spacing ${sx}×${sy} mm`,
      }));
      return { grid: reference, sliceOfFrame: slice, issues };
    }
    positions.forEach((p, f) => {
      const [i, j, k] = worldToIndex(reference, p);
      const kr = Math.round(k);
      const offMm = Math.max(Math.abs(i) * reference.spacing[0], Math.abs(j) * reference.spacing[1], Math.abs(k - kr) * reference.spacing[2]);
      if (offMm > toleranceMm || kr < 0 || kr >= nz) {
        issues.push(issueError('grid_mismatch', [source, 'frame', f + 1], `frame position [${p.map((x) => x.toFixed(3)).join(', ')}] mm is not a slice of the image grid`, { expected: `a slice 0..${nz - 1} within ${toleranceMm} mm`, received: `index [${i.toFixed(3)}, ${j.toFixed(3)}, ${k.toFixed(3)}]` }));
      } else slice[f] = kr;
    });
    return { grid: reference, sliceOfFrame: slice, issues };
  }

  const normal: Vec3 = [dir[2], dir[5], dir[8]];
  const proj = positions.map((p) => p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2]);
  const sorted = [...new Set(proj.map((d) => Math.round(d / toleranceMm) * toleranceMm))].sort((a, b) => a - b);
  let sz = plane.spacingBetweenSlicesMm ?? 0;
  if (!(sz > 0)) {
    sz = Infinity;
    for (let n = 1; n < sorted.length; n++) if (sorted[n] - sorted[n - 1] > toleranceMm) sz = Math.min(sz, sorted[n] - sorted[n - 1]);
    if (!Number.isFinite(sz)) sz = 1;
  }
  let minAt = 0;
  proj.forEach((d, f) => {
    if (d < proj[minAt]) minAt = f;
  });
  const origin = positions[minAt];
  let nz = 1;
  proj.forEach((d, f) => {
    const k = (d - proj[minAt]) / sz;
    const kr = Math.round(k);
    // in-plane offset of this frame relative to the origin frame must be zero
    const r = [positions[f][0] - origin[0], positions[f][1] - origin[1], positions[f][2] - origin[2]];
    const inPlane = Math.max(Math.abs(r[0] * dir[0] + r[1] * dir[3] + r[2] * dir[6]), Math.abs(r[0] * dir[1] + r[1] * dir[4] + r[2] * dir[7]));
    if (Math.abs(k - kr) * sz > toleranceMm || inPlane > toleranceMm) {
      issues.push(issueError('grid_mismatch', [source, 'frame', f + 1], `frame position does not lie on a regular slice grid (spacing ${sz} mm)`, { expected: `positions on multiples of ${sz} mm along the normal, no in-plane shift`, received: `slice ${k.toFixed(3)}, in-plane shift ${inPlane.toFixed(3)} mm` }));
      return;
    }
    slice[f] = kr;
    nz = Math.max(nz, kr + 1);
  });
  const grid: Grid = { shape: [plane.columns, plane.rows, nz], spacing: [sx, sy, sz], origin, direction: dir };
  return { grid, sliceOfFrame: slice, issues };
}
