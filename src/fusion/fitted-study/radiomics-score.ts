import type { FittedComBat, FittedRadiomicsPipeline } from './types.js';

/**
 * One selected feature (index `q` of `combat`'s arrays) of one patient after ComBat with its centre's
 * training estimates: x* = σ (Z − γ*)/√δ²* + α, Z = (x − α)/σ, in the very floating-point steps of
 * `applyComBat` (so a training centre's patient gets the study's value to the last bit); a feature
 * without within-centre variation (σ = 0), or `centre` null (an unseen centre left as it is), is unchanged.
 */
export function harmoniseFeature(combat: FittedComBat, q: number, x: number, centre: FittedComBat['centres'][number] | null): number {
  if (!centre || !(combat.sigma[q] > 0)) return x;
  const zz = (x - combat.alpha[q]) / combat.sigma[q];
  return (combat.sigma[q] * (zz - centre.gammaStar[q])) / Math.sqrt(centre.deltaStar2[q]) + combat.alpha[q];
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
