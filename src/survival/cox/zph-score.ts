import type { CoxModelLike } from './model-like.js';
import { rowsByStratum } from './baseline-hazard.js';

/**
 * Score vector and information matrix of the Cox model extended with time-varying terms
 * β_j + θ_j g(t), evaluated at (β̂, θ = 0): the ingredients of the cox.zph score test, plus the
 * Schoenfeld residuals. Covariates are centred at their column means first (as R does) for
 * numerical stability; the statistics do not depend on the centring.
 */
export interface ZphScore {
  readonly p: number;
  /** Score (2p): [U_β (≈ 0 at β̂), U_θ]; U_θ,j = Σ_events w g(t) (x_j - x̄_j(t)). */
  readonly u: Float64Array;
  /** Information (2p × 2p, row-major): [[I, I_g], [I_g, I_gg]] with weights 1, g(t), g(t)². */
  readonly imat: Float64Array;
  /** Event rows in output order: by stratum, then time (ties as R orders them). */
  readonly eventRows: Int32Array;
  /** Schoenfeld residuals x_i - x̄(t_i) (Efron: mean of the d tie-fraction means), nEvents × p. */
  readonly schoenfeld: Float64Array;
  /** Per stratum and column: events in the stratum if the column varies within it, else 0 (nStrata × p). */
  readonly used: Int32Array;
  readonly nStrata: number;
}

/**
 * Accumulate the zph score test ingredients in one backward sweep per stratum. At each event time
 * t with deaths D (d of them, total weight e), risk set R(t) = {entry < t <= exit}, and for each
 * tie fraction f (Breslow: f = 1 with weight e; Efron: f = k/d, k = 1..d, each with weight e/d):
 * S0 = Σ_{R\D} r + f Σ_D r, S1, S2 likewise, x̄ = S1/S0, V = S2/S0 - x̄x̄';
 * U_β -= wt x̄, U_θ -= g wt x̄, I += wt V, I_g += g wt V, I_gg += g² wt V; plus U += Σ_D w x (1, g).
 * O(n p²).
 *
 * @see R survival: `cox.zph` (C routines zph1 / zph2), survival 3.5-3.
 */
export function zphScore(model: Pick<CoxModelLike, 'data' | 'x' | 'p' | 'coef' | 'ties'>, gtime: Float64Array): ZphScore {
  const { data, x, p, coef } = model;
  const n = data.n;
  const efron = model.ties === 'efron';
  const w = data.weights;
  const P2 = 2 * p;
  // Centre at column means (unweighted, over all rows).
  const xc = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * p + j];
    m /= n;
    for (let i = 0; i < n; i++) xc[i * p + j] = x[i * p + j] - m;
  }
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += xc[i * p + j] * coef[j];
    risk[i] = Math.exp(eta) * (w ? w[i] : 1);
  }
  let nEvents = 0;
  for (let i = 0; i < n; i++) nEvents += data.event[i];
  const u = new Float64Array(P2);
  const imat = new Float64Array(P2 * P2);
  const schoenfeld = new Float64Array(nEvents * p);
  const eventRows = new Int32Array(nEvents);
  const stratRows = rowsByStratum(model);
  const used = new Int32Array(stratRows.length * p);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cm = new Float64Array(p * p);
  const cm2 = new Float64Array(p * p);
  const xbar = new Float64Array(p);
  const xmean = new Float64Array(p);
  const deaths: number[] = [];
  const tieSign = data.entry ? -1 : 1; // R lists tied counting-process events in reverse row order
  let out = 0;
  stratRows.forEach((rows, s) => {
    const m = rows.length;
    // used[s, j]
    let dS = 0;
    for (const i of rows) dS += data.event[i];
    for (let j = 0; j < p; j++) {
      let varies = false;
      for (let k = 1; k < m && !varies; k++) varies = x[rows[k] * p + j] !== x[rows[0] * p + j];
      used[s * p + j] = varies ? dS : 0;
    }
    const byExit = Int32Array.from(rows).sort((i1, i2) => data.time[i1] - data.time[i2] || i1 - i2);
    const byEntryDesc = data.entry ? Int32Array.from(rows).sort((i1, i2) => data.entry![i2] - data.entry![i1] || i1 - i2) : null;
    let ePtr = 0;
    let count = 0; // rows in the running sums (denom, a, cm)
    let denom = 0;
    a.fill(0);
    cm.fill(0);
    const blockStart = out + dS; // events of this stratum fill [out, out + dS) from the end
    let fill = blockStart;
    for (let k = m - 1; k >= 0; ) {
      const t = data.time[byExit[k]];
      let denom2 = 0;
      let deadwt = 0;
      deaths.length = 0;
      a2.fill(0);
      cm2.fill(0);
      for (; k >= 0 && data.time[byExit[k]] === t; k--) {
        const i = byExit[k];
        const r = risk[i];
        const xi = i * p;
        if (data.event[i] === 1) {
          deaths.push(i);
          denom2 += r;
          deadwt += w ? w[i] : 1;
          for (let c = 0; c < p; c++) {
            a2[c] += r * xc[xi + c];
            for (let c2 = 0; c2 <= c; c2++) cm2[c * p + c2] += r * xc[xi + c] * xc[xi + c2];
          }
        } else {
          count++;
          denom += r;
          for (let c = 0; c < p; c++) {
            a[c] += r * xc[xi + c];
            for (let c2 = 0; c2 <= c; c2++) cm[c * p + c2] += r * xc[xi + c] * xc[xi + c2];
          }
        }
      }
      if (byEntryDesc) {
        for (; ePtr < m && data.entry![byEntryDesc[ePtr]] >= t; ePtr++) {
          const i = byEntryDesc[ePtr];
          count--;
          if (count === 0) {
            // Nobody left in the running sums: reset exactly (avoids round-off residue).
            denom = 0;
            a.fill(0);
            cm.fill(0);
            continue;
          }
          const r = risk[i];
          const xi = i * p;
          denom -= r;
          for (let c = 0; c < p; c++) {
            a[c] -= r * xc[xi + c];
            for (let c2 = 0; c2 <= c; c2++) cm[c * p + c2] -= r * xc[xi + c] * xc[xi + c2];
          }
        }
      }
      const d = deaths.length;
      if (d > 0) {
        const g = gtime[deaths[0]];
        for (const i of deaths) {
          const wi = w ? w[i] : 1;
          for (let c = 0; c < p; c++) {
            u[c] += wi * xc[i * p + c];
            u[p + c] += g * wi * xc[i * p + c];
          }
        }
        const nf = efron ? d : 1;
        const wt = deadwt / nf;
        xmean.fill(0);
        for (let q = 1; q <= nf; q++) {
          const f = efron ? q / d : 1;
          const s0 = denom + f * denom2;
          for (let c = 0; c < p; c++) {
            xbar[c] = (a[c] + f * a2[c]) / s0;
            xmean[c] += xbar[c] / nf;
            u[c] -= wt * xbar[c];
            u[p + c] -= g * wt * xbar[c];
          }
          for (let c = 0; c < p; c++) {
            for (let c2 = 0; c2 <= c; c2++) {
              const v = (wt * ((cm[c * p + c2] + f * cm2[c * p + c2]) / s0 - xbar[c] * xbar[c2]));
              imat[c * P2 + c2] += v;
              imat[(p + c) * P2 + c2] += g * v;
              imat[(p + c) * P2 + p + c2] += g * g * v;
              if (c2 !== c) imat[(p + c2) * P2 + c] += g * v;
            }
          }
        }
        // Deaths of this time, in R's order, placed before the later times already filled.
        const ordered = deaths.slice().sort((i1, i2) => tieSign * (i1 - i2));
        fill -= d;
        ordered.forEach((i, q) => {
          eventRows[fill + q] = i;
          for (let c = 0; c < p; c++) schoenfeld[(fill + q) * p + c] = xc[i * p + c] - xmean[c];
        });
      }
      count += deaths.length;
      denom += denom2;
      for (let c = 0; c < p; c++) {
        a[c] += a2[c];
        for (let c2 = 0; c2 <= c; c2++) cm[c * p + c2] += cm2[c * p + c2];
      }
    }
    out = blockStart;
  });
  // Symmetrise: lower triangles were filled for the three blocks (I, I_g, I_gg).
  for (let r = 0; r < P2; r++) for (let c = r + 1; c < P2; c++) imat[r * P2 + c] = imat[c * P2 + r];
  return { p, u, imat, eventRows, schoenfeld, used, nStrata: stratRows.length };
}
