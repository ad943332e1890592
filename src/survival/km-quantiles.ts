/**
 * Survival-time quantiles read off a step curve, exactly as R defines them:
 * `quantile.survfit` (any probability, with CI) and the median of `print.survfit` / `summary()$table`.
 * Results are data times (or the midpoint of two data times), so they are compared exactly.
 */

/** R's default tolerance for "S equals the target exactly": sqrt(.Machine$double.eps). */
export const QUANTILE_TOLERANCE = Math.sqrt(2.220446049250313e-16);

/** One survival-time quantile with its confidence limits; null = not reached (R's NA). */
export interface SurvivalQuantile {
  /** Probability of the event by the quantile time: p = 0.5 is the median, p = 0.25 the first quartile. */
  readonly prob: number;
  readonly time: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** Median survival with confidence limits as in R's `summary(fit)$table`; null = not reached. */
export interface SurvivalMedian {
  readonly median: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * approx(x, y, v, method = "constant", f = 1, rule = 1) on points sorted by x:
 * y at the first x >= v (exact hit takes that point), NaN outside [x_1, x_n].
 */
function approxConstantRight(xs: readonly number[], ys: readonly number[], v: number): number {
  const n = xs.length;
  if (n === 0 || v < xs[0] || v > xs[n - 1]) return NaN;
  let i = 0;
  let j = n - 1;
  while (i < j - 1) {
    const ij = (i + j) >> 1;
    if (v < xs[ij]) j = ij;
    else i = ij;
  }
  if (v === xs[j]) return ys[j];
  if (v === xs[i]) return ys[i];
  return ys[j];
}

/** approx() input preparation: drop NA pairs, sort by x, average y over tied x (R's regularize.values). */
function regularize(x: readonly number[], y: readonly number[]): { xs: number[]; ys: number[] } {
  const idx: number[] = [];
  for (let k = 0; k < x.length; k++) if (!Number.isNaN(x[k]) && !Number.isNaN(y[k])) idx.push(k);
  idx.sort((a, b) => x[a] - x[b] || a - b);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < idx.length; ) {
    let m = k + 1;
    let sum = y[idx[k]];
    while (m < idx.length && x[idx[m]] === x[idx[k]]) sum += y[idx[m++]];
    xs.push(x[idx[k]]);
    ys.push(sum / (m - k));
    k = m;
  }
  return { xs, ys };
}

/**
 * R's internal `findq(x, y, p, tol)`: x = (firstx, times), y = (0, 1 - S) (nondecreasing except
 * for CI limits). For each p the answer is the first x where y reaches p; when y equals p within
 * `tol` over a flat stretch the answer is the midpoint of that stretch's start and the next x
 * (the last stretch ends at the last time).
 */
function findQuantiles(x: readonly number[], y: readonly number[], probs: readonly number[], tol: number): (number | null)[] {
  let ymax = -Infinity;
  for (const v of y) if (!Number.isNaN(v) && v > ymax) ymax = v;
  if (ymax < Math.min(...probs)) return probs.map(() => null);
  const xmax = x[x.length - 1];
  // Keep the first of duplicated y values (NaN counts as a value, as in R's duplicated()).
  const dx: number[] = [];
  const dy: number[] = [];
  let sawNaN = false;
  const seen = new Set<number>();
  for (let k = 0; k < y.length; k++) {
    const v = y[k];
    if (Number.isNaN(v)) {
      if (sawNaN) continue;
      sawNaN = true;
    } else {
      if (seen.has(v)) continue;
      seen.add(v);
    }
    dx.push(x[k]);
    dy.push(v);
  }
  const n = dy.length;
  const position = dy.map((_, k) => k + 1);
  const up = regularize(dy.map((v) => v + tol), position);
  const down = regularize(dy.map((v) => v - tol), position);
  // R indexes with the (possibly averaged) position, truncating toward zero.
  const at = (pos: number) => (Number.isNaN(pos) ? NaN : dx[Math.trunc(pos) - 1]);
  return probs.map((p) => {
    const i1 = approxConstantRight(up.xs, up.ys, p);
    const i2 = approxConstantRight(down.xs, down.ys, p);
    let q = (at(i1) + at(i2)) / 2;
    if (p === 0) q = dx[0];
    if (!Number.isNaN(dy[n - 1]) && Math.abs(p - dy[n - 1]) < tol) q = (at(i1) + xmax) / 2;
    return Number.isNaN(q) ? null : q;
  });
}

/**
 * Quantiles t_p of the survival-time distribution with confidence limits, R's `quantile.survfit`:
 * t_p = min{ t : 1 - S(t) >= p }, taking the midpoint t_p = (t_j + t_{j+1}) / 2 when S equals 1 - p
 * (within 1.5e-8) on [t_j, t_{j+1}); the lower (upper) limit is the same rule applied to the lower
 * (upper) pointwise band. null where the curve never reaches 1 - p.
 * @param time curve times (ascending); @param firstTime start of the curve (R: 0)
 * @see R survival::quantile.survfit
 */
export function survivalQuantiles(
  curve: { readonly time: ArrayLike<number>; readonly surv: ArrayLike<number>; readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number> },
  probs: readonly number[],
  firstTime = 0,
): SurvivalQuantile[] {
  if (probs.length === 0) return [];
  const x = [firstTime, ...Array.from(curve.time)];
  const ofCurve = (v: ArrayLike<number>) => [0, ...Array.from(v, (s) => 1 - s)];
  const est = findQuantiles(x, ofCurve(curve.surv), probs, QUANTILE_TOLERANCE);
  const lo = findQuantiles(x, ofCurve(curve.lower), probs, QUANTILE_TOLERANCE);
  const hi = findQuantiles(x, ofCurve(curve.upper), probs, QUANTILE_TOLERANCE);
  return probs.map((prob, k) => ({ prob, time: est[k], lower: lo[k], upper: hi[k] }));
}

/**
 * R's `minmin` inside survmean: the first time a curve is <= 0.5 (within 1.5e-8); when the curve is
 * exactly 0.5 there and drops further later, the midpoint of that time and the first later time with
 * a smaller value. NA (null) when the curve never gets to 0.5. NaN curve values are skipped.
 */
function firstAtOrBelowHalf(y: ArrayLike<number>, x: ArrayLike<number>): number | null {
  const tol = QUANTILE_TOLERANCE;
  let first = -1;
  for (let k = 0; k < y.length; k++) {
    if (!Number.isNaN(y[k]) && y[k] < 0.5 + tol) {
      first = k;
      break;
    }
  }
  if (first < 0) return null;
  const y1 = y[first];
  if (Math.abs(y1 - 0.5) < tol) {
    for (let k = first + 1; k < y.length; k++) {
      if (!Number.isNaN(y[k]) && y[k] < y1) return (x[first] + x[k]) / 2;
    }
  }
  return x[first];
}

/**
 * Median survival and its confidence limits as printed by R (`print.survfit`, `summary(fit)$table`):
 * median = first t with S(t) <= 0.5 (midpoint rule when S = 0.5 exactly over a stretch that is
 * followed by a further drop); 0.95LCL / UCL = the same rule on the lower / upper band.
 * Differs from `survivalQuantiles(…, [0.5])` only when S stays at exactly 0.5 to the end of follow-up
 * (R's table then reports the start of the flat, quantile() the midpoint to the last time).
 * @see R survival:::survmean
 */
export function survivalMedian(curve: { readonly time: ArrayLike<number>; readonly surv: ArrayLike<number>; readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number> }): SurvivalMedian {
  return {
    median: firstAtOrBelowHalf(curve.surv, curve.time),
    lower: firstAtOrBelowHalf(curve.lower, curve.time),
    upper: firstAtOrBelowHalf(curve.upper, curve.time),
  };
}
