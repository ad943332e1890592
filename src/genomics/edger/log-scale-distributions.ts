/**
 * Normal, gamma and beta distribution functions on the log-probability scale, for edgeR's
 * quantile-to-quantile mapping of negative binomial counts (`q2qnbinom`), whose tail
 * probabilities for strongly differential genes lie far below 1e-308.
 *
 * Regularised incomplete gamma on the log scale: series (x < a + 1) or Lentz continued fraction
 * (x >= a + 1) times the prefactor exp(-x + a log x - log Γ(a)), which is kept as a logarithm.
 */

import { betaIncomplete, gammaContinuedFractionSum as gammaContinuedFraction, gammaSeriesSum, logGamma, normalCdf, normalQuantile } from '../../core/distributions.js';

const LOG_HALF = Math.log(0.5);

function logPrefactor(a: number, x: number): number {
  return -x + a * Math.log(x) - logGamma(a);
}

/**
 * log of the regularised incomplete gamma function: log P(a, x) (lower) or log Q(a, x) (upper),
 * shape a > 0, x >= 0 (scale 1). @see R `pgamma(x, a, lower.tail, log.p = TRUE)`.
 */
export function logGammaTail(x: number, a: number, lower: boolean): number {
  if (x <= 0) return lower ? -Infinity : 0;
  if (x === Infinity) return lower ? 0 : -Infinity;
  const pref = logPrefactor(a, x);
  if (x < a + 1) {
    const logP = pref + Math.log(gammaSeriesSum(a, x));
    return lower ? logP : Math.log1p(-Math.exp(logP));
  }
  const logQ = pref + Math.log(gammaContinuedFraction(a, x));
  return lower ? Math.log1p(-Math.exp(logQ)) : logQ;
}

/** log Φ(z) (lower) or log(1 - Φ(z)) (upper), accurate far into both tails. @see R `pnorm(log.p = TRUE)`. */
export function logNormalTail(z: number, lower: boolean): number {
  const t = lower ? z : -z; // log Φ(t)
  if (Number.isNaN(t)) return NaN;
  if (t === -Infinity) return -Infinity;
  if (t === Infinity) return 0;
  if (t < 0) return LOG_HALF + logGammaTail((t * t) / 2, 0.5, false);
  return Math.log1p(-normalCdf(-t));
}

/** Standard normal quantile for a log lower-tail probability (Newton on log Φ). */
function normalQuantileLogLower(logp: number): number {
  if (logp === -Infinity) return -Infinity;
  if (logp >= 0) return logp === 0 ? Infinity : NaN;
  if (logp > LOG_HALF) return -normalQuantileLogLower(Math.log(-Math.expm1(logp)));
  let z: number;
  if (logp > -690) z = normalQuantile(Math.exp(logp));
  else {
    const r = -2 * logp;
    z = -Math.sqrt(r - Math.log(r) - Math.log(2 * Math.PI));
  }
  for (let iter = 0; iter < 50; iter++) {
    const lc = logNormalTail(z, true);
    const logDensity = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI);
    const step = (lc - logp) / Math.exp(logDensity - lc);
    z -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}

/** Standard normal quantile for a log tail probability. @see R `qnorm(logp, lower.tail, log.p = TRUE)`. */
export function normalQuantileLog(logp: number, lower: boolean): number {
  const z = normalQuantileLogLower(logp);
  return lower ? z : -z;
}

/**
 * Gamma quantile (scale 1) for a log tail probability: the q with log P(a, q) = logp (lower) or
 * log Q(a, q) = logp (upper). Newton steps in log q on the log-tail, from the Wilson–Hilferty start,
 * with bisection safeguarding. @see R `qgamma(logp, a, lower.tail, log.p = TRUE)`.
 */
export function gammaQuantileLog(logp: number, a: number, lower: boolean): number {
  if (logp > 0 || Number.isNaN(logp) || !(a > 0)) return NaN;
  if (logp === 0) return lower ? Infinity : 0;
  if (logp === -Infinity) return lower ? 0 : Infinity;
  const zLower = normalQuantileLog(logp, lower); // standard normal quantile of the same lower-tail probability
  const c = 1 / (9 * a);
  const wh = 1 - c + zLower * Math.sqrt(c);
  let lq = wh > 0 ? Math.log(a) + 3 * Math.log(wh) : lower ? (logp + Math.log(a) + logGamma(a)) / a : Math.log(a) + 1;
  if (!Number.isFinite(lq)) lq = Math.log(a);
  let lo = -Infinity;
  let hi = Infinity;
  for (let iter = 0; iter < 200; iter++) {
    const q = Math.exp(lq);
    const lt = logGammaTail(q, a, lower);
    const g = lt - logp;
    // log-tail increasing in q for lower, decreasing for upper
    const tooFar = lower ? g > 0 : g < 0;
    if (tooFar) hi = Math.min(hi, lq);
    else lo = Math.max(lo, lq);
    const logDensity = (a - 1) * Math.log(q) - q - logGamma(a);
    const slope = (lower ? 1 : -1) * Math.exp(logDensity + lq - lt); // d lt / d log q
    let next = lq - g / slope;
    if (!Number.isFinite(next) || next <= lo || next >= hi) {
      if (Number.isFinite(lo) && Number.isFinite(hi)) next = 0.5 * (lo + hi);
      else if (Number.isFinite(lo)) next = lo + 1;
      else next = hi - 1;
    }
    if (Math.abs(next - lq) <= 1e-15 * Math.max(1, Math.abs(lq))) return Math.exp(next);
    lq = next;
  }
  return Math.exp(lq);
}

/** Upper tail 1 - I_x(a, b) without cancellation. @see R `pbeta(x, a, b, lower.tail = FALSE)`. */
export function betaUpperTail(x: number, a: number, b: number): number {
  return betaIncomplete(1 - x, b, a);
}

/** Beta quantile by bisection on I_x(a, b) to full double precision. @see R `qbeta(p, a, b)`. */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1) || !(a > 0) || !(b > 0)) return NaN;
  let lo = 0;
  let hi = 1;
  for (let iter = 0; iter < 1100; iter++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (betaIncomplete(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * log of the negative binomial probability with mean μ and size r (variance μ + μ²/r):
 * log Γ(x+r) - log Γ(r) - log x! + r log(r/(r+μ)) + x log(μ/(r+μ)). @see R `dnbinom(x, size, mu = mu, log = TRUE)`.
 */
export function logDnbinomMu(x: number, size: number, mu: number): number {
  if (mu === 0) return x === 0 ? 0 : -Infinity;
  const logFrac = -Math.log1p(mu / size);
  const xTerm = x === 0 ? 0 : x * Math.log(mu / (size + mu));
  return logGammaRatio(x, size) - logGamma(x + 1) + size * logFrac + xTerm;
}

/** Stirling series S(z) = log Γ(z) - [(z-½) log z - z + ½ log 2π] for z >= 1000. */
function stirlingTail(n: number): number {
  const r = 1 / (n * n);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r / 1680))) / n;
}

/**
 * log Γ(x + r) - log Γ(r) without cancellation for large r (the negative binomial size 1/φ is
 * often 1e4-1e6): via Stirling, x log r + (x + r - ½) log1p(x/r) - x + S(x+r) - S(r).
 */
function logGammaRatio(x: number, r: number): number {
  if (x === 0) return 0;
  if (r < 1000) return logGamma(x + r) - logGamma(r);
  // log Γ(z) = (z-½) log z - z + ½ log 2π - log z + S(z)... use Γ(z) = Γ(z+1)/z with S on n = z - 1? Simpler:
  // log Γ(z) = (z - ½) log z - z + ½ log 2π + S(z) with S(z) = stirlingTail(z) (valid series for large z).
  return x * Math.log(r) + (x + r - 0.5) * Math.log1p(x / r) - x + stirlingTail(x + r) - stirlingTail(r);
}
