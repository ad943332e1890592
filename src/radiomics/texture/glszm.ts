/** GLSZM family (IBSI 1 9SAK): zones of linked equal grey levels, 2D / 2.5D / 3D. */
import type { FeatureDef } from '../feature-def.js';
import type { SliceAggregation, SliceFamily, TextureFeatureSet } from './aggregation.js';
import { aggregateSlices } from './aggregation.js';
import type { CountMatrix } from './count-matrix.js';
import { mergeCountMatrices } from './count-matrix.js';
import type { TextureGrid } from './grid.js';
import { zoneCountMatrix } from './zone-matrix.js';
import { ZONE_STATISTICS_COUNT, zoneStatistics } from './zone-statistics.js';
import { findZones } from './zones.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, pyradiomicsName: string, definition: string): FeatureDef => ({ id: `glszm.${id}`, family: 'glszm', ibsiCode, ibsiTag, pyradiomicsName, definition });

/** The 16 IBSI GLSZM features (s_ij zones of level i and size j, N_s zones, N_v voxels). */
export const GLSZM_FEATURES: readonly FeatureDef[] = [
  def('sze', '5QRC', 'szm.sze', 'SmallAreaEmphasis', 'Small zone emphasis: Σ_j s_.j / j² / N_s.'),
  def('lze', '48P8', 'szm.lze', 'LargeAreaEmphasis', 'Large zone emphasis: Σ_j j² s_.j / N_s.'),
  def('lgze', 'XMSY', 'szm.lgze', 'LowGrayLevelZoneEmphasis', 'Low grey level zone emphasis: Σ_i s_i. / i² / N_s.'),
  def('hgze', '5GN9', 'szm.hgze', 'HighGrayLevelZoneEmphasis', 'High grey level zone emphasis: Σ_i i² s_i. / N_s.'),
  def('szlge', '5RAI', 'szm.szlge', 'SmallAreaLowGrayLevelEmphasis', 'Small zone low grey level emphasis: Σ s_ij / (i² j²) / N_s.'),
  def('szhge', 'HW1V', 'szm.szhge', 'SmallAreaHighGrayLevelEmphasis', 'Small zone high grey level emphasis: Σ i² s_ij / j² / N_s.'),
  def('lzlge', 'YH51', 'szm.lzlge', 'LargeAreaLowGrayLevelEmphasis', 'Large zone low grey level emphasis: Σ j² s_ij / i² / N_s.'),
  def('lzhge', 'J17V', 'szm.lzhge', 'LargeAreaHighGrayLevelEmphasis', 'Large zone high grey level emphasis: Σ i² j² s_ij / N_s.'),
  def('glnu', 'JNSA', 'szm.glnu', 'GrayLevelNonUniformity', 'Grey level non-uniformity: Σ_i s_i.² / N_s.'),
  def('glnu_norm', 'Y1RO', 'szm.glnu.norm', 'GrayLevelNonUniformityNormalized', 'Normalised grey level non-uniformity: Σ_i s_i.² / N_s².'),
  def('zsnu', '4JP3', 'szm.zsnu', 'SizeZoneNonUniformity', 'Zone size non-uniformity: Σ_j s_.j² / N_s.'),
  def('zsnu_norm', 'VB3A', 'szm.zsnu.norm', 'SizeZoneNonUniformityNormalized', 'Normalised zone size non-uniformity: Σ_j s_.j² / N_s².'),
  def('z_perc', 'P30P', 'szm.z.perc', 'ZonePercentage', 'Zone percentage: N_s / N_v.'),
  def('gl_var', 'BYLV', 'szm.gl.var', 'GrayLevelVariance', 'Grey level variance: Σ (i − μ)² p_ij, p_ij = s_ij/N_s, μ = Σ i p_ij.'),
  def('zs_var', '3NSA', 'szm.zs.var', 'ZoneVariance', 'Zone size variance: Σ (j − μ)² p_ij, μ = Σ j p_ij.'),
  def('zs_entr', 'GU8N', 'szm.zs.entr', 'ZoneEntropy', 'Zone size entropy: −Σ p_ij log2 p_ij.'),
];

/** GLSZM (Ng × largest zone) of padded slice `z` (8-connected) or of the volume (z null, 26-connected). */
export function glszmMatrix(grid: TextureGrid, z: number | null): CountMatrix {
  return zoneCountMatrix(findZones(grid, z), grid.nGreyLevels, 'size');
}

const GLSZM_FAMILY: SliceFamily<CountMatrix> = {
  family: 'glszm',
  features: GLSZM_FEATURES,
  compute: glszmMatrix,
  merge: mergeCountMatrices,
  evaluate: (m, out) => {
    const all = new Float64Array(ZONE_STATISTICS_COUNT);
    const ok = zoneStatistics(m, all);
    out.set(all.subarray(0, GLSZM_FEATURES.length));
    return ok;
  },
};

/**
 * GLSZM features under the requested aggregations (default 2D, 2.5D, 3D).
 * @see IBSI 1 manual, GLSZM section (9SAK); PyRadiomics `glszm`.
 */
export function computeGlszmFeatures(grid: TextureGrid, aggregations?: readonly SliceAggregation[]): TextureFeatureSet[] {
  return aggregateSlices(grid, GLSZM_FAMILY, aggregations);
}
