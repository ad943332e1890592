/** Kaplan-Meier at one time over a masked subset of time-sorted rows. */
export interface MaskedKaplanMeier {
  /** Ŝ(t): the product over kept event times <= t of (1 - d/n). */
  readonly surv: number;
  /** True when at least one kept row leaves (event or censoring) at a time <= t. */
  readonly observed: boolean;
  readonly rowsKept: number;
  /** Largest kept time (-Infinity when no row is kept). */
  readonly lastTime: number;
}

/**
 * Product-limit estimate at `t` over rows sorted by time, restricted to keep[k] = 1 (all rows when
 * `keep` is null); ties at one time leave together. Shared by the metrics that need Ŝ(t) within
 * marker-defined subsets (survivalROC, decision curves) without building full curves.
 */
export function maskedKaplanMeierAt(time: Float64Array, event: Uint8Array, keep: Uint8Array | null, t: number): MaskedKaplanMeier {
  const n = time.length;
  let atRisk = 0;
  let lastTime = -Infinity;
  for (let k = 0; k < n; k++) {
    if (!keep || keep[k]) {
      atRisk++;
      lastTime = time[k];
    }
  }
  const rowsKept = atRisk;
  let surv = 1;
  let observed = false;
  let k = 0;
  while (k < n && time[k] <= t) {
    const tk = time[k];
    let d = 0;
    let leaving = 0;
    while (k < n && time[k] === tk) {
      if (!keep || keep[k]) {
        leaving++;
        if (event[k] === 1) d++;
      }
      k++;
    }
    if (leaving > 0) {
      observed = true;
      if (d > 0) surv *= 1 - d / atRisk;
      atRisk -= leaving;
    }
  }
  return { surv, observed, rowsKept, lastTime };
}
