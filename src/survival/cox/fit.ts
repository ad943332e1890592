import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { formatIssue, issueError, issueWarning } from '../../core/issues.js';
import { TOLER_CHOL, choleskyInverse } from '../../core/linalg.js';
import type { DesignTerm } from '../design.js';
import type { SurvivalData } from '../outcome.js';
import { efronBreslowLikelihood } from './efron.js';
import { exactLikelihood } from './exact.js';
import type { CoxFit, CoxFitOptions, CoxFitTies, CoxModel, MonotoneLikelihood } from './model.js';
import { newtonRaphson } from './newton.js';
import { noCenterColumns, riskSetLayout, scaleDesign } from './risk-sets.js';
import { collapseByCluster, robustScoreStatistic, sandwichVariance, scoreResiduals } from './sandwich.js';
import { chiSquareTest, coefficientTable, waldTest } from './tests.js';

function checkInputs(data: SurvivalData, x: Float64Array, names: readonly string[], ties: CoxFitTies, o: CoxFitOptions, p: number): Issue[] {
  const issues: Issue[] = [];
  const n = data.n;
  if (ties !== 'efron' && ties !== 'breslow' && ties !== 'exact') {
    issues.push(issueError('bad_option', ['ties'], 'unknown ties method', { expected: "'efron', 'breslow' or 'exact'", received: String(ties) }));
  }
  if (p < 1) issues.push(issueError('bad_option', ['names'], 'a Cox fit needs at least one covariate', { expected: 'one or more design columns', received: '0' }));
  if (x.length !== n * p) {
    issues.push(issueError('bad_option', ['x'], `x has ${x.length} values but n × p = ${n} × ${p}`, { expected: String(n * p), received: String(x.length) }));
    return issues;
  }
  for (let i = 0; i < n * p; i++) {
    if (!Number.isFinite(x[i])) {
      const r = Math.floor(i / p);
      issues.push(issueError('non_finite', ['row', data.rowIndex[r] + 1, names[i % p]], `row ${data.rowIndex[r] + 1}: covariate "${names[i % p]}" is not finite`, { expected: 'a finite number', received: String(x[i]) }));
    }
  }
  if (n === 0) issues.push(issueError('empty_data', [], 'no rows to fit', { expected: 'at least one row' }));
  else if (!data.event.some((e) => e === 1)) issues.push(issueError('no_events', ['event'], 'every row is censored: a Cox model needs events', { expected: 'at least one event' }));
  const eps = o.eps ?? 1e-9;
  if (!(eps > 0)) issues.push(issueError('bad_option', ['eps'], 'eps must be positive', { expected: '> 0', received: String(eps) }));
  const iterMax = o.iterMax ?? 20;
  if (!Number.isInteger(iterMax) || iterMax < 0) issues.push(issueError('bad_option', ['iterMax'], 'iterMax must be a non-negative integer', { expected: 'integer >= 0', received: String(iterMax) }));
  if (o.tolerChol !== undefined && !(o.tolerChol > 0)) issues.push(issueError('bad_option', ['tolerChol'], 'tolerChol must be positive', { expected: '> 0', received: String(o.tolerChol) }));
  if (o.init !== undefined) {
    if (o.init.length !== p) issues.push(issueError('bad_option', ['init'], `init has ${o.init.length} values`, { expected: String(p), received: String(o.init.length) }));
    else for (let j = 0; j < p; j++) if (!Number.isFinite(o.init[j])) issues.push(issueError('non_finite', ['init', j], `init[${j}] is not finite`, { expected: 'a finite number', received: String(o.init[j]) }));
  }
  if (ties === 'exact') {
    if (data.weights) issues.push(issueError('bad_option', ['ties'], "case weights are not supported with ties = 'exact' (as in R)", { expected: "'efron' or 'breslow'", received: 'exact' }));
    if (data.entry) issues.push(issueError('bad_option', ['ties'], "(start, stop] data are not supported with ties = 'exact'", { expected: "'efron' or 'breslow'", received: 'exact' }));
    if (o.robust || (o.robust === undefined && data.cluster)) {
      issues.push(issueError('bad_option', ['robust'], "robust variance needs score residuals, which R does not define for ties = 'exact'", { expected: "'efron' or 'breslow'", received: 'exact' }));
    }
  }
  return issues;
}

/**
 * Fit a Cox proportional-hazards model h(t | x) = h0_s(t) exp(x'β) by maximising the log partial
 * likelihood (Breslow, Efron or exact ties) with Newton-Raphson and step-halving, from β0 = init
 * (default 0), as R's `coxph` does. Supports strata (separate baseline hazards and risk sets),
 * (start, stop] rows (`data.entry`), case weights, and a robust sandwich variance grouped by
 * `data.cluster`.
 *
 * Returned inference: coef, exp(coef) with 95% CI, se, z, Wald p; var (robust when robust);
 * likelihood-ratio, Wald and score tests (and the robust score test when robust); centred linear
 * predictors. Numerical problems are diagnostics, not silent numbers: non-convergence
 * (`not_converged`), a likelihood still rising toward a boundary (`infinite_coefficient`, R's
 * "Loglik converged before variable j; coefficient may be infinite") and aliased columns
 * (`collinear_covariate`). With `strict`, any of these throws `E_NUMERIC`.
 *
 * @param x n × p row-major design (uncentred; the fit centres internally), rows aligned with `data`.
 * @param names column names, length p.
 * @throws HccError `E_INPUT` with issues for inconsistent inputs or options.
 * @see R survival: `coxph`, `coxph.fit`, `agreg.fit`, `coxexact.fit`, `coxph.control`.
 */
export function fitCox(data: SurvivalData, x: Float64Array, names: readonly string[], options: CoxFitOptions = {}): CoxFit {
  const ties: CoxFitTies = options.ties ?? 'efron';
  const p = names.length;
  const n = data.n;
  const issues = checkInputs(data, x, names, ties, options, p);
  if (issues.length) throw new HccError('E_INPUT', `fitCox: ${issues.length} problem(s) in the input`, { issues });
  const eps = options.eps ?? 1e-9;
  const iterMax = options.iterMax ?? 20;
  const tolerChol = options.tolerChol ?? TOLER_CHOL;
  const tolerInf = options.tolerInf ?? Math.sqrt(eps);
  const warnings: Issue[] = [];
  let robust = options.robust ?? data.cluster !== null;
  if (options.robust === false && data.cluster) {
    warnings.push(issueWarning('bad_option', ['robust'], 'a cluster was given with robust = false: the cluster is ignored (as R)', { expected: 'robust = true to use the cluster' }));
  }
  if (ties === 'exact') robust = false;

  const layout = riskSetLayout(data);
  const noCenter = noCenterColumns(x, n, p);
  const scaled = ties === 'exact'
    ? scaleDesign(x, n, p, new Float64Array(n).fill(1), noCenter, 'sd')
    : scaleDesign(x, n, p, layout.weights, noCenter, 'mean-abs');
  const { z, center, scale } = scaled;
  // Reported means as R: coxph.fit returns weighted means; agreg.fit and coxexact.fit column means.
  const means = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (noCenter[j]) continue;
    if (data.entry && ties !== 'exact') {
      let m = 0;
      for (let i = 0; i < n; i++) m += x[i * p + j];
      means[j] = m / n;
    } else means[j] = center[j];
  }

  const init = new Float64Array(p);
  if (options.init) for (let j = 0; j < p; j++) init[j] = options.init[j];
  const eta = new Float64Array(n);
  const efron = ties === 'efron';
  const evaluate = ties === 'exact'
    ? (b: Float64Array) => exactLikelihood(layout, z, p, b, eta)
    : (b: Float64Array) => efronBreslowLikelihood(layout, z, p, b, efron, eta);
  const nr = newtonRaphson(evaluate, Float64Array.from(init, (b, j) => b / scale[j]), {
    eps,
    iterMax,
    tolerChol,
    requireFullStep: ties === 'exact' || data.entry !== null,
    halving: ties === 'exact' ? 'half' : 'progressive',
  });

  // Back to the original scale.
  const inv = choleskyInverse(nr.factor);
  const coef = new Float64Array(p);
  const u = new Float64Array(p);
  const naiveVar = new Float64Array(p * p);
  const aliased = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    aliased[j] = nr.factor.kept[j] ? 0 : 1;
    coef[j] = aliased[j] ? 0 : nr.beta[j] * scale[j];
    u[j] = nr.u[j] / scale[j];
    for (let k = 0; k < p; k++) naiveVar[j * p + k] = inv[j * p + k] * scale[j] * scale[k];
  }
  const rank = nr.factor.rank;
  for (let j = 0; j < p; j++) {
    if (aliased[j]) {
      warnings.push(issueWarning('collinear_covariate', [names[j]], `covariate "${names[j]}" is a linear combination of earlier columns; its coefficient is not estimable (R reports NA)`, { expected: 'linearly independent columns', received: `rank ${rank} of ${p}` }));
    }
  }

  let mlp = 0;
  for (let j = 0; j < p; j++) mlp += means[j] * coef[j];
  const linearPredictors = new Float64Array(n);
  let maxLp = -Infinity;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += x[i * p + j] * coef[j];
    linearPredictors[i] = e - mlp;
    if (linearPredictors[i] > maxLp) maxLp = linearPredictors[i];
  }

  // Monotone likelihood: the Newton step still pending at convergence, |U(β̂)' V|.
  let monotone: MonotoneLikelihood | null = null;
  const pendingStep = new Float64Array(p);
  const outward = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += u[k] * naiveVar[k * p + j];
    pendingStep[j] = Math.abs(s);
    outward[j] = s * coef[j] > 0 ? 1 : 0;
  }
  if (iterMax > 1) {
    const flagged: number[] = [];
    for (let j = 0; j < p; j++) {
      if (aliased[j]) continue;
      const inf = pendingStep[j];
      let flag: boolean;
      // Not converged: R flags only overflow (max lp > 500, non-finite step). A likelihood whose
      // maximum is at infinity also shows up as a step still pushing |coef| outward (ℓ → 0 makes
      // the relative convergence rule fail), so flag that too rather than return a finite number.
      if (!nr.converged) flag = !Number.isFinite(inf) || maxLp > 500 || (outward[j] === 1 && inf > tolerInf * (1 + Math.abs(coef[j])));
      else if (data.entry && ties !== 'exact') flag = !Number.isFinite(u[j]) || inf > tolerInf * (1 + Math.abs(coef[j]));
      else flag = !Number.isFinite(u[j]) || (inf > eps && inf > tolerInf * Math.abs(coef[j]));
      if (flag) flagged.push(j);
    }
    if (flagged.length) {
      monotone = { columns: flagged, names: flagged.map((j) => names[j]), pendingStep };
      for (const j of flagged) {
        warnings.push(issueWarning('infinite_coefficient', [names[j]], `the partial likelihood converged before coefficient "${names[j]}" did (still moving by ${pendingStep[j].toExponential(3)} per step at ${coef[j].toPrecision(6)}): the coefficient may be infinite (monotone likelihood / separation); its estimate, standard error and Wald test are not meaningful`, { expected: 'a finite maximum of the partial likelihood', received: `coef ${coef[j].toPrecision(6)}, se ${Math.sqrt(naiveVar[j * p + j]).toPrecision(6)}` }));
      }
    }
    if (!nr.converged) {
      warnings.push(issueWarning('not_converged', ['iterMax'], `Newton-Raphson did not converge in ${iterMax} iterations (relative loglik change > ${eps})`, { expected: 'convergence', received: `${iterMax} iterations` }));
    }
  }

  // Robust variance and robust score test.
  let variance: Float64Array = naiveVar;
  let robustScore = null;
  if (robust) {
    const xc = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xc[i * p + j] = x[i * p + j] - center[j];
    const nGroups = data.cluster ? data.clusterLevels.length : n;
    const cluster = data.cluster;
    const lpHat = new Float64Array(n);
    const lpInit = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let a = 0;
      let b = 0;
      for (let j = 0; j < p; j++) {
        a += xc[i * p + j] * coef[j];
        b += xc[i * p + j] * init[j];
      }
      lpHat[i] = a;
      lpInit[i] = b;
    }
    const resid = collapseByCluster(scoreResiduals(layout, xc, p, lpHat, efron), p, layout.weights, cluster, nGroups);
    variance = sandwichVariance(resid, nGroups, p, naiveVar);
    for (let j = 0; j < p; j++) if (aliased[j]) for (let k = 0; k < p; k++) variance[j * p + k] = variance[k * p + j] = 0;
    const resid0 = collapseByCluster(scoreResiduals(layout, xc, p, lpInit, efron), p, layout.weights, cluster, nGroups);
    const rs = robustScoreStatistic(resid0, nGroups, p, tolerChol);
    robustScore = chiSquareTest(rs.statistic, rank);
  }

  const df = rank;
  const tests = {
    likelihoodRatio: chiSquareTest(2 * (nr.loglik - nr.loglikInit), df),
    wald: waldTest(coef, init, variance, p, aliased, tolerChol),
    score: chiSquareTest(nr.scoreTest, df),
    robustScore,
  };
  let nevent = 0;
  for (let i = 0; i < n; i++) nevent += data.event[i];
  const terms: readonly DesignTerm[] = options.terms ?? names.map((name, j) => ({ name, columns: [j] }));
  const model: CoxModel = {
    ties,
    data,
    x,
    n,
    p,
    names: [...names],
    terms,
    coef,
    var: variance,
    naiveVar,
    robust,
    aliased,
    rank,
    means,
    loglikNull: nr.loglikInit,
    loglik: nr.loglik,
    nevent,
    linearPredictors,
    coefficients: coefficientTable(names, coef, variance, naiveVar, aliased),
    tests,
  };
  if (options.strict && warnings.length) {
    throw new HccError('E_NUMERIC', `fitCox (strict): ${warnings.map(formatIssue).join('; ')}`, { issues: warnings });
  }
  return {
    model,
    diagnostics: { converged: nr.converged, iterations: nr.iterations, stepHalvings: nr.halvings, warnings, monotoneLikelihood: monotone },
  };
}
