/**
 * NGLDM family (IBSI 1 REK0): for each ROI voxel, the dependence count j = 1 + number of ROI
 * neighbours (Chebyshev distance 1) whose grey level differs by at most α (coarseness).
 */
import type { FeatureDef } from '../feature-def.js';
import type { SliceAggregation, SliceFamily, TextureFeatureSet } from './aggregation.js';
import { aggregateSlices } from './aggregation.js';
import type { CountMatrix } from './count-matrix.js';
import { emptyCountMatrix, mergeCountMatrices } from './count-matrix.js';
import { neighbourOffsets } from './directions.js';
import type { TextureGrid } from './grid.js';
import { roiRange } from './grid.js';
import { zoneStatistics } from './zone-statistics.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, pyradiomicsName: string | undefined, definition: string): FeatureDef =>
  pyradiomicsName === undefined ? { id: `ngldm.${id}`, family: 'ngldm', ibsiCode, ibsiTag, definition } : { id: `ngldm.${id}`, family: 'ngldm', ibsiCode, ibsiTag, pyradiomicsName, definition };

/** The 17 IBSI NGLDM features (s_ij neighbourhoods of level i and dependence j; PyRadiomics `gldm`). */
export const NGLDM_FEATURES: readonly FeatureDef[] = [
  def('lde', 'SODN', 'ngl.lde', 'SmallDependenceEmphasis', 'Low dependence emphasis: Σ_j s_.j / j² / N_s.'),
  def('hde', 'IMOQ', 'ngl.hde', 'LargeDependenceEmphasis', 'High dependence emphasis: Σ_j j² s_.j / N_s.'),
  def('lgce', 'TL9H', 'ngl.lgce', 'LowGrayLevelEmphasis', 'Low grey level count emphasis: Σ_i s_i. / i² / N_s.'),
  def('hgce', 'OAE7', 'ngl.hgce', 'HighGrayLevelEmphasis', 'High grey level count emphasis: Σ_i i² s_i. / N_s.'),
  def('ldlge', 'EQ3F', 'ngl.ldlge', 'SmallDependenceLowGrayLevelEmphasis', 'Low dependence low grey level emphasis: Σ s_ij / (i² j²) / N_s.'),
  def('ldhge', 'JA6D', 'ngl.ldhge', 'SmallDependenceHighGrayLevelEmphasis', 'Low dependence high grey level emphasis: Σ i² s_ij / j² / N_s.'),
  def('hdlge', 'NBZI', 'ngl.hdlge', 'LargeDependenceLowGrayLevelEmphasis', 'High dependence low grey level emphasis: Σ j² s_ij / i² / N_s.'),
  def('hdhge', '9QMG', 'ngl.hdhge', 'LargeDependenceHighGrayLevelEmphasis', 'High dependence high grey level emphasis: Σ i² j² s_ij / N_s.'),
  def('glnu', 'FP8K', 'ngl.glnu', 'GrayLevelNonUniformity', 'Grey level non-uniformity: Σ_i s_i.² / N_s.'),
  def('glnu_norm', '5SPA', 'ngl.glnu.norm', undefined, 'Normalised grey level non-uniformity: Σ_i s_i.² / N_s².'),
  def('dcnu', 'Z87G', 'ngl.dcnu', 'DependenceNonUniformity', 'Dependence count non-uniformity: Σ_j s_.j² / N_s.'),
  def('dcnu_norm', 'OKJI', 'ngl.dcnu.norm', 'DependenceNonUniformityNormalized', 'Normalised dependence count non-uniformity: Σ_j s_.j² / N_s².'),
  def('dc_perc', '6XV8', 'ngl.dc.perc', undefined, 'Dependence count percentage: N_s / N_v (1 under the IBSI definition).'),
  def('gl_var', '1PFV', 'ngl.gl.var', 'GrayLevelVariance', 'Grey level variance: Σ (i − μ)² p_ij, p_ij = s_ij/N_s, μ = Σ i p_ij.'),
  def('dc_var', 'DNX2', 'ngl.dc.var', 'DependenceVariance', 'Dependence count variance: Σ (j − μ)² p_ij, μ = Σ j p_ij.'),
  def('dc_entr', 'FCBV', 'ngl.dc.entr', 'DependenceEntropy', 'Dependence count entropy: −Σ p_ij log2 p_ij.'),
  def('dc_energy', 'CAS9', 'ngl.dc.energy', undefined, 'Dependence count energy: Σ p_ij².'),
];

/**
 * NGLDM (Ng × (neighbours + 1)) of padded slice `z` (8 in-plane neighbours) or of the volume
 * (z null, 26 neighbours), with coarseness `alpha` (default 0).
 */
export function ngldmMatrix(grid: TextureGrid, z: number | null, alpha = 0): CountMatrix {
  const ng = grid.nGreyLevels;
  const offsets = neighbourOffsets(grid, z !== null);
  const nCols = offsets.length + 1;
  const { start, end } = roiRange(grid, z);
  const m = emptyCountMatrix(ng, nCols, end - start);
  const levels = grid.levels;
  for (let r = start; r < end; r++) {
    const v = grid.roi[r];
    const g = levels[v];
    let j = 1;
    for (let o = 0; o < offsets.length; o++) {
      const l = levels[v + offsets[o]];
      if (l !== 0 && Math.abs(l - g) <= alpha) j++;
    }
    m.counts[(g - 1) * nCols + (j - 1)]++;
  }
  return m;
}

/** Options of the NGLDM family. */
export interface NgldmOptions {
  readonly aggregations?: readonly SliceAggregation[];
  /** Coarseness α ≥ 0 (grey levels); IBSI default 0. */
  readonly alpha?: number;
}

/**
 * NGLDM features under the requested aggregations (default 2D, 2.5D, 3D).
 * @see IBSI 1 manual, NGLDM section (REK0); PyRadiomics `gldm` (α = 0 ↔ gldm_a = 0).
 */
export function computeNgldmFeatures(grid: TextureGrid, options: NgldmOptions = {}): TextureFeatureSet[] {
  const alpha = options.alpha ?? 0;
  const family: SliceFamily<CountMatrix> = {
    family: 'ngldm',
    features: NGLDM_FEATURES,
    compute: (g, z) => ngldmMatrix(g, z, alpha),
    merge: mergeCountMatrices,
    evaluate: zoneStatistics,
  };
  return aggregateSlices(grid, family, options.aggregations);
}
