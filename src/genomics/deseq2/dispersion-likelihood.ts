/**
 * Cox–Reid adjusted negative-binomial log posterior of log α for one gene under `~ group`, and its
 * derivative. With X = [1, isAlt] and W = diag(1/(1/μ + α)), det(XᵀWX) = w_ref·w_alt where
 * w_g = Σ_{j in g} w_j, and tr((XᵀWX)⁻¹ d(XᵀWX)/dα) = w′_ref/w_ref + w′_alt/w_alt.
 */
import { digamma } from './gamma-functions.js';
import { expRN, lgammaFast, lgammaR, logRN } from './faithful-math.js';

/** One gene's counts and fitted means, read in place from genes × samples arrays. */
export interface GeneRow {
  /** Counts array (genes × samples). */
  readonly y: Float64Array;
  /** Fitted means (same layout as `y`). */
  readonly mu: Float64Array;
  /** Offset of the gene's first sample: `gene * nSamples`. */
  readonly offset: number;
  readonly nSamples: number;
  readonly group: Uint8Array;
}

/** Normal prior on log α (mean, variance), or none. */
export interface LogAlphaPrior {
  readonly use: boolean;
  readonly mean: number;
  readonly variance: number;
}

/** Per-call cache of lgamma(y + 1/α) for small integer counts (a stamp marks the entries of the current call). */
const LG_CACHE = 4096;
/** α below which the log posterior uses correctly rounded log / lgamma (see nbLogPosterior). */
const FAITHFUL_BELOW_ALPHA = 1e-4;
const lgCache = new Float64Array(LG_CACHE);
const lgStamp = new Float64Array(LG_CACHE);
let stamp = 0;

/**
 * log p(α | y) up to a constant, in terms of a = log α:
 * Σ_j [lgamma(y_j + 1/α) − lgamma(1/α) − y_j·log(μ_j + 1/α) − (1/α)·log(1 + μ_j·α)]
 * − ½·log det(XᵀWX) − ½(a − prior mean)²/prior variance (prior optional).
 * @see DESeq2 C++ `log_posterior`
 */
export function nbLogPosterior(a: number, row: GeneRow, prior: LogAlphaPrior): number {
  const alpha = expRN(a);
  const inv = 1 / alpha;
  // Correct rounding matters only where the posterior is flat to rounding noise (α near DESeq2's 1e-8
  // floor, where lgamma(y + 1/α) − lgamma(1/α) cancels); above FAITHFUL_BELOW_ALPHA V8's ≤ 1-ulp log is used.
  const faithful = alpha < FAITHFUL_BELOW_ALPHA;
  const ln = faithful ? logRN : Math.log;
  const lgamma = faithful ? lgammaR : lgammaFast;
  const lgInv = lgamma(inv);
  const { y, mu, offset, nSamples: m, group } = row;
  let ll = 0;
  let wRef = 0;
  let wAlt = 0;
  stamp++;
  for (let j = 0; j < m; j++) {
    const yj = y[offset + j];
    const mj = mu[offset + j];
    if (yj === 0) {
      // lgamma(0 + 1/α) − lgamma(1/α) = 0 and 0·log(μ + 1/α) = 0 exactly: the same double as the full expression.
      ll += 0 - inv * ln(1 + mj * alpha);
    } else {
      let lg: number;
      if (yj < LG_CACHE && Number.isInteger(yj)) {
        // Counts repeat across samples: lgamma(y + 1/α) is computed once per distinct y and α (same value, bit for bit).
        if (lgStamp[yj] === stamp) lg = lgCache[yj];
        else {
          lg = lgamma(yj + inv);
          lgCache[yj] = lg;
          lgStamp[yj] = stamp;
        }
      } else lg = lgamma(yj + inv);
      ll += lg - lgInv - yj * ln(mj + inv) - inv * ln(1 + mj * alpha);
    }
    const w = 1 / (1 / mj + alpha);
    if (group[j] === 1) wAlt += w;
    else wRef += w;
  }
  const cr = -0.5 * Math.log(wRef * wAlt);
  const pr = prior.use ? (-0.5 * (a - prior.mean) * (a - prior.mean)) / prior.variance : 0;
  return ll + pr + cr;
}

/**
 * d log p / d log α = α·[α⁻²·Σ_j (ψ(1/α) + log(1 + μα) − μα/(1 + μα) − ψ(y + 1/α) + y/(μ + 1/α))
 * − ½·tr((XᵀWX)⁻¹·XᵀW′X)] − (a − prior mean)/prior variance.
 * @see DESeq2 C++ `dlog_posterior`
 */
export function nbDLogPosterior(a: number, row: GeneRow, prior: LogAlphaPrior): number {
  const alpha = Math.exp(a);
  const inv = 1 / alpha;
  const dgInv = digamma(inv);
  const { y, mu, offset, nSamples: m, group } = row;
  let s = 0;
  let wRef = 0;
  let wAlt = 0;
  let dRef = 0;
  let dAlt = 0;
  for (let j = 0; j < m; j++) {
    const yj = y[offset + j];
    const mj = mu[offset + j];
    const ma = mj * alpha;
    s += dgInv + Math.log(1 + ma) - ma / (1 + ma) - digamma(yj + inv) + yj / (mj + inv);
    const t = 1 / mj + alpha;
    const w = 1 / t;
    const dw = -1 / (t * t);
    if (group[j] === 1) { wAlt += w; dAlt += dw; } else { wRef += w; dRef += dw; }
  }
  const ll = inv * inv * s;
  const cr = -0.5 * (dRef / wRef + dAlt / wAlt);
  const pr = prior.use ? -(a - prior.mean) / prior.variance : 0;
  return (ll + cr) * alpha + pr;
}
