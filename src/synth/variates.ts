import { logGamma, normalCdf, normalQuantile } from '../core/distributions.js';
import type { Rng } from '../core/rng.js';

/**
 * Random variates for the generator, all drawn from a seeded `Rng` (never Math.random).
 * Latent variables use a Gaussian copula: a standard normal latent is turned into a category or
 * a value through the target marginal's quantile function, so marginals hold exactly while
 * correlations come from shared latent factors.
 */

/** Correlated standard normal: loading · factor + sqrt(1 − loading²) · fresh noise. */
export function correlatedNormal(rng: Rng, factor: number, loading: number): number {
  return loading * factor + Math.sqrt(Math.max(0, 1 - loading * loading)) * rng.normal();
}

/** Category index of a standard-normal latent under shares p (cut points Φ⁻¹ of the cumulative shares). */
export function categoryOfLatent(latent: number, shares: readonly number[]): number {
  const u = normalCdf(latent);
  let acc = 0;
  for (let k = 0; k < shares.length - 1; k++) {
    acc += shares[k];
    if (u < acc) return k;
  }
  return shares.length - 1;
}

/** Category index from a uniform draw and shares. */
export function categoryOfUniform(u: number, shares: readonly number[]): number {
  let acc = 0;
  for (let k = 0; k < shares.length - 1; k++) {
    acc += shares[k];
    if (u < acc) return k;
  }
  return shares.length - 1;
}

/** Piecewise log-linear quantile function through anchors (p, value), p from 0 to 1 increasing. */
export function logLinearQuantile(p: number, anchors: readonly (readonly [number, number])[]): number {
  for (let k = 1; k < anchors.length; k++) {
    const [p1, v1] = anchors[k];
    if (p <= p1 || k === anchors.length - 1) {
      const [p0, v0] = anchors[k - 1];
      const t = Math.min(1, Math.max(0, (p - p0) / (p1 - p0)));
      return Math.exp(Math.log(v0) + t * (Math.log(v1) - Math.log(v0)));
    }
  }
  return anchors[anchors.length - 1][1];
}

/** Log-normal SD putting `highShare` of the mass above `cut` for a given median: ln(cut/median) / Φ⁻¹(1 − highShare). */
export function logSdForTail(median: number, cut: number, highShare: number): number {
  return Math.log(cut / median) / normalQuantile(1 - highShare);
}

/** Gamma(shape, scale 1) by Marsaglia & Tsang (2000); shape < 1 via the u^(1/shape) boost. */
export function gammaVariate(rng: Rng, shape: number): number {
  if (shape < 1) {
    let u = rng.uniform();
    while (u === 0) u = rng.uniform();
    return gammaVariate(rng, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = rng.uniform();
    if (u > 0 && Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Poisson(λ): multiplication method for λ < 10; for larger λ Hörmann's transformed rejection with
 * squeeze (PTRS, Insurance Math Econ 1993), exact for any λ.
 */
export function poissonVariate(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = rng.uniform();
    while (p > l) {
      k++;
      p *= rng.uniform();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) return k;
  }
}

/** Negative binomial with mean μ and dispersion φ (Var = μ + φμ²) as a gamma-Poisson mixture. */
export function negativeBinomialVariate(rng: Rng, mu: number, dispersion: number): number {
  if (!(mu > 0)) return 0;
  const shape = 1 / dispersion;
  return poissonVariate(rng, mu * gammaVariate(rng, shape) / shape);
}

/** Round to `digits` decimals (for values written to files at a stated precision). */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
