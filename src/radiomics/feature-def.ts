/**
 * The shape of one entry in the radiomics feature registry. Every feature the engine computes is
 * declared once as a `FeatureDef` in its family file; `registry.ts` concatenates the family lists.
 */

/** IBSI 1 feature families (plus room for filter-response families later). */
export type FeatureFamily =
  | 'morphology'
  | 'local_intensity'
  | 'statistics'
  | 'intensity_histogram'
  | 'intensity_volume_histogram'
  | 'glcm'
  | 'glrlm'
  | 'glszm'
  | 'gldzm'
  | 'ngtdm'
  | 'ngldm';

/** One feature: stable id, IBSI code and a one-line definition. */
export interface FeatureDef {
  /** Stable id `<family>.<feature>` (e.g. `glcm.joint_max`); an image prefix is added at extraction. */
  readonly id: string;
  readonly family: FeatureFamily;
  /** Permanent 4-character IBSI identifier (e.g. `GYBY`). */
  readonly ibsiCode: string;
  /** The IBSI manual's tag without the `F_` prefix (e.g. `cm.joint.max`). */
  readonly ibsiTag: string;
  /** PyRadiomics feature name without image/class prefix, when PyRadiomics has the feature (e.g. `MaximumProbability`). */
  readonly pyradiomicsName?: string;
  /** One-line definition with the formula in plain text. */
  readonly definition: string;
}

/** PyRadiomics feature class of each family that PyRadiomics has (NGLDM is its `gldm`). */
export const PYRADIOMICS_CLASS: Readonly<Partial<Record<FeatureFamily, string>>> = {
  morphology: 'shape',
  statistics: 'firstorder',
  intensity_histogram: 'firstorder',
  glcm: 'glcm',
  glrlm: 'glrlm',
  glszm: 'glszm',
  ngtdm: 'ngtdm',
  ngldm: 'gldm',
};

/**
 * Full PyRadiomics column name of a feature (`original_glcm_MaximumProbability`), or null when
 * PyRadiomics has no such feature. `imageType` is PyRadiomics' image-type prefix (default `original`).
 */
export function pyradiomicsFeatureName(def: FeatureDef, imageType = 'original'): string | null {
  const cls = PYRADIOMICS_CLASS[def.family];
  return cls === undefined || def.pyradiomicsName === undefined ? null : `${imageType}_${cls}_${def.pyradiomicsName}`;
}
