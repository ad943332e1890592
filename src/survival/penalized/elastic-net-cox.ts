import { HccError, throwIfErrors } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { SurvivalData } from '../outcome.js';
import { breslowSaturatedLogLik, buildBreslowRiskSets } from './breslow-risk-sets.js';
import type { PenalizedCoxProblem, SolverControl } from './coordinate-descent.js';
import { computeGradient, initSolver, solveAtLambda } from './coordinate-descent.js';
import type { PathStopReason } from './lambda-path.js';
import { GLMNET_BIG_LAMBDA, defaultLambdaMinRatio, defaultLambdaPath, lambdaMax, pathStopReason } from './lambda-path.js';
import { standardizeDesign } from './standardize.js';

/** Outcomes plus a row-major n x p covariate matrix aligned with the outcome rows. */
export interface ElasticNetCoxInput {
  readonly outcome: SurvivalData;
  /** Row-major: x[i * p + j] is covariate j of outcome row i. */
  readonly x: Float64Array;
  readonly covariates: readonly string[];
}

/** Knobs, named after glmnet's arguments where one exists. */
export interface ElasticNetCoxOptions {
  /** Mixing: 1 = lasso, 0 = ridge (default 1). */
  readonly alpha?: number;
  /** Points on the default path (default 100). */
  readonly nlambda?: number;
  /** Smallest lambda as a fraction of lambda_max (default 1e-4, or 0.01 when n < p). */
  readonly lambdaMinRatio?: number;
  /** User lambdas (any order; fitted in decreasing order, no early stop). */
  readonly lambda?: readonly number[];
  /** Per-covariate penalty factors >= 0 (default 1), rescaled to sum to p as glmnet does. */
  readonly penaltyFactor?: readonly number[];
  /** Standardise columns before fitting (default true); coefficients are always returned on the original scale. */
  readonly standardize?: boolean;
  /** KKT tolerance on the standardised scale (default 1e-9). */
  readonly kktTolerance?: number;
  readonly maxNewtonIterations?: number;
  readonly maxPasses?: number;
  readonly innerTolerance?: number;
  /** Turn non-convergence warnings into an `E_NUMERIC` error. */
  readonly strict?: boolean;
}

/** Per-lambda solver diagnostics and warnings. */
export interface ElasticNetCoxDiagnostics {
  readonly newtonIterations: Int32Array;
  readonly passes: Int32Array;
  /** Max KKT violation of the objective at each solution (standardised scale). */
  readonly kktMaxViolation: Float64Array;
  readonly converged: boolean;
  /** Why a default path ended early (glmnet's rule), or null. */
  readonly stopReason: PathStopReason | null;
  /** Penalty factors after glmnet's rescaling to sum p. */
  readonly penaltyFactor: Float64Array;
  readonly warnings: readonly Issue[];
}

/** A fitted elastic-net Cox path. */
export interface ElasticNetCoxFit {
  readonly covariates: readonly string[];
  readonly alpha: number;
  readonly n: number;
  readonly nEvents: number;
  readonly pathKind: 'default' | 'user';
  readonly lambdaMax: number;
  /** Decreasing lambdas actually fitted (a default path may stop early). */
  readonly lambda: Float64Array;
  /** Coefficients per lambda on the original covariate scale. */
  readonly beta: readonly Float64Array[];
  /** Coefficients per lambda on the standardised scale (beta * scale). */
  readonly betaStandardized: readonly Float64Array[];
  /** Number of non-zero coefficients per lambda. */
  readonly df: Int32Array;
  /** Fraction of null deviance explained: (l - l_0) / (l_sat - l_0). */
  readonly devRatio: Float64Array;
  /** 2 (l_sat - l_0) with the case weights as given. */
  readonly nullDeviance: number;
  /** Weighted column means and scales used for standardisation. */
  readonly center: Float64Array;
  readonly scale: Float64Array;
  readonly diagnostics: ElasticNetCoxDiagnostics;
}

function validate(input: ElasticNetCoxInput, o: ElasticNetCoxOptions): Issue[] {
  const issues: Issue[] = [];
  const { outcome, x, covariates } = input;
  const n = outcome.n;
  const p = covariates.length;
  const alpha = o.alpha ?? 1;
  if (!(alpha >= 0 && alpha <= 1)) issues.push(issueError('bad_option', ['alpha'], 'alpha must lie in [0, 1]', { expected: '0 <= alpha <= 1', received: String(alpha) }));
  const nl = o.nlambda ?? 100;
  if (!Number.isInteger(nl) || nl < 1) issues.push(issueError('bad_option', ['nlambda'], 'nlambda must be a positive integer', { expected: 'integer >= 1', received: String(nl) }));
  if (o.lambdaMinRatio !== undefined && !(o.lambdaMinRatio > 0 && o.lambdaMinRatio < 1)) {
    issues.push(issueError('bad_option', ['lambdaMinRatio'], 'lambdaMinRatio must lie in (0, 1)', { expected: '0 < ratio < 1', received: String(o.lambdaMinRatio) }));
  }
  o.lambda?.forEach((l, k) => {
    if (!(Number.isFinite(l) && l >= 0)) issues.push(issueError('bad_option', ['lambda', k], 'every lambda must be finite and >= 0', { expected: 'lambda >= 0', received: String(l) }));
  });
  if (o.lambda !== undefined && o.lambda.length === 0) issues.push(issueError('bad_option', ['lambda'], 'lambda is empty', { expected: 'at least one value, or omit for the default path' }));
  if (o.penaltyFactor !== undefined) {
    if (o.penaltyFactor.length !== p) issues.push(issueError('bad_option', ['penaltyFactor'], `penaltyFactor has ${o.penaltyFactor.length} values for ${p} covariates`, { expected: String(p), received: String(o.penaltyFactor.length) }));
    o.penaltyFactor.forEach((v, j) => {
      if (!(Number.isFinite(v) && v >= 0)) issues.push(issueError('bad_option', ['penaltyFactor', j], 'penalty factors must be finite and >= 0', { expected: '>= 0', received: String(v) }));
    });
    if (o.penaltyFactor.every((v) => !(v > 0))) issues.push(issueError('bad_option', ['penaltyFactor'], 'at least one penalty factor must be positive', { expected: 'some factor > 0' }));
  }
  if (p === 0) issues.push(issueError('empty_data', ['covariates'], 'no covariates given', { expected: 'at least one covariate' }));
  if (x.length !== n * p) issues.push(issueError('bad_option', ['x'], `x has ${x.length} values, expected n * p = ${n * p}`, { expected: String(n * p), received: String(x.length) }));
  else {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        if (!Number.isFinite(x[i * p + j])) {
          issues.push(issueError('non_finite', ['x', outcome.rowIndex[i] + 1, covariates[j]], `row ${outcome.rowIndex[i] + 1}: covariate "${covariates[j]}" is not finite`, { expected: 'a finite number', received: String(x[i * p + j]) }));
        }
      }
    }
  }
  if (outcome.entry !== null) issues.push(issueError('bad_option', ['entry'], 'counting-process (entry, exit] data is not supported by the penalised Cox fit', { expected: 'right-censored data (no entry column)' }));
  if (outcome.strata !== null) issues.push(issueError('bad_option', ['strata'], 'stratified penalised Cox is not supported', { expected: 'no strata' }));
  if (n < 2) issues.push(issueError('too_few_rows', ['outcome'], `only ${n} row(s)`, { expected: 'at least 2 rows' }));
  let events = 0;
  for (let i = 0; i < n; i++) events += outcome.event[i];
  if (n >= 1 && events === 0) issues.push(issueError('no_events', ['event'], 'no events: the partial likelihood is flat', { expected: 'at least one event' }));
  return issues;
}

/**
 * Elastic-net penalised Cox regression along a lambda path, reproducing glmnet's Cox family:
 *   minimise -(1/sum w) l_Breslow(b) + lambda * sum_j vp_j [ (1 - alpha)/2 b_j^2 + alpha |b_j| ]
 * on columns standardised by weighted mean and 1/n sd, with lambda_max = max_j |g_j(0)| / vp_j / max(alpha, 1e-3),
 * a log-spaced default path (first point solved at glmnet's `big`, reported as lambda_max) and glmnet's early stop.
 * Warm starts along the path; each lambda is solved by proximal Newton with coordinate descent to KKT < kktTolerance.
 * Censored rows tied with a death time stay in its risk set (survival's Breslow convention; glmnet agrees when its
 * time shift of censored rows is representable, see the reference generator).
 * @see glmnet::glmnet(family = "cox") 4.1-6
 */
export function fitElasticNetCox(input: ElasticNetCoxInput, options: ElasticNetCoxOptions = {}): ElasticNetCoxFit {
  throwIfErrors('fitElasticNetCox', validate(input, options));
  const { outcome, x, covariates } = input;
  const n = outcome.n;
  const p = covariates.length;
  const alpha = options.alpha ?? 1;
  const standardize = options.standardize ?? true;
  const control: SolverControl = {
    kktTolerance: options.kktTolerance ?? 1e-9,
    maxNewtonIterations: options.maxNewtonIterations ?? 100,
    maxPasses: options.maxPasses ?? 100000,
    innerTolerance: options.innerTolerance ?? 1e-22,
  };
  const w = outcome.weights ?? new Float64Array(n).fill(1);
  let sw = 0;
  for (let i = 0; i < n; i++) sw += w[i];
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = w[i] / sw;
  const riskSets = buildBreslowRiskSets(outcome.time, outcome.event, q);
  const design = standardizeDesign(x, n, p, q, riskSets.order, standardize);
  const warnings: Issue[] = [];
  for (let j = 0; j < p; j++) {
    if (!design.usable[j]) warnings.push(issueWarning('constant_covariate', ['covariates', covariates[j]], `covariate "${covariates[j]}" is constant; its coefficient is fixed at 0`));
  }
  const vpRaw = options.penaltyFactor ?? new Array<number>(p).fill(1);
  const vpSum = vpRaw.reduce((a, b) => a + b, 0);
  const penaltyFactor = Float64Array.from(vpRaw, (v) => (v * p) / vpSum);
  const problem: PenalizedCoxProblem = { riskSets, design, penaltyFactor, alpha };
  const { state, work } = initSolver(problem);

  const ll0 = computeGradient(problem, state, work);
  const llSat = breslowSaturatedLogLik(riskSets);
  const absGrad = state.gradient.map(Math.abs);
  const lamMax = lambdaMax(absGrad, penaltyFactor, design.usable, alpha);
  const userPath = options.lambda !== undefined;
  const lambdas = userPath
    ? Float64Array.from([...options.lambda!].sort((a, b) => b - a))
    : defaultLambdaPath(lamMax, options.nlambda ?? 100, options.lambdaMinRatio ?? defaultLambdaMinRatio(n, p));

  const nl = lambdas.length;
  const beta: Float64Array[] = [];
  const betaStd: Float64Array[] = [];
  const df: number[] = [];
  const dev: number[] = [];
  const iters: number[] = [];
  const passes: number[] = [];
  const kkt: number[] = [];
  let converged = true;
  let stopReason: PathStopReason | null = null;
  let previous = lamMax;
  for (let k = 0; k < nl; k++) {
    const solveAt = !userPath && k === 0 ? GLMNET_BIG_LAMBDA : lambdas[k];
    const d = solveAtLambda(problem, state, work, solveAt, previous, control);
    previous = lambdas[k];
    if (!d.converged) {
      converged = false;
      warnings.push(issueWarning('not_converged', ['lambda', k], `lambda ${lambdas[k]}: KKT violation ${d.kktMaxViolation.toExponential(2)} after ${d.newtonIterations} Newton steps`, { expected: `< ${control.kktTolerance}` }));
    }
    betaStd.push(Float64Array.from(state.beta));
    beta.push(Float64Array.from(state.beta, (b, j) => b / design.scale[j]));
    let nz = 0;
    for (let j = 0; j < p; j++) if (state.beta[j] !== 0) nz++;
    df.push(nz);
    dev.push((d.logLik - ll0) / (llSat - ll0));
    iters.push(d.newtonIterations);
    passes.push(d.passes);
    kkt.push(d.kktMaxViolation);
    if (!userPath) {
      stopReason = pathStopReason(dev, k, nl);
      if (stopReason) break;
    }
  }
  if (!converged && options.strict) throw new HccError('E_NUMERIC', 'fitElasticNetCox: not converged', { issues: warnings.filter((i) => i.code === 'not_converged') });
  const m = beta.length;
  let nEvents = 0;
  for (let i = 0; i < n; i++) nEvents += outcome.event[i];
  return {
    covariates: [...covariates],
    alpha,
    n,
    nEvents,
    pathKind: userPath ? 'user' : 'default',
    lambdaMax: lamMax,
    lambda: lambdas.slice(0, m),
    beta,
    betaStandardized: betaStd,
    df: Int32Array.from(df),
    devRatio: Float64Array.from(dev),
    nullDeviance: 2 * sw * (llSat - ll0),
    center: design.center,
    scale: design.scale,
    diagnostics: {
      newtonIterations: Int32Array.from(iters),
      passes: Int32Array.from(passes),
      kktMaxViolation: Float64Array.from(kkt),
      converged,
      stopReason,
      penaltyFactor,
      warnings,
    },
  };
}
