/**
 * Hypergeometric probabilities accurate to ~1e-14 relative in the far tail, for
 * over-representation p-values. The point probability uses Loader's saddle-point form
 * (binomial deviance `bd0` and Stirling remainder `stirlerr`) instead of differences of
 * log-gamma values, whose absolute error grows with the population size; tails are summed
 * from the point nearest the tail's start outward with term ratios, so every added term is
 * smaller than the first and nothing overflows.
 *
 * Parameterisation (R's `phyper(q, m, n, k)` in brackets): `population` N (m + n),
 * `successes` K annotated in the population (m), `draws` n sampled (k).
 *
 * @see C. Loader (2000), "Fast and accurate computation of binomial probabilities".
 * @see R: dhyper, phyper
 */
export interface HypergeometricParams {
  readonly population: number;
  readonly successes: number;
  readonly draws: number;
}

const LN_2PI = Math.log(2 * Math.PI);
const HALF_LN_2PI = 0.5 * LN_2PI;

/** Exact n! for n <= 20 is representable well enough; we only use n <= 15. */
const SMALL_FACTORIAL_LOG: number[] = (() => {
  const out: number[] = [];
  let f = 1;
  for (let n = 0; n <= 15; n++) {
    if (n > 0) f *= n;
    out.push(Math.log(f));
  }
  return out;
})();

/**
 * Stirling remainder δ(n) = ln n! − [½ ln(2π) + (n + ½) ln n − n], for integer n >= 0
 * (δ(0) = 0 by convention). Series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹) for n > 15.
 */
export function stirlingRemainder(n: number): number {
  if (n <= 0) return 0;
  if (n <= 15 && Number.isInteger(n)) return SMALL_FACTORIAL_LOG[n] - (HALF_LN_2PI + (n + 0.5) * Math.log(n) - n);
  const nn = n * n;
  const c0 = 1 / 12, c1 = 1 / 360, c2 = 1 / 1260, c3 = 1 / 1680, c4 = 1 / 1188;
  if (n > 500) return (c0 - c1 / nn) / n;
  if (n > 80) return (c0 - (c1 - c2 / nn) / nn) / n;
  if (n > 35) return (c0 - (c1 - (c2 - c3 / nn) / nn) / nn) / n;
  return (c0 - (c1 - (c2 - (c3 - c4 / nn) / nn) / nn) / nn) / n;
}

/**
 * Binomial deviance term D(x, μ) = x ln(x/μ) + μ − x, computed without cancellation when x ≈ μ:
 * with v = (x − μ)/(x + μ), D = (x − μ)v + 2x Σ_{j≥1} v^{2j+1}/(2j+1).
 */
export function binomialDeviance(x: number, mu: number): number {
  if (x === 0) return mu;
  if (Math.abs(x - mu) < 0.1 * (x + mu)) {
    const v = (x - mu) / (x + mu);
    const v2 = v * v;
    let s = (x - mu) * v;
    let ej = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / mu) + mu - x;
}

/** ln of the binomial probability C(size, x) p^x q^(size−x), with q = 1 − p given separately. */
function logBinomialPoint(x: number, size: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === size ? 0 : -Infinity;
  if (x < 0 || x > size) return -Infinity;
  if (x === 0) return size === 0 ? 0 : p < 0.1 ? size * Math.log1p(-p) : size * Math.log(q);
  if (x === size) return q < 0.1 ? size * Math.log1p(-q) : size * Math.log(p);
  const lc = stirlingRemainder(size) - stirlingRemainder(x) - stirlingRemainder(size - x) - binomialDeviance(x, size * p) - binomialDeviance(size - x, size * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / size);
  return lc - 0.5 * lf;
}

function checkParams(h: HypergeometricParams): void {
  const { population: N, successes: K, draws: n } = h;
  if (!(Number.isInteger(N) && Number.isInteger(K) && Number.isInteger(n) && N >= 0 && K >= 0 && n >= 0 && K <= N && n <= N)) {
    throw new RangeError(`hypergeometric: need integers 0 <= successes, draws <= population; got N=${N}, K=${K}, n=${n}`);
  }
}

/**
 * ln P(X = x) for X ~ Hypergeometric(N, K, n):
 * P = b(x; K, p) · b(n − x; N − K, p) / b(n; N, p) with p = n/N (any p works; this one keeps the
 * three binomial terms near their modes).
 */
export function hypergeometricLogPmf(x: number, h: HypergeometricParams): number {
  checkParams(h);
  const { population: N, successes: K, draws: n } = h;
  if (!Number.isInteger(x) || x < Math.max(0, n - (N - K)) || x > Math.min(K, n)) return -Infinity;
  if (N === 0 || n === 0 || n === N) return 0;
  const p = n / N;
  const q = (N - n) / N;
  return logBinomialPoint(x, K, p, q) + logBinomialPoint(n - x, N - K, p, q) - logBinomialPoint(n, N, p, q);
}

/** P(X = x). R: `dhyper(x, K, N - K, n)`. */
export function hypergeometricPmf(x: number, h: HypergeometricParams): number {
  return Math.exp(hypergeometricLogPmf(x, h));
}

/**
 * Upper tail P(X >= k) = Σ_{x=k}^{min(K,n)} P(X = x). R: `phyper(k - 1, K, N - K, n, lower.tail = FALSE)`.
 * Summed directly when k lies above the mode (small tail, full relative accuracy); otherwise
 * computed as 1 − P(X <= k − 1) where that lower tail is the smaller one.
 */
export function hypergeometricUpperTail(k: number, h: HypergeometricParams): number {
  checkParams(h);
  const { population: N, successes: K, draws: n } = h;
  const lo = Math.max(0, n - (N - K));
  const hi = Math.min(K, n);
  const kk = Math.ceil(k);
  if (kk <= lo) return 1;
  if (kk > hi) return 0;
  const mode = Math.floor(((n + 1) * (K + 1)) / (N + 2));
  if (kk > mode) {
    // terms decrease from x = kk upward
    let term = 1;
    let sum = 1;
    for (let x = kk; x < hi; x++) {
      term *= ((K - x) * (n - x)) / ((x + 1) * (N - K - n + x + 1));
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return Math.min(1, Math.exp(hypergeometricLogPmf(kk, h)) * sum);
  }
  // lower tail P(X <= kk - 1): terms decrease from x = kk - 1 downward
  let term = 1;
  let sum = 1;
  for (let x = kk - 1; x > lo; x--) {
    term *= (x * (N - K - n + x)) / ((K - x + 1) * (n - x + 1));
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const lower = Math.exp(hypergeometricLogPmf(kk - 1, h)) * sum;
  return Math.max(0, 1 - lower);
}
