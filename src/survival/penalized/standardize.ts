/**
 * glmnet's standardisation of the design: each column centred at its weighted mean and, when
 * `standardize` is true, divided by its weighted standard deviation with divisor sum(w) (the
 * "1/n variance"), weights normalised to sum 1. Constant columns are flagged and left out of the fit.
 * Output is column-major in a caller-given row order so coordinate descent walks contiguous memory.
 */
export interface StandardizedDesign {
  readonly n: number;
  readonly p: number;
  /** Column-major standardised values: z[j * n + r] for sorted position r. */
  readonly z: Float64Array;
  /** Weighted column means (original scale). */
  readonly center: Float64Array;
  /** Column scales (weighted 1/n sd, or 1 when standardize = false). */
  readonly scale: Float64Array;
  /** 1 where the column varies and is fitted, 0 for a constant column (coefficient fixed at 0). */
  readonly usable: Uint8Array;
}

/**
 * Standardise `x` (row-major n x p) with normalised weights `q` (sum 1), rows taken in `order`.
 * center_j = sum_i q_i x_ij; scale_j = sqrt(sum_i q_i (x_ij - center_j)^2); z_ij = (x_ij - center_j) / scale_j.
 * @see glmnet's Fortran `cstandard` and `chkvars` (a column is constant when every value equals the first)
 */
export function standardizeDesign(x: Float64Array, n: number, p: number, q: Float64Array, order: Int32Array, standardize: boolean): StandardizedDesign {
  const z = new Float64Array(n * p);
  const center = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  const usable = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    const first = x[j];
    let varies = false;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i * p + j];
      if (v !== first) varies = true;
      m += q[i] * v;
    }
    center[j] = m;
    if (!varies) continue;
    usable[j] = 1;
    const col = j * n;
    let ss = 0;
    for (let r = 0; r < n; r++) {
      const row = order[r];
      const d = x[row * p + j] - m;
      z[col + r] = d;
      ss += q[row] * d * d;
    }
    if (standardize) {
      const s = Math.sqrt(ss);
      scale[j] = s;
      for (let r = 0; r < n; r++) z[col + r] /= s;
    }
  }
  return { n, p, z, center, scale, usable };
}
