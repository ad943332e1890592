/**
 * Negative-binomial GLM fit of `~ group` per gene (DESeq2 `fitNbinomGLMs` → C++ `fitBeta`, no
 * β prior): IRLS with a tiny ridge λ = 1e-6/ln(2)² on both coefficients, μ floored at minmu,
 * convergence on the relative deviance change (1e-8), |β| > 30 counts as divergence; then
 * covariance Σ = (XᵀWX + Λ)⁻¹ XᵀWX (XᵀWX + Λ)⁻¹ and hat diagonals. Coefficients are reported on
 * the log2 scale like DESeq2.
 */
import type { DeseqData } from './design.js';
import { lgamma } from './gamma-functions.js';

/** Per-gene GLM results (NaN for all-zero genes); matrices are genes × samples. */
export interface NbGlmFit {
  /** Intercept (log2 normalised mean of the reference group). */
  readonly intercept: Float64Array;
  /** log2 fold change, alternative vs reference. */
  readonly log2FoldChange: Float64Array;
  readonly interceptSE: Float64Array;
  readonly lfcSE: Float64Array;
  /** Fitted means s_j·exp(xβ) (not floored). */
  readonly mu: Float64Array;
  readonly hatDiagonals: Float64Array;
  readonly iterations: Int32Array;
  readonly converged: Uint8Array;
  /** Genes finished by the bounded Newton fall-back (DESeq2 uses optim L-BFGS-B there). */
  readonly usedFallback: Uint8Array;
}

export interface NbGlmOptions {
  readonly betaTol: number;
  readonly maxit: number;
  readonly minmu: number;
  /** Ridge on the log2 scale (DESeq2: 1e-6 for each coefficient). */
  readonly lambda: number;
}

export const DEFAULT_NB_GLM_OPTIONS: NbGlmOptions = { betaTol: 1e-8, maxit: 100, minmu: 0.5, lambda: 1e-6 };

const LOG2E = Math.LOG2E;
const LARGE = 30;

/**
 * Bounded Newton–Raphson on the log2-scale coefficients of
 * −[Σ log NB(y | s·2^(xβ), 1/α) + Σ log N(β_k | 0, 1/λ)], box [−30, 30], used when IRLS does not
 * converge. Returns natural-log-scale β.
 */
function newtonFallback(y: Float64Array, sf: Float64Array, group: Uint8Array, off: number, alpha: number, lambda: number, start0: number, start1: number): [number, number, boolean] {
  const m = sf.length;
  let b0 = Math.max(-LARGE, Math.min(LARGE, start0 * LOG2E));
  let b1 = Math.max(-LARGE, Math.min(LARGE, start1 * LOG2E));
  const LN2 = Math.LN2;
  const obj = (c0: number, c1: number): number => {
    let ll = 0;
    for (let j = 0; j < m; j++) {
      const mu = sf[j] * Math.pow(2, c0 + (group[j] ? c1 : 0));
      const k = y[off + j];
      const size = 1 / alpha;
      ll += k * Math.log(mu / (mu + size)) - size * Math.log1p(mu / size);
    }
    return -(ll - 0.5 * lambda * (c0 * c0 + c1 * c1));
  };
  let f = obj(b0, b1);
  let converged = false;
  for (let it = 0; it < 200; it++) {
    let g0 = lambda * b0, g1 = lambda * b1, h00 = lambda, h01 = 0, h11 = lambda;
    for (let j = 0; j < m; j++) {
      const mu = sf[j] * Math.pow(2, b0 + (group[j] ? b1 : 0));
      const k = y[off + j];
      const r = (k - mu) / (1 + alpha * mu);
      const w = (mu * (1 + alpha * k)) / ((1 + alpha * mu) * (1 + alpha * mu));
      g0 -= LN2 * r;
      h00 += LN2 * LN2 * w;
      if (group[j]) { g1 -= LN2 * r; h01 += LN2 * LN2 * w; h11 += LN2 * LN2 * w; }
    }
    const det = h00 * h11 - h01 * h01;
    let d0 = -(h11 * g0 - h01 * g1) / det;
    let d1 = -(h00 * g1 - h01 * g0) / det;
    let step = 1;
    let n0 = b0, n1 = b1, fn = f;
    for (let h = 0; h < 60; h++) {
      n0 = Math.max(-LARGE, Math.min(LARGE, b0 + step * d0));
      n1 = Math.max(-LARGE, Math.min(LARGE, b1 + step * d1));
      fn = obj(n0, n1);
      if (fn <= f) break;
      step /= 2;
    }
    const moved = Math.abs(n0 - b0) + Math.abs(n1 - b1);
    const gain = f - fn;
    b0 = n0; b1 = n1;
    if (fn <= f) f = fn;
    if (moved < 1e-10 || gain < 1e-12 * (Math.abs(f) + 1e-12)) { converged = true; break; }
    d0 = d1 = 0;
  }
  return [b0 / LOG2E, b1 / LOG2E, converged];
}

/**
 * Fit every gene with its dispersion. Initial β from least squares of log(k/s + 0.1) on X (DESeq2's
 * QR start). Genes that do not converge, or give a non-positive variance, are refit by
 * `newtonFallback` (documented deviation from DESeq2's optim L-BFGS-B).
 * @see DESeq2 `fitNbinomGLMs`, `fitNbinomGLMsOptim`
 */
export function fitNbGlm(data: DeseqData, sizeFactors: Float64Array, dispersion: Float64Array, allZero: Uint8Array, options: NbGlmOptions = DEFAULT_NB_GLM_OPTIONS): NbGlmFit {
  const { counts: y, nGenes, nSamples: m, group } = data;
  const lambda = options.lambda / (Math.LN2 * Math.LN2);
  const intercept = new Float64Array(nGenes).fill(NaN);
  const log2FoldChange = new Float64Array(nGenes).fill(NaN);
  const interceptSE = new Float64Array(nGenes).fill(NaN);
  const lfcSE = new Float64Array(nGenes).fill(NaN);
  const mu = new Float64Array(nGenes * m).fill(NaN);
  const hatDiagonals = new Float64Array(nGenes * m).fill(NaN);
  const iterations = new Int32Array(nGenes);
  const converged = new Uint8Array(nGenes);
  const usedFallback = new Uint8Array(nGenes);
  const muHat = new Float64Array(m);
  const w = new Float64Array(m);
  let n1 = 0;
  for (let j = 0; j < m; j++) n1 += group[j];
  const n0 = m - n1;
  for (let g = 0; g < nGenes; g++) {
    if (allZero[g]) continue;
    const off = g * m;
    const alpha = dispersion[g];
    const size = 1 / alpha;
    // start: least squares on log(normalised + 0.1)
    let l0 = 0, l1 = 0;
    for (let j = 0; j < m; j++) {
      const v = Math.log(y[off + j] / sizeFactors[j] + 0.1);
      if (group[j]) l1 += v; else l0 += v;
    }
    let b0 = l0 / n0;
    let b1 = l1 / n1 - b0;
    // constant part of the log density: Σ lgamma(y + size) − lgamma(size) − lgamma(y + 1)
    let constLl = 0;
    for (let j = 0; j < m; j++) {
      const k = y[off + j];
      if (k > 0) constLl += lgamma(k + size) - lgamma(size) - lgamma(k + 1);
    }
    for (let j = 0; j < m; j++) {
      const v = sizeFactors[j] * Math.exp(b0 + (group[j] ? b1 : 0));
      muHat[j] = v < options.minmu ? options.minmu : v;
    }
    let dev = 0;
    let devOld = 0;
    let iter = 0;
    let diverged = false;
    for (let t = 0; t < options.maxit; t++) {
      iter++;
      let s00 = 0, s11 = 0, r0 = 0, r1 = 0;
      for (let j = 0; j < m; j++) {
        const mh = muHat[j];
        const wj = mh / (1 + alpha * mh);
        const z = Math.log(mh / sizeFactors[j]) + (y[off + j] - mh) / mh;
        s00 += wj; r0 += wj * z;
        if (group[j]) { s11 += wj; r1 += wj * z; }
      }
      // (XᵀWX + Λ) = [[S + λ, A], [A, A + λ]]
      const a00 = s00 + lambda, a01 = s11, a11 = s11 + lambda;
      const det = a00 * a11 - a01 * a01;
      b0 = (a11 * r0 - a01 * r1) / det;
      b1 = (a00 * r1 - a01 * r0) / det;
      if (Math.abs(b0) > LARGE || Math.abs(b1) > LARGE || Number.isNaN(b0) || Number.isNaN(b1)) { iter = options.maxit; diverged = true; break; }
      let ll = constLl;
      for (let j = 0; j < m; j++) {
        const v = sizeFactors[j] * Math.exp(b0 + (group[j] ? b1 : 0));
        const mh = v < options.minmu ? options.minmu : v;
        muHat[j] = mh;
        const k = y[off + j];
        ll += -size * Math.log1p(mh / size) + (k > 0 ? k * (Math.log(mh) - Math.log(size + mh)) : 0);
      }
      dev = -2 * ll;
      const conv = Math.abs(dev - devOld) / (Math.abs(dev) + 0.1);
      if (Number.isNaN(conv)) { iter = options.maxit; diverged = true; break; }
      if (t > 0 && conv < options.betaTol) break;
      devOld = dev;
    }
    let ok = iter < options.maxit && !diverged;
    const computeSe = (): boolean => {
      let s00 = 0, s11 = 0;
      for (let j = 0; j < m; j++) {
        const wj = muHat[j] / (1 + alpha * muHat[j]);
        w[j] = wj;
        s00 += wj;
        if (group[j]) s11 += wj;
      }
      const a00 = s00 + lambda, a01 = s11, a11 = s11 + lambda;
      const det = a00 * a11 - a01 * a01;
      const i00 = a11 / det, i01 = -a01 / det, i11 = a00 / det;
      // Σ = M⁻¹ B M⁻¹ with B = [[s00, s11], [s11, s11]]
      const t00 = i00 * s00 + i01 * s11, t01 = i00 * s11 + i01 * s11;
      const t10 = i01 * s00 + i11 * s11, t11 = i01 * s11 + i11 * s11;
      const v00 = t00 * i00 + t01 * i01;
      const v11 = t10 * i01 + t11 * i11;
      for (let j = 0; j < m; j++) {
        const q = group[j] ? i00 + 2 * i01 + i11 : i00;
        hatDiagonals[off + j] = w[j] * q;
      }
      interceptSE[g] = LOG2E * Math.sqrt(Math.max(v00, 0));
      lfcSE[g] = LOG2E * Math.sqrt(Math.max(v11, 0));
      return v00 > 0 && v11 > 0;
    };
    const varOk = computeSe();
    if (!ok || !varOk) {
      const [c0, c1, conv] = newtonFallback(y, sizeFactors, group, off, alpha, options.lambda, b0, b1);
      b0 = c0; b1 = c1;
      for (let j = 0; j < m; j++) {
        const v = sizeFactors[j] * Math.exp(b0 + (group[j] ? b1 : 0));
        muHat[j] = v < options.minmu ? options.minmu : v;
      }
      // DESeq2 keeps the IRLS hat diagonals for these genes; only SEs are recomputed.
      const hatKeep = hatDiagonals.slice(off, off + m);
      computeSe();
      hatDiagonals.set(hatKeep, off);
      usedFallback[g] = 1;
      ok = conv;
    }
    intercept[g] = LOG2E * b0;
    log2FoldChange[g] = LOG2E * b1;
    iterations[g] = iter;
    converged[g] = ok ? 1 : 0;
    for (let j = 0; j < m; j++) mu[off + j] = sizeFactors[j] * Math.exp(b0 + (group[j] ? b1 : 0));
  }
  return { intercept, log2FoldChange, interceptSE, lfcSE, mu, hatDiagonals, iterations, converged, usedFallback };
}
