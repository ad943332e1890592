/**
 * The explicit, typed list of every radiomics feature (no reflection). Each family file exports a
 * `readonly FeatureDef[]`; add one import line and one spread per family.
 */
import type { FeatureDef } from './feature-def.js';
import { MORPHOLOGY_FEATURES } from './morphology/morphology.js';
import { LOCAL_INTENSITY_FEATURES } from './intensity/local-intensity.js';
import { STATISTICS_FEATURES } from './intensity/statistics.js';
import { INTENSITY_HISTOGRAM_FEATURES } from './intensity/histogram.js';
import { IVH_FEATURES } from './intensity/ivh.js';
import { GLCM_FEATURES } from './texture/glcm-features.js';
import { GLRLM_FEATURES } from './texture/glrlm.js';
import { GLSZM_FEATURES } from './texture/glszm.js';
import { GLDZM_FEATURES } from './texture/gldzm.js';
import { NGTDM_FEATURES } from './texture/ngtdm.js';
import { NGLDM_FEATURES } from './texture/ngldm.js';

export type { FeatureDef, FeatureFamily } from './feature-def.js';

/** Every feature the engine can compute, in a stable order. */
export const FEATURE_REGISTRY: readonly FeatureDef[] = [
  ...MORPHOLOGY_FEATURES,
  ...LOCAL_INTENSITY_FEATURES,
  ...STATISTICS_FEATURES,
  ...INTENSITY_HISTOGRAM_FEATURES,
  ...IVH_FEATURES,
  ...GLCM_FEATURES,
  ...GLRLM_FEATURES,
  ...GLSZM_FEATURES,
  ...GLDZM_FEATURES,
  ...NGTDM_FEATURES,
  ...NGLDM_FEATURES,
];
