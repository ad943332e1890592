/**
 * Maximising the dispersion log posterior over log α for one gene: DESeq2's Armijo line search
 * along the gradient (with its step-size schedule) and its two-level grid search fall-back.
 */
import type { GeneRow, LogAlphaPrior } from './dispersion-likelihood.js';
import { nbDLogPosterior, nbLogPosterior } from './dispersion-likelihood.js';

/** Line-search settings (DESeq2 defaults: kappa0 1, tol 1e-6, maxit 100, minLogAlpha log(1e-9)). */
export interface LineSearchOptions {
  readonly kappa0: number;
  readonly tol: number;
  readonly maxit: number;
  readonly minLogAlpha: number;
}

/** Outcome for one gene (a named object; the pipeline copies fields into typed arrays). */
export interface LineSearchResult {
  logAlpha: number;
  iterations: number;
  initialLogPosterior: number;
  lastLogPosterior: number;
}

const ARMIJO_EPSILON = 1e-4;

/**
 * Gradient ascent on a = log α with Armijo backtracking: propose a + κ·d (clamped to [−30, 10]);
 * accept when −lp(a + κd) ≤ −lp(a) − κ·1e-4·d²; stop when the accepted gain < tol, when
 * a < minLogAlpha, or after maxit proposals. After an accept κ ← min(1.1κ, κ₀), halved every 5th
 * accept; after a reject κ ← κ/2. Writes into `out` (no allocation).
 * @see DESeq2 C++ `fitDisp`
 */
export function lineSearchLogAlpha(row: GeneRow, start: number, prior: LogAlphaPrior, opt: LineSearchOptions, out: LineSearchResult): LineSearchResult {
  let a = start;
  let lp = nbLogPosterior(a, row, prior);
  let dlp = nbDLogPosterior(a, row, prior);
  let kappa = opt.kappa0;
  out.initialLogPosterior = lp;
  let iter = 0;
  let accepts = 0;
  for (let t = 0; t < opt.maxit; t++) {
    iter++;
    const propose = a + kappa * dlp;
    if (propose < -30) kappa = (-30 - a) / dlp;
    if (propose > 10) kappa = (10 - a) / dlp;
    const thetaKappa = -nbLogPosterior(a + kappa * dlp, row, prior);
    const thetaHatKappa = -lp - kappa * ARMIJO_EPSILON * dlp * dlp;
    if (thetaKappa <= thetaHatKappa) {
      accepts++;
      a = a + kappa * dlp;
      const lpNew = nbLogPosterior(a, row, prior);
      const change = lpNew - lp;
      if (change < opt.tol) {
        lp = lpNew;
        break;
      }
      if (a < opt.minLogAlpha) break;
      lp = lpNew;
      dlp = nbDLogPosterior(a, row, prior);
      kappa = Math.min(kappa * 1.1, opt.kappa0);
      if (accepts % 5 === 0) kappa = kappa / 2;
    } else {
      kappa = kappa / 2;
    }
  }
  out.logAlpha = a;
  out.iterations = iter;
  out.lastLogPosterior = lp;
  return out;
}

/**
 * Grid search: 20 points of log α from log(1e-8) to log(maxDisp); then 20 points on
 * [best − δ, best + δ] (δ = grid[1] − grid[0], Armadillo `linspace` arithmetic); returns the best fine-grid log α (first maximum).
 * @see DESeq2 `fitDispGridWrapper` / C++ `fitDispGrid`
 */
export function gridSearchLogAlpha(row: GeneRow, prior: LogAlphaPrior, maxDisp: number): number {
  const n = 20;
  const lo = Math.log(1e-8);
  const hi = Math.log(maxDisp);
  const delta = (hi - lo) / (n - 1);
  let best = -Infinity;
  let aHat = lo;
  for (let t = 0; t < n; t++) {
    const a = t === n - 1 ? hi : lo + t * delta;
    const v = nbLogPosterior(a, row, prior);
    if (v > best) { best = v; aHat = a; }
  }
  // Fine grid built as DESeq2 does, to the last bit (the posterior can be flat to rounding noise
  // near the 1e-8 floor, so ULP-level grid differences change the argmax): δ = grid[1] − grid[0]
  // (R `seq` values), then Armadillo `linspace(â − δ, â + δ, 20)`: start + i·(end − start)/19, last = end.
  const gridDelta = (lo + delta) - lo;
  const fLo = aHat - gridDelta;
  const fHi = aHat + gridDelta;
  const step = (fHi - fLo) / (n - 1);
  best = -Infinity;
  let out = fLo;
  for (let t = 0; t < n; t++) {
    const a = t === n - 1 ? fHi : fLo + t * step;
    const v = nbLogPosterior(a, row, prior);
    if (v > best) { best = v; out = a; }
  }
  return out;
}
