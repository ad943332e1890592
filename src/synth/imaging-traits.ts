import type { Rng } from '../core/rng.js';
import type { SynthPatient } from './clinical.js';
import { hasMvi } from './clinical.js';
import { correlatedNormal } from './variates.js';

/**
 * Latent imaging traits of the index tumour, drawn per patient. They are NOT in the clinical
 * table: the CT phantom module renders them, so an image model can recover signal the clinical
 * variables miss. Priors: cohort-priors.md §4.1–4.4.
 */
export interface ImagingTraits {
  /** Hypovascular index tumour: no arterial-phase hyperenhancement (≈ 13 %; Senturk 2014). */
  readonly apheAbsent: boolean;
  /** Infiltrative / irregular margin (≈ 15 %, more frequent with MVI). */
  readonly infiltrativeMargin: boolean;
  /** Peritumoral / rim arterial enhancement (≈ 30 %; protective under ICI). */
  readonly rimEnhancement: boolean;
  /** Enhancing capsule (≈ 50 %, rarer when infiltrative); rendered, not prognostic. */
  readonly capsule: boolean;
  /** Necrotic volume fraction of the index tumour, 0–0.9, rising with size. */
  readonly necrosisFraction: number;
  /** Texture heterogeneity score, standard normal scale. */
  readonly heterogeneity: number;
}

/** Centre and scale of logit(necrosis) used to express the necrosis effect per SD. */
export const NECROSIS_LOGIT = { center: -1.1, perCmLog: 1.47, noiseSd: 0.5, scale: 1.21 } as const;

/** Draw the traits of one patient (latent correlation with the tumour factor, MVI and size). */
export function drawImagingTraits(rng: Rng, p: SynthPatient): ImagingTraits {
  const z = p.latent.tumour;
  const apheAbsent = correlatedNormal(rng, z, 0.3) > 1.1264; // Φ⁻¹(0.87)
  const infiltrativeLatent = correlatedNormal(rng, z, 0.3) + (hasMvi(p) ? 0.6 : -0.4);
  const infiltrativeMargin = infiltrativeLatent > 1.25;
  const rimEnhancement = rng.uniform() < 0.3;
  const capsule = rng.uniform() < (infiltrativeMargin ? 0.2 : 0.55);
  const logit = NECROSIS_LOGIT.center + NECROSIS_LOGIT.perCmLog * Math.log(p.largestDiameterCm / 7) + NECROSIS_LOGIT.noiseSd * rng.normal();
  const necrosisFraction = Math.min(0.9, 1 / (1 + Math.exp(-logit)));
  const heterogeneity = correlatedNormal(rng, z, 0.3);
  return { apheAbsent, infiltrativeMargin, rimEnhancement, capsule, necrosisFraction, heterogeneity };
}
