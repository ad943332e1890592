import type { BreslowRiskSets, BreslowWork } from './breslow-risk-sets.js';
import { allocateBreslowWork, breslowDerivatives, breslowHessian, breslowLogLik } from './breslow-risk-sets.js';
import type { StandardizedDesign } from './standardize.js';

/**
 * One elastic-net Cox problem on the standardised scale (weights normalised to sum 1):
 *   minimise F(b) = -l(b) + lambda * sum_j vp_j [ (1 - alpha)/2 b_j^2 + alpha |b_j| ],
 * l = Breslow log partial likelihood with normalised weights (i.e. (1/sum w) times the weighted one).
 */
export interface PenalizedCoxProblem {
  readonly riskSets: BreslowRiskSets;
  readonly design: StandardizedDesign;
  /** Penalty factors, rescaled to sum to p as glmnet does. */
  readonly penaltyFactor: Float64Array;
  readonly alpha: number;
}

/** Solver knobs. */
export interface SolverControl {
  /** Stop a lambda when max KKT violation (standardised scale) is below this. */
  readonly kktTolerance: number;
  /** Proximal-Newton (outer IRLS) steps per lambda. */
  readonly maxNewtonIterations: number;
  /** Coordinate-descent passes per Newton step. */
  readonly maxPasses: number;
  /** Inner stop: max_j v_j * (change in b_j)^2 below this (glmnet's `thresh` criterion). */
  readonly innerTolerance: number;
}

/** Mutable warm-start state carried along the path. */
export interface SolverState {
  /** Coefficients on the standardised scale. */
  readonly beta: Float64Array;
  /** Linear predictor in sorted row order, kept equal to Z beta. */
  readonly eta: Float64Array;
  /** Ever-active set (strong set plus KKT violators), 0/1 per column. */
  readonly active: Uint8Array;
  /** Gradient of l at the current beta (standardised scale). */
  readonly gradient: Float64Array;
}

/** What one lambda cost and how well it converged. */
export interface LambdaSolveDiagnostics {
  readonly newtonIterations: number;
  readonly passes: number;
  readonly kktMaxViolation: number;
  readonly converged: boolean;
  /** Log partial likelihood (normalised weights) at the solution. */
  readonly logLik: number;
}

/** Scratch arrays reused for every lambda of one problem. */
export interface SolverWork {
  readonly breslow: BreslowWork;
  readonly wr: Float64Array;
  readonly etaTrial: Float64Array;
  readonly direction: Float64Array;
  readonly betaNew: Float64Array;
  readonly v: Float64Array;
}

/** Fresh state (beta = 0) and scratch space for `problem`. */
export function initSolver(problem: PenalizedCoxProblem): { state: SolverState; work: SolverWork } {
  const { n, p } = problem.design;
  const state: SolverState = { beta: new Float64Array(p), eta: new Float64Array(n), active: new Uint8Array(p), gradient: new Float64Array(p) };
  const work: SolverWork = {
    breslow: allocateBreslowWork(problem.riskSets),
    wr: new Float64Array(n),
    etaTrial: new Float64Array(n),
    direction: new Float64Array(p),
    betaNew: new Float64Array(p),
    v: new Float64Array(p),
  };
  return { state, work };
}

/** Gradient of l: g_j = sum_r residual_r z_rj, for every usable column. Returns the log-likelihood. */
export function computeGradient(problem: PenalizedCoxProblem, state: SolverState, work: SolverWork): number {
  const ll = breslowDerivatives(problem.riskSets, state.eta, work.breslow);
  const { n, p, z, usable } = problem.design;
  const r = work.breslow.residual;
  for (let j = 0; j < p; j++) {
    if (!usable[j]) continue;
    let s = 0;
    const col = j * n;
    for (let i = 0; i < n; i++) s += r[i] * z[col + i];
    state.gradient[j] = s;
  }
  return ll;
}

function penalty(problem: PenalizedCoxProblem, beta: Float64Array, lambda: number): number {
  const { alpha, penaltyFactor } = problem;
  let s = 0;
  for (let j = 0; j < beta.length; j++) {
    const b = beta[j];
    if (b !== 0) s += penaltyFactor[j] * (0.5 * (1 - alpha) * b * b + alpha * Math.abs(b));
  }
  return lambda * s;
}

/**
 * Max violation of the optimality conditions of F at `beta` given gradient g of l:
 * b_j != 0: |g_j - lambda (1-alpha) vp_j b_j - lambda alpha vp_j sign(b_j)|; b_j = 0: max(0, |g_j| - lambda alpha vp_j).
 */
export function kktViolation(problem: PenalizedCoxProblem, beta: Float64Array, gradient: Float64Array, lambda: number): number {
  const { alpha, penaltyFactor } = problem;
  const usable = problem.design.usable;
  let worst = 0;
  for (let j = 0; j < beta.length; j++) {
    if (!usable[j]) continue;
    const l1 = lambda * alpha * penaltyFactor[j];
    const l2 = lambda * (1 - alpha) * penaltyFactor[j];
    const b = beta[j];
    const g = gradient[j];
    const viol = b !== 0 ? Math.abs(g - l2 * b - l1 * Math.sign(b)) : Math.max(0, Math.abs(g) - l1);
    if (viol > worst) worst = viol;
  }
  return worst;
}

/** Largest active set for which the exact Hessian is built; beyond it glmnet's diagonal IRLS model is used. */
export const EXACT_HESSIAN_MAX_ACTIVE = 256;

/**
 * Coordinate descent on the exact second-order model of -l restricted to the active set:
 * minimise -g'(b - beta) + 1/2 (b - beta)' H (b - beta) + penalty(b), Gram-form updates O(m) each.
 */
function solveExactModel(problem: PenalizedCoxProblem, state: SolverState, work: SolverWork, lambda: number, control: SolverControl, act: Int32Array): number {
  const m = act.length;
  const { alpha, penaltyFactor } = problem;
  const hess = new Float64Array(m * m);
  breslowHessian(problem.riskSets, work.breslow, problem.design.z, act, hess);
  const b = work.betaNew;
  b.set(state.beta);
  const hd = new Float64Array(m);
  let passes = 0;
  while (passes < control.maxPasses) {
    passes++;
    let dlx = 0;
    for (let a = 0; a < m; a++) {
      const j = act[a];
      const hjj = hess[a * m + a];
      const c = state.gradient[j] - hd[a] + hjj * b[j];
      const l1 = lambda * alpha * penaltyFactor[j];
      const ac = Math.abs(c);
      const denom = hjj + lambda * (1 - alpha) * penaltyFactor[j];
      const bj = ac <= l1 || !(denom > 0) ? 0 : (Math.sign(c) * (ac - l1)) / denom;
      if (bj !== b[j]) {
        const del = bj - b[j];
        b[j] = bj;
        dlx = Math.max(dlx, hjj * del * del);
        const row = a * m;
        for (let l = 0; l < m; l++) hd[l] += hess[row + l] * del;
      }
    }
    if (dlx < control.innerTolerance) break;
  }
  return passes;
}

/** Build the active list and solve the quadratic model with the exact or the diagonal Hessian. */
function solveQuadraticModel(problem: PenalizedCoxProblem, state: SolverState, work: SolverWork, lambda: number, control: SolverControl): number {
  const act: number[] = [];
  for (let j = 0; j < problem.design.p; j++) if (state.active[j]) act.push(j);
  if (act.length <= EXACT_HESSIAN_MAX_ACTIVE) return solveExactModel(problem, state, work, lambda, control, Int32Array.from(act));
  return solveDiagonalModel(problem, state, work, lambda, control);
}

/** Coordinate descent on glmnet's IRLS model (diagonal eta-Hessian) around the current point; returns passes used. */
function solveDiagonalModel(problem: PenalizedCoxProblem, state: SolverState, work: SolverWork, lambda: number, control: SolverControl): number {
  const { n, p, z } = problem.design;
  const { alpha, penaltyFactor } = problem;
  const h = work.breslow.hessianDiagonal;
  const wr = work.wr;
  wr.set(work.breslow.residual);
  const b = work.betaNew;
  b.set(state.beta);
  const v = work.v;
  const act: number[] = [];
  for (let j = 0; j < p; j++) {
    if (!state.active[j]) continue;
    act.push(j);
    let s = 0;
    const col = j * n;
    for (let i = 0; i < n; i++) s += h[i] * z[col + i] * z[col + i];
    v[j] = s;
  }
  let passes = 0;
  while (passes < control.maxPasses) {
    passes++;
    let dlx = 0;
    for (const j of act) {
      const col = j * n;
      let u = 0;
      for (let i = 0; i < n; i++) u += wr[i] * z[col + i];
      u += b[j] * v[j];
      const l1 = lambda * alpha * penaltyFactor[j];
      const au = Math.abs(u);
      const bj = au <= l1 ? 0 : (Math.sign(u) * (au - l1)) / (v[j] + lambda * (1 - alpha) * penaltyFactor[j]);
      if (bj !== b[j]) {
        const del = bj - b[j];
        b[j] = bj;
        dlx = Math.max(dlx, v[j] * del * del);
        for (let i = 0; i < n; i++) wr[i] -= del * h[i] * z[col + i];
      }
    }
    if (dlx < control.innerTolerance) break;
  }
  return passes;
}

/**
 * Solve F at one lambda by proximal Newton, warm-started from `state`: each step builds a quadratic model
 * of -l over the active set (the exact Hessian when at most EXACT_HESSIAN_MAX_ACTIVE columns are active,
 * otherwise glmnet's IRLS model with the diagonal eta-Hessian), minimises it by cyclic coordinate descent
 * with soft-thresholding, then takes the step with Armijo backtracking on F.
 * The active set starts from the sequential strong rule |g_j| > alpha (2 lambda - lambdaPrevious) vp_j
 * and grows with any KKT violator, so the final check is over all columns.
 * @see glmnet's Fortran `coxnet1`; Simon, Friedman, Hastie & Tibshirani (2011) J Stat Softw 39(5)
 */
export function solveAtLambda(
  problem: PenalizedCoxProblem,
  state: SolverState,
  work: SolverWork,
  lambda: number,
  lambdaPrevious: number,
  control: SolverControl,
): LambdaSolveDiagnostics {
  const { n, p, z, usable } = problem.design;
  const { alpha, penaltyFactor } = problem;
  const strong = alpha * (2 * lambda - lambdaPrevious);
  let ll = computeGradient(problem, state, work);
  for (let j = 0; j < p; j++) {
    if (usable[j] && !state.active[j] && (penaltyFactor[j] === 0 || Math.abs(state.gradient[j]) > strong * penaltyFactor[j])) state.active[j] = 1;
  }
  let passes = 0;
  let kkt = Infinity;
  let iter = 0;
  for (;;) {
    kkt = kktViolation(problem, state.beta, state.gradient, lambda);
    if (kkt < control.kktTolerance || iter >= control.maxNewtonIterations) break;
    iter++;
    for (let j = 0; j < p; j++) {
      if (usable[j] && !state.active[j] && Math.abs(state.gradient[j]) > lambda * alpha * penaltyFactor[j]) state.active[j] = 1;
    }
    passes += solveQuadraticModel(problem, state, work, lambda, control);
    const d = work.direction;
    let predicted = 0;
    for (let j = 0; j < p; j++) {
      d[j] = work.betaNew[j] - state.beta[j];
      predicted -= state.gradient[j] * d[j];
    }
    const pen0 = penalty(problem, state.beta, lambda);
    predicted += penalty(problem, work.betaNew, lambda) - pen0;
    const f0 = -ll + pen0;
    let t = 1;
    const trial = work.betaNew;
    for (;;) {
      const et = work.etaTrial;
      et.set(state.eta);
      for (let j = 0; j < p; j++) {
        const dj = t * d[j];
        if (dj === 0) continue;
        const col = j * n;
        for (let i = 0; i < n; i++) et[i] += dj * z[col + i];
      }
      for (let j = 0; j < p; j++) trial[j] = state.beta[j] + t * d[j];
      const f1 = -breslowLogLik(problem.riskSets, et, work.breslow) + penalty(problem, trial, lambda);
      if (f1 <= f0 + 1e-4 * t * Math.min(predicted, 0) + 8 * Number.EPSILON * Math.abs(f0) || t < 1e-10) break;
      t *= 0.5;
    }
    state.beta.set(trial);
    state.eta.set(work.etaTrial);
    ll = computeGradient(problem, state, work);
  }
  return { newtonIterations: iter, passes, kktMaxViolation: kkt, converged: kkt < control.kktTolerance, logLik: ll };
}
