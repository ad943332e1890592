/**
 * NGTDM family (IBSI 1 IPET): per grey level i, s_i = Σ |i − mean of the ROI neighbours| over
 * voxels with at least one ROI neighbour (Chebyshev distance 1), and n_i their count.
 */
import type { FeatureDef } from '../feature-def.js';
import type { SliceAggregation, SliceFamily, TextureFeatureSet } from './aggregation.js';
import { aggregateSlices } from './aggregation.js';
import { neighbourOffsets } from './directions.js';
import type { TextureGrid } from './grid.js';
import { roiRange } from './grid.js';

const def = (id: string, ibsiCode: string, ibsiTag: string, pyradiomicsName: string, definition: string): FeatureDef => ({ id: `ngtdm.${id}`, family: 'ngtdm', ibsiCode, ibsiTag, pyradiomicsName, definition });

/** The 5 IBSI NGTDM features (p_i = n_i/N_vc, N_gp levels with p_i > 0, sums over such levels). */
export const NGTDM_FEATURES: readonly FeatureDef[] = [
  def('coarseness', 'QCDE', 'ngt.coarseness', 'Coarseness', 'Coarseness: 1 / Σ p_i s_i (10⁶ when the sum is 0).'),
  def('contrast', '65HE', 'ngt.contrast', 'Contrast', 'Contrast: [Σ Σ p_i1 p_i2 (i1 − i2)² / (N_gp (N_gp − 1))] · Σ s_i / N_vc (0 when N_gp = 1).'),
  def('busyness', 'NQ30', 'ngt.busyness', 'Busyness', 'Busyness: Σ p_i s_i / Σ Σ |i1 p_i1 − i2 p_i2| (0 when N_gp = 1).'),
  def('complexity', 'HDEZ', 'ngt.complexity', 'Complexity', 'Complexity: Σ Σ |i1 − i2| (p_i1 s_i1 + p_i2 s_i2)/(p_i1 + p_i2) / N_vc.'),
  def('strength', '1X9X', 'ngt.strength', 'Strength', 'Strength: Σ Σ (p_i1 + p_i2)(i1 − i2)² / Σ s_i (0 when Σ s_i = 0).'),
];

/** Neighbourhood grey tone difference matrix: s_i and n_i for i = 1..Ng (index i − 1). */
export interface NgtdmMatrix {
  readonly s: Float64Array;
  readonly n: Float64Array;
  /** Voxels in the intensity mask underlying the matrix. */
  readonly nVoxels: number;
}

/** NGTDM of padded slice `z` (8 in-plane neighbours) or of the volume (z null, 26 neighbours). */
export function ngtdmMatrix(grid: TextureGrid, z: number | null): NgtdmMatrix {
  const ng = grid.nGreyLevels;
  const s = new Float64Array(ng);
  const n = new Float64Array(ng);
  const offsets = neighbourOffsets(grid, z !== null);
  const { start, end } = roiRange(grid, z);
  const levels = grid.levels;
  for (let r = start; r < end; r++) {
    const v = grid.roi[r];
    let sum = 0;
    let w = 0;
    for (let o = 0; o < offsets.length; o++) {
      const l = levels[v + offsets[o]];
      if (l !== 0) {
        sum += l;
        w++;
      }
    }
    if (w === 0) continue;
    const g = levels[v];
    s[g - 1] += Math.abs(g - sum / w);
    n[g - 1]++;
  }
  return { s, n, nVoxels: end - start };
}

function mergeNgtdm(acc: NgtdmMatrix | null, m: NgtdmMatrix): NgtdmMatrix {
  if (acc === null) return { s: m.s.slice(), n: m.n.slice(), nVoxels: m.nVoxels };
  for (let i = 0; i < m.s.length; i++) {
    acc.s[i] += m.s[i];
    acc.n[i] += m.n[i];
  }
  return { s: acc.s, n: acc.n, nVoxels: acc.nVoxels + m.nVoxels };
}

/**
 * The 5 NGTDM features into `out` (NGTDM_FEATURES order); false when no voxel has a neighbour.
 * @see IBSI 1 manual, NGTDM section; PyRadiomics `ngtdm`.
 */
export function ngtdmFeatures(m: NgtdmMatrix, out: Float64Array): boolean {
  const ng = m.s.length;
  let nvc = 0;
  for (let i = 0; i < ng; i++) nvc += m.n[i];
  if (nvc === 0) {
    out.fill(Number.NaN, 0, NGTDM_FEATURES.length);
    return false;
  }
  let ngp = 0, sumPs = 0, sumS = 0;
  for (let i = 0; i < ng; i++) {
    if (m.n[i] === 0) continue;
    ngp++;
    sumPs += (m.n[i] / nvc) * m.s[i];
    sumS += m.s[i];
  }
  let dyn = 0, busyDen = 0, complexity = 0, strengthNum = 0;
  for (let a = 0; a < ng; a++) {
    if (m.n[a] === 0) continue;
    const pa = m.n[a] / nvc;
    for (let b = 0; b < ng; b++) {
      if (m.n[b] === 0) continue;
      const pb = m.n[b] / nvc;
      const d = a - b;
      dyn += pa * pb * d * d;
      busyDen += Math.abs((a + 1) * pa - (b + 1) * pb);
      complexity += (Math.abs(d) * (pa * m.s[a] + pb * m.s[b])) / (pa + pb);
      strengthNum += (pa + pb) * d * d;
    }
  }
  out[0] = sumPs === 0 ? 1e6 : 1 / sumPs;
  out[1] = ngp > 1 ? (dyn / (ngp * (ngp - 1))) * (sumS / nvc) : 0;
  out[2] = ngp > 1 && busyDen > 0 ? sumPs / busyDen : 0;
  out[3] = complexity / nvc;
  out[4] = sumS === 0 ? 0 : strengthNum / sumS;
  return true;
}

const NGTDM_FAMILY: SliceFamily<NgtdmMatrix> = {
  family: 'ngtdm',
  features: NGTDM_FEATURES,
  compute: ngtdmMatrix,
  merge: mergeNgtdm,
  evaluate: ngtdmFeatures,
};

/** NGTDM features under the requested aggregations (default 2D, 2.5D, 3D). */
export function computeNgtdmFeatures(grid: TextureGrid, aggregations?: readonly SliceAggregation[]): TextureFeatureSet[] {
  return aggregateSlices(grid, NGTDM_FAMILY, aggregations);
}
