// S(h | x) from an exported model alone (no training data): the Cox models' baseline and variance,
// the forest's trees rebuilt once per model.
import type { SurvivalForest } from '../../survival/index.js';
import { survivalForestFromJson } from '../../survival/index.js';
import { stepIndex } from '../cox-model.js';
import type { FittedCoxModel, FittedForestModel, FittedModel, FittedRadiomicsModel } from './types.js';

/**
 * S(h | x) with its standard error from a fitted model alone (no training data):
 * Λ(h|x) = Λ0(h) r, r = e^{lp}; Var Λ = r² [V0(h) + d' V d], d = Λ0(h)(x − m) − Σ dΛ0 x̄
 * (the Tsiatis / Link variance with β̂ uncertainty, as `predictSurvival` and R `survfit.coxph`).
 */
export function fittedSurvivalAt(m: FittedCoxModel | FittedRadiomicsModel, dx: ArrayLike<number>, lp: number, h: number): { survival: number; stdErrCumhaz: number; before: boolean } {
  const j = stepIndex(m.baseline.time, h);
  if (j < 0) return { survival: 1, stdErrCumhaz: 0, before: true };
  const p = m.design.p;
  const H = m.baseline.cumhaz[j];
  const r0 = Math.exp(lp);
  const d = new Float64Array(p);
  for (let a = 0; a < p; a++) d[a] = H * dx[a] - m.baseline.xbar[j * p + a];
  let q = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) q += d[a] * m.variance[a * p + b] * d[b];
  const varh = (m.baseline.varHazard[j] + q) * r0 * r0;
  return { survival: Math.exp(-H * r0), stdErrCumhaz: Math.sqrt(Math.max(varh, 0)), before: false };
}

const forests = new WeakMap<FittedForestModel, SurvivalForest>();

/**
 * The forest of an exported forest model, checked and rebuilt once per model object.
 * @param path where the forest sits, for issue paths
 * @throws HccError `E_INPUT` naming the bad field of a corrupted forest
 */
export function fittedForestOf(m: FittedForestModel, path: readonly (string | number)[] = ['models', m.outcome, m.id, 'forest']): SurvivalForest {
  let f = forests.get(m);
  if (!f) {
    f = survivalForestFromJson(m.forest, path);
    forests.set(m, f);
  }
  return f;
}

/** Last time (months) at which a model's curve changes (later horizons carry its last value forward). */
export function lastCurveTime(m: FittedModel): number {
  if (m.kind === 'forest') return m.forest.deathTimes[m.forest.deathTimes.length - 1];
  return m.baseline.time[m.baseline.time.length - 1];
}
