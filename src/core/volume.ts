import { HccError } from './errors.js';
import type { Mat3, Vec3 } from './geometry.js';
import { detMat3, isOrthonormal, mulMat3Vec } from './geometry.js';

/** Typed arrays a volume may hold. */
export type VoxelArray = Int16Array | Uint8Array | Int32Array | Uint16Array | Float32Array | Float64Array;

/**
 * A 3-D image that always carries its geometry. Storage is x-fastest: voxel (i, j, k) is
 * `data[i + nx * (j + ny * k)]`. World (patient LPS, mm) = origin + direction · (spacing ⊙ [i, j, k]).
 * Volumes are immutable by convention: stages return new volumes, never mutate inputs.
 */
export interface Volume<T extends VoxelArray = VoxelArray> {
  readonly data: T;
  readonly shape: Vec3;
  /** Voxel size along i, j, k in millimetres (> 0). */
  readonly spacing: Vec3;
  /** World position (LPS, mm) of the centre of voxel (0, 0, 0). */
  readonly origin: Vec3;
  /** Direction cosines, row-major; column c is the unit world vector of index axis c. */
  readonly direction: Mat3;
  readonly frame: 'LPS';
}

/** A label map on an image grid; `labels` names each non-zero value (e.g. 1 liver, 2 tumour). */
export interface Mask extends Volume<Uint8Array> {
  readonly labels: Readonly<Record<number, string>>;
}

/** A volume's grid without its voxels: shape and geometry. */
export type VolumeGrid = Omit<Volume, 'data' | 'frame'>;

function gridProblems(v: VolumeGrid): string[] {
  const [nx, ny, nz] = v.shape;
  const problems: string[] = [];
  if (![nx, ny, nz].every((d) => Number.isInteger(d) && d > 0)) problems.push(`shape must be positive integers, got [${v.shape.join(', ')}]`);
  if (!v.spacing.every((s) => Number.isFinite(s) && s > 0)) problems.push(`spacing must be positive and finite, got [${v.spacing.join(', ')}]`);
  if (!v.origin.every(Number.isFinite)) problems.push(`origin must be finite, got [${v.origin.join(', ')}]`);
  if (v.direction.length !== 9 || !v.direction.every(Number.isFinite) || !isOrthonormal(v.direction) || Math.abs(Math.abs(detMat3(v.direction)) - 1) > 1e-4) {
    problems.push(`direction must be an orthonormal 3x3 matrix, got [${v.direction.join(', ')}]`);
  }
  return problems;
}

/** A grid after checking its geometry as {@link makeVolume} does (throws `E_INPUT` naming the problem). */
export function makeGrid(g: VolumeGrid, source = 'grid'): VolumeGrid {
  const problems = gridProblems(g);
  if (problems.length) throw new HccError('E_INPUT', `${source}: invalid volume geometry: ${problems.join('; ')}`);
  return { shape: [...g.shape] as unknown as Vec3, spacing: [...g.spacing] as unknown as Vec3, origin: [...g.origin] as unknown as Vec3, direction: [...g.direction] as unknown as Mat3 };
}

/** Build a volume after checking its geometry (throws `E_INPUT` naming the problem). */
export function makeVolume<T extends VoxelArray>(v: Omit<Volume<T>, 'frame'> & { frame?: 'LPS' }, source = 'volume'): Volume<T> {
  const [nx, ny, nz] = v.shape;
  const problems = gridProblems(v);
  const shapeOk = [nx, ny, nz].every((d) => Number.isInteger(d) && d > 0);
  if (shapeOk && v.data.length !== nx * ny * nz) problems.unshift(`data has ${v.data.length} voxels but shape [${v.shape.join(', ')}] needs ${nx * ny * nz}`);
  if (problems.length) throw new HccError('E_INPUT', `${source}: invalid volume geometry: ${problems.join('; ')}`);
  return { data: v.data, shape: [nx, ny, nz], spacing: [...v.spacing] as unknown as Vec3, origin: [...v.origin] as unknown as Vec3, direction: [...v.direction] as unknown as Mat3, frame: 'LPS' };
}

/** World coordinates (LPS mm) of continuous index (i, j, k). */
export function indexToWorld(v: Pick<Volume, 'spacing' | 'origin' | 'direction'>, ijk: Vec3): Vec3 {
  const d = mulMat3Vec(v.direction, [ijk[0] * v.spacing[0], ijk[1] * v.spacing[1], ijk[2] * v.spacing[2]]);
  return [v.origin[0] + d[0], v.origin[1] + d[1], v.origin[2] + d[2]];
}

/** Continuous index of world point p (direction is orthonormal, so its inverse is its transpose). */
export function worldToIndex(v: Pick<Volume, 'spacing' | 'origin' | 'direction'>, p: Vec3): Vec3 {
  const r = [p[0] - v.origin[0], p[1] - v.origin[1], p[2] - v.origin[2]];
  const m = v.direction;
  return [
    (m[0] * r[0] + m[3] * r[1] + m[6] * r[2]) / v.spacing[0],
    (m[1] * r[0] + m[4] * r[1] + m[7] * r[2]) / v.spacing[1],
    (m[2] * r[0] + m[5] * r[1] + m[8] * r[2]) / v.spacing[2],
  ];
}

/** Linear index of voxel (i, j, k). */
export function voxelIndex(shape: Vec3, i: number, j: number, k: number): number {
  return i + shape[0] * (j + shape[1] * k);
}

/** Tolerances for `assertSameGrid`. */
export interface GridTolerance {
  /** Max difference of origin and of voxel-corner positions, in mm (default 1e-3). */
  readonly toleranceMm?: number;
  /** Max difference of direction cosines (default 1e-4). */
  readonly toleranceDirection?: number;
}

/** Why two grids differ, or null when they match within tolerance. */
export function gridDifference(a: Omit<Volume, 'data' | 'frame'>, b: Omit<Volume, 'data' | 'frame'>, tol: GridTolerance = {}): string | null {
  const mm = tol.toleranceMm ?? 1e-3;
  const dir = tol.toleranceDirection ?? 1e-4;
  if (a.shape.some((d, i) => d !== b.shape[i])) return `shape [${a.shape.join(', ')}] vs [${b.shape.join(', ')}]`;
  if (a.direction.some((d, i) => Math.abs(d - b.direction[i]) > dir)) return `direction [${a.direction.map((x) => x.toFixed(4)).join(', ')}] vs [${b.direction.map((x) => x.toFixed(4)).join(', ')}]`;
  if (a.origin.some((o, i) => Math.abs(o - b.origin[i]) > mm)) return `origin [${a.origin.join(', ')}] vs [${b.origin.join(', ')}] mm (tolerance ${mm} mm)`;
  const far: Vec3 = [a.shape[0] - 1, a.shape[1] - 1, a.shape[2] - 1];
  const pa = indexToWorld(a, far);
  const pb = indexToWorld(b, far);
  if (pa.some((x, i) => Math.abs(x - pb[i]) > mm)) return `spacing [${a.spacing.join(', ')}] vs [${b.spacing.join(', ')}] mm (far corner differs by more than ${mm} mm)`;
  return null;
}

/** Throw `E_INPUT` unless image and mask (or two phases) share one grid within tolerance. */
export function assertSameGrid(a: Omit<Volume, 'data' | 'frame'>, b: Omit<Volume, 'data' | 'frame'>, tol: GridTolerance = {}, what = 'image and mask'): void {
  const diff = gridDifference(a, b, tol);
  if (diff !== null) {
    throw new HccError('E_INPUT', `${what} are not on the same grid: ${diff}`, {
      issues: [{ code: 'bad_option', severity: 'error', path: [what], message: `grids differ: ${diff}`, expected: 'identical shape, spacing, origin and direction within tolerance', received: diff }],
    });
  }
}
