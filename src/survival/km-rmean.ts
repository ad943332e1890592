/** Restricted mean survival time up to `tau` and its standard error. */
export interface RestrictedMean {
  /** Upper limit of integration (same units as time). */
  readonly tau: number;
  /** Start of integration: R uses min(0, smallest curve time). */
  readonly start: number;
  /** start + ∫_start^tau S(u) du. */
  readonly rmean: number;
  /** Greenwood-type standard error of `rmean`. */
  readonly se: number;
}

/**
 * Restricted mean survival time as R's `print.survfit(fit, rmean = tau)` / `summary(fit, rmean = tau)$table`:
 *
 *   rmean = start + ∫_start^tau S(u) du  (S a right-continuous step function, S = 1 before the first time)
 *   var   = Σ_{t_k <= tau} A_k² · d_k / (n_k (n_k - d_k)),  A_k = ∫_{t_k}^{tau} S(u) du,
 *
 * with terms where n_k = d_k dropped (R sets them to 0). Counts may be weighted.
 * @param tau restriction time (same units as `time`); may exceed the last time (S is carried forward)
 * @param start start of the integration, R's min(0, min time over all curves of the fit)
 * @see R survival:::survmean
 */
export function restrictedMean(
  curve: { readonly time: ArrayLike<number>; readonly surv: ArrayLike<number>; readonly nRisk: ArrayLike<number>; readonly nEvent: ArrayLike<number> },
  tau: number,
  start = 0,
): RestrictedMean {
  const { time, surv, nRisk, nEvent } = curve;
  // Rectangles: [start, t_1) at height 1, [t_{k-1}, t_k) at S(t_{k-1}), [t_last kept, tau) at S(t_last kept).
  let m = 0;
  while (m < time.length && time[m] <= tau) m++;
  const rect = new Float64Array(m + 1);
  let prevT = start;
  let prevS = 1;
  for (let k = 0; k < m; k++) {
    rect[k] = (time[k] - prevT) * prevS;
    prevT = time[k];
    prevS = surv[k];
  }
  rect[m] = (tau - prevT) * prevS;
  let area = 0;
  for (let k = 0; k <= m; k++) area += rect[k];
  // A_k = area after t_k = Σ_{j > k} rect[j]; accumulate from the right.
  let variance = 0;
  let tail = 0;
  for (let k = m - 1; k >= 0; k--) {
    tail += rect[k + 1];
    const n = nRisk[k];
    const d = nEvent[k];
    const h = n - d === 0 ? 0 : d / (n * (n - d));
    variance += tail * tail * h;
  }
  return { tau, start, rmean: area + start, se: Math.sqrt(variance) };
}
