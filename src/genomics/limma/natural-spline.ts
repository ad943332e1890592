import { HccError } from '../../core/errors.js';
import type { DesignMatrix } from '../design-matrix.js';
import { quantileOfSorted } from '../order-statistics.js';

/**
 * A basis of natural cubic splines in x with `df` columns including the constant: knots at
 * min(x), max(x) and the df-2 interior type-7 quantiles at k/(df-1), k = 1..df-2.
 *
 * It spans the same space as R's `splines::ns(x, df, intercept = TRUE)` (so least-squares fitted
 * values and residuals agree), but uses the truncated-power construction (Hastie, Tibshirani &
 * Friedman, ESL §5.2.1) on x rescaled to [0, 1]:
 * N₁ = 1, N₂ = u, N_{k+2} = d_k(u) - d_{K-1}(u), d_k(u) = ((u-ξ_k)₊³ - (u-ξ_K)₊³)/(ξ_K - ξ_k).
 *
 * @param df number of columns, 1..(number of distinct x).
 * @see R `splines::ns`.
 */
export function naturalSplineBasis(x: ArrayLike<number>, df: number): DesignMatrix {
  const n = x.length;
  if (!Number.isInteger(df) || df < 1 || n < df) throw new HccError('E_INTERNAL', `naturalSplineBasis: df ${df} invalid for ${n} points`);
  const sorted = Float64Array.from(x).sort();
  const lo = sorted[0];
  const hi = sorted[n - 1];
  const width = hi - lo;
  const nKnots = df; // boundary + (df - 2) interior
  const knots: number[] = [];
  if (df >= 2) {
    if (!(width > 0)) throw new HccError('E_INTERNAL', 'naturalSplineBasis: x is constant');
    for (let k = 0; k < nKnots; k++) {
      const q = k === 0 ? lo : k === nKnots - 1 ? hi : quantileOfSorted(sorted, k / (nKnots - 1));
      knots.push((q - lo) / width);
    }
  }
  const cube = (v: number): number => (v > 0 ? v * v * v : 0);
  const K = knots.length;
  const d = (k: number, u: number): number => (cube(u - knots[k]) - cube(u - knots[K - 1])) / (knots[K - 1] - knots[k]);
  const out = new Float64Array(n * df);
  for (let i = 0; i < n; i++) {
    out[i * df] = 1;
    if (df === 1) continue;
    const u = (x[i] - lo) / width;
    out[i * df + 1] = u;
    for (let k = 0; k < K - 2; k++) out[i * df + 2 + k] = d(k, u) - d(K - 2, u);
  }
  return { x: out, nRows: n, nCols: df, columnNames: Array.from({ length: df }, (_, k) => `ns${k + 1}`) };
}
