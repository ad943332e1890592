import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { GridTolerance } from '../../core/volume.js';
import { gridDifference } from '../../core/volume.js';
import type { Grid } from './frame-placement.js';

/** Default grid tolerance for image/mask pairs: 0.001 mm for positions, 1e-4 for direction cosines. */
export const MASK_GRID_TOLERANCE: Required<GridTolerance> = { toleranceMm: 1e-3, toleranceDirection: 1e-4 };

/** Files (or other origins) of the image and mask, for messages. */
export interface GridPairSources {
  readonly imageSource: string;
  readonly maskSource: string;
}

/**
 * Compare a mask's grid with its image's (same shape; origin and far corner within `toleranceMm`;
 * direction cosines within `toleranceDirection` — `gridDifference` from core, the test behind
 * `assertSameGrid`). Returns a `grid_mismatch` error issue naming both files, or null when they match.
 */
export function checkMaskGrid(image: Grid, mask: Grid, sources: GridPairSources, tol: GridTolerance = MASK_GRID_TOLERANCE): Issue | null {
  const t = { ...MASK_GRID_TOLERANCE, ...tol };
  const diff = gridDifference(image, mask, t);
  if (diff === null) return null;
  return issueError('grid_mismatch', [sources.maskSource], `mask ${sources.maskSource} is not on the grid of image ${sources.imageSource}: ${diff}`, {
    expected: `the image grid (shape, spacing, origin, direction) within ${t.toleranceMm} mm / ${t.toleranceDirection}; resample the mask with nearest neighbour or export it on the image grid`,
    received: diff,
  });
}

/** Throw `HccError` `E_INPUT` (issue `grid_mismatch`, path [maskSource]) unless the mask shares the image grid. */
export function assertMaskOnImageGrid(image: Grid, mask: Grid, sources: GridPairSources, tol: GridTolerance = MASK_GRID_TOLERANCE): void {
  const issue = checkMaskGrid(image, mask, sources, tol);
  if (issue) throw new HccError('E_INPUT', issue.message, { issues: [issue] });
}
