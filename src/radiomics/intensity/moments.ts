/** Central moments of a set of intensities about a given mean. */
export interface CentralMoments {
  /** Σ(x - μ)²/n (population variance). */
  readonly m2: number;
  /** Σ(x - μ)³/n. */
  readonly m3: number;
  /** Σ(x - μ)⁴/n. */
  readonly m4: number;
  /** Σ|x - μ|/n (mean absolute deviation). */
  readonly meanAbsDeviation: number;
}

/**
 * Second to fourth central moments and the mean absolute deviation, summed in the order given
 * (IBSI and PyRadiomics first-order features both build on these; their definitions of the derived
 * features differ, e.g. PyRadiomics' kurtosis is not the excess kurtosis).
 */
export function centralMoments(values: ArrayLike<number>, mean: number): CentralMoments {
  const n = values.length;
  let m2 = 0, m3 = 0, m4 = 0, mad = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    mad += Math.abs(d);
  }
  return { m2: m2 / n, m3: m3 / n, m4: m4 / n, meanAbsDeviation: mad / n };
}
