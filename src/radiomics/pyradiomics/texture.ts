/**
 * PyRadiomics texture classes on the engine's matrices: GLCM and GLRLM per angle (13 in 3D, 4
 * in-plane under force2D, matrices accumulated over slices) with features averaged over angles, or
 * one angle-weighted summed matrix under `weightingNorm`; GLSZM, GLDM and NGTDM as one matrix
 * (3D, or in-plane neighbourhoods summed over slices under force2D).
 */
import type { Vec3 } from '../../core/geometry.js';
import type { CountMatrix } from '../texture/count-matrix.js';
import { mergeCountMatrices } from '../texture/count-matrix.js';
import type { DirectionVector } from '../texture/directions.js';
import { DIRECTIONS_2D, DIRECTIONS_3D } from '../texture/directions.js';
import { glcmMatrix } from '../texture/glcm-matrix.js';
import { glrlmMatrix } from '../texture/glrlm.js';
import type { TextureGrid } from '../texture/grid.js';
import { roiRange, roiSlices } from '../texture/grid.js';
import { ngldmMatrix } from '../texture/ngldm.js';
import type { NgtdmMatrix } from '../texture/ngtdm.js';
import { NGTDM_FEATURES, ngtdmFeatures, ngtdmMatrix } from '../texture/ngtdm.js';
import { findZones } from '../texture/zones.js';
import { GLCM_FEATURE_NAMES, pyradiomicsGlcmFeatures } from './glcm.js';
import { GLRLM_FEATURE_NAMES, gldmFromStatistics, glrlmFromStatistics, glszmFromStatistics, matrixStatistics, NGTDM_FEATURE_NAMES } from './matrix-features.js';
import type { PyRadiomicsSettings } from './settings.js';

/** Texture options taken from the settings. */
export type PyRadiomicsTextureOptions = Pick<PyRadiomicsSettings, 'force2D' | 'weightingNorm' | 'gldm_a'>;

/** Angle weight of PyRadiomics' `weightingNorm` for direction d on voxel size `spacing`. */
export function angleWeight(norm: NonNullable<PyRadiomicsSettings['weightingNorm']>, d: DirectionVector, spacing: Vec3): number {
  const a = [Math.abs(d[0]) * spacing[0], Math.abs(d[1]) * spacing[1], Math.abs(d[2]) * spacing[2]];
  if (norm === 'no_weighting') return 1;
  if (norm === 'infinity') return Math.exp(-(Math.max(a[0], a[1], a[2]) ** 2));
  if (norm === 'euclidean') return Math.exp(-(a[0] ** 2 + a[1] ** 2 + a[2] ** 2));
  return Math.exp(-((a[0] + a[1] + a[2]) ** 2));
}

/** Mean of each named feature over the angles that gave a value (numpy.nanmean); NaN when none did (no voxel pair in any angle). */
function nanMean(perAngle: Record<string, number>[], names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of names) {
    let s = 0, n = 0;
    for (const r of perAngle) {
      if (!Number.isNaN(r[k])) {
        s += r[k];
        n++;
      }
    }
    out[k] = n ? s / n : Number.NaN;
  }
  return out;
}

function scaled(m: CountMatrix, w: number): CountMatrix {
  if (w === 1) return m;
  const c = m.counts.map((x) => x * w);
  return { counts: c, nRows: m.nRows, nCols: m.nCols, nVoxels: m.nVoxels };
}

/** Per-angle matrices, or their weighted sum (one "angle") under weightingNorm. */
function angleMatrices(grid: TextureGrid, o: PyRadiomicsTextureOptions, spacing: Vec3, build: (d: DirectionVector) => CountMatrix): CountMatrix[] {
  const dirs = o.force2D ? DIRECTIONS_2D : DIRECTIONS_3D;
  const mats = dirs.map(build);
  if (o.weightingNorm === null) return mats;
  let acc: CountMatrix | null = null;
  mats.forEach((m, a) => {
    acc = mergeCountMatrices(acc, scaled(m, angleWeight(o.weightingNorm!, dirs[a], spacing)));
  });
  return [acc!];
}

/** GLCM features (24). `nPresent`: grey levels present in the ROI. */
export function pyradiomicsGlcm(grid: TextureGrid, o: PyRadiomicsTextureOptions, spacing: Vec3, nPresent: number): Record<string, number> {
  const mats = angleMatrices(grid, o, spacing, (d) => glcmMatrix(grid, d, null));
  const per = mats.map((m) => pyradiomicsGlcmFeatures(m.counts, grid.nGreyLevels, nPresent)).filter((r): r is Record<string, number> => r !== null);
  return nanMean(per, GLCM_FEATURE_NAMES);
}

/** GLRLM features (16). */
export function pyradiomicsGlrlm(grid: TextureGrid, o: PyRadiomicsTextureOptions, spacing: Vec3): Record<string, number> {
  const mats = angleMatrices(grid, o, spacing, (d) => glrlmMatrix(grid, d, null));
  const per: Record<string, number>[] = [];
  for (const m of mats) {
    const s = matrixStatistics(m);
    if (s !== null) per.push(glrlmFromStatistics(s));
  }
  return nanMean(per, GLRLM_FEATURE_NAMES);
}

/** Matrices per slice (force2D) or of the volume, summed. */
function sliceSum<M>(grid: TextureGrid, force2D: boolean, build: (z: number | null) => M, merge: (acc: M | null, m: M) => M): M {
  if (!force2D) return build(null);
  let acc: M | null = null;
  for (const z of roiSlices(grid)) acc = merge(acc, build(z));
  return acc!;
}

/**
 * GLSZM features (16): 26-connected zones, or 8-connected in-plane zones under force2D. The matrix is
 * kept without its empty zone-size columns (zones can hold tens of thousands of voxels).
 */
export function pyradiomicsGlszm(grid: TextureGrid, o: PyRadiomicsTextureOptions): Record<string, number> {
  const cells = new Map<number, number>();
  const ng = grid.nGreyLevels;
  const add = (z: number | null): void => {
    const zl = findZones(grid, z);
    for (let t = 0; t < zl.count; t++) {
      const key = zl.size[t] * (ng + 1) + zl.level[t];
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
  };
  if (o.force2D) for (const z of roiSlices(grid)) add(z);
  else add(null);
  const sizes = [...new Set([...cells.keys()].map((k) => Math.floor(k / (ng + 1))))].sort((a, b) => a - b);
  const col = new Map(sizes.map((sz, j) => [sz, j]));
  const counts = new Float64Array(ng * sizes.length);
  for (const [key, c] of cells) counts[((key % (ng + 1)) - 1) * sizes.length + col.get(Math.floor(key / (ng + 1)))!] += c;
  const m: CountMatrix = { counts, nRows: ng, nCols: sizes.length, nVoxels: grid.nVoxels };
  return glszmFromStatistics(matrixStatistics(m, sizes)!, grid.nVoxels);
}

/** GLDM features (14): dependence = 1 + neighbours (26, or 8 in-plane) with |Δ level| ≤ gldm_a. */
export function pyradiomicsGldm(grid: TextureGrid, o: PyRadiomicsTextureOptions): Record<string, number> {
  const m = sliceSum(grid, o.force2D, (z) => ngldmMatrix(grid, z, o.gldm_a), mergeCountMatrices);
  return gldmFromStatistics(matrixStatistics(m)!);
}

/**
 * NGTDM as PyRadiomics builds it: every ROI voxel counts in n_i; a voxel without any ROI neighbour
 * (possible in-plane under force2D) adds |i − Ā| = 0 to s_i. (The engine's IBSI matrix leaves such
 * voxels out of n_i.)
 */
export function pyradiomicsNgtdmMatrix(grid: TextureGrid, z: number | null): NgtdmMatrix {
  const base = ngtdmMatrix(grid, z);
  const n = new Float64Array(grid.nGreyLevels);
  const { start, end } = roiRange(grid, z);
  for (let r = start; r < end; r++) n[grid.levels[grid.roi[r]] - 1]++;
  return { s: base.s, n, nVoxels: base.nVoxels };
}

function mergeNgtdm(acc: NgtdmMatrix | null, m: NgtdmMatrix): NgtdmMatrix {
  if (acc === null) return m;
  const s = acc.s.slice(), n = acc.n.slice();
  for (let i = 0; i < s.length; i++) {
    s[i] += m.s[i];
    n[i] += m.n[i];
  }
  return { s, n, nVoxels: acc.nVoxels + m.nVoxels };
}

/**
 * NGTDM features (5): Coarseness 1/Σ p_i s_i (10⁶ when 0), Contrast, Busyness, Complexity, Strength
 * over levels with p_i > 0; the formulas equal the engine's (IBSI) ones.
 */
export function pyradiomicsNgtdm(grid: TextureGrid, o: PyRadiomicsTextureOptions): Record<string, number> {
  const m = sliceSum(grid, o.force2D, (z) => pyradiomicsNgtdmMatrix(grid, z), mergeNgtdm);
  const out = new Float64Array(NGTDM_FEATURES.length);
  ngtdmFeatures(m, out);
  const r: Record<string, number> = {};
  NGTDM_FEATURE_NAMES.forEach((name, t) => {
    r[name] = out[t];
  });
  return r;
}
