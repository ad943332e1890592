import type { LdlFactor } from '../../core/linalg.js';
import { choleskyLdl, choleskySolve } from '../../core/linalg.js';
import type { PartialLikelihood } from './efron.js';

/** Settings of the Newton-Raphson loop (R's `coxph.control`, plus per-routine variants). */
export interface NewtonSettings {
  readonly eps: number;
  readonly iterMax: number;
  readonly tolerChol: number;
  /** agfit4 / coxexact declare convergence only on a full (not halved) step; coxfit6 does not. */
  readonly requireFullStep: boolean;
  /** 'progressive': β ← (β_try + h β_good)/(h + 1) with h the halving count (coxfit6, agfit4); 'half': (β_try + β_good)/2 (coxexact). */
  readonly halving: 'progressive' | 'half';
}

/** Outcome of the loop, on the internal (centred and scaled) parameter scale. */
export interface NewtonResult {
  readonly beta: Float64Array;
  readonly loglikInit: number;
  readonly loglik: number;
  /** Score at the returned β. */
  readonly u: Float64Array;
  /** Factor of the information at the returned β. */
  readonly factor: LdlFactor;
  /** Score test at the initial β: U0' I0⁻ U0. */
  readonly scoreTest: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly halvings: number;
}

function allFinite(e: PartialLikelihood): boolean {
  if (!Number.isFinite(e.loglik)) return false;
  for (let i = 0; i < e.u.length; i++) if (!Number.isFinite(e.u[i])) return false;
  for (let i = 0; i < e.imat.length; i++) if (!Number.isFinite(e.imat[i])) return false;
  return true;
}

/**
 * Maximise a log partial likelihood by Newton-Raphson from `init` with step-halving, as R's
 * Cox routines do: the first step is always taken; afterwards the fit has converged when
 * |1 - ℓ_best/ℓ_new| <= eps; a step that lowers ℓ (or overflows) is halved back toward the last
 * good β. `iterations` counts likelihood evaluations after the initial one (R's `fit$iter`).
 *
 * @see R survival: C routines `coxfit6`, `agfit4`, `coxexact`.
 */
export function newtonRaphson(evaluate: (beta: Float64Array) => PartialLikelihood, init: Float64Array, s: NewtonSettings): NewtonResult {
  const p = init.length;
  let beta = Float64Array.from(init);
  let cur = evaluate(beta);
  let factor = choleskyLdl(cur.imat, p, s.tolerChol);
  const step0 = choleskySolve(factor, cur.u);
  let scoreTest = 0;
  for (let j = 0; j < p; j++) scoreTest += step0[j] * cur.u[j];
  const loglikInit = cur.loglik;
  if (s.iterMax === 0 || !Number.isFinite(loglikInit)) {
    return { beta, loglikInit, loglik: loglikInit, u: cur.u, factor, scoreTest, iterations: 0, converged: s.iterMax === 0, halvings: 0 };
  }
  let best = loglikInit;
  let newBeta = new Float64Array(p);
  for (let j = 0; j < p; j++) newBeta[j] = beta[j] + step0[j];
  let halving = 0;
  let halvings = 0;
  const rank0 = factor.rank;
  for (let iter = 1; iter <= s.iterMax; iter++) {
    const tryEval = evaluate(newBeta);
    const tryFactor = choleskyLdl(tryEval.imat, p, s.tolerChol);
    const finite = allFinite(tryEval) && (!s.requireFullStep || tryFactor.rank === rank0);
    if (finite && Math.abs(1 - best / tryEval.loglik) <= s.eps && (!s.requireFullStep || halving === 0)) {
      return { beta: newBeta, loglikInit, loglik: tryEval.loglik, u: tryEval.u, factor: tryFactor, scoreTest, iterations: iter, converged: true, halvings };
    }
    if (iter === s.iterMax) {
      if (finite && tryEval.loglik >= best) {
        return { beta: newBeta, loglikInit, loglik: tryEval.loglik, u: tryEval.u, factor: tryFactor, scoreTest, iterations: iter, converged: false, halvings };
      }
      break;
    }
    if (!finite || tryEval.loglik < best) {
      halving++;
      halvings++;
      const h = s.halving === 'progressive' ? halving : 1;
      for (let j = 0; j < p; j++) newBeta[j] = (newBeta[j] + h * beta[j]) / (h + 1);
    } else {
      halving = 0;
      best = tryEval.loglik;
      cur = tryEval;
      factor = tryFactor;
      const step = choleskySolve(tryFactor, tryEval.u);
      beta = newBeta;
      newBeta = new Float64Array(p);
      for (let j = 0; j < p; j++) newBeta[j] = beta[j] + step[j];
    }
  }
  // Out of iterations with the last try worse than the best: report the last good β.
  return { beta, loglikInit, loglik: cur.loglik, u: cur.u, factor, scoreTest, iterations: s.iterMax, converged: false, halvings };
}
