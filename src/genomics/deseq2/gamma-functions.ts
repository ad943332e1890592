/**
 * Gamma-family special functions used by the negative-binomial likelihood: log Γ evaluated the way
 * R's `lgammafn` does for large arguments (so differences such as lgamma(y + 1/α) − lgamma(1/α) at
 * tiny α carry the same rounding as in DESeq2), digamma ψ and trigamma ψ′.
 */
import { logGamma } from '../../core/distributions.js';

const LN_SQRT_2PI = 0.918938533204672741780329736406;

/**
 * Stirling correction lgamma(x) − [(x − ½)·log x − x + log √(2π)] for x ≥ 10, as the asymptotic
 * series 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹) (error < 1e-17 for x ≥ 10).
 */
function stirlingCorrection(x: number): number {
  if (x > 1e8) return 1 / (12 * x);
  const r = 1 / x;
  const r2 = r * r;
  return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))));
}

/**
 * log Γ(x) for x > 0. For x > 10 the Stirling form `(x − ½)·log x − x + log √(2π) + corr(x)`
 * (R's `lgammafn` layout); below, the Lanczos `logGamma` from core.
 * @see R `lgamma`
 */
export function lgamma(x: number): number {
  if (x <= 10) return logGamma(x);
  if (x > 1e17) return x * (Math.log(x) - 1);
  return LN_SQRT_2PI + (x - 0.5) * Math.log(x) - x + stirlingCorrection(x);
}

/**
 * Digamma ψ(x) = d/dx log Γ(x) for x > 0: upward recurrence ψ(x) = ψ(x + 1) − 1/x to x ≥ 20,
 * then the asymptotic series log x − 1/(2x) − Σ B₂ₖ/(2k·x²ᵏ).
 * @see R `digamma`
 */
export function digamma(x: number): number {
  let acc = 0;
  while (x < 20) {
    acc -= 1 / x;
    x += 1;
  }
  const r2 = 1 / (x * x);
  const series = r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132)))));
  return acc + Math.log(x) - 0.5 / x - series;
}

/**
 * Trigamma ψ′(x) for x > 0: recurrence ψ′(x) = ψ′(x + 1) + 1/x² to x ≥ 20, then
 * 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹.
 * @see R `trigamma`
 */
export function trigamma(x: number): number {
  let acc = 0;
  while (x < 20) {
    acc += 1 / (x * x);
    x += 1;
  }
  const r = 1 / x;
  const r2 = r * r;
  const series = r * (1 + r * (0.5 + r * (1 / 6 - r2 * (1 / 30 - r2 * (1 / 42 - r2 * (1 / 30))))));
  return acc + series;
}

/**
 * log of the negative-binomial probability mass with mean μ and size s (= 1/α):
 * lgamma(y + s) − lgamma(s) − lgamma(y + 1) + s·log(s/(s + μ)) + y·log(μ/(s + μ)).
 * @see R `dnbinom(y, size = s, mu = mu, log = TRUE)`
 */
export function logDnbinomMu(y: number, size: number, mu: number): number {
  const lsum = size * -Math.log1p(mu / size);
  if (y === 0) return lsum;
  return lgamma(y + size) - lgamma(size) - lgamma(y + 1) + lsum + y * (Math.log(mu) - Math.log(size + mu));
}
