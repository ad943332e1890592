import type { CoxModel } from '../cox/model.js';
import type { Design } from '../design.js';
import { baselineHazard } from '../cox/baseline-hazard.js';
import { stepAt } from '../product-limit.js';
import type { Nomogram, NomogramTerm } from './nomogram.js';
import { buildNomogram, nomogramAxisValues } from './nomogram.js';

/**
 * A nomogram for a fitted (unstratified) Cox model: continuous terms on axes from the training
 * values (rms `datadist`-like: `nomogramAxisValues`), factor terms with one point value per level
 * (reference 0), linear predictor centred at the model means (as coxph/cph report it), and
 * predicted-survival axes S(t|lp) = S0(t)^exp(lp) at the requested horizons, S0 the centred
 * baseline (Efron/Breslow as the fit).
 * @see rms::nomogram(cph(...), fun = survival)
 */
export function coxNomogram(model: CoxModel, design: Pick<Design, 'terms' | 'factors' | 'x' | 'p'>, options: { horizons?: readonly number[]; maxPoints?: number } = {}): Nomogram {
  const factorOf = new Map(design.factors.map((f) => [f.column, f]));
  const terms: NomogramTerm[] = design.terms.map((t) => {
    const f = factorOf.get(t.name);
    if (f) {
      const nonRef = f.levels.filter((l) => l !== f.reference);
      return { kind: 'categorical', name: t.name, levels: [...f.levels], coefficients: f.levels.map((l) => (l === f.reference ? 0 : model.coef[t.columns[nonRef.indexOf(l)]])) };
    }
    const j = t.columns[0];
    const col = Float64Array.from({ length: model.n }, (_, i) => design.x[i * design.p + j]);
    return { kind: 'continuous', name: t.name, coefficient: model.coef[j], transform: 'identity', at: Array.from(nomogramAxisValues(col)) };
  });
  let center = 0;
  for (let j = 0; j < model.p; j++) center += model.coef[j] * model.means[j];
  let lpMin = Infinity;
  let lpMax = -Infinity;
  for (const v of model.linearPredictors) {
    lpMin = Math.min(lpMin, v);
    lpMax = Math.max(lpMax, v);
  }
  const horizons = options.horizons ?? [];
  let survival: { horizons: number[]; baseline: number[] } | undefined;
  if (horizons.length) {
    const bh = baselineHazard(model);
    const s0 = bh.strata[0];
    survival = { horizons: [...horizons], baseline: horizons.map((h) => Math.exp(-stepAt(s0.time, s0.cumhazCentered, h, 0))) };
  }
  return buildNomogram(terms, { center, lpRange: { min: lpMin, max: lpMax }, maxPoints: options.maxPoints, survival });
}
