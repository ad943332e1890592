import { studentTCdf } from '../../core/distributions.js';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { median } from '../order-statistics.js';
import { studentTQuantileUpper } from '../special-functions.js';
import type { LinearModelFit } from './lm-fit.js';
import { squeezeVar } from './squeeze-var.js';

/** Options of `eBayes` (limma defaults). */
export interface EBayesOptions {
  /** Assumed proportion of differentially expressed genes, for the B-statistic (default 0.01). */
  readonly proportion?: number;
  /** Limits on the prior coefficient standard deviation, relative to √median(s₀²) (default [0.1, 4]). */
  readonly stdevCoefLim?: readonly [number, number];
  /** Trend the prior variance on average expression (limma-trend; default false). */
  readonly trend?: boolean;
}

/** Moderated statistics; matrices are genes × coefficients row-major like the fit. */
export interface EBayesResult {
  readonly nGenes: number;
  readonly nCoef: number;
  readonly dfPrior: number;
  /** s₀² (length 1, or per gene with trend). */
  readonly s2Prior: Float64Array;
  readonly s2Post: Float64Array;
  /** min(d_g + d₀, Σ d_g). */
  readonly dfTotal: Float64Array;
  /** Moderated t = β̂ / (u·s̃). */
  readonly t: Float64Array;
  /** Two-sided P-values on dfTotal. */
  readonly pValue: Float64Array;
  /** Log-odds of differential expression (B-statistic). */
  readonly lods: Float64Array;
  /** Prior variance v₀ of the non-zero coefficients, per coefficient. */
  readonly varPrior: Float64Array;
  readonly warnings: readonly Issue[];
}

/**
 * v₀ for one coefficient by matching the top ⌈proportion/2 · n⌉ |t| to the quantiles of the
 * mixture (1-p)·t + p·t·√(1 + v₀/u²), averaged and limited (limma's `tmixture.vector`). |t| on
 * fewer than the largest df are first mapped to the same tail probability at the largest df.
 */
function tmixture(tIn: Float64Array, u: Float64Array, dfs: Float64Array, proportion: number, lim: readonly [number, number]): number {
  const n = tIn.length;
  const df = Math.max(...dfs);
  const t = tIn.map((v, i) => (dfs[i] < df ? studentTQuantileUpper(studentTCdf(-Math.abs(v), dfs[i]), df) : Math.abs(v)));
  const ntarget = Math.ceil((proportion / 2) * n);
  if (ntarget < 1) return NaN;
  const p = Math.max(ntarget / n, proportion);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(t[b]) - Math.abs(t[a]) || a - b);
  let sum = 0;
  for (let r = 1; r <= ntarget; r++) {
    const i = order[r - 1];
    const at = Math.abs(t[i]);
    const v1 = u[i] * u[i];
    const p0 = 2 * studentTCdf(-at, df);
    const ptarget = ((r - 0.5) / n - (1 - p) * p0) / p;
    let v0 = 0;
    if (ptarget > p0) {
      const qtarget = studentTQuantileUpper(ptarget / 2, df);
      v0 = v1 * ((at / qtarget) ** 2 - 1);
    }
    sum += Math.min(Math.max(v0, lim[0]), lim[1]);
  }
  return sum / ntarget;
}

/**
 * Empirical Bayes moderated t-statistics for a gene-wise linear model fit.
 *
 * s̃_g² = (d_g s_g² + d₀ s₀²)/(d_g + d₀) (`squeezeVar`, trended on Ā_g when `trend`);
 * t_gk = β̂_gk / (u_gk s̃_g) on d_g + d₀ df (capped at Σ d_g); p = 2·P(T > |t|).
 * B_gk = log(π/(1-π)) - ½ log r + (1 + df)/2 · log((t² + df)/(t²/r + df)), r = (u² + v₀)/u², with
 * v₀ from `tmixture` limited to stdevCoefLim²/median(s₀²).
 *
 * @see limma `eBayes`; Smyth (2004) Stat Appl Genet Mol Biol 3:3.
 */
export function eBayes(fit: LinearModelFit, options: EBayesOptions = {}): EBayesResult {
  const proportion = options.proportion ?? 0.01;
  const [limLo, limHi] = options.stdevCoefLim ?? [0.1, 4];
  if (!(proportion > 0 && proportion < 1)) throw new HccError('E_OPTION', `eBayes: proportion must lie in (0, 1), got ${proportion}`);
  const { nGenes, nCoef } = fit;
  const s2 = fit.sigma.map((s) => s * s);
  const sv = squeezeVar(s2, fit.dfResidual, options.trend ? fit.amean : undefined);
  let dfPooled = 0;
  for (const d of fit.dfResidual) dfPooled += d;
  const dfTotal = fit.dfResidual.map((d) => Math.min(d + sv.dfPrior, dfPooled));
  const t = new Float64Array(nGenes * nCoef);
  const pValue = new Float64Array(nGenes * nCoef);
  for (let g = 0; g < nGenes; g++) {
    const s = Math.sqrt(sv.varPost[g]);
    for (let k = 0; k < nCoef; k++) {
      const i = g * nCoef + k;
      t[i] = fit.coefficients[i] / fit.stdevUnscaled[i] / s;
      pValue[i] = 2 * studentTCdf(-Math.abs(t[i]), dfTotal[g]);
    }
  }
  const medPrior = median(sv.varPrior);
  const lim: [number, number] = [(limLo * limLo) / medPrior, (limHi * limHi) / medPrior];
  const varPrior = new Float64Array(nCoef);
  for (let k = 0; k < nCoef; k++) {
    const tk = Float64Array.from({ length: nGenes }, (_, g) => t[g * nCoef + k]);
    const uk = Float64Array.from({ length: nGenes }, (_, g) => fit.stdevUnscaled[g * nCoef + k]);
    varPrior[k] = tmixture(tk, uk, dfTotal, proportion, lim);
    if (Number.isNaN(varPrior[k])) varPrior[k] = 1 / medPrior;
  }
  const lods = new Float64Array(nGenes * nCoef);
  const logPrior = Math.log(proportion / (1 - proportion));
  const infiniteDf = sv.dfPrior > 1e6;
  for (let g = 0; g < nGenes; g++) {
    const df = dfTotal[g];
    for (let k = 0; k < nCoef; k++) {
      const i = g * nCoef + k;
      const u2 = fit.stdevUnscaled[i] ** 2;
      const r = (u2 + varPrior[k]) / u2;
      const t2 = t[i] * t[i];
      const kernel = infiniteDf ? (t2 * (1 - 1 / r)) / 2 : ((1 + df) / 2) * Math.log((t2 + df) / (t2 / r + df));
      lods[i] = logPrior - Math.log(r) / 2 + kernel;
    }
  }
  return { nGenes, nCoef, dfPrior: sv.dfPrior, s2Prior: sv.varPrior, s2Post: sv.varPost, dfTotal, t, pValue, lods, varPrior, warnings: sv.warnings };
}
