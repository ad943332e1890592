/**
 * The dispersion–mean trend (DESeq2 `estimateDispersionsFit`): parametric α(μ) = a + b/μ by an
 * iterated Gamma-family GLM with identity link; when that fails, a local regression of log α on
 * log μ (DESeq2 switches to locfit); or the trimmed mean of the gene-wise estimates.
 */
import { HccError } from '../../core/errors.js';
import { localLikelihoodTrend } from './local-trend.js';

export type DispersionFitType = 'parametric' | 'local' | 'mean';

/** The fitted trend and the variance of log residuals that sets the dispersion prior. */
export interface DispersionTrend {
  /** Trend actually used (parametric falls back to local when its fit fails). */
  readonly fitType: DispersionFitType;
  /** Trend that was asked for. */
  readonly requestedFitType: DispersionFitType;
  /** Why the parametric fit was abandoned, if it was. */
  readonly fallbackReason?: string;
  /** Parametric coefficients (asymptDisp, extraPois), when used. */
  readonly coefficients?: { readonly asymptDisp: number; readonly extraPois: number };
  /** Trimmed mean of gene-wise estimates, for fitType 'mean'. */
  readonly meanDispersion?: number;
  /** Trend evaluated at each gene's baseMean (NaN for all-zero genes). */
  readonly dispFit: Float64Array;
  /** mad(log dispGeneEst − log dispFit)² over genes with dispGeneEst ≥ 100·minDisp. */
  readonly varLogDispEsts: number;
  /** The trend as a function of the mean of normalised counts. */
  readonly evaluate: (mean: number) => number;
}

/** R's mean(x, trim): drop floor(n·trim) values from each end of the sorted data. */
export function trimmedMean(values: ArrayLike<number>, trim: number): number {
  const n = values.length;
  const s = Float64Array.from(values).sort();
  if (trim >= 0.5) return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  const lo = Math.floor(n * trim);
  let sum = 0;
  for (let i = lo; i < n - lo; i++) sum += s[i];
  return sum / (n - 2 * lo);
}

function median(values: Float64Array): number {
  const s = values.slice().sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

/** R's mad(x): 1.4826 · median |x − median(x)|. */
export function medianAbsoluteDeviation(values: Float64Array): number {
  const med = median(values);
  const dev = values.map((v) => Math.abs(v - med));
  return 1.4826 * median(dev);
}

/**
 * glm(y ~ I(1/x), family = Gamma(link = "identity"), start) by IRLS as R's glm.fit: working
 * weights 1/μ², deviance −2Σ(log(y/μ) − (y − μ)/μ), convergence |Δdev|/(|dev| + 0.1) < 1e-8,
 * at most 25 iterations, step halving while μ is not positive.
 */
function gammaIdentityGlm(y: Float64Array, invX: Float64Array, start: [number, number]): { coef: [number, number]; converged: boolean } {
  const n = y.length;
  let b0 = start[0];
  let b1 = start[1];
  let old0 = b0;
  let old1 = b1;
  const deviance = (c0: number, c1: number): number => {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const mu = c0 + c1 * invX[i];
      d += -2 * (Math.log(y[i] / mu) - (y[i] - mu) / mu);
    }
    return d;
  };
  const valid = (c0: number, c1: number): boolean => {
    for (let i = 0; i < n; i++) if (!(c0 + c1 * invX[i] > 0)) return false;
    return true;
  };
  if (!valid(b0, b1)) throw new HccError('E_NUMERIC', 'cannot find valid starting values for the Gamma GLM');
  let devOld = deviance(b0, b1);
  for (let iter = 0; iter < 25; iter++) {
    let s00 = 0, s01 = 0, s11 = 0, r0 = 0, r1 = 0;
    for (let i = 0; i < n; i++) {
      const mu = b0 + b1 * invX[i];
      const w = 1 / (mu * mu);
      const z = y[i];
      s00 += w; s01 += w * invX[i]; s11 += w * invX[i] * invX[i];
      r0 += w * z; r1 += w * invX[i] * z;
    }
    const det = s00 * s11 - s01 * s01;
    b0 = (s11 * r0 - s01 * r1) / det;
    b1 = (s00 * r1 - s01 * r0) / det;
    let dev = deviance(b0, b1);
    for (let h = 0; (!Number.isFinite(dev) || !valid(b0, b1)) && h < 25; h++) {
      b0 = (b0 + old0) / 2;
      b1 = (b1 + old1) / 2;
      dev = deviance(b0, b1);
    }
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-8) return { coef: [b0, b1], converged: true };
    devOld = dev;
    old0 = b0;
    old1 = b1;
  }
  return { coef: [b0, b1], converged: false };
}

/**
 * Parametric trend α = asymptDisp + extraPois/μ: start (0.1, 1); repeat { keep genes with
 * 1e-4 < α̂/α(μ) < 15; Gamma-identity GLM of α̂ on 1/μ } until Σ log(coef/old)² < 1e-6 and the GLM
 * converged. Fails (returns a reason) when a coefficient is ≤ 0 or after 10 rounds.
 * @see DESeq2 `parametricDispersionFit`
 */
export function parametricDispersionFit(means: Float64Array, disps: Float64Array): { asymptDisp: number; extraPois: number } | { failed: string } {
  let coefs: [number, number] = [0.1, 1];
  let iter = 0;
  const n = means.length;
  for (;;) {
    const keep: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = disps[i] / (coefs[0] + coefs[1] / means[i]);
      if (r > 1e-4 && r < 15) keep.push(i);
    }
    const y = Float64Array.from(keep, (i) => disps[i]);
    const invX = Float64Array.from(keep, (i) => 1 / means[i]);
    let fit: { coef: [number, number]; converged: boolean };
    try {
      fit = gammaIdentityGlm(y, invX, coefs);
    } catch {
      return { failed: 'the Gamma GLM found no valid starting values' };
    }
    const old = coefs;
    coefs = fit.coef;
    if (!(coefs[0] > 0 && coefs[1] > 0)) return { failed: 'parametric dispersion fit failed (a coefficient is not positive)' };
    const change = Math.log(coefs[0] / old[0]) ** 2 + Math.log(coefs[1] / old[1]) ** 2;
    if (change < 1e-6 && fit.converged) return { asymptDisp: coefs[0], extraPois: coefs[1] };
    iter++;
    if (iter > 10) return { failed: 'dispersion fit did not converge' };
  }
}

/**
 * Fit the dispersion trend on genes with dispGeneEst > 100·minDisp and evaluate it at every
 * gene's baseMean; then varLogDispEsts. Throws `E_NUMERIC` when no gene is above 100·minDisp.
 * @see DESeq2 `estimateDispersionsFit`, `dispersionFunction<-`
 */
export function fitDispersionTrend(baseMean: Float64Array, dispGeneEst: Float64Array, allZero: Uint8Array, fitType: DispersionFitType, minDisp = 1e-8): DispersionTrend {
  const nGenes = baseMean.length;
  const useIdx: number[] = [];
  for (let g = 0; g < nGenes; g++) if (!allZero[g] && dispGeneEst[g] > 100 * minDisp) useIdx.push(g);
  if (useIdx.length === 0) {
    throw new HccError('E_NUMERIC', 'all gene-wise dispersion estimates are within 2 orders of magnitude of the minimum; the trend cannot be fitted');
  }
  const means = Float64Array.from(useIdx, (g) => baseMean[g]);
  const disps = Float64Array.from(useIdx, (g) => dispGeneEst[g]);
  const dispFit = new Float64Array(nGenes).fill(NaN);
  let used: DispersionFitType = fitType;
  let fallbackReason: string | undefined;
  let coefficients: DispersionTrend['coefficients'];
  let meanDispersion: number | undefined;
  let evaluate: (mean: number) => number = () => NaN;
  if (fitType === 'parametric') {
    const p = parametricDispersionFit(means, disps);
    if ('failed' in p) {
      used = 'local';
      fallbackReason = p.failed;
    } else {
      coefficients = p;
      evaluate = (mean) => p.asymptDisp + p.extraPois / mean;
      for (let g = 0; g < nGenes; g++) if (!allZero[g]) dispFit[g] = p.asymptDisp + p.extraPois / baseMean[g];
    }
  }
  if (used === 'local') {
    const trend = localLikelihoodTrend(means, disps, minDisp);
    evaluate = trend;
    for (let g = 0; g < nGenes; g++) if (!allZero[g]) dispFit[g] = trend(baseMean[g]);
  }
  if (used === 'mean') {
    const vals: number[] = [];
    for (let g = 0; g < nGenes; g++) if (!allZero[g] && dispGeneEst[g] > 10 * minDisp) vals.push(dispGeneEst[g]);
    const md = trimmedMean(vals, 0.001);
    meanDispersion = md;
    evaluate = () => md;
    for (let g = 0; g < nGenes; g++) if (!allZero[g]) dispFit[g] = meanDispersion;
  }
  const resid: number[] = [];
  for (let g = 0; g < nGenes; g++) if (!allZero[g] && dispGeneEst[g] >= minDisp * 100) resid.push(Math.log(dispGeneEst[g]) - Math.log(dispFit[g]));
  const mad = medianAbsoluteDeviation(Float64Array.from(resid));
  return { fitType: used, requestedFitType: fitType, fallbackReason, coefficients, meanDispersion, dispFit, varLogDispEsts: mad * mad, evaluate };
}
