/**
 * The explicit, typed list of every radiomics feature (no reflection). Each family file exports a
 * `readonly FeatureDef[]`; add one import line and one spread per family.
 */
import type { FeatureDef } from './feature-def.js';
import { GLCM_FEATURES } from './texture/glcm-features.js';
import { GLRLM_FEATURES } from './texture/glrlm.js';
import { GLSZM_FEATURES } from './texture/glszm.js';
import { GLDZM_FEATURES } from './texture/gldzm.js';
import { NGTDM_FEATURES } from './texture/ngtdm.js';
import { NGLDM_FEATURES } from './texture/ngldm.js';

export type { FeatureDef, FeatureFamily } from './feature-def.js';

/** Every feature the engine can compute, in a stable order. */
export const FEATURE_REGISTRY: readonly FeatureDef[] = [
  ...GLCM_FEATURES,
  ...GLRLM_FEATURES,
  ...GLSZM_FEATURES,
  ...GLDZM_FEATURES,
  ...NGTDM_FEATURES,
  ...NGLDM_FEATURES,
];
