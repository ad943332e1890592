/** GLCM family: co-occurrence matrices aggregated by the six IBSI methods. */
import type { DirectionalAggregation, DirectionalFamily, TextureFeatureSet } from './aggregation.js';
import { aggregateDirectional } from './aggregation.js';
import type { CountMatrix } from './count-matrix.js';
import { mergeCountMatrices } from './count-matrix.js';
import { GLCM_FEATURES, glcmFeatures } from './glcm-features.js';
import { glcmMatrix } from './glcm-matrix.js';
import type { TextureGrid } from './grid.js';

const GLCM_FAMILY: DirectionalFamily<CountMatrix> = {
  family: 'glcm',
  features: GLCM_FEATURES,
  compute: glcmMatrix,
  merge: mergeCountMatrices,
  evaluate: glcmFeatures,
};

/**
 * GLCM features (symmetric, Chebyshev distance 1) under the requested IBSI aggregation methods
 * (default all six: 2D averaged / slice-merged, 2.5D direction-merged / merged, 3D averaged / merged).
 * @see IBSI 1 manual, GLCM section (LFYI); PyRadiomics `glcm` (3D averaged by default).
 */
export function computeGlcmFeatures(grid: TextureGrid, aggregations?: readonly DirectionalAggregation[]): TextureFeatureSet[] {
  return aggregateDirectional(grid, GLCM_FAMILY, aggregations);
}
