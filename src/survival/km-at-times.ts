/** The curve sampled at requested times, as R's `summary(fit, times = …, extend = TRUE)`. */
export interface SurvivalAtTimes {
  /** Requested times, sorted ascending (non-finite times dropped, as R). */
  readonly time: Float64Array;
  /** Σ w at risk at the first curve time >= t (0 beyond the last time). */
  readonly nRisk: Float64Array;
  /** Σ w events in (previous requested time, t]. */
  readonly nEvent: Float64Array;
  /** Σ w censored in (previous requested time, t]. */
  readonly nCensor: Float64Array;
  /** S(t) (1 before the first time). */
  readonly surv: Float64Array;
  /** Standard error of S(t) on the S scale (S · se(Λ)), 0 before the first time. */
  readonly stdErr: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Nelson-Aalen Λ(t) and its standard error. */
  readonly cumhaz: Float64Array;
  readonly stdChaz: Float64Array;
}

/** The per-time columns `survivalAtTimes` reads. */
export interface SteppedCurve {
  readonly time: ArrayLike<number>;
  readonly nRisk: ArrayLike<number>;
  readonly nEvent: ArrayLike<number>;
  readonly nCensor: ArrayLike<number>;
  readonly surv: ArrayLike<number>;
  /** se(Λ̂) on the log scale (R's survfit `std.err`). */
  readonly stdErr: ArrayLike<number>;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  readonly cumhaz: ArrayLike<number>;
  readonly stdChaz: ArrayLike<number>;
}

/**
 * Evaluate a survival curve at fixed times (R: `summary(fit, times, extend = TRUE)`, which first adds a
 * time-0 row with S = 1, se = 0 and CI = [1, 1]): right-continuous values at the last curve time <= t,
 * n.risk at the first curve time >= t, events and censorings counted between successive requested times.
 * @param times requested times (same units as the curve); unsorted input is sorted
 * @see R survival::summary.survfit
 */
export function survivalAtTimes(curve: SteppedCurve, times: readonly number[]): SurvivalAtTimes {
  const t = Float64Array.from(times.filter((v) => Number.isFinite(v))).sort();
  const T = curve.time.length;
  const K = t.length;
  const out = {
    time: t,
    nRisk: new Float64Array(K),
    nEvent: new Float64Array(K),
    nCensor: new Float64Array(K),
    surv: new Float64Array(K),
    stdErr: new Float64Array(K),
    lower: new Float64Array(K),
    upper: new Float64Array(K),
    cumhaz: new Float64Array(K),
    stdChaz: new Float64Array(K),
  };
  let j = 0; // number of curve times <= t[k]
  let cumEvent = 0;
  let cumCensor = 0;
  let prevEvent = 0;
  let prevCensor = 0;
  for (let k = 0; k < K; k++) {
    while (j < T && curve.time[j] <= t[k]) {
      cumEvent += curve.nEvent[j];
      cumCensor += curve.nCensor[j];
      j++;
    }
    let firstAtOrAfter = j;
    if (j > 0 && curve.time[j - 1] === t[k]) firstAtOrAfter = j - 1;
    out.nRisk[k] = firstAtOrAfter < T ? curve.nRisk[firstAtOrAfter] : 0;
    out.nEvent[k] = cumEvent - prevEvent;
    out.nCensor[k] = cumCensor - prevCensor;
    prevEvent = cumEvent;
    prevCensor = cumCensor;
    if (j === 0) {
      out.surv[k] = 1;
      out.stdErr[k] = 0;
      out.lower[k] = 1;
      out.upper[k] = 1;
      out.cumhaz[k] = 0;
      out.stdChaz[k] = 0;
    } else {
      const s = curve.surv[j - 1];
      out.surv[k] = s;
      out.stdErr[k] = curve.stdErr[j - 1] * s;
      out.lower[k] = curve.lower[j - 1];
      out.upper[k] = curve.upper[j - 1];
      out.cumhaz[k] = curve.cumhaz[j - 1];
      out.stdChaz[k] = curve.stdChaz[j - 1];
    }
  }
  return out;
}
