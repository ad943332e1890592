/**
 * Breslow risk sets laid out once by a single sort, and the partial-likelihood quantities the
 * penalised Cox solver needs on every Newton step: log-likelihood, its gradient with respect to the
 * linear predictor (the "working residual") and the diagonal of its Hessian (the IRLS weights).
 * Every pass is O(n) on the sorted layout.
 *
 * Layout: rows sorted by time ascending, deaths before censorings at a tied time, so a censored row
 * tied with a death time is in that death's risk set (R survival's Breslow convention).
 */
export interface BreslowRiskSets {
  readonly n: number;
  /** Sorted position -> original row index. */
  readonly order: Int32Array;
  /** Event indicator in sorted order. */
  readonly event: Uint8Array;
  /** Case weights in sorted order (as given by the caller: normalised or not). */
  readonly weight: Float64Array;
  /** Number of distinct death times. */
  readonly nDeathTimes: number;
  /** For death time k: first sorted position whose time is >= t_k (the risk set is [start_k, n)). */
  readonly start: Int32Array;
  /** For death time k: total weight of the deaths at t_k. */
  readonly deathWeight: Float64Array;
  /** For sorted position i: index of the last death time <= time_i, or -1. */
  readonly lastDeath: Int32Array;
}

/** Sort rows once and group death times. `weight[i]` is the case weight of original row i. */
export function buildBreslowRiskSets(time: Float64Array, event: Uint8Array, weight: Float64Array): BreslowRiskSets {
  const n = time.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => time[a] - time[b] || event[b] - event[a] || a - b);
  const order = Int32Array.from(idx);
  const ev = new Uint8Array(n);
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    ev[r] = event[order[r]];
    w[r] = weight[order[r]];
  }
  const startList: number[] = [];
  const dwList: number[] = [];
  const lastDeath = new Int32Array(n).fill(-1);
  let k = -1;
  let r = 0;
  while (r < n) {
    const t = time[order[r]];
    let s = r;
    let dw = 0;
    let hasDeath = false;
    while (s < n && time[order[s]] === t) {
      if (ev[s] === 1) {
        hasDeath = true;
        dw += w[s];
      }
      s++;
    }
    if (hasDeath) {
      k++;
      startList.push(r);
      dwList.push(dw);
    }
    for (let i = r; i < s; i++) lastDeath[i] = k;
    r = s;
  }
  return {
    n,
    order,
    event: ev,
    weight: w,
    nDeathTimes: startList.length,
    start: Int32Array.from(startList),
    deathWeight: Float64Array.from(dwList),
    lastDeath,
  };
}

/** Work arrays reused across Newton steps (allocate once per problem). */
export interface BreslowWork {
  /** weight_i * exp(eta_i - shift). */
  readonly e: Float64Array;
  /** Risk-set sums of `e` per death time. */
  readonly u: Float64Array;
  /** d loglik / d eta_i. */
  readonly residual: Float64Array;
  /** Diagonal of -d^2 loglik / d eta_i^2. */
  readonly hessianDiagonal: Float64Array;
}

/** Allocate work arrays for `rs`. */
export function allocateBreslowWork(rs: BreslowRiskSets): BreslowWork {
  return {
    e: new Float64Array(rs.n),
    u: new Float64Array(rs.nDeathTimes),
    residual: new Float64Array(rs.n),
    hessianDiagonal: new Float64Array(rs.n),
  };
}

function riskSums(rs: BreslowRiskSets, eta: Float64Array, work: BreslowWork): number {
  const { n, weight, start, nDeathTimes } = rs;
  let shift = -Infinity;
  for (let i = 0; i < n; i++) if (eta[i] > shift) shift = eta[i];
  if (!Number.isFinite(shift)) shift = 0;
  const e = work.e;
  for (let i = 0; i < n; i++) e[i] = weight[i] * Math.exp(eta[i] - shift);
  let acc = 0;
  let i = n - 1;
  for (let k = nDeathTimes - 1; k >= 0; k--) {
    for (; i >= start[k]; i--) acc += e[i];
    work.u[k] = acc;
  }
  return shift;
}

/**
 * Weighted Breslow log partial likelihood at linear predictor `eta` (sorted order):
 * l = sum_i w_i d_i eta_i - sum_k D_k log( sum_{j: t_j >= t_k} w_j exp(eta_j) ), D_k = weight of deaths at t_k.
 * @see survival::coxph(ties = "breslow") loglik; glmnet's Fortran `risk`.
 */
export function breslowLogLik(rs: BreslowRiskSets, eta: Float64Array, work: BreslowWork): number {
  const shift = riskSums(rs, eta, work);
  let ll = 0;
  for (let i = 0; i < rs.n; i++) if (rs.event[i] === 1) ll += rs.weight[i] * eta[i];
  for (let k = 0; k < rs.nDeathTimes; k++) ll -= rs.deathWeight[k] * (Math.log(work.u[k]) + shift);
  return ll;
}

/**
 * Log-likelihood plus its eta-gradient r_i = w_i d_i - e_i B_i and Hessian diagonal
 * h_i = e_i B_i - e_i^2 C_i, with e_i = w_i exp(eta_i), B_i = sum_{k: t_k <= t_i} D_k / U_k,
 * C_i = sum_{k: t_k <= t_i} D_k / U_k^2 (glmnet's `outer`). Fills `work.residual`, `work.hessianDiagonal`.
 */
export function breslowDerivatives(rs: BreslowRiskSets, eta: Float64Array, work: BreslowWork): number {
  const ll = breslowLogLik(rs, eta, work);
  const { e, u, residual, hessianDiagonal } = work;
  let b = 0;
  let c = 0;
  let k = -1;
  for (let i = 0; i < rs.n; i++) {
    const ki = rs.lastDeath[i];
    while (k < ki) {
      k++;
      const dk = rs.deathWeight[k] / u[k];
      b += dk;
      c += dk / u[k];
    }
    const ei = e[i];
    residual[i] = (rs.event[i] === 1 ? rs.weight[i] : 0) - ei * b;
    hessianDiagonal[i] = ei * b - ei * ei * c;
  }
  return ll;
}

/**
 * Saturated Breslow log-likelihood -sum_k D_k log D_k (deaths tied at a time pooled), the reference
 * point of glmnet's Cox deviance 2 (l_sat - l).
 * @see glmnet:::coxnet.deviance
 */
export function breslowSaturatedLogLik(rs: BreslowRiskSets): number {
  let s = 0;
  for (let k = 0; k < rs.nDeathTimes; k++) {
    const d = rs.deathWeight[k];
    if (d > 0) s -= d * Math.log(d);
  }
  return s;
}

/**
 * Exact Hessian of -l restricted to columns `cols` of a column-major design `z` (sorted rows), from the
 * risk sums of the last `breslowDerivatives` call:
 *   H_jl = sum_i e_i B_i z_ij z_il - sum_k (D_k / U_k^2) S_kj S_kl,  S_kj = sum_{i in R_k} e_i z_ij.
 * O(n m^2) for m columns. Writes the m x m matrix row-major into `out`.
 */
export function breslowHessian(rs: BreslowRiskSets, work: BreslowWork, z: Float64Array, cols: Int32Array, out: Float64Array): void {
  const n = rs.n;
  const m = cols.length;
  out.fill(0, 0, m * m);
  const { e, u, residual } = work;
  const zi = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const eb = (rs.event[i] === 1 ? rs.weight[i] : 0) - residual[i];
    if (eb === 0) continue;
    for (let a = 0; a < m; a++) zi[a] = z[cols[a] * n + i];
    for (let a = 0; a < m; a++) {
      const f = eb * zi[a];
      const row = a * m;
      for (let b = 0; b <= a; b++) out[row + b] += f * zi[b];
    }
  }
  const s = new Float64Array(m);
  let i = n - 1;
  for (let k = rs.nDeathTimes - 1; k >= 0; k--) {
    for (; i >= rs.start[k]; i--) {
      const ei = e[i];
      for (let a = 0; a < m; a++) s[a] += ei * z[cols[a] * n + i];
    }
    const c = rs.deathWeight[k] / (u[k] * u[k]);
    for (let a = 0; a < m; a++) {
      const f = c * s[a];
      const row = a * m;
      for (let b = 0; b <= a; b++) out[row + b] -= f * s[b];
    }
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) out[b * m + a] = out[a * m + b];
}
