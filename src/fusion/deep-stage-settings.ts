import { z } from 'zod';
import { ensembleTrainingSchema, tumourStackSpecSchema } from '../deep/index.js';

/**
 * Settings of the study's Ensemble-DL stage. Off by default (a cohort without images still runs);
 * `mmf demo` and cohorts with images turn it on. The stack defaults are the measured best of
 * docs/deep-learning.md: 48 × 48 voxels at the CT's own spacing, 3 slices, the tumour mask as a channel
 * and context blanked beyond 10 mm of the tumour (the schema defaults of `tumourStackSpecSchema` are
 * the older, mask-blind ones, kept so saved models keep their meaning).
 */
export const ensembleDlSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  stack: tumourStackSpecSchema
    .omit({ phases: true })
    .extend({
      size: z.tuple([z.number().int().min(8), z.number().int().min(8)]).default([48, 48]),
      maskChannel: z.boolean().default(true),
      contextMm: z.number().min(0).max(200).nullable().default(10),
    })
    .prefault({}),
  training: ensembleTrainingSchema.extend({ workers: z.number().int().min(1).default(2) }).prefault({}),
  /**
   * Auxiliary clinical heads (the paper's multitask design): categorical cohort columns each member
   * also predicts (softmax, missing values masked), e.g. ["bclc", "child_pugh_class"]. Levels are
   * those of the training patients; others count as missing.
   */
  auxColumns: z.array(z.string().min(1)).default([]),
  /** Phase whose `mask_<phase>` holds the tumour (default: the middle phase). */
  maskPhase: z.string().min(1).nullable().default(null),
  /** A patient without images or tumour mask (or unreadable ones): 'skip' scores the others, 'stop' ends the run. */
  onMissing: z.enum(['skip', 'stop']).default('skip'),
  /** Grad-CAM of the external-test patients: peak / mass in the tumour and its margin, PNG gallery. */
  gradCam: z.object({ enabled: z.boolean().default(true), marginMm: z.number().min(0).default(5), galleryPatients: z.number().int().min(0).max(40).default(6) }).prefault({}),
});
export type EnsembleDlSettings = z.output<typeof ensembleDlSettingsSchema>;
