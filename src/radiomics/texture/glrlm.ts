/**
 * GLRLM family (IBSI 1 TP0I): run lengths of equal grey levels along each direction, aggregated by
 * the six IBSI methods.
 */
import type { FeatureDef } from '../feature-def.js';
import type { DirectionalAggregation, DirectionalFamily, TextureFeatureSet } from './aggregation.js';
import { aggregateDirectional } from './aggregation.js';
import type { CountMatrix } from './count-matrix.js';
import { emptyCountMatrix, mergeCountMatrices } from './count-matrix.js';
import type { DirectionVector } from './directions.js';
import { directionOffset } from './directions.js';
import type { TextureGrid } from './grid.js';
import { roiRange } from './grid.js';
import { ZONE_STATISTICS_COUNT, zoneStatistics } from './zone-statistics.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, pyradiomicsName: string, definition: string): FeatureDef => ({ id: `glrlm.${id}`, family: 'glrlm', ibsiCode, ibsiTag, pyradiomicsName, definition });

/** The 16 IBSI GLRLM features (r_ij runs of level i and length j, N_s runs, N_v voxels). */
export const GLRLM_FEATURES: readonly FeatureDef[] = [
  def('sre', '22OV', 'rlm.sre', 'ShortRunEmphasis', 'Short runs emphasis: Σ_j r_.j / j² / N_s.'),
  def('lre', 'W4KF', 'rlm.lre', 'LongRunEmphasis', 'Long runs emphasis: Σ_j j² r_.j / N_s.'),
  def('lgre', 'V3SW', 'rlm.lgre', 'LowGrayLevelRunEmphasis', 'Low grey level run emphasis: Σ_i r_i. / i² / N_s.'),
  def('hgre', 'G3QZ', 'rlm.hgre', 'HighGrayLevelRunEmphasis', 'High grey level run emphasis: Σ_i i² r_i. / N_s.'),
  def('srlge', 'HTZT', 'rlm.srlge', 'ShortRunLowGrayLevelEmphasis', 'Short run low grey level emphasis: Σ r_ij / (i² j²) / N_s.'),
  def('srhge', 'GD3A', 'rlm.srhge', 'ShortRunHighGrayLevelEmphasis', 'Short run high grey level emphasis: Σ i² r_ij / j² / N_s.'),
  def('lrlge', 'IVPO', 'rlm.lrlge', 'LongRunLowGrayLevelEmphasis', 'Long run low grey level emphasis: Σ j² r_ij / i² / N_s.'),
  def('lrhge', '3KUM', 'rlm.lrhge', 'LongRunHighGrayLevelEmphasis', 'Long run high grey level emphasis: Σ i² j² r_ij / N_s.'),
  def('glnu', 'R5YN', 'rlm.glnu', 'GrayLevelNonUniformity', 'Grey level non-uniformity: Σ_i r_i.² / N_s.'),
  def('glnu_norm', 'OVBL', 'rlm.glnu.norm', 'GrayLevelNonUniformityNormalized', 'Normalised grey level non-uniformity: Σ_i r_i.² / N_s².'),
  def('rlnu', 'W92Y', 'rlm.rlnu', 'RunLengthNonUniformity', 'Run length non-uniformity: Σ_j r_.j² / N_s.'),
  def('rlnu_norm', 'IC23', 'rlm.rlnu.norm', 'RunLengthNonUniformityNormalized', 'Normalised run length non-uniformity: Σ_j r_.j² / N_s².'),
  def('r_perc', '9ZK5', 'rlm.r.perc', 'RunPercentage', 'Run percentage: N_s / N_v (N_v summed over merged matrices).'),
  def('gl_var', '8CE5', 'rlm.gl.var', 'GrayLevelVariance', 'Grey level variance: Σ (i − μ)² p_ij, p_ij = r_ij/N_s, μ = Σ i p_ij.'),
  def('rl_var', 'SXLW', 'rlm.rl.var', 'RunVariance', 'Run length variance: Σ (j − μ)² p_ij, μ = Σ j p_ij.'),
  def('rl_entr', 'HJ9O', 'rlm.rl.entr', 'RunEntropy', 'Run entropy: −Σ p_ij log2 p_ij.'),
];

/**
 * Run-length counts (Ng × longest possible run) along one direction over padded slice `z` (2D) or
 * the whole ROI (z null). A run starts where the previous voxel along the direction is outside the
 * mask or has another level; each voxel is visited at most twice.
 */
export function glrlmMatrix(grid: TextureGrid, direction: DirectionVector, z: number | null): CountMatrix {
  const ng = grid.nGreyLevels;
  const { start, end } = roiRange(grid, z);
  const nCols = Math.max(grid.nx, grid.ny, grid.nz);
  const m = emptyCountMatrix(ng, nCols, end - start);
  const off = directionOffset(grid, direction);
  const levels = grid.levels;
  const roi = grid.roi;
  let longest = 0;
  for (let r = start; r < end; r++) {
    const v = roi[r];
    const g = levels[v];
    if (levels[v - off] === g) continue;
    let len = 1;
    for (let u = v + off; levels[u] === g; u += off) len++;
    m.counts[(g - 1) * nCols + (len - 1)]++;
    if (len > longest) longest = len;
  }
  return trimColumns(m, longest);
}

/** Drop trailing all-zero columns beyond `used` (keeps merged matrices small). */
function trimColumns(m: CountMatrix, used: number): CountMatrix {
  const nCols = Math.max(1, used);
  if (nCols === m.nCols) return m;
  const out = new Float64Array(m.nRows * nCols);
  for (let i = 0; i < m.nRows; i++) for (let j = 0; j < nCols; j++) out[i * nCols + j] = m.counts[i * m.nCols + j];
  return { counts: out, nRows: m.nRows, nCols, nVoxels: m.nVoxels };
}

const GLRLM_FAMILY: DirectionalFamily<CountMatrix> = {
  family: 'glrlm',
  features: GLRLM_FEATURES,
  compute: glrlmMatrix,
  merge: mergeCountMatrices,
  evaluate: (m, out) => {
    const all = new Float64Array(ZONE_STATISTICS_COUNT);
    const ok = zoneStatistics(m, all);
    out.set(all.subarray(0, GLRLM_FEATURES.length));
    return ok;
  },
};

/**
 * GLRLM features under the requested IBSI aggregation methods (default all six).
 * @see IBSI 1 manual, GLRLM section (TP0I); PyRadiomics `glrlm`.
 */
export function computeGlrlmFeatures(grid: TextureGrid, aggregations?: readonly DirectionalAggregation[]): TextureFeatureSet[] {
  return aggregateDirectional(grid, GLRLM_FAMILY, aggregations);
}
