import { HccError } from '../../core/errors.js';
import type { DesignMatrix } from '../design-matrix.js';

/** Per-gene linear model fit (limma's `MArrayLM` core fields); matrices are genes × coefficients row-major. */
export interface LinearModelFit {
  readonly nGenes: number;
  readonly nCoef: number;
  readonly design: DesignMatrix;
  /** β̂_gk. */
  readonly coefficients: Float64Array;
  /** √[(XᵀW_gX)⁻¹]_kk: standard errors divided by σ_g. */
  readonly stdevUnscaled: Float64Array;
  /** Residual standard deviation σ̂_g = √(Σ_i w_gi e_gi² / df_g). */
  readonly sigma: Float64Array;
  /** Residual degrees of freedom: (#samples with w > 0) - p. */
  readonly dfResidual: Float64Array;
  /** Average expression: unweighted row means of the response. */
  readonly amean: Float64Array;
}

/**
 * Least squares for one gene by Householder QR of √w·X (n × p, overwritten). Writes β, the
 * unscaled standard errors and returns the residual sum of squares.
 */
function fitOne(a: Float64Array, b: Float64Array, n: number, p: number, beta: Float64Array, se: Float64Array, offset: number): number {
  const rdiag = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[i * p + k] * a[i * p + k];
    norm = Math.sqrt(norm);
    if (!(norm > 0)) throw new HccError('E_NUMERIC', `lmFit: design column ${k} has no information after weighting`);
    const alpha = a[k * p + k] > 0 ? -norm : norm;
    // v = a_k - alpha e_k stored in column k (rows k..n-1)
    a[k * p + k] -= alpha;
    let vnorm2 = 0;
    for (let i = k; i < n; i++) vnorm2 += a[i * p + k] * a[i * p + k];
    for (let c = k + 1; c < p; c++) {
      let dot = 0;
      for (let i = k; i < n; i++) dot += a[i * p + k] * a[i * p + c];
      const s = (2 * dot) / vnorm2;
      for (let i = k; i < n; i++) a[i * p + c] -= s * a[i * p + k];
    }
    let dot = 0;
    for (let i = k; i < n; i++) dot += a[i * p + k] * b[i];
    const s = (2 * dot) / vnorm2;
    for (let i = k; i < n; i++) b[i] -= s * a[i * p + k];
    rdiag[k] = alpha;
  }
  // Back-substitute R β = (Qᵀb)[0..p-1]; R's strict upper triangle is in a[k*p + c], c > k.
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let c = k + 1; c < p; c++) s -= a[k * p + c] * beta[offset + c];
    beta[offset + k] = s / rdiag[k];
  }
  // R⁻¹ by back-substitution, then √ of the row sums of squares of R⁻¹ = √diag((RᵀR)⁻¹).
  const rinv = new Float64Array(p * p);
  for (let col = 0; col < p; col++) {
    for (let k = col; k >= 0; k--) {
      let s = k === col ? 1 : 0;
      for (let c = k + 1; c <= col; c++) s -= a[k * p + c] * rinv[c * p + col];
      rinv[k * p + col] = s / rdiag[k];
    }
  }
  for (let k = 0; k < p; k++) {
    let s = 0;
    for (let c = k; c < p; c++) s += rinv[k * p + c] * rinv[k * p + c];
    se[offset + k] = Math.sqrt(s);
  }
  let rss = 0;
  for (let i = p; i < n; i++) rss += b[i] * b[i];
  return rss;
}

/**
 * Gene-wise (weighted) linear models E_g ~ X with precision weights w_g:
 * β̂_g = (XᵀW_gX)⁻¹XᵀW_g e_g, σ̂_g² = Σ_i w_gi (e_gi - x_iβ̂_g)² / (n_g - p), n_g = #{i : w_gi > 0}.
 * Samples with zero weight leave the fit; the design must have full column rank.
 *
 * @param expr genes × samples response (e.g. voom log-CPM), row-major.
 * @param weights genes × samples precision weights (default all 1).
 * @see limma `lmFit` (`lm.series`); Smyth (2004) Stat Appl Genet Mol Biol 3:3.
 */
export function lmFit(expr: Float64Array, nGenes: number, design: DesignMatrix, weights?: Float64Array): LinearModelFit {
  const { nRows: nSamples, nCols: p, x } = design;
  if (expr.length !== nGenes * nSamples) throw new HccError('E_INTERNAL', `lmFit: expression has ${expr.length} values, expected ${nGenes}·${nSamples}`);
  if (weights && weights.length !== expr.length) throw new HccError('E_INTERNAL', `lmFit: weights have ${weights.length} values, expected ${expr.length}`);
  if (nSamples <= p) throw new HccError('E_OPTION', `lmFit: ${nSamples} samples leave no residual degrees of freedom for ${p} coefficients`);
  const coefficients = new Float64Array(nGenes * p);
  const stdevUnscaled = new Float64Array(nGenes * p);
  const sigma = new Float64Array(nGenes);
  const dfResidual = new Float64Array(nGenes);
  const amean = new Float64Array(nGenes);
  const a = new Float64Array(nSamples * p);
  const b = new Float64Array(nSamples);
  for (let g = 0; g < nGenes; g++) {
    let rows = 0;
    let mean = 0;
    for (let i = 0; i < nSamples; i++) {
      const e = expr[g * nSamples + i];
      if (!Number.isFinite(e)) throw new HccError('E_INPUT', `lmFit: non-finite expression value at gene ${g}, sample ${i}`);
      mean += e;
      const w = weights ? weights[g * nSamples + i] : 1;
      if (!(w >= 0) || !Number.isFinite(w)) throw new HccError('E_INPUT', `lmFit: weight at gene ${g}, sample ${i} must be finite and >= 0, got ${w}`);
      if (w === 0) continue;
      const sw = Math.sqrt(w);
      for (let k = 0; k < p; k++) a[rows * p + k] = sw * x[i * p + k];
      b[rows] = sw * e;
      rows++;
    }
    amean[g] = mean / nSamples;
    if (rows <= p) throw new HccError('E_NUMERIC', `lmFit: gene ${g} has ${rows} samples with positive weight for ${p} coefficients`);
    const rss = fitOne(a, b, rows, p, coefficients, stdevUnscaled, g * p);
    dfResidual[g] = rows - p;
    sigma[g] = Math.sqrt(rss / (rows - p));
  }
  return { nGenes, nCoef: p, design, coefficients, stdevUnscaled, sigma, dfResidual, amean };
}
