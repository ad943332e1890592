import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueWarning } from '../../core/issues.js';
import { median } from '../order-statistics.js';
import { digamma, trigamma, trigammaInverse } from '../special-functions.js';
import { lmFit } from './lm-fit.js';
import { naturalSplineBasis } from './natural-spline.js';

/** What `fitFDist` returns: s_g² ~ s₀²·F(d_g, d₀). */
export interface FDistFit {
  /** Prior variance s₀² (one value, or one per gene when a covariate trend was fitted). */
  readonly scale: Float64Array;
  /** Prior degrees of freedom d₀ (Infinity when the variances show no extra spread). */
  readonly df2: number;
  readonly warnings: readonly Issue[];
}

/**
 * Moment estimation of a scaled F distribution for sample variances s_g² on d_g df.
 *
 * e_g = log s_g² - ψ(d_g/2) + log(d_g/2) (s_g² floored at 1e-5·median). Without a covariate ē and
 * var(e) are the sample mean/variance; with one, ē_g are the fitted values of a natural-spline
 * regression of e on the covariate (df = 1 + [n≥3] + [n≥6] + [n≥30], at most the number of
 * distinct values) and var(e) = RSS/(n - df). Then ψ'(d₀/2) = var(e) - mean ψ'(d_g/2) and
 * s₀² = exp(ē + ψ(d₀/2) - log(d₀/2)); d₀ = ∞ and s₀² = exp(ē) when the right side is <= 0.
 *
 * @see limma `fitFDist`; Smyth (2004) Stat Appl Genet Mol Biol 3:3, §6.2.
 */
export function fitFDist(x: ArrayLike<number>, df1: ArrayLike<number>, covariate?: ArrayLike<number>): FDistFit {
  const n = x.length;
  if (df1.length !== n) throw new HccError('E_INTERNAL', `fitFDist: ${n} variances but ${df1.length} df`);
  if (covariate && covariate.length !== n) throw new HccError('E_INTERNAL', `fitFDist: covariate has ${covariate.length} values for ${n} variances`);
  if (n < 2) throw new HccError('E_INPUT', 'fitFDist: need at least two variances');
  for (let g = 0; g < n; g++) {
    if (!Number.isFinite(x[g]) || x[g] < -1e-15 || !(df1[g] > 1e-15) || !Number.isFinite(df1[g]) || (covariate && !Number.isFinite(covariate[g]))) {
      throw new HccError('E_INPUT', `fitFDist: variance ${x[g]} / df ${df1[g]} at gene ${g} is not usable (must be finite, >= 0, df > 0)`);
    }
  }
  const warnings: Issue[] = [];
  const v = Float64Array.from(x, (s) => Math.max(s, 0));
  let m = median(v);
  if (m === 0) {
    warnings.push(issueWarning('constant_covariate', ['variance'], 'more than half of the residual variances are exactly zero: eBayes unreliable'));
    m = 1;
  } else if (v.some((s) => s === 0)) {
    warnings.push(issueWarning('constant_covariate', ['variance'], 'zero sample variances detected, offset away from zero'));
  }
  const e = new Float64Array(n);
  let meanTri = 0;
  for (let g = 0; g < n; g++) {
    const h = df1[g] / 2;
    e[g] = Math.log(Math.max(v[g], 1e-5 * m)) - digamma(h) + Math.log(h);
    meanTri += trigamma(h);
  }
  meanTri /= n;
  let emean: Float64Array;
  let evar: number;
  let splineDf = 1;
  if (covariate) {
    splineDf = Math.min(1 + (n >= 3 ? 1 : 0) + (n >= 6 ? 1 : 0) + (n >= 30 ? 1 : 0), new Set(Array.from(covariate)).size);
  }
  if (splineDf < 2) {
    let s = 0;
    for (const ei of e) s += ei;
    const mean = s / n;
    let ss = 0;
    for (const ei of e) ss += (ei - mean) * (ei - mean);
    emean = new Float64Array(covariate ? n : 1).fill(mean);
    evar = ss / (n - 1);
  } else {
    const basis = naturalSplineBasis(covariate as ArrayLike<number>, splineDf);
    const fit = lmFit(e, 1, basis);
    emean = new Float64Array(n);
    for (let g = 0; g < n; g++) {
      let mu = 0;
      for (let k = 0; k < splineDf; k++) mu += basis.x[g * splineDf + k] * fit.coefficients[k];
      emean[g] = mu;
    }
    evar = fit.sigma[0] * fit.sigma[0];
  }
  evar -= meanTri;
  if (evar > 0) {
    const inv = trigammaInverse(evar);
    if (!inv.converged) warnings.push(issueWarning('not_converged', ['df.prior'], 'trigammaInverse did not converge in 50 iterations'));
    const df2 = 2 * inv.value;
    const shift = digamma(df2 / 2) - Math.log(df2 / 2);
    return { scale: emean.map((mu) => Math.exp(mu + shift)), df2, warnings };
  }
  return { scale: emean.map((mu) => Math.exp(mu)), df2: Infinity, warnings };
}

/** What `squeezeVar` returns. */
export interface SqueezeVarResult {
  /** Prior variance s₀² (length 1, or one per gene with a covariate). */
  readonly varPrior: Float64Array;
  readonly dfPrior: number;
  /** Posterior variances s̃_g² = (d_g s_g² + d₀ s₀²)/(d_g + d₀) (= s₀² when d₀ = ∞). */
  readonly varPost: Float64Array;
  readonly warnings: readonly Issue[];
}

/**
 * Empirical Bayes moderation of gene-wise variances towards a (possibly trended) prior.
 * @param covariate optional, e.g. average log-expression for limma-trend.
 * @see limma `squeezeVar`; Smyth (2004).
 */
export function squeezeVar(variance: ArrayLike<number>, df: ArrayLike<number>, covariate?: ArrayLike<number>): SqueezeVarResult {
  const fit = fitFDist(variance, df, covariate);
  const d0 = fit.df2;
  const prior = (g: number): number => (fit.scale.length === 1 ? fit.scale[0] : fit.scale[g]);
  const varPost = Float64Array.from(variance, (s2, g) => (Number.isFinite(d0) ? (df[g] * s2 + d0 * prior(g)) / (df[g] + d0) : prior(g)));
  return { varPrior: fit.scale, dfPrior: d0, varPost, warnings: fit.warnings };
}
