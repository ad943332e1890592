/**
 * Feature extraction: IBSI image processing, then every requested family, returned as named values with the
 * diagnostics of each step.
 */
import type { Vec3 } from '../core/geometry.js';
import type { Volume } from '../core/volume.js';
import type { DiscretisationSpec } from './discretise.js';
import { discretiseIntensities } from './discretise.js';
import type { FeatureDef, FeatureFamily } from './feature-def.js';
import { computeIntensityHistogram, INTENSITY_HISTOGRAM_FEATURES } from './intensity/histogram.js';
import { computeIntensityVolumeHistogram, IVH_FEATURES } from './intensity/ivh.js';
import { computeLocalIntensity, LOCAL_INTENSITY_FEATURES, PEAK_SPHERE_RADIUS_MM } from './intensity/local-intensity.js';
import { maskedValues } from './intensity/distribution.js';
import { computeStatistics, STATISTICS_FEATURES } from './intensity/statistics.js';
import { computeMorphology, MORPHOLOGY_FEATURES } from './morphology/morphology.js';
import type { PreparedRoi } from './roi/prepare.js';
import { cropPreparedRoi, prepareRoi } from './roi/prepare.js';
import type { RadiomicsSettings, RadiomicsSettingsInput } from './settings.js';
import { resolveRadiomicsSettings } from './settings.js';
import { FEATURE_REGISTRY } from './registry.js';
import type { TextureFamily } from './texture/texture-features.js';
import { computeTextureFeatures } from './texture/texture-features.js';

/** One extracted value. */
export interface FeatureValue {
  /** `<imageType>.<featureId>` for non-texture features, `<imageType>.<featureId>.<aggregation>` for texture. */
  readonly id: string;
  readonly featureId: string;
  readonly family: FeatureFamily;
  readonly ibsiCode: string;
  readonly ibsiTag: string;
  /** Texture aggregation (e.g. `3d_averaged`); absent for non-texture families. */
  readonly aggregation?: string;
  readonly value: number;
}

/** What an extraction did, step by step. */
export interface ExtractionDiagnostics {
  readonly roi: PreparedRoi['diagnostics'];
  /** Grid after cropping to the ROI (+ margin) on which features were computed. */
  readonly workingShape: Vec3;
  readonly spacingMm: Vec3;
  readonly discretisation: { readonly nGreyLevels: number; readonly firstBinEdge: number; readonly binWidth: number; readonly levelsPresent: number } | null;
  /** Family → diagnostics object of that family. */
  readonly families: Readonly<Record<string, unknown>>;
  /** Feature ids left out because they are undefined for this ROI (e.g. centre of mass shift when Σ intensity = 0). */
  readonly undefinedFeatures: readonly string[];
  /** Wall time per step, ms. */
  readonly timingsMs: Readonly<Record<string, number>>;
}

/** Features, settings and diagnostics of one extraction. */
export interface ExtractionResult {
  readonly features: readonly FeatureValue[];
  readonly settings: RadiomicsSettings;
  readonly diagnostics: ExtractionDiagnostics;
}

const DEFS = new Map<string, FeatureDef>([...MORPHOLOGY_FEATURES, ...LOCAL_INTENSITY_FEATURES, ...STATISTICS_FEATURES, ...INTENSITY_HISTOGRAM_FEATURES, ...IVH_FEATURES, ...FEATURE_REGISTRY].map((d) => [d.id, d]));

const TEXTURE: readonly TextureFamily[] = ['glcm', 'glrlm', 'glszm', 'gldzm', 'ngtdm', 'ngldm'];

/**
 * Extract radiomic features from an image and ROI mask on the same grid, as the settings prescribe
 * (`IBSI_PRESETS` for the IBSI configurations). Steps: `prepareRoi` (rounding, interpolation, partial-volume
 * threshold, re-segmentation), crop to the ROI with a margin for the 1 cm³ peak sphere, then the families.
 * Values are never NaN: undefined features are omitted and listed in `diagnostics.undefinedFeatures`.
 * Throws `E_OPTION` for invalid settings and `E_INPUT` for mismatched grids or an empty ROI.
 *
 * @see IBSI 1 manual, chapters "Image processing" and "Image features".
 */
export function extractFeatures(image: Volume, mask: Volume, settingsInput: RadiomicsSettingsInput | RadiomicsSettings): ExtractionResult {
  const settings = resolveRadiomicsSettings(settingsInput);
  const timings: Record<string, number> = {};
  const time = <T>(name: string, f: () => T): T => {
    const t0 = performance.now();
    const v = f();
    timings[name] = performance.now() - t0;
    return v;
  };
  const range = settings.resegmentation.range ? { lower: settings.resegmentation.range[0], upper: settings.resegmentation.range[1] } : null;
  const full = time('preprocess', () =>
    prepareRoi(image, mask, {
      roundInput: settings.input.roundIntensities,
      label: settings.input.label,
      interpolation: settings.interpolation,
      resegmentation: { range, outlierSigma: settings.resegmentation.outlierSigma },
    }),
  );
  const margin = full.spacingMm.map((s) => Math.ceil(PEAK_SPHERE_RADIUS_MM / s) + 1) as unknown as Vec3;
  const roi = cropPreparedRoi(full, margin);
  const want = new Set(settings.families);
  const values = new Map<string, number>();
  const textureValues: { featureId: string; aggregation: string; value: number }[] = [];
  const famDiag: Record<string, unknown> = {};
  const undefinedFeatures: string[] = [];
  const intensities = maskedValues(roi.image, roi.intensityMask);
  const put = (r: { values: Readonly<Record<string, number>>; diagnostics: unknown }, fam: string) => {
    for (const [k, v] of Object.entries(r.values)) {
      if (Number.isFinite(v)) values.set(k, v);
      else undefinedFeatures.push(k);
    }
    famDiag[fam] = r.diagnostics;
  };
  if (want.has('morphology')) put(time('morphology', () => computeMorphology(roi, { skipAutocorrelation: !settings.morphology.autocorrelation })), 'morphology');
  if (want.has('local_intensity')) put(time('local_intensity', () => computeLocalIntensity(roi.image, roi.intensityMask, roi.shape, roi.spacingMm)), 'local_intensity');
  if (want.has('statistics')) put(time('statistics', () => computeStatistics(intensities)), 'statistics');
  if (want.has('intensity_volume_histogram')) put(time('intensity_volume_histogram', () => computeIntensityVolumeHistogram(intensities, settings.ivh, range)), 'intensity_volume_histogram');

  const needLevels = want.has('intensity_histogram') || TEXTURE.some((t) => want.has(t));
  let discDiag: ExtractionDiagnostics['discretisation'] = null;
  if (needLevels) {
    const spec: DiscretisationSpec =
      settings.discretisation.method === 'fixed_bin_size' && settings.discretisation.lowerBound === undefined && range?.lower !== null && range?.lower !== undefined
        ? { ...settings.discretisation, lowerBound: range.lower }
        : settings.discretisation;
    const disc = time('discretisation', () => discretiseIntensities(roi.image, roi.intensityMask, spec));
    discDiag = { nGreyLevels: disc.nGreyLevels, firstBinEdge: disc.diagnostics.firstBinEdge, binWidth: disc.diagnostics.binWidth, levelsPresent: disc.diagnostics.nLevelsPresent };
    if (want.has('intensity_histogram')) {
      const lv = maskedValues(disc.levels, roi.intensityMask);
      put(time('intensity_histogram', () => computeIntensityHistogram(lv, disc.nGreyLevels)), 'intensity_histogram');
    }
    const fams = TEXTURE.filter((t) => want.has(t));
    if (fams.length) {
      const tex = time('texture', () =>
        computeTextureFeatures({ levels: disc.levels, shape: roi.shape, mask: roi.intensityMask, morphologicalMask: roi.morphologicalMask, nGreyLevels: disc.nGreyLevels }, { families: fams, ngldmAlpha: settings.texture.ngldmAlpha }),
      );
      const keep = settings.texture.aggregations ? new Set<string>(settings.texture.aggregations) : null;
      for (const set of tex.sets) {
        if (keep && !keep.has(set.aggregation)) continue;
        for (const [k, v] of Object.entries(set.values)) textureValues.push({ featureId: k, aggregation: set.aggregation, value: v });
        for (const u of set.diagnostics.undefinedFeatures) undefinedFeatures.push(`${u}.${set.aggregation}`);
        famDiag[`${set.family}.${set.aggregation}`] = set.diagnostics;
      }
    }
  }
  const prefix = settings.imageType;
  const features: FeatureValue[] = [];
  for (const [featureId, value] of values) {
    const d = DEFS.get(featureId);
    if (!d) continue;
    features.push({ id: `${prefix}.${featureId}`, featureId, family: d.family, ibsiCode: d.ibsiCode, ibsiTag: d.ibsiTag, value });
  }
  for (const t of textureValues) {
    const d = DEFS.get(t.featureId);
    if (!d) continue;
    features.push({ id: `${prefix}.${t.featureId}.${t.aggregation}`, featureId: t.featureId, family: d.family, ibsiCode: d.ibsiCode, ibsiTag: d.ibsiTag, aggregation: t.aggregation, value: t.value });
  }
  return {
    features,
    settings,
    diagnostics: { roi: full.diagnostics, workingShape: roi.shape, spacingMm: roi.spacingMm, discretisation: discDiag, families: famDiag, undefinedFeatures, timingsMs: timings },
  };
}
