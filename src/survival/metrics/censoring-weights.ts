import type { SurvivalData } from '../outcome.js';
import { productLimit, stepAt, stepBefore } from '../product-limit.js';

/**
 * How tied event and censoring times enter the censoring risk set.
 * - `events-first` (prodlim `reverse = TRUE`, used by pec::ipcw, timeROC and riskRegression): an event
 *   at time s is taken to precede a censoring at s, so the censoring risk set is Y(s) - d(s).
 * - `survfit` (survival::survfit on `1 - event`): the risk set is Y(s) = #{T >= s}.
 */
export type CensoringTieConvention = 'events-first' | 'survfit';

/** Reverse Kaplan-Meier G(s) = P(C > s) as a right-continuous step function over every distinct exit time. */
export interface CensoringDistribution {
  readonly time: Float64Array;
  /** G just after each time. */
  readonly surv: Float64Array;
  /** Rows at risk Y(s), events d(s) and censorings c(s) at each time. */
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
  readonly convention: CensoringTieConvention;
}

/**
 * Kaplan-Meier estimate of the censoring distribution, built on `productLimit(data, { target: 'censoring' })`:
 * G(s) = Π_{u <= s} (1 - c(u) / R(u)), R(u) = Y(u) - d(u) (`events-first`) or Y(u) (`survfit`).
 * @see prodlim::prodlim(reverse = TRUE); pec::ipcw(method = "marginal")
 */
export function censoringDistribution(data: SurvivalData, options: { convention?: CensoringTieConvention } = {}): CensoringDistribution {
  const convention = options.convention ?? 'events-first';
  const pl = productLimit(data, { target: 'censoring' });
  // With target 'censoring', productLimit's nEvent counts censorings and nCensor counts events.
  const T = pl.time.length;
  const surv = new Float64Array(T);
  let s = 1;
  for (let j = 0; j < T; j++) {
    const c = pl.nEvent[j];
    if (c > 0) s *= 1 - c / (convention === 'events-first' ? pl.nRisk[j] - pl.nCensor[j] : pl.nRisk[j]);
    surv[j] = s;
  }
  return { time: pl.time, surv, nRisk: pl.nRisk, nEvent: pl.nCensor, nCensor: pl.nEvent, convention };
}

/** G(t): the censoring survival at t (right-continuous). @see prodlim::prodlim(reverse = TRUE) */
export function censoringAt(g: CensoringDistribution, t: number): number {
  return stepAt(g.time, g.surv, t);
}

/** G(t-): the censoring survival just before t (the weight denominator for an event at t). @see prodlim::prodlim(reverse = TRUE) */
export function censoringBefore(g: CensoringDistribution, t: number): number {
  return stepBefore(g.time, g.surv, t);
}
