/**
 * Grey level co-occurrence matrix (IBSI 1 LFYI) for one direction: symmetric, Chebyshev
 * distance 1, counting both m and −m (M_m = M_m+ + M_m+ᵀ).
 */
import type { CountMatrix } from './count-matrix.js';
import { emptyCountMatrix } from './count-matrix.js';
import type { DirectionVector } from './directions.js';
import { directionOffset } from './directions.js';
import type { TextureGrid } from './grid.js';
import { roiRange } from './grid.js';

/**
 * Symmetric co-occurrence counts (Ng × Ng) of voxel pairs (k, k + m) both inside the intensity
 * mask, over padded slice `z` (2D) or the whole ROI (z null). O(N_v).
 */
export function glcmMatrix(grid: TextureGrid, direction: DirectionVector, z: number | null): CountMatrix {
  const ng = grid.nGreyLevels;
  const { start, end } = roiRange(grid, z);
  const m = emptyCountMatrix(ng, ng, end - start);
  const c = m.counts;
  const off = directionOffset(grid, direction);
  const levels = grid.levels;
  const roi = grid.roi;
  for (let r = start; r < end; r++) {
    const v = roi[r];
    const b = levels[v + off];
    if (b === 0) continue;
    const a = levels[v];
    c[(a - 1) * ng + (b - 1)]++;
    c[(b - 1) * ng + (a - 1)]++;
  }
  return m;
}
