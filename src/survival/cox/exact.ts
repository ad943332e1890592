import type { PartialLikelihood } from './efron.js';
import type { RiskSetLayout } from './risk-sets.js';
import { linearPredictor } from './risk-sets.js';

/**
 * "Exact" (discrete-time, conditional logistic) log partial likelihood for right-censored,
 * unweighted data: at an event time with d tied events among the risk set R,
 *
 *   ℓ += Σ_D η_i - log E_d(R),   E_d(R) = Σ_{S ⊂ R, |S| = d} Π_{i∈S} exp(η_i),
 *
 * the elementary symmetric polynomial of degree d of the risk scores. Rows are swept in
 * descending exit time, so each risk set is a prefix and E_k, ∂E_k/∂β and ∂²E_k/∂β² (k <= d_max)
 * are updated incrementally: E_k ← E_k + s E_{k-1} (Gail, Lubin & Rubinstein 1981).
 * Cost O(n d_max p²) per evaluation.
 *
 * @see R survival: `coxph(ties = "exact")`, C routine `coxexact`.
 */
export function exactLikelihood(layout: RiskSetLayout, z: Float64Array, p: number, beta: ArrayLike<number>, eta: Float64Array): PartialLikelihood {
  const { strataStart, byExit, time, event } = layout;
  linearPredictor(layout, z, p, beta, eta);
  const D = Math.max(1, layout.maxTiedEvents);
  const pp = p * p;
  // e0[k], e1[k*p + j], e2[k*pp + j*p + l] for k = 0..D (lower triangle j >= l used).
  const e0 = new Float64Array(D + 1);
  const e1 = new Float64Array((D + 1) * p);
  const e2 = new Float64Array((D + 1) * pp);
  const u = new Float64Array(p);
  const imat = new Float64Array(pp);
  let loglik = 0;
  for (let s = 0; s + 1 < strataStart.length; s++) {
    e0.fill(0);
    e1.fill(0);
    e2.fill(0);
    e0[0] = 1;
    const end = strataStart[s + 1];
    let m = 0; // rows in the prefix
    for (let k = strataStart[s]; k < end; ) {
      const t = time[byExit[k]];
      let d = 0;
      for (; k < end && time[byExit[k]] === t; k++) {
        const i = byExit[k];
        const o = i * p;
        const sc = Math.exp(eta[i]);
        m++;
        const top = Math.min(m, D);
        // Update degrees from the top so E_{k-1} is still the old value.
        for (let deg = top; deg >= 1; deg--) {
          const b0 = e0[deg - 1];
          for (let j = 0; j < p; j++) {
            const zj = z[o + j];
            const b1j = e1[(deg - 1) * p + j];
            for (let l = 0; l <= j; l++) {
              const zl = z[o + l];
              e2[deg * pp + j * p + l] += sc * (zj * zl * b0 + zj * e1[(deg - 1) * p + l] + zl * b1j + e2[(deg - 1) * pp + j * p + l]);
            }
          }
          for (let j = 0; j < p; j++) e1[deg * p + j] += sc * (z[o + j] * b0 + e1[(deg - 1) * p + j]);
          e0[deg] += sc * b0;
        }
        if (event[i] === 1) {
          d++;
          loglik += eta[i];
          for (let j = 0; j < p; j++) u[j] += z[o + j];
        }
      }
      if (d === 0) continue;
      const E = e0[d];
      loglik -= Math.log(E);
      for (let j = 0; j < p; j++) {
        const g = e1[d * p + j] / E;
        u[j] -= g;
        for (let l = 0; l <= j; l++) imat[j * p + l] += e2[d * pp + j * p + l] / E - g * (e1[d * p + l] / E);
      }
    }
  }
  for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) imat[l * p + j] = imat[j * p + l];
  return { loglik, u, imat };
}
