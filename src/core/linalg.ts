import { HccError } from './errors.js';

/**
 * Small dense linear algebra on row-major `Float64Array` matrices (a[i*n + j]).
 *
 * The symmetric routines follow the *generalised* Cholesky used throughout R's `survival`
 * (cholesky2 / chsolve2 / chinv2): A = L D L' with unit lower-triangular L and diagonal D.
 * A pivot D_ii below `toler · max_k A_kk` is declared zero (the column is linearly dependent
 * on earlier ones); solves and inverses then act on the non-singular part and give 0 in the
 * dropped coordinates. This is what makes a Cox fit with an aliased column report rank < p
 * instead of failing.
 */

/** R survival's default Cholesky tolerance: `.Machine$double.eps^0.75` (≈ 1.8e-12). */
export const TOLER_CHOL = Math.pow(Number.EPSILON, 0.75);

/** An L D L' factorisation of a symmetric n × n matrix. */
export interface LdlFactor {
  readonly n: number;
  /** Strict lower triangle = L (unit diagonal implied), diagonal = D; upper triangle unused. */
  readonly ld: Float64Array;
  /** Number of pivots kept (> tolerance). */
  readonly rank: number;
  /** False when a dropped pivot was clearly negative (< -8·tolerance): the matrix is not PSD. */
  readonly nonNegative: boolean;
  /** 1 for a kept pivot, 0 for a dropped (singular) one. */
  readonly kept: Uint8Array;
}

function checkSquare(a: ArrayLike<number>, n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || a.length !== n * n) {
    throw new HccError('E_INTERNAL', `${what}: array of length ${a.length} is not ${n} × ${n}`);
  }
}

/**
 * Generalised Cholesky A = L D L' of a symmetric positive semi-definite matrix, with rank
 * detection. Only the upper triangle of `a` (row <= column) is read. Pivot i is dropped when
 * D_ii < toler · max_k A_kk (or is not finite).
 *
 * @param toler relative pivot tolerance (default `TOLER_CHOL`, R's `coxph.control()$toler.chol`).
 * @see R survival: C routine `cholesky2`.
 */
export function choleskyLdl(a: ArrayLike<number>, n: number, toler = TOLER_CHOL): LdlFactor {
  checkSquare(a, n, 'choleskyLdl');
  const m = new Float64Array(n * n);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i];
    if (d > maxDiag) maxDiag = d;
    m[i * n + i] = d;
    for (let j = i + 1; j < n; j++) m[j * n + i] = a[i * n + j]; // lower from upper
  }
  const eps = maxDiag * toler;
  const kept = new Uint8Array(n);
  let rank = 0;
  let nonNegative = true;
  for (let i = 0; i < n; i++) {
    const pivot = m[i * n + i];
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i * n + i] = 0;
      if (pivot < -8 * eps) nonNegative = false;
      for (let j = i + 1; j < n; j++) m[j * n + i] = 0;
      continue;
    }
    kept[i] = 1;
    rank++;
    for (let j = i + 1; j < n; j++) {
      const t = m[j * n + i] / pivot;
      m[j * n + i] = t;
      m[j * n + j] -= t * t * pivot;
      for (let k = j + 1; k < n; k++) m[k * n + j] -= t * m[k * n + i];
    }
  }
  return { n, ld: m, rank, nonNegative, kept };
}

/**
 * Solve A x = b with an `LdlFactor` of A; coordinates of dropped pivots are set to 0
 * (the minimum-support solution R's `chsolve2` returns).
 *
 * @see R survival: C routine `chsolve2`.
 */
export function choleskySolve(f: LdlFactor, b: ArrayLike<number>): Float64Array {
  const { n, ld, kept } = f;
  if (b.length !== n) throw new HccError('E_INTERNAL', `choleskySolve: right-hand side has ${b.length} values, expected ${n}`);
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let t = y[i];
    for (let j = 0; j < i; j++) t -= ld[i * n + j] * y[j];
    y[i] = t;
  }
  for (let i = n - 1; i >= 0; i--) {
    if (!kept[i]) {
      y[i] = 0;
      continue;
    }
    let t = y[i] / ld[i * n + i];
    for (let j = i + 1; j < n; j++) t -= ld[j * n + i] * y[j];
    y[i] = t;
  }
  return y;
}

/**
 * Inverse of A from its `LdlFactor`: (L')⁻¹ D⁻ L⁻¹, where D⁻ inverts kept pivots and zeroes
 * dropped ones, so rows and columns of dropped pivots are 0 (R's `chinv2`). Symmetric n × n.
 *
 * @see R survival: C routine `chinv2`.
 */
export function choleskyInverse(f: LdlFactor): Float64Array {
  const { n, ld, kept } = f;
  // Linv: inverse of the unit lower-triangular L (restricted to kept columns).
  const linv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    linv[i * n + i] = 1;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= ld[i * n + k] * linv[k * n + j];
      linv[i * n + j] = s;
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    if (!kept[i]) continue;
    for (let j = 0; j <= i; j++) {
      if (!kept[j]) continue;
      // (Linv' D⁻ Linv)_{ij} = Σ_k Linv_{ki} Linv_{kj} / D_k
      let s = 0;
      for (let k = i; k < n; k++) if (kept[k]) s += (linv[k * n + i] * linv[k * n + j]) / ld[k * n + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/** Generalised inverse of a symmetric PSD matrix with rank (factor + invert). */
export function symmetricInverse(a: ArrayLike<number>, n: number, toler = TOLER_CHOL): { inverse: Float64Array; rank: number } {
  const f = choleskyLdl(a, n, toler);
  return { inverse: choleskyInverse(f), rank: f.rank };
}

/**
 * The quadratic form b' A⁻ b with A⁻ the generalised inverse, and the rank of A: the Wald /
 * score statistic with its degrees of freedom.
 *
 * @see R survival: `coxph.wtest`.
 */
export function inverseQuadraticForm(a: ArrayLike<number>, n: number, b: ArrayLike<number>, toler = TOLER_CHOL): { value: number; rank: number } {
  const f = choleskyLdl(a, n, toler);
  const x = choleskySolve(f, b);
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * b[i];
  return { value: s, rank: f.rank };
}

/** y = A x for an m × n row-major A. */
export function matVec(a: ArrayLike<number>, m: number, n: number, x: ArrayLike<number>): Float64Array {
  if (a.length !== m * n || x.length !== n) throw new HccError('E_INTERNAL', `matVec: shapes ${a.length} / ${x.length} do not fit ${m} × ${n}`);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** C = A B for row-major A (m × k) and B (k × n). */
export function matMul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  if (a.length !== m * k || b.length !== k * n) throw new HccError('E_INTERNAL', `matMul: shapes ${a.length} / ${b.length} do not fit ${m}×${k} · ${k}×${n}`);
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < k; l++) {
      const ail = a[i * k + l];
      if (ail === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += ail * b[l * n + j];
    }
  }
  return c;
}

/** A' A for a row-major m × n A (the n × n cross-product, R's `crossprod`). */
export function crossProduct(a: ArrayLike<number>, m: number, n: number): Float64Array {
  if (a.length !== m * n) throw new HccError('E_INTERNAL', `crossProduct: array of length ${a.length} is not ${m} × ${n}`);
  const c = new Float64Array(n * n);
  for (let r = 0; r < m; r++) {
    const o = r * n;
    for (let i = 0; i < n; i++) {
      const v = a[o + i];
      if (v === 0) continue;
      for (let j = i; j < n; j++) c[i * n + j] += v * a[o + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[i * n + j] = c[j * n + i];
  return c;
}

/** Diagonal of a square n × n matrix. */
export function diagonal(a: ArrayLike<number>, n: number): Float64Array {
  checkSquare(a, n, 'diagonal');
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  return d;
}

/** The n × n identity. */
export function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}
