/**
 * IBSI 1 texture feature aggregation (5QB6): how per-slice / per-direction matrices become one
 * feature value. Directional families (GLCM, GLRLM) have six methods; slice families (GLSZM,
 * GLDZM, NGTDM, NGLDM) have three. Matrices are merged by summing counts (and voxel counts).
 */
import type { Issue } from '../../core/issues.js';
import { issueWarning } from '../../core/issues.js';
import type { FeatureDef, FeatureFamily } from '../feature-def.js';
import type { DirectionVector } from './directions.js';
import { DIRECTIONS_2D, DIRECTIONS_3D } from './directions.js';
import type { TextureGrid } from './grid.js';
import { roiSlices } from './grid.js';

/** Aggregation methods of GLCM and GLRLM. */
export type DirectionalAggregation = '2d_averaged' | '2d_slice_merged' | '2.5d_direction_merged' | '2.5d_merged' | '3d_averaged' | '3d_merged';
/** Aggregation methods of GLSZM, GLDZM, NGTDM and NGLDM. */
export type SliceAggregation = '2d' | '2.5d' | '3d';
/** Any texture aggregation method. */
export type TextureAggregation = DirectionalAggregation | SliceAggregation;

/** All directional aggregation methods, in IBSI order. */
export const DIRECTIONAL_AGGREGATIONS: readonly DirectionalAggregation[] = ['2d_averaged', '2d_slice_merged', '2.5d_direction_merged', '2.5d_merged', '3d_averaged', '3d_merged'];
/** All slice aggregation methods. */
export const SLICE_AGGREGATIONS: readonly SliceAggregation[] = ['2d', '2.5d', '3d'];

/** The IBSI label (as in the reference tables) and permanent code of each aggregation method. */
export const AGGREGATION_IBSI: Readonly<Record<TextureAggregation, { readonly label: string; readonly code: string }>> = {
  '2d_averaged': { label: '2D, averaged', code: 'BTW3' },
  '2d_slice_merged': { label: '2D, slice-merged', code: 'SUJT' },
  '2.5d_direction_merged': { label: '2.5D, direction-merged', code: 'JJUI' },
  '2.5d_merged': { label: '2.5D, merged', code: 'ZW7Z' },
  '3d_averaged': { label: '3D, averaged', code: 'ITBB' },
  '3d_merged': { label: '3D, merged', code: 'IAZD' },
  '2d': { label: '2D', code: '8QNN' },
  '2.5d': { label: '2.5D', code: '62GR' },
  '3d': { label: '3D', code: 'KOBO' },
};

/** Diagnostics of one family × aggregation. */
export interface TextureDiagnostics {
  /** Ng used in the features. */
  readonly nGreyLevels: number;
  /** Voxels in the ROI intensity mask. */
  readonly nVoxels: number;
  /** Slices (along k) holding ROI voxels. */
  readonly nSlices: number;
  /** Matrices whose features entered the value (after merging). */
  readonly nMatrices: number;
  /** Matrices skipped because they held no counts (e.g. a one-voxel slice has no co-occurrences). */
  readonly nEmptyMatrices: number;
  /** Feature ids undefined for this ROI (e.g. correlation of a single-level matrix); absent from `values`. */
  readonly undefinedFeatures: readonly string[];
  readonly warnings: readonly Issue[];
}

/** Feature values of one family under one aggregation method. */
export interface TextureFeatureSet {
  readonly family: FeatureFamily;
  readonly aggregation: TextureAggregation;
  /** Feature id → value. Never NaN: undefined features are left out and named in the diagnostics. */
  readonly values: Readonly<Record<string, number>>;
  readonly diagnostics: TextureDiagnostics;
}

/** What aggregation needs from a matrix type. */
export interface MatrixFamily<M> {
  readonly family: FeatureFamily;
  readonly features: readonly FeatureDef[];
  /** Write feature values (NaN where undefined) into `out`; return false for an empty matrix. */
  evaluate(m: M, out: Float64Array): boolean;
  /** Sum `m` into `acc` (acc null: return a copy of m; never alias m). */
  merge(acc: M | null, m: M): M;
}

/** A family whose matrices are built per direction (GLCM, GLRLM). */
export interface DirectionalFamily<M> extends MatrixFamily<M> {
  /** Matrix for one direction over one padded slice `z`, or over the whole ROI (z null). */
  compute(grid: TextureGrid, direction: DirectionVector, z: number | null): M;
}

/** A family whose matrices are built per slice (2D neighbourhood) or per volume (3D). */
export interface SliceFamily<M> extends MatrixFamily<M> {
  /** Matrix of padded slice `z` with in-plane neighbourhoods, or of the volume (z null). */
  compute(grid: TextureGrid, z: number | null): M;
}

interface Mean {
  readonly sum: Float64Array;
  readonly count: Float64Array;
  nMatrices: number;
  nEmpty: number;
}

function newMean(n: number): Mean {
  return { sum: new Float64Array(n), count: new Float64Array(n), nMatrices: 0, nEmpty: 0 };
}

function addTo<M>(mean: Mean, fam: MatrixFamily<M>, m: M, scratch: Float64Array): void {
  if (!fam.evaluate(m, scratch)) {
    mean.nEmpty++;
    return;
  }
  mean.nMatrices++;
  for (let f = 0; f < scratch.length; f++) {
    const x = scratch[f];
    if (Number.isFinite(x)) {
      mean.sum[f] += x;
      mean.count[f]++;
    }
  }
}

function finish<M>(mean: Mean, fam: MatrixFamily<M>, aggregation: TextureAggregation, grid: TextureGrid, nSlices: number): TextureFeatureSet {
  const values: Record<string, number> = {};
  const undefinedFeatures: string[] = [];
  fam.features.forEach((def, f) => {
    if (mean.count[f] > 0) values[def.id] = mean.sum[f] / mean.count[f];
    else undefinedFeatures.push(def.id);
  });
  const warnings: Issue[] = [];
  if (mean.nEmpty > 0) {
    warnings.push(issueWarning('empty_data', [fam.family, aggregation], `${mean.nEmpty} empty matrix/matrices skipped (too few ROI voxels in a slice or direction)`));
  }
  if (undefinedFeatures.length > 0) {
    warnings.push(issueWarning('empty_data', [fam.family, aggregation], `features undefined for this ROI: ${undefinedFeatures.join(', ')}`));
  }
  return {
    family: fam.family,
    aggregation,
    values,
    diagnostics: { nGreyLevels: grid.nGreyLevels, nVoxels: grid.nVoxels, nSlices, nMatrices: mean.nMatrices, nEmptyMatrices: mean.nEmpty, undefinedFeatures, warnings },
  };
}

/** Evaluate one merged matrix as a feature set. */
function single<M>(fam: MatrixFamily<M>, m: M | null, aggregation: TextureAggregation, grid: TextureGrid, nSlices: number): TextureFeatureSet {
  const mean = newMean(fam.features.length);
  if (m !== null) addTo(mean, fam, m, new Float64Array(fam.features.length));
  return finish(mean, fam, aggregation, grid, nSlices);
}

/**
 * Compute a directional family under the requested aggregation methods (default all six).
 * 2D: 4 in-plane directions per slice; 3D: 13 directions over the volume.
 */
export function aggregateDirectional<M>(grid: TextureGrid, fam: DirectionalFamily<M>, which: readonly DirectionalAggregation[] = DIRECTIONAL_AGGREGATIONS): TextureFeatureSet[] {
  const want = new Set(which);
  const nF = fam.features.length;
  const scratch = new Float64Array(nF);
  const slices = roiSlices(grid);
  const out = new Map<DirectionalAggregation, TextureFeatureSet>();
  if (want.has('2d_averaged') || want.has('2d_slice_merged') || want.has('2.5d_direction_merged') || want.has('2.5d_merged')) {
    const avg = newMean(nF);
    const sliceMean = newMean(nF);
    const byDirection: (M | null)[] = DIRECTIONS_2D.map(() => null);
    let all: M | null = null;
    for (const z of slices) {
      let sliceMerged: M | null = null;
      for (let di = 0; di < DIRECTIONS_2D.length; di++) {
        const m = fam.compute(grid, DIRECTIONS_2D[di], z);
        if (want.has('2d_averaged')) addTo(avg, fam, m, scratch);
        if (want.has('2d_slice_merged')) sliceMerged = fam.merge(sliceMerged, m);
        if (want.has('2.5d_direction_merged')) byDirection[di] = fam.merge(byDirection[di], m);
        if (want.has('2.5d_merged')) all = fam.merge(all, m);
      }
      if (sliceMerged !== null) addTo(sliceMean, fam, sliceMerged, scratch);
    }
    out.set('2d_averaged', finish(avg, fam, '2d_averaged', grid, slices.length));
    out.set('2d_slice_merged', finish(sliceMean, fam, '2d_slice_merged', grid, slices.length));
    const dirMean = newMean(nF);
    for (const m of byDirection) if (m !== null) addTo(dirMean, fam, m, scratch);
    out.set('2.5d_direction_merged', finish(dirMean, fam, '2.5d_direction_merged', grid, slices.length));
    out.set('2.5d_merged', single(fam, all, '2.5d_merged', grid, slices.length));
  }
  if (want.has('3d_averaged') || want.has('3d_merged')) {
    const avg = newMean(nF);
    let all: M | null = null;
    for (const d of DIRECTIONS_3D) {
      const m = fam.compute(grid, d, null);
      if (want.has('3d_averaged')) addTo(avg, fam, m, scratch);
      if (want.has('3d_merged')) all = fam.merge(all, m);
    }
    out.set('3d_averaged', finish(avg, fam, '3d_averaged', grid, slices.length));
    out.set('3d_merged', single(fam, all, '3d_merged', grid, slices.length));
  }
  return DIRECTIONAL_AGGREGATIONS.filter((a) => want.has(a)).map((a) => out.get(a) as TextureFeatureSet);
}

/** Compute a slice family under the requested aggregation methods (default 2D, 2.5D and 3D). */
export function aggregateSlices<M>(grid: TextureGrid, fam: SliceFamily<M>, which: readonly SliceAggregation[] = SLICE_AGGREGATIONS): TextureFeatureSet[] {
  const want = new Set(which);
  const nF = fam.features.length;
  const scratch = new Float64Array(nF);
  const slices = roiSlices(grid);
  const out = new Map<SliceAggregation, TextureFeatureSet>();
  if (want.has('2d') || want.has('2.5d')) {
    const avg = newMean(nF);
    let all: M | null = null;
    for (const z of slices) {
      const m = fam.compute(grid, z);
      if (want.has('2d')) addTo(avg, fam, m, scratch);
      if (want.has('2.5d')) all = fam.merge(all, m);
    }
    out.set('2d', finish(avg, fam, '2d', grid, slices.length));
    out.set('2.5d', single(fam, all, '2.5d', grid, slices.length));
  }
  if (want.has('3d')) out.set('3d', single(fam, fam.compute(grid, null), '3d', grid, slices.length));
  return SLICE_AGGREGATIONS.filter((a) => want.has(a)).map((a) => out.get(a) as TextureFeatureSet);
}
