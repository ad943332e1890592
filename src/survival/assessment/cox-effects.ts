import { normalQuantile, twoSidedNormalP } from '../../core/distributions.js';
import type { Issue } from '../../core/issues.js';
import { fitCox } from '../cox/fit.js';
import type { SurvivalData } from '../outcome.js';

/**
 * Hazard ratios of a small dummy-coded design from `fitCox` (Efron ties, R defaults), in the
 * shape the assessment tools report: per column coef, se, HR = exp(coef), CI exp(coef ∓ z se)
 * with z = Φ⁻¹((1 + confLevel)/2), Wald p = 2 Φ(−|coef/se|); aliased columns are NaN.
 */
export interface CoxEffects {
  readonly coef: Float64Array;
  readonly se: Float64Array;
  readonly hr: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly p: Float64Array;
  /** [ℓ(0), ℓ(β̂)]. */
  readonly loglik: readonly [number, number];
  readonly iterations: number;
  readonly converged: boolean;
  /** 1 where fitCox flagged the coefficient as possibly infinite (monotone likelihood, R's "Loglik converged before variable j"). */
  readonly infinite: Uint8Array;
  /** 1 where the column is aliased (not estimable; its effects are NaN). */
  readonly aliased: Uint8Array;
  readonly warnings: readonly Issue[];
}

/** Fit coxph(Surv ~ x) and extract the effects (internal to the assessment tools). @see R survival::coxph */
export function fitCoxEffects(data: SurvivalData, x: Float64Array, p: number, names: readonly string[], confLevel = 0.95): CoxEffects {
  const { model, diagnostics } = fitCox(data, x, names.slice(0, p));
  const z = normalQuantile((1 + confLevel) / 2);
  const coef = new Float64Array(p);
  const se = new Float64Array(p);
  const hr = new Float64Array(p);
  const lower = new Float64Array(p);
  const upper = new Float64Array(p);
  const pv = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (model.aliased[j]) {
      coef[j] = se[j] = hr[j] = lower[j] = upper[j] = pv[j] = NaN;
      continue;
    }
    const b = model.coef[j];
    const s = Math.sqrt(model.var[j * p + j]);
    coef[j] = b;
    se[j] = s;
    hr[j] = Math.exp(b);
    lower[j] = Math.exp(b - z * s);
    upper[j] = Math.exp(b + z * s);
    pv[j] = twoSidedNormalP(b / s);
  }
  const infinite = new Uint8Array(p);
  for (const j of diagnostics.monotoneLikelihood?.columns ?? []) infinite[j] = 1;
  return { coef, se, hr, lower, upper, p: pv, loglik: [model.loglikNull, model.loglik], iterations: diagnostics.iterations, converged: diagnostics.converged, infinite, aliased: Uint8Array.from(model.aliased), warnings: diagnostics.warnings };
}

/**
 * Why effect `j` of a `fitCoxEffects` result is not a usable estimate, in words, or null when it is:
 * an aliased column, a coefficient fitCox flagged as possibly infinite (monotone likelihood), a fit
 * that did not converge, a non-finite or degenerate interval, or |coef| > 10 with a standard error
 * larger than |coef| (R prints such fits, e.g. HR 1e9 with p 0.999, after its "coefficient may be
 * infinite" warning; they are not estimates).
 * @see R survival::coxph.fit (toler.inf rule)
 */
export function effectNotEstimable(fit: CoxEffects, j: number): string | null {
  if (fit.aliased[j]) return 'not estimable (the term is collinear with the others)';
  const b = fit.coef[j];
  const s = fit.se[j];
  const infinite = 'hazard ratio not estimable: it tends to infinity or zero (monotone likelihood, e.g. every event in one group)';
  if (fit.infinite[j]) return infinite;
  if (!Number.isFinite(b) || !Number.isFinite(s) || !(s > 0) || !Number.isFinite(fit.upper[j]) || !(fit.lower[j] > 0)) return infinite;
  if (Math.abs(b) > 10 && s > Math.abs(b)) return infinite;
  if (!fit.converged) return 'hazard ratio not estimable: the Cox fit did not converge';
  return null;
}
