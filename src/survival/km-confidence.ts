import { normalQuantile } from '../core/distributions.js';

/** Scale on which the pointwise survival confidence interval is built (R's `conf.type`). */
export type KmConfType = 'log' | 'log-log' | 'plain';

/** Every accepted `KmConfType`, for option checking and CLI help. */
export const KM_CONF_TYPES: readonly KmConfType[] = ['log', 'log-log', 'plain'];

/** Pointwise confidence limits; NaN where R reports NA (see `survivalConfidenceBand`). */
export interface SurvivalBand {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/**
 * Pointwise confidence interval for S(t) from se = se(Λ̂(t)) (R's survfit `std.err`, the log scale),
 * with z = Φ⁻¹(1 - (1 - level)/2) and R's default `conf.lower = "usual"`:
 *
 * - `log`:     exp(log S ∓ z·se), upper capped at 1; NA (NaN) where S = 0.
 * - `log-log`: exp(-exp(log(-log S) ∓ z·se / log S)); NA (NaN) where S = 0 or S = 1.
 * - `plain`:   S ∓ z·se·S, clipped to [0, 1]; NaN where se is infinite (S = 0 after n = d).
 *
 * NaN is the documented stand-in for R's NA: the interval is undefined there, not estimated.
 * @param level confidence level in (0, 1), e.g. 0.95
 * @see R survival:::survfit_confint
 */
export function survivalConfidenceBand(surv: ArrayLike<number>, stdErrLog: ArrayLike<number>, confType: KmConfType, level: number): SurvivalBand {
  const z = normalQuantile(1 - (1 - level) / 2);
  const n = surv.length;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = surv[i];
    const se = stdErrLog[i];
    if (confType === 'plain') {
      const se2 = se * p * z;
      lower[i] = Math.max(p - se2, 0);
      upper[i] = Math.min(p + se2, 1);
      if (Number.isNaN(se2)) {
        lower[i] = NaN;
        upper[i] = NaN;
      }
    } else if (confType === 'log') {
      if (p === 0) {
        lower[i] = NaN;
        upper[i] = NaN;
        continue;
      }
      const se2 = z * se;
      lower[i] = Math.exp(Math.log(p) - se2);
      upper[i] = Math.min(Math.exp(Math.log(p) + se2), 1);
    } else {
      if (p === 0 || p === 1) {
        lower[i] = NaN;
        upper[i] = NaN;
        continue;
      }
      const lp = Math.log(p);
      const se2 = (z * se) / lp;
      lower[i] = Math.exp(-Math.exp(Math.log(-lp) - se2));
      upper[i] = Math.exp(-Math.exp(Math.log(-lp) + se2));
    }
  }
  return { lower, upper };
}
