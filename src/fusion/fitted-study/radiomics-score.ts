import { combatAdjust } from '../harmonise/index.js';
import type { FittedComBat, FittedRadiomicsPipeline } from './types.js';

/**
 * One selected feature (index `q` of `combat`'s arrays) of one patient after ComBat with its centre's
 * training estimates (`combatAdjust`, as `applyComBat`, so a training centre's patient gets the
 * study's value to the last bit); `centre` null (an unseen centre left as it is): unchanged.
 */
export function harmoniseFeature(combat: FittedComBat, q: number, x: number, centre: FittedComBat['centres'][number] | null): number {
  return centre ? combatAdjust(x, combat.alpha[q], combat.sigma[q], centre.gammaStar[q], centre.deltaStar2[q]) : x;
}

/**
 * The radiomics score Σ β x of one patient from its raw selected features (in `pipeline.selected`
 * order), harmonised first with the centre's training ComBat estimates when the model has ComBat
 * (`centre` null: an unseen centre scored unharmonised, as the study does under `unseenCentres: none`).
 * Summed in the study's order, so the score equals the study's.
 */
export function radiomicsScoreOf(pipeline: FittedRadiomicsPipeline, raw: readonly number[], centre: string | null): number {
  const c = pipeline.combat;
  const batch = c && centre !== null ? c.centres.find((b) => b.centre === centre) ?? null : null;
  let v = 0;
  pipeline.selected.forEach((f, q) => {
    const x = c ? harmoniseFeature(c, q, raw[q], batch) : raw[q];
    v += f.coef * x;
  });
  return v;
}
