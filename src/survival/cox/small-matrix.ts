import { HccError } from '../../core/errors.js';

/**
 * Small dense linear algebra for the Cox post-estimation code (p and 2p sized systems).
 * Row-major Float64Array matrices. Kept private to `survival/cox`; not exported from the stage.
 */

/**
 * Solve A X = B by Gaussian elimination with partial pivoting (the LU factorisation R's `solve`
 * uses through LAPACK dgesv). A is n × n, B is n × m; returns X (n × m). Throws `E_NUMERIC` when
 * A is singular to working precision.
 */
export function solveLinear(a: ArrayLike<number>, n: number, b: ArrayLike<number>, m = 1): Float64Array {
  if (a.length !== n * n || b.length !== n * m) throw new HccError('E_INTERNAL', `solveLinear: shapes ${a.length} / ${b.length} do not fit n=${n}, m=${m}`);
  const lu = Float64Array.from(a);
  const x = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < lu.length; i++) scale = Math.max(scale, Math.abs(lu[i]));
  const tiny = scale * n * Number.EPSILON;
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        piv = i;
      }
    }
    if (!(best > tiny)) throw new HccError('E_NUMERIC', `matrix is singular to working precision (pivot ${best.toExponential(3)} in column ${k})`);
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[piv * n + j];
        lu[piv * n + j] = t;
      }
      for (let j = 0; j < m; j++) {
        const t = x[k * m + j];
        x[k * m + j] = x[piv * m + j];
        x[piv * m + j] = t;
      }
    }
    const d = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = lu[i * n + k] / d;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
      for (let j = 0; j < m; j++) x[i * m + j] -= f * x[k * m + j];
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    const d = lu[k * n + k];
    for (let j = 0; j < m; j++) {
      let s = x[k * m + j];
      for (let i = k + 1; i < n; i++) s -= lu[k * n + i] * x[i * m + j];
      x[k * m + j] = s / d;
    }
  }
  return x;
}

/** Inverse of an n × n matrix (via `solveLinear` against the identity). */
export function invertMatrix(a: ArrayLike<number>, n: number): Float64Array {
  const id = new Float64Array(n * n);
  for (let i = 0; i < n; i++) id[i * n + i] = 1;
  return solveLinear(a, n, id, n);
}

/** The square submatrix a[idx, idx] of an n × n matrix. */
export function subMatrix(a: ArrayLike<number>, n: number, idx: readonly number[]): Float64Array {
  const k = idx.length;
  const out = new Float64Array(k * k);
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) out[r * k + c] = a[idx[r] * n + idx[c]];
  return out;
}

/** u' A^{-1} u for a symmetric n × n A (a score-test statistic). */
export function solveQuadratic(a: ArrayLike<number>, n: number, u: ArrayLike<number>): number {
  const x = solveLinear(a, n, u, 1);
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * u[i];
  return s;
}

/** d' A d for a symmetric n × n A stored row-major. */
export function quadraticForm(a: ArrayLike<number>, n: number, d: ArrayLike<number>, offset = 0): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const di = d[offset + i];
    if (di === 0) continue;
    let row = 0;
    for (let j = 0; j < n; j++) row += a[i * n + j] * d[offset + j];
    s += di * row;
  }
  return s;
}
