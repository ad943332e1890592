/**
 * PyRadiomics-compatible extraction: the default 107 features of PyRadiomics 3.1.0 under its names
 * (`original_<class>_<Feature>`), plus its `diagnostics_*` facts.
 */
import type { Volume } from '../../core/volume.js';
import { prepareTextureGrid } from '../texture/grid.js';
import { pyradiomicsBin } from './binning.js';
import { FIRSTORDER_FEATURES, pyradiomicsFirstOrder } from './firstorder.js';
import { GLCM_FEATURE_NAMES } from './glcm.js';
import { GLDM_FEATURE_NAMES, GLRLM_FEATURE_NAMES, GLSZM_FEATURE_NAMES, NGTDM_FEATURE_NAMES } from './matrix-features.js';
import type { PyRadiomicsImageDiagnostics, PyRadiomicsRoi } from './preprocess.js';
import { preparePyRadiomicsRoi } from './preprocess.js';
import type { PyRadiomicsClass, PyRadiomicsSettings } from './settings.js';
import { resolvePyRadiomicsSettings } from './settings.js';
import { normalizePyRadiomicsImage, resamplePyRadiomics } from './resample.js';
import { pyradiomicsShape, SHAPE_FEATURES } from './shape.js';
import { pyradiomicsGlcm, pyradiomicsGldm, pyradiomicsGlrlm, pyradiomicsGlszm, pyradiomicsNgtdm } from './texture.js';

/** PyRadiomics' default feature names per class (107 in all). */
export const PYRADIOMICS_DEFAULT_FEATURES: Readonly<Record<PyRadiomicsClass, readonly string[]>> = {
  firstorder: FIRSTORDER_FEATURES,
  shape: SHAPE_FEATURES,
  glcm: GLCM_FEATURE_NAMES,
  glrlm: GLRLM_FEATURE_NAMES,
  glszm: GLSZM_FEATURE_NAMES,
  gldm: GLDM_FEATURE_NAMES,
  ngtdm: NGTDM_FEATURE_NAMES,
};

/** Full PyRadiomics column name, e.g. `original_glcm_Contrast`. */
export function pyradiomicsColumn(cls: PyRadiomicsClass, feature: string, imageType = 'original'): string {
  return `${imageType}_${cls}_${feature}`;
}

/** Result of one PyRadiomics-mode extraction. */
export interface PyRadiomicsResult {
  /** Column name → value, in PyRadiomics' class order (firstorder, shape, glcm, glrlm, glszm, gldm, ngtdm). */
  readonly features: Readonly<Record<string, number>>;
  /** `diagnostics_*` name → value (numbers, tuples as arrays, strings). */
  readonly diagnostics: Readonly<Record<string, string | number | readonly number[]>>;
  readonly settings: PyRadiomicsSettings;
  /** Facts of the preparation step and of the binning. */
  readonly details: {
    readonly image: PyRadiomicsImageDiagnostics;
    readonly nGreyLevels: number;
    readonly greyLevelsPresent: number;
    readonly binEdges: { readonly first: number; readonly last: number; readonly count: number };
  };
  /**
   * Features that are undefined for this ROI and hold NaN (as in PyRadiomics), e.g. GLCM/GLRLM when no
   * two ROI voxels are neighbours (a one-voxel ROI). Every other value is finite.
   */
  readonly undefinedFeatures: readonly string[];
  /** Wall time per class, ms. */
  readonly timingsMs: Readonly<Record<string, number>>;
}

/**
 * Extract PyRadiomics' default features (or `enabledClasses`) from an image and a label mask on the
 * same grid. Settings are PyRadiomics' (see `PyRadiomicsSettingsSchema`), including resampling
 * (`resampledPixelSpacing`, see `resamplePyRadiomics`). Throws `E_OPTION` for bad settings and `E_INPUT` for a grid mismatch or an empty ROI.
 * @see PyRadiomics 3.1.0 `featureextractor.RadiomicsFeatureExtractor.execute`.
 */
export function extractPyRadiomics(image: Volume, mask: Volume, settingsInput: unknown = {}): PyRadiomicsResult {
  const s = resolvePyRadiomicsSettings(settingsInput);
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const resampling = s.resampledPixelSpacing !== null && s.interpolator !== null;
  // When resampling, the original grid only gives the label's bounding box and the original diagnostics.
  let roi = preparePyRadiomicsRoi(image, mask, resampling ? { ...s, resegmentRange: null } : s);
  const original = roi.diagnostics;
  let interpolated: Record<string, number | readonly number[]> | null = null;
  if (resampling) {
    // PyRadiomics order: normalise the whole image, resample around the label, then prepare as usual.
    const rs = resamplePyRadiomics(s.normalize ? normalizePyRadiomicsImage(image, s) : image, mask, s, original.maskBoundingBox);
    roi = preparePyRadiomicsRoi(rs.image, rs.mask, { ...s, normalize: false });
    interpolated = resampledDiagnostics(roi);
  }
  timings.prepare = performance.now() - t0;
  const n = roi.roiMask.length;
  let nRoi = 0;
  for (let p = 0; p < n; p++) nRoi += roi.roiMask[p];
  const values = new Float64Array(nRoi);
  for (let p = 0, r = 0; p < n; p++) if (roi.roiMask[p]) values[r++] = roi.image[p];
  const bins = pyradiomicsBin(values, s);
  const levels = new Int32Array(n);
  for (let p = 0, r = 0; p < n; p++) if (roi.roiMask[p]) levels[p] = bins.levels[r++];
  const enabled = new Set(s.enabledClasses);
  const needsGrid = ['glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'].some((c) => enabled.has(c as PyRadiomicsClass));
  const grid = needsGrid ? prepareTextureGrid({ levels, shape: roi.shape, mask: roi.roiMask, nGreyLevels: bins.nGreyLevels }) : null;
  const results: Partial<Record<PyRadiomicsClass, Record<string, number>>> = {};
  const run = (cls: PyRadiomicsClass, f: () => Record<string, number>): void => {
    if (!enabled.has(cls)) return;
    t0 = performance.now();
    results[cls] = f();
    timings[cls] = performance.now() - t0;
  };
  const voxelVolume = roi.spacing[0] * roi.spacing[1] * roi.spacing[2];
  run('firstorder', () => pyradiomicsFirstOrder(values, bins.levels, voxelVolume, s.voxelArrayShift));
  run('shape', () => pyradiomicsShape(s.resegmentShape ? roi.roiMask : roi.labelMask, roi.shape, roi.spacing));
  run('glcm', () => pyradiomicsGlcm(grid!, s, roi.spacing, bins.grayLevels.length));
  run('glrlm', () => pyradiomicsGlrlm(grid!, s, roi.spacing));
  run('glszm', () => pyradiomicsGlszm(grid!, s));
  run('gldm', () => pyradiomicsGldm(grid!, s));
  run('ngtdm', () => pyradiomicsNgtdm(grid!, s));
  const features: Record<string, number> = {};
  for (const cls of Object.keys(PYRADIOMICS_DEFAULT_FEATURES) as PyRadiomicsClass[]) {
    const r = results[cls];
    if (!r) continue;
    for (const f of PYRADIOMICS_DEFAULT_FEATURES[cls]) features[pyradiomicsColumn(cls, f)] = r[f];
  }
  const undefinedFeatures = Object.keys(features).filter((k) => !Number.isFinite(features[k]));
  const d = original;
  const diagnostics: Record<string, string | number | readonly number[]> = {
    'diagnostics_Versions_PyRadiomics': 'mmf-hcc PyRadiomics-compatible mode (3.1.0 semantics)',
    'diagnostics_Configuration_Settings': JSON.stringify(s),
    'diagnostics_Configuration_EnabledImageTypes': JSON.stringify({ Original: {} }),
    'diagnostics_Image-original_Spacing': d.imageSpacing,
    'diagnostics_Image-original_Size': d.imageSize,
    'diagnostics_Image-original_Mean': d.imageMean,
    'diagnostics_Image-original_Minimum': d.imageMinimum,
    'diagnostics_Image-original_Maximum': d.imageMaximum,
    'diagnostics_Mask-original_Spacing': d.imageSpacing,
    'diagnostics_Mask-original_Size': d.imageSize,
    'diagnostics_Mask-original_BoundingBox': d.maskBoundingBox,
    'diagnostics_Mask-original_VoxelNum': d.maskVoxelNum,
    'diagnostics_Mask-original_VolumeNum': d.maskVolumeNum,
    'diagnostics_Mask-original_CenterOfMassIndex': d.maskCenterOfMassIndex,
    'diagnostics_Mask-original_CenterOfMass': d.maskCenterOfMass,
  };
  if (interpolated) Object.assign(diagnostics, interpolated);
  if (roi.diagnostics.resegmentThresholds !== null) diagnostics['diagnostics_Mask-resegmented_VoxelNum'] = roi.diagnostics.resegmentedVoxelNum;
  return {
    features,
    diagnostics,
    settings: s,
    details: {
      image: roi.diagnostics,
      nGreyLevels: bins.nGreyLevels,
      greyLevelsPresent: bins.grayLevels.length,
      binEdges: { first: bins.edges[0], last: bins.edges[bins.edges.length - 1], count: bins.edges.length },
    },
    undefinedFeatures,
    timingsMs: timings,
  };
}

/** `diagnostics_{Image,Mask}-interpolated_*` of a ROI prepared on the resampled grid (mask Mean/Minimum/Maximum: image values in the label). */
function resampledDiagnostics(roi: PyRadiomicsRoi): Record<string, number | readonly number[]> {
  const d = roi.diagnostics;
  let sum = 0, mn = Infinity, mx = -Infinity;
  for (let p = 0; p < roi.labelMask.length; p++) {
    if (!roi.labelMask[p]) continue;
    const x = roi.image[p];
    sum += x;
    if (x < mn) mn = x;
    if (x > mx) mx = x;
  }
  return {
    'diagnostics_Image-interpolated_Spacing': d.imageSpacing,
    'diagnostics_Image-interpolated_Size': d.imageSize,
    'diagnostics_Image-interpolated_Mean': d.imageMean,
    'diagnostics_Image-interpolated_Minimum': d.imageMinimum,
    'diagnostics_Image-interpolated_Maximum': d.imageMaximum,
    'diagnostics_Mask-interpolated_Spacing': d.imageSpacing,
    'diagnostics_Mask-interpolated_Size': d.imageSize,
    'diagnostics_Mask-interpolated_BoundingBox': d.maskBoundingBox,
    'diagnostics_Mask-interpolated_VoxelNum': d.maskVoxelNum,
    'diagnostics_Mask-interpolated_VolumeNum': d.maskVolumeNum,
    'diagnostics_Mask-interpolated_CenterOfMassIndex': d.maskCenterOfMassIndex,
    'diagnostics_Mask-interpolated_CenterOfMass': d.maskCenterOfMass,
    'diagnostics_Mask-interpolated_Mean': sum / d.maskVoxelNum,
    'diagnostics_Mask-interpolated_Minimum': mn,
    'diagnostics_Mask-interpolated_Maximum': mx,
  };
}
