/** What `fitOneGroupNb` returns for every gene. */
export interface OneGroupFit {
  /** log-scale mean β_g (natural log, per unit of exp(offset)); -Infinity for an all-zero gene. */
  readonly beta: Float64Array;
  /** Genes whose Fisher scoring did not reach |step| < tol in maxit iterations. */
  readonly notConverged: number;
}

/**
 * Negative binomial GLM with only an intercept, per gene: μ_gj = exp(β_g + o_j), maximising
 * Σ_j log NB(y_gj; μ_gj, φ_g) by Fisher scoring: β ← β + Σ_j (y-μ)/(1+φμ) / Σ_j μ/(1+φμ),
 * from β₀ = log(mean_j y_gj / exp(o_j)), until |step| < tol.
 *
 * @param y genes × samples counts (row-major; may carry non-integer prior counts).
 * @param offset log library sizes o_j (length nSamples).
 * @param dispersion φ_g per gene (length nGenes) or one value.
 * @see edgeR `mglmOneGroup`.
 */
export function fitOneGroupNb(
  y: ArrayLike<number>,
  nGenes: number,
  nSamples: number,
  offset: ArrayLike<number>,
  dispersion: ArrayLike<number> | number,
  options: { maxit?: number; tol?: number } = {},
): OneGroupFit {
  const maxit = options.maxit ?? 50;
  const tol = options.tol ?? 1e-10;
  const beta = new Float64Array(nGenes);
  let notConverged = 0;
  for (let g = 0; g < nGenes; g++) {
    const phi = typeof dispersion === 'number' ? dispersion : dispersion[g];
    let start = 0;
    let nonzero = false;
    for (let j = 0; j < nSamples; j++) {
      const v = y[g * nSamples + j];
      if (v > 1e-6) {
        start += v / Math.exp(offset[j]);
        nonzero = true;
      }
    }
    if (!nonzero) {
      beta[g] = -Infinity;
      continue;
    }
    let b = Math.log(start / nSamples);
    let converged = false;
    for (let it = 0; it < maxit; it++) {
      let dl = 0;
      let info = 0;
      for (let j = 0; j < nSamples; j++) {
        const mu = Math.exp(b + offset[j]);
        const denom = 1 + mu * phi;
        dl += (y[g * nSamples + j] - mu) / denom;
        info += mu / denom;
      }
      const step = dl / info;
      b += step;
      if (Math.abs(step) < tol) {
        converged = true;
        break;
      }
    }
    if (!converged) notConverged++;
    beta[g] = b;
  }
  return { beta, notConverged };
}
