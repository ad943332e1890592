import { z } from 'zod';
import { ensembleTrainingSchema, tumourStackSpecSchema } from '../deep/index.js';

/**
 * Settings of the study's Ensemble-DL stage. Off by default (a cohort without images still runs);
 * `mmf demo` and cohorts with images turn it on. The stack defaults are the measured best of
 * docs/deep-learning.md: 48 × 48 voxels at the CT's own spacing, 3 slices, the tumour mask as a channel
 * and context blanked beyond 5 mm of the tumour, the members' last activations gated to that context
 * (`roiGate` 'mean'), and widths 16, 32, 48 (two poolings: a 12 × 12 Grad-CAM layer for every member at
 * 48 × 48); the schema defaults of `tumourStackSpecSchema` and of the ensemble
 * training are the older ones, kept so saved models keep their meaning.
 */
export const ensembleDlSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  stack: tumourStackSpecSchema
    .omit({ phases: true })
    .extend({
      size: z.tuple([z.number().int().min(8), z.number().int().min(8)]).default([48, 48]),
      maskChannel: z.boolean().default(true),
      contextMm: z.number().min(0).max(200).nullable().default(5),
    })
    .prefault({}),
  training: ensembleTrainingSchema
    .extend({
      workers: z.number().int().min(1).default(2),
      roiGate: z.enum(['off', 'max', 'mean']).default('mean'),
      widths: z.array(z.number().int().min(1)).min(1).default([16, 32, 48]),
    })
    .prefault({}),
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
  /**
   * 'clinical': the members learn the risk BEYOND the clinical benchmark — its training-fitted linear
   * predictor is an offset in their Cox losses and validation C-index (not part of their score), so
   * their capacity goes to what the clinical variables miss. 'none': plain Cox losses.
   */
  offset: z.enum(['none', 'clinical']).default('none'),
  /**
   * Out-of-fold scores for the training patients (K-fold cross-fitting within the training split,
   * `crossFitScores`): K ≥ 2 trains the ensemble K more times; 0 = off (training patients get the full
   * ensemble's own, optimistic, scores). MMF is fitted on the training patients, so without this it
   * over-weights the deep score (measured: external MMF C below the clinical benchmark's).
   */
  crossFitFolds: z.number().int().min(0).max(20).refine((k) => k !== 1, { message: 'crossFitFolds must be 0 (off) or at least 2' }).default(5),
  /** Grad-CAM of the external-test patients: peak / mass in the tumour and its margin, PNG gallery. */
  gradCam: z.object({ enabled: z.boolean().default(true), marginMm: z.number().min(0).default(5), galleryPatients: z.number().int().min(0).max(40).default(6) }).prefault({}),
});
export type EnsembleDlSettings = z.output<typeof ensembleDlSettingsSchema>;
