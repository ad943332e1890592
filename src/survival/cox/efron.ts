import type { RiskSetLayout } from './risk-sets.js';
import { linearPredictor } from './risk-sets.js';

/** Log partial likelihood with its gradient and information at one β. */
export interface PartialLikelihood {
  readonly loglik: number;
  /** Score vector U(β), length p. */
  readonly u: Float64Array;
  /** Information matrix I(β) = -∂²ℓ/∂β², p × p row-major (symmetric, both triangles filled). */
  readonly imat: Float64Array;
}

/**
 * Breslow or Efron log partial likelihood, score and information for (possibly stratified,
 * weighted, (start, stop]) data, in one backward sweep over each stratum: O(n p²).
 *
 * At an event time t with tied events D (weights w_i, d = |D|), risk set R(t), r_i = w_i exp(η_i):
 * - Breslow: ℓ += Σ_D w_i η_i - W log S0, S0 = Σ_R r_i, W = Σ_D w_i;
 * - Efron:   ℓ += Σ_D w_i η_i - (W/d) Σ_{k=0}^{d-1} log(S0 - (k/d) Σ_D r_i),
 * with U and I from the matching weighted means and covariances of z over R(t) (the tied events
 * entering with weight 1 - k/d in the k-th Efron term).
 *
 * @see R survival: C routines `coxfit6` (right-censored) and `agfit4` (counting process).
 */
export function efronBreslowLikelihood(layout: RiskSetLayout, z: Float64Array, p: number, beta: ArrayLike<number>, efron: boolean, eta: Float64Array): PartialLikelihood {
  const { strataStart, byExit, byEntry, time, event, entry, weights } = layout;
  linearPredictor(layout, z, p, beta, eta);
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  let loglik = 0;
  for (let s = 0; s + 1 < strataStart.length; s++) {
    const end = strataStart[s + 1];
    let denom = 0;
    let nrisk = 0;
    a.fill(0);
    cmat.fill(0);
    let ePtr = strataStart[s];
    for (let k = strataStart[s]; k < end; ) {
      const t = time[byExit[k]];
      if (byEntry && entry) {
        for (; ePtr < end && entry[byEntry[ePtr]] >= t; ePtr++) {
          const i = byEntry[ePtr];
          nrisk--;
          if (nrisk === 0) {
            denom = 0;
            a.fill(0);
            cmat.fill(0);
            continue;
          }
          const r = Math.exp(eta[i]) * weights[i];
          denom -= r;
          const o = i * p;
          for (let j = 0; j < p; j++) {
            const rz = r * z[o + j];
            a[j] -= rz;
            for (let l = 0; l <= j; l++) cmat[j * p + l] -= rz * z[o + l];
          }
        }
      }
      let deaths = 0;
      let deadwt = 0;
      let denom2 = 0;
      for (; k < end && time[byExit[k]] === t; k++) {
        const i = byExit[k];
        nrisk++;
        const w = weights[i];
        const r = Math.exp(eta[i]) * w;
        const o = i * p;
        if (event[i] === 1) {
          if (deaths === 0) {
            a2.fill(0);
            cmat2.fill(0);
          }
          deaths++;
          deadwt += w;
          denom2 += r;
          loglik += w * eta[i];
          for (let j = 0; j < p; j++) {
            const zj = z[o + j];
            u[j] += w * zj;
            const rz = r * zj;
            a2[j] += rz;
            for (let l = 0; l <= j; l++) cmat2[j * p + l] += rz * z[o + l];
          }
        } else {
          denom += r;
          for (let j = 0; j < p; j++) {
            const rz = r * z[o + j];
            a[j] += rz;
            for (let l = 0; l <= j; l++) cmat[j * p + l] += rz * z[o + l];
          }
        }
      }
      if (deaths === 0) continue;
      const steps = efron && deaths > 1 ? deaths : 1;
      const wt = deadwt / steps;
      const frac = 1 / steps;
      for (let q = 0; q < steps; q++) {
        denom += denom2 * frac;
        loglik -= wt * Math.log(denom);
        for (let j = 0; j < p; j++) {
          a[j] += a2[j] * frac;
          const mj = a[j] / denom;
          u[j] -= wt * mj;
          for (let l = 0; l <= j; l++) {
            cmat[j * p + l] += cmat2[j * p + l] * frac;
            imat[j * p + l] += (wt * (cmat[j * p + l] - mj * a[l])) / denom;
          }
        }
      }
    }
  }
  for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) imat[l * p + j] = imat[j * p + l];
  return { loglik, u, imat };
}
