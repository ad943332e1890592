/**
 * Neighbourhood direction vectors at Chebyshev distance 1 (IBSI 1, GLCM section) and their
 * linear offsets in a padded texture grid.
 */
import type { TextureGrid } from './grid.js';

/** A direction vector (dx, dy, dz) in voxel units. */
export type DirectionVector = readonly [number, number, number];

/** The 4 unique in-plane directions used for 2D texture matrices (IBSI order). */
export const DIRECTIONS_2D: readonly DirectionVector[] = [
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [-1, 1, 0],
];

/** The 13 unique directions used for 3D texture matrices (IBSI order). */
export const DIRECTIONS_3D: readonly DirectionVector[] = [
  [0, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
  [0, 1, 1],
  [0, 1, -1],
  [1, 0, 1],
  [1, 0, -1],
  [1, 1, 0],
  [1, -1, 0],
  [1, 1, 1],
  [1, 1, -1],
  [1, -1, 1],
  [1, -1, -1],
];

/** Linear offset of direction `d` in the padded grid. */
export function directionOffset(grid: Pick<TextureGrid, 'nx' | 'ny'>, d: DirectionVector): number {
  return d[0] + grid.nx * (d[1] + grid.ny * d[2]);
}

/** Offsets of all neighbours at Chebyshev distance 1: 8 in-plane (`twoD`) or 26 in 3D. */
export function neighbourOffsets(grid: Pick<TextureGrid, 'nx' | 'ny'>, twoD: boolean): Int32Array {
  const out: number[] = [];
  const zr = twoD ? 0 : 1;
  for (let dz = -zr; dz <= zr; dz++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        if (dx !== 0 || dy !== 0 || dz !== 0) out.push(dx + grid.nx * (dy + grid.ny * dz));
      }
    }
  }
  return Int32Array.from(out);
}

/** Offsets of face neighbours (Manhattan distance 1): 4 in-plane (`twoD`) or 6 in 3D. */
export function faceNeighbourOffsets(grid: Pick<TextureGrid, 'nx' | 'ny'>, twoD: boolean): Int32Array {
  const plane = grid.nx * grid.ny;
  return twoD ? Int32Array.from([1, -1, grid.nx, -grid.nx]) : Int32Array.from([1, -1, grid.nx, -grid.nx, plane, -plane]);
}
