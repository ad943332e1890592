import { choleskyLdl, choleskySolve, crossProduct, matMul } from '../../core/linalg.js';
import type { RiskSetLayout } from './risk-sets.js';

/**
 * Score residuals L_i = ∫ (x_i - x̄(t)) dM_i(t) of a Breslow or Efron Cox fit, n × p row-major,
 * *unweighted* (R: `residuals(fit, type = "score", weighted = FALSE)`), rows in data order.
 *
 * With hazard increments dΛ_k = W_k / S0_k at event time t_k (Efron: split into d sub-steps with
 * S0 - (q/d) S0_D and the tied events at risk with weight 1 - q/d), for a row at risk on
 * (entry_i, exit_i] with risk r_i = exp(η_i):
 *
 *   L_i = δ_i (x_i - x̄̃_i) - r_i Σ_{t_k ∈ (entry_i, exit_i]} (x_i H_k - G_k),
 *
 * H_k = Σ_q dΛ_kq, G_k = Σ_q x̄_kq dΛ_kq (the row's own event time uses the 1 - q/d weights and
 * x̄̃_i is the mean of the sub-step means). Cumulative sums over event times make this
 * O(n p + n log n) instead of R's O(n²) loop.
 *
 * @see R survival: `residuals.coxph(type = "score")`, C routines `coxscore2`, `agscore2`.
 */
export function scoreResiduals(layout: RiskSetLayout, x: Float64Array, p: number, eta: Float64Array, efron: boolean): Float64Array {
  const { n, strataStart, byExit, byEntry, time, event, entry, weights } = layout;
  const resid = new Float64Array(n * p);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  for (let s = 0; s + 1 < strataStart.length; s++) {
    const start = strataStart[s];
    const end = strataStart[s + 1];
    // Pass 1 (backward in time): per event time, H, G, H', G', mean of sub-step means.
    const times: number[] = [];
    const H: number[] = [];
    const Hd: number[] = [];
    const G: Float64Array[] = [];
    const Gd: Float64Array[] = [];
    const M: Float64Array[] = [];
    let denom = 0;
    let nrisk = 0;
    a.fill(0);
    let ePtr = start;
    for (let k = start; k < end; ) {
      const t = time[byExit[k]];
      if (byEntry && entry) {
        for (; ePtr < end && entry[byEntry[ePtr]] >= t; ePtr++) {
          const i = byEntry[ePtr];
          nrisk--;
          if (nrisk === 0) {
            denom = 0;
            a.fill(0);
            continue;
          }
          const r = Math.exp(eta[i]) * weights[i];
          denom -= r;
          for (let j = 0; j < p; j++) a[j] -= r * x[i * p + j];
        }
      }
      let deaths = 0;
      let deadwt = 0;
      let denom2 = 0;
      a2.fill(0);
      for (; k < end && time[byExit[k]] === t; k++) {
        const i = byExit[k];
        nrisk++;
        const r = Math.exp(eta[i]) * weights[i];
        denom += r;
        for (let j = 0; j < p; j++) a[j] += r * x[i * p + j];
        if (event[i] === 1) {
          deaths++;
          deadwt += weights[i];
          denom2 += r;
          for (let j = 0; j < p; j++) a2[j] += r * x[i * p + j];
        }
      }
      if (deaths === 0) continue;
      const g = new Float64Array(p);
      const gd = new Float64Array(p);
      const mm = new Float64Array(p);
      let h = 0;
      let hd = 0;
      if (!efron || deaths === 1) {
        h = hd = deadwt / denom;
        for (let j = 0; j < p; j++) {
          mm[j] = a[j] / denom;
          g[j] = gd[j] = mm[j] * h;
        }
      } else {
        const wt = deadwt / deaths;
        for (let q = 0; q < deaths; q++) {
          const f = q / deaths;
          const den = denom - f * denom2;
          const hz = wt / den;
          h += hz;
          hd += hz * (1 - f);
          for (let j = 0; j < p; j++) {
            const mean = (a[j] - f * a2[j]) / den;
            g[j] += mean * hz;
            gd[j] += mean * hz * (1 - f);
            mm[j] += mean / deaths;
          }
        }
      }
      times.push(t);
      H.push(h);
      Hd.push(hd);
      G.push(g);
      Gd.push(gd);
      M.push(mm);
    }
    // Cumulative sums in ascending time: cumH[q] = Σ_{event times <= T_q}, T ascending.
    const T = times.length;
    const tAsc = new Float64Array(T);
    const cumH = new Float64Array(T + 1);
    const cumG = new Float64Array((T + 1) * p);
    for (let q = 0; q < T; q++) {
      const src = T - 1 - q;
      tAsc[q] = times[src];
      cumH[q + 1] = cumH[q] + H[src];
      for (let j = 0; j < p; j++) cumG[(q + 1) * p + j] = cumG[q * p + j] + G[src][j];
    }
    // number of event times <= t
    const upTo = (t: number): number => {
      let lo = 0;
      let hi = T;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tAsc[mid] <= t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    for (let k = start; k < end; k++) {
      const i = byExit[k];
      const hi = upTo(time[i]);
      const lo = entry ? upTo(entry[i]) : 0;
      const r = Math.exp(eta[i]);
      let sumH = cumH[hi] - cumH[lo];
      const o = i * p;
      const own = event[i] === 1 ? T - hi : -1; // index into the descending arrays of the own time
      if (own >= 0) sumH += Hd[own] - H[own];
      for (let j = 0; j < p; j++) {
        let sumG = cumG[hi * p + j] - cumG[lo * p + j];
        let v = 0;
        if (own >= 0) {
          sumG += Gd[own][j] - G[own][j];
          v = x[o + j] - M[own][j];
        }
        resid[o + j] = v - r * (x[o + j] * sumH - sumG);
      }
    }
  }
  return resid;
}

/**
 * Sum weighted rows within clusters: out[g] = Σ_{i in g} w_i · rows[i] (G × p). With no cluster
 * every row is its own cluster (G = n). R: `rowsum(resid * weights, cluster)`.
 */
export function collapseByCluster(rows: Float64Array, p: number, weights: Float64Array, cluster: Int32Array | null, nClusters: number): Float64Array {
  const n = weights.length;
  if (!cluster) {
    const out = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) out[i * p + j] = rows[i * p + j] * weights[i];
    return out;
  }
  const out = new Float64Array(nClusters * p);
  for (let i = 0; i < n; i++) {
    const g = cluster[i];
    for (let j = 0; j < p; j++) out[g * p + j] += rows[i * p + j] * weights[i];
  }
  return out;
}

/**
 * Robust (sandwich) variance D'D, D = collapsed weighted dfbeta residuals = (Σ_{i∈g} w_i L_i) V,
 * with L the score residuals at β̂ and V = I(β̂)⁻¹ (the infinitesimal jackknife; Lin & Wei 1989).
 *
 * @see R survival: `coxph(robust = TRUE)`, `residuals.coxph(type = "dfbeta", collapse = cluster)`.
 */
export function sandwichVariance(scoreCollapsed: Float64Array, groups: number, p: number, naiveVar: Float64Array): Float64Array {
  const dfbeta = matMul(scoreCollapsed, naiveVar, groups, p, p);
  return crossProduct(dfbeta, groups, p);
}

/**
 * Robust score test U' (T'T)⁻ U with T the collapsed weighted score residuals at β0 and
 * U = Σ_g T_g; rank of T'T as degrees of freedom.
 *
 * @see R survival: `fit$rscore` (computed in `coxph` with `coxph.wtest`).
 */
export function robustScoreStatistic(scoreCollapsed: Float64Array, groups: number, p: number, tolerChol: number): { statistic: number; rank: number } {
  const u = new Float64Array(p);
  for (let g = 0; g < groups; g++) for (let j = 0; j < p; j++) u[j] += scoreCollapsed[g * p + j];
  const f = choleskyLdl(crossProduct(scoreCollapsed, groups, p), p, tolerChol);
  const sol = choleskySolve(f, u);
  let stat = 0;
  for (let j = 0; j < p; j++) stat += sol[j] * u[j];
  return { statistic: stat, rank: f.rank };
}
