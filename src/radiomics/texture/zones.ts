/**
 * Zones for GLSZM and GLDZM: groups of linked intensity-mask voxels with the same grey level
 * (26-connected in 3D, 8-connected in-plane in 2D), and the distance-to-border map of the
 * morphological mask (6-connected in 3D, 4-connected in 2D; IBSI 1 GLDZM section).
 */
import { faceNeighbourOffsets, neighbourOffsets } from './directions.js';
import type { TextureGrid } from './grid.js';
import { roiRange } from './grid.js';

/** One entry per zone. */
export interface ZoneList {
  /** Grey level of each zone. */
  readonly level: Int32Array;
  /** Voxel count of each zone. */
  readonly size: Int32Array;
  /** Minimum distance to the ROI border over the zone's voxels (only when a distance map was given). */
  readonly distance: Int32Array;
  readonly count: number;
  /** Voxels of the intensity mask covered. */
  readonly nVoxels: number;
}

/**
 * Label the zones of padded slice `z` (in-plane 8-connectivity) or of the whole ROI (z null,
 * 26-connectivity) by iterative flood fill. When `distanceMap` is given, each zone's distance is
 * the minimum of the map over its voxels (at least 1). O(N_v).
 */
export function findZones(grid: TextureGrid, z: number | null, distanceMap?: Int32Array): ZoneList {
  const { start, end } = roiRange(grid, z);
  const nv = end - start;
  const offsets = neighbourOffsets(grid, z !== null);
  const levels = grid.levels;
  const visited = new Uint8Array(levels.length);
  const stack = new Int32Array(nv);
  const level = new Int32Array(nv);
  const size = new Int32Array(nv);
  const distance = new Int32Array(nv);
  let count = 0;
  for (let r = start; r < end; r++) {
    const seed = grid.roi[r];
    if (visited[seed]) continue;
    const g = levels[seed];
    visited[seed] = 1;
    let top = 0;
    stack[top++] = seed;
    let n = 0;
    let dmin = Number.MAX_SAFE_INTEGER;
    while (top > 0) {
      const v = stack[--top];
      n++;
      if (distanceMap !== undefined && distanceMap[v] < dmin) dmin = distanceMap[v];
      for (let o = 0; o < offsets.length; o++) {
        const u = v + offsets[o];
        if (levels[u] === g && !visited[u]) {
          visited[u] = 1;
          stack[top++] = u;
        }
      }
    }
    level[count] = g;
    size[count] = n;
    distance[count] = distanceMap !== undefined ? Math.max(1, dmin) : 0;
    count++;
  }
  return { level, size, distance, count, nVoxels: nv };
}

/**
 * Distance of each morphological-mask voxel to the ROI border: 1 for voxels with a face neighbour
 * outside the mask (or outside the image), +1 per further erosion step; 0 outside the mask.
 * Equivalent to iterative erosion with a 6-connected (3D) or 4-connected (2D, slice `z`) element,
 * computed by breadth-first search in O(voxels).
 */
export function distanceToBorder(grid: TextureGrid, z: number | null): Int32Array {
  const { nx, ny, nz, morph } = grid;
  const dist = new Int32Array(morph.length);
  const face = faceNeighbourOffsets(grid, z !== null);
  const plane = nx * ny;
  const first = z === null ? plane : z * plane;
  const last = z === null ? (nz - 1) * plane : (z + 1) * plane;
  const queue = new Int32Array(last - first);
  let head = 0;
  let tail = 0;
  for (let v = first; v < last; v++) {
    if (!morph[v]) continue;
    for (let o = 0; o < face.length; o++) {
      if (!morph[v + face[o]]) {
        dist[v] = 1;
        queue[tail++] = v;
        break;
      }
    }
  }
  while (head < tail) {
    const v = queue[head++];
    const d = dist[v] + 1;
    for (let o = 0; o < face.length; o++) {
      const u = v + face[o];
      if (morph[u] && dist[u] === 0) {
        dist[u] = d;
        queue[tail++] = u;
      }
    }
  }
  return dist;
}
