/**
 * GLDZM family (IBSI 1 VMDZ): zones of the intensity mask by grey level and minimum distance to
 * the border of the morphological mask, 2D / 2.5D / 3D.
 */
import type { FeatureDef } from '../feature-def.js';
import type { SliceAggregation, SliceFamily, TextureFeatureSet } from './aggregation.js';
import { aggregateSlices } from './aggregation.js';
import type { CountMatrix } from './count-matrix.js';
import { mergeCountMatrices } from './count-matrix.js';
import type { TextureGrid } from './grid.js';
import { zoneCountMatrix } from './zone-matrix.js';
import { ZONE_STATISTICS_COUNT, zoneStatistics } from './zone-statistics.js';
import { distanceToBorder, findZones } from './zones.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, definition: string): FeatureDef => ({ id: `gldzm.${id}`, family: 'gldzm', ibsiCode, ibsiTag, definition });

/** The 16 IBSI GLDZM features (d_ij zones of level i at distance j, N_s zones, N_v voxels). */
export const GLDZM_FEATURES: readonly FeatureDef[] = [
  def('sde', '0GBI', 'dzm.sde', 'Small distance emphasis: Σ_j d_.j / j² / N_s.'),
  def('lde', 'MB4I', 'dzm.lde', 'Large distance emphasis: Σ_j j² d_.j / N_s.'),
  def('lgze', 'S1RA', 'dzm.lgze', 'Low grey level zone emphasis: Σ_i d_i. / i² / N_s.'),
  def('hgze', 'K26C', 'dzm.hgze', 'High grey level zone emphasis: Σ_i i² d_i. / N_s.'),
  def('sdlge', 'RUVG', 'dzm.sdlge', 'Small distance low grey level emphasis: Σ d_ij / (i² j²) / N_s.'),
  def('sdhge', 'DKNJ', 'dzm.sdhge', 'Small distance high grey level emphasis: Σ i² d_ij / j² / N_s.'),
  def('ldlge', 'A7WM', 'dzm.ldlge', 'Large distance low grey level emphasis: Σ j² d_ij / i² / N_s.'),
  def('ldhge', 'KLTH', 'dzm.ldhge', 'Large distance high grey level emphasis: Σ i² j² d_ij / N_s.'),
  def('glnu', 'VFT7', 'dzm.glnu', 'Grey level non-uniformity: Σ_i d_i.² / N_s.'),
  def('glnu_norm', '7HP3', 'dzm.glnu.norm', 'Normalised grey level non-uniformity: Σ_i d_i.² / N_s².'),
  def('zdnu', 'V294', 'dzm.zdnu', 'Zone distance non-uniformity: Σ_j d_.j² / N_s.'),
  def('zdnu_norm', 'IATH', 'dzm.zdnu.norm', 'Normalised zone distance non-uniformity: Σ_j d_.j² / N_s².'),
  def('z_perc', 'VIWW', 'dzm.z.perc', 'Zone percentage: N_s / N_v.'),
  def('gl_var', 'QK93', 'dzm.gl.var', 'Grey level variance: Σ (i − μ)² p_ij, p_ij = d_ij/N_s, μ = Σ i p_ij.'),
  def('zd_var', '7WT1', 'dzm.zd.var', 'Zone distance variance: Σ (j − μ)² p_ij, μ = Σ j p_ij.'),
  def('zd_entr', 'GBDU', 'dzm.zd.entr', 'Zone distance entropy: −Σ p_ij log2 p_ij.'),
];

/**
 * GLDZM (Ng × largest distance) of padded slice `z` (zones 8-connected, distance 4-connected) or of
 * the volume (z null; 26- and 6-connected). Distances come from the morphological mask.
 */
export function gldzmMatrix(grid: TextureGrid, z: number | null): CountMatrix {
  return zoneCountMatrix(findZones(grid, z, distanceToBorder(grid, z)), grid.nGreyLevels, 'distance');
}

const GLDZM_FAMILY: SliceFamily<CountMatrix> = {
  family: 'gldzm',
  features: GLDZM_FEATURES,
  compute: gldzmMatrix,
  merge: mergeCountMatrices,
  evaluate: (m, out) => {
    const all = new Float64Array(ZONE_STATISTICS_COUNT);
    const ok = zoneStatistics(m, all);
    out.set(all.subarray(0, GLDZM_FEATURES.length));
    return ok;
  },
};

/**
 * GLDZM features under the requested aggregations (default 2D, 2.5D, 3D).
 * @see IBSI 1 manual, GLDZM section (VMDZ). PyRadiomics has no GLDZM.
 */
export function computeGldzmFeatures(grid: TextureGrid, aggregations?: readonly SliceAggregation[]): TextureFeatureSet[] {
  return aggregateSlices(grid, GLDZM_FAMILY, aggregations);
}
