/**
 * The lambda sequence of glmnet's Cox family: its start, its log-spaced grid, the rule that stops a
 * default path early, and the linear interpolation `predict.glmnet(s = )` uses between path points.
 */

/** glmnet's `big`: the first point of a default path is solved at this lambda (all penalised betas 0). */
export const GLMNET_BIG_LAMBDA = 9.9e35;

/**
 * lambda_max = max_{j: vp_j > 0} |g_j| / vp_j / max(alpha, 0.001), where g_j is the gradient of the
 * (1/sum w)-scaled log partial likelihood at beta = 0 on the standardised scale. For alpha >= 0.001
 * every penalised coefficient is zero at lambda_max.
 * @see glmnet's Fortran `coxnet1` (al0)
 */
export function lambdaMax(absGradient: Float64Array, penaltyFactor: Float64Array, usable: Uint8Array, alpha: number): number {
  let m = 0;
  for (let j = 0; j < absGradient.length; j++) {
    if (!usable[j] || !(penaltyFactor[j] > 0)) continue;
    m = Math.max(m, absGradient[j] / penaltyFactor[j]);
  }
  return m / Math.max(alpha, 1e-3);
}

/** glmnet's default `lambda.min.ratio`: 0.01 when n < p, else 1e-4. */
export function defaultLambdaMinRatio(n: number, p: number): number {
  return n < p ? 0.01 : 1e-4;
}

/**
 * Log-spaced grid lambda_k = lambda_max * r^((k-1)/(nlambda-1)), k = 1..nlambda, with
 * r = max(lambdaMinRatio, 1e-6) (glmnet's floor `eps`).
 * @see glmnet::glmnet (lambda.min.ratio, nlambda)
 */
export function defaultLambdaPath(lambdaMaximum: number, nlambda: number, lambdaMinRatio: number): Float64Array {
  const out = new Float64Array(nlambda);
  if (nlambda === 1) {
    out[0] = lambdaMaximum;
    return out;
  }
  const step = Math.pow(Math.max(lambdaMinRatio, 1e-6), 1 / (nlambda - 1));
  let al = lambdaMaximum;
  out[0] = al;
  for (let k = 1; k < nlambda; k++) {
    al *= step;
    out[k] = al;
  }
  return out;
}

/** Why a default path ended before `nlambda` points. */
export type PathStopReason = 'fraction_deviance' | 'deviance_max';

/**
 * glmnet's early stop for Cox (checked after storing point k, 0-based, when k + 1 >= min(5, nlambda)):
 * stop if (dev_k - dev_{k-4}) / dev_k < 1e-3 (fdev = 1e-5 times 100) or dev_k > 0.99
 * (devmax 0.999 times 0.99/0.999), where dev is the fraction of null deviance explained.
 * Never applied to a user-supplied lambda sequence.
 */
export function pathStopReason(devRatio: ArrayLike<number>, k: number, nlambda: number): PathStopReason | null {
  const mnl = Math.min(5, nlambda);
  if (k + 1 < mnl) return null;
  const d = devRatio[k];
  if ((d - devRatio[k - mnl + 1]) / d < 1e-3) return 'fraction_deviance';
  if (d > 0.99) return 'deviance_max';
  return null;
}

/** Where a target lambda falls on a decreasing path: betas mix as frac * beta[left] + (1 - frac) * beta[right]. */
export interface LambdaInterpolation {
  readonly left: number;
  readonly right: number;
  readonly frac: number;
}

/**
 * Linear interpolation in lambda between path points, targets outside the path clamped to its ends.
 * @see glmnet:::lambda.interp (used by predict.glmnet with `s =` and by cv.glmnet alignment = "lambda")
 */
export function interpolateLambda(path: ArrayLike<number>, s: number): LambdaInterpolation {
  const k = path.length;
  if (k === 1) return { left: 0, right: 0, frac: 1 };
  const first = path[0];
  const span = first - path[k - 1];
  const target = Math.min(Math.max((first - s) / span, 0), 1);
  // Normalised positions 0 = first, 1 = last; find the bracketing pair.
  const pos = (i: number) => (first - path[i]) / span;
  if (target <= pos(0)) return { left: 0, right: 0, frac: 1 };
  if (target >= pos(k - 1)) return { left: k - 1, right: k - 1, frac: 1 };
  let lo = 0;
  let hi = k - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pos(mid) <= target) lo = mid;
    else hi = mid;
  }
  if (pos(lo) === target) return { left: lo, right: lo, frac: 1 };
  const pl = pos(lo);
  const pr = pos(hi);
  if (Math.abs(pl - pr) < 2.220446049250313e-16) return { left: lo, right: hi, frac: 1 };
  return { left: lo, right: hi, frac: (target - pr) / (pl - pr) };
}
