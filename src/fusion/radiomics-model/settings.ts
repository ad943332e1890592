import { z } from 'zod';

/**
 * Settings of the radiomics comparator (model 3): which phase and region, which IBSI preset (with
 * overrides), ComBat, the redundancy filter and the LASSO-Cox cross-validation. Part of the study
 * settings (`models.radiomics`) and so of every cache key.
 */
export const radiomicsModelSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  /** Contrast phase whose image and mask columns are used (`image_<phase>`, `mask_<phase>`). */
  phase: z.string().min(1).default('portal_venous'),
  /** IBSI 1 preset the extraction starts from (`IBSI_PRESETS`). */
  preset: z.enum(['phantom', 'A', 'B', 'C', 'D', 'E']).default('C'),
  /** Shallow overrides of the preset (radiomics settings keys); defaults keep the model affordable. */
  extraction: z.record(z.string(), z.unknown()).default({
    families: ['morphology', 'statistics', 'intensity_histogram', 'glcm', 'glrlm', 'glszm', 'gldzm', 'ngtdm', 'ngldm'],
    morphology: { autocorrelation: false },
    texture: { aggregations: ['3d_averaged'] },
  }),
  /** Mask value of the tumour; null = every non-zero voxel (the synthetic cohort labels tumour 2). */
  tumourLabel: z.number().int().nullable().default(null),
  /** Width (mm) of a peritumoural ring (tumour dilated by this distance, minus the tumour); 0 = none. */
  peritumouralMm: z.number().nonnegative().default(0),
  /** What to do with a patient whose image cannot be read or whose mask is empty. */
  onImageError: z.enum(['skip', 'stop']).default('skip'),
  combat: z
    .object({
      enabled: z.boolean().default(false),
      /** Centres without training patients: standardise with their own feature moments (no outcomes) or leave as they are. */
      unseenCentres: z.enum(['standardise', 'none']).default('standardise'),
    })
    .prefault({}),
  /** Redundancy filter: of two features with |Spearman ρ| above this, keep the one with the higher univariable C. */
  redundancyRho: z.number().gt(0).lte(1).default(0.9),
  /** At most this many features (the strongest by univariable C after the redundancy filter) enter the LASSO; 0 = all. */
  maxFeatures: z.number().int().nonnegative().default(40),
  lasso: z
    .object({
      alpha: z.number().gt(0).lte(1).default(1),
      nfolds: z.number().int().min(3).max(20).default(5),
      /** lambda.min or lambda.1se of the cross-validation. */
      lambda: z.enum(['min', '1se']).default('min'),
      measure: z.enum(['deviance', 'C']).default('deviance'),
      /** Length of the lambda path and its end as a fraction of lambda_max (glmnet nlambda, lambda.min.ratio). */
      nlambda: z.number().int().min(5).max(200).default(50),
      lambdaMinRatio: z.number().gt(0).lt(1).default(0.05),
    })
    .prefault({}),
});
export type RadiomicsModelSettings = z.output<typeof radiomicsModelSettingsSchema>;
