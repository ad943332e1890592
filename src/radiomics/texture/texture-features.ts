/** All six IBSI texture families on one ROI, sharing one padded grid. */
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { DirectionalAggregation, SliceAggregation, TextureAggregation, TextureFeatureSet } from './aggregation.js';
import { DIRECTIONAL_AGGREGATIONS, SLICE_AGGREGATIONS } from './aggregation.js';
import { computeGldzmFeatures } from './gldzm.js';
import { computeGlcmFeatures } from './glcm.js';
import { computeGlrlmFeatures } from './glrlm.js';
import { computeGlszmFeatures } from './glszm.js';
import type { TextureInput } from './grid.js';
import { prepareTextureGrid } from './grid.js';
import { computeNgldmFeatures } from './ngldm.js';
import { computeNgtdmFeatures } from './ngtdm.js';

/** Texture families. */
export type TextureFamily = 'glcm' | 'glrlm' | 'glszm' | 'gldzm' | 'ngtdm' | 'ngldm';

/** The texture families in IBSI order. */
export const TEXTURE_FAMILIES: readonly TextureFamily[] = ['glcm', 'glrlm', 'glszm', 'gldzm', 'ngtdm', 'ngldm'];

/** Options of `computeTextureFeatures`. */
export interface TextureFeatureOptions {
  /** Families to compute (default all six). */
  readonly families?: readonly TextureFamily[];
  /** NGLDM coarseness α (default 0). */
  readonly ngldmAlpha?: number;
  /**
   * Aggregation methods to compute (default all). Directional methods apply to GLCM/GLRLM, `2d` /
   * `2.5d` / `3d` to the other families; a family with none requested is skipped.
   */
  readonly aggregations?: readonly TextureAggregation[];
}

/** Every requested family under every aggregation method, with the grid's diagnostics. */
export interface TextureFeatureResult {
  readonly sets: readonly TextureFeatureSet[];
  readonly diagnostics: {
    readonly nVoxels: number;
    readonly nGreyLevels: number;
    /** Padded working grid (ROI bounding box + 1 voxel each side). */
    readonly gridShape: readonly [number, number, number];
  };
}

/**
 * Compute IBSI texture features (GLCM, GLRLM: 6 aggregations; GLSZM, GLDZM, NGTDM, NGLDM: 2D,
 * 2.5D, 3D) of discretised grey levels inside an intensity mask. Distance 1 (Chebyshev) throughout.
 * Throws `E_INPUT` for invalid input and `E_OPTION` for a bad α.
 */
export function computeTextureFeatures(input: TextureInput, options: TextureFeatureOptions = {}): TextureFeatureResult {
  const alpha = options.ngldmAlpha ?? 0;
  if (!Number.isInteger(alpha) || alpha < 0) {
    throw new HccError('E_OPTION', `texture: NGLDM coarseness must be a non-negative integer, got ${alpha}`, {
      issues: [issueError('bad_option', ['ngldmAlpha'], 'coarseness α must be a non-negative integer', { expected: 'integer >= 0', received: String(alpha) })],
    });
  }
  const grid = prepareTextureGrid(input);
  const want = new Set(options.families ?? TEXTURE_FAMILIES);
  const requested = new Set<TextureAggregation>(options.aggregations ?? [...DIRECTIONAL_AGGREGATIONS, ...SLICE_AGGREGATIONS]);
  const directional: DirectionalAggregation[] = DIRECTIONAL_AGGREGATIONS.filter((a) => requested.has(a));
  const slice: SliceAggregation[] = SLICE_AGGREGATIONS.filter((a) => requested.has(a));
  const sets: TextureFeatureSet[] = [];
  if (directional.length > 0) {
    if (want.has('glcm')) sets.push(...computeGlcmFeatures(grid, directional));
    if (want.has('glrlm')) sets.push(...computeGlrlmFeatures(grid, directional));
  }
  if (slice.length > 0) {
    if (want.has('glszm')) sets.push(...computeGlszmFeatures(grid, slice));
    if (want.has('gldzm')) sets.push(...computeGldzmFeatures(grid, slice));
    if (want.has('ngtdm')) sets.push(...computeNgtdmFeatures(grid, slice));
    if (want.has('ngldm')) sets.push(...computeNgldmFeatures(grid, { alpha, aggregations: slice }));
  }
  return { sets, diagnostics: { nVoxels: grid.nVoxels, nGreyLevels: grid.nGreyLevels, gridShape: [grid.nx, grid.ny, grid.nz] } };
}
