import { throwIfErrors } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { Rng } from '../../core/rng.js';
import { permutation } from '../../core/rng.js';
import type { SurvivalData } from '../outcome.js';
import { harrellConcordance, subsetDeviance } from './cv-measures.js';
import type { ElasticNetCoxFit, ElasticNetCoxInput, ElasticNetCoxOptions } from './elastic-net-cox.js';
import { fitElasticNetCox } from './elastic-net-cox.js';
import { interpolateLambda } from './lambda-path.js';

/** Cross-validation loss: partial-likelihood deviance (glmnet's Cox default) or Harrell's C. */
export type CoxCvMeasure = 'deviance' | 'C';

/** Options: the fit's options plus the folds and the measure. */
export interface CvElasticNetCoxOptions extends ElasticNetCoxOptions {
  readonly measure?: CoxCvMeasure;
  /** Fold of each outcome row, 1..K. Takes precedence over `nfolds` + `rng`. */
  readonly foldId?: ArrayLike<number>;
  /** Number of folds for generated ids (default 10). */
  readonly nfolds?: number;
  /** Generator for fold ids (required when `foldId` is absent). */
  readonly rng?: Rng;
}

/** Cross-validated path, with glmnet's choices of lambda. */
export interface CvElasticNetCoxResult {
  readonly measure: CoxCvMeasure;
  readonly nfolds: number;
  readonly foldId: Int32Array;
  readonly lambda: Float64Array;
  /** Mean CV loss per lambda (deviance per event, or C). */
  readonly cvm: Float64Array;
  /** Its standard error. */
  readonly cvsd: Float64Array;
  readonly cvup: Float64Array;
  readonly cvlo: Float64Array;
  /** Non-zero coefficients of the full-data fit per lambda. */
  readonly nzero: Int32Array;
  /** Per fold and lambda: raw CV value (fold-major, nfolds x nlambda). */
  readonly cvraw: Float64Array;
  /** Fold weights used to average `cvraw`: events (deviance) or rows (C). */
  readonly foldWeight: Float64Array;
  readonly lambdaMin: number;
  readonly lambda1se: number;
  /** 0-based positions of lambdaMin / lambda1se in `lambda`. */
  readonly indexMin: number;
  readonly index1se: number;
  readonly fit: ElasticNetCoxFit;
  readonly foldFits: readonly ElasticNetCoxFit[];
}

/**
 * Random balanced fold ids: a seeded permutation of rep(1..K, length = n).
 * @see cv.glmnet's `foldid = sample(rep(seq(nfolds), length = N))` (same idea, different generator)
 */
export function makeFoldIds(n: number, nfolds: number, rng: Rng): Int32Array {
  const perm = permutation(n, rng);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[perm[i]] = (i % nfolds) + 1;
  return out;
}

function resolveFolds(outcome: SurvivalData, o: CvElasticNetCoxOptions): { foldId: Int32Array; nfolds: number; issues: Issue[] } {
  const n = outcome.n;
  const issues: Issue[] = [];
  let foldId: Int32Array;
  if (o.foldId !== undefined) {
    if (o.foldId.length !== n) {
      issues.push(issueError('bad_option', ['foldId'], `foldId has ${o.foldId.length} values for ${n} rows`, { expected: String(n), received: String(o.foldId.length) }));
      return { foldId: new Int32Array(0), nfolds: 0, issues };
    }
    foldId = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const f = o.foldId[i];
      if (!Number.isInteger(f) || f < 1) issues.push(issueError('bad_option', ['foldId', outcome.rowIndex[i] + 1], `row ${outcome.rowIndex[i] + 1}: fold id ${f} is not an integer >= 1`, { expected: 'integer 1..K', received: String(f) }));
      foldId[i] = f;
    }
  } else {
    const k = o.nfolds ?? 10;
    if (!Number.isInteger(k) || k < 3 || k > n) {
      issues.push(issueError('bad_option', ['nfolds'], 'nfolds must be an integer from 3 to n', { expected: `3..${n}`, received: String(k) }));
      return { foldId: new Int32Array(0), nfolds: 0, issues };
    }
    if (!o.rng) {
      issues.push(issueError('bad_option', ['rng'], 'a seeded rng is needed to generate fold ids', { expected: 'rng or foldId' }));
      return { foldId: new Int32Array(0), nfolds: 0, issues };
    }
    foldId = makeFoldIds(n, k, o.rng);
  }
  let nfolds = 0;
  for (let i = 0; i < n; i++) nfolds = Math.max(nfolds, foldId[i]);
  if (issues.length) return { foldId, nfolds, issues };
  if (nfolds < 3) issues.push(issueError('bad_option', ['foldId'], `only ${nfolds} fold(s)`, { expected: 'at least 3 folds', received: String(nfolds) }));
  const size = new Int32Array(nfolds + 1);
  const events = new Int32Array(nfolds + 1);
  for (let i = 0; i < n; i++) {
    size[foldId[i]]++;
    events[foldId[i]] += outcome.event[i];
  }
  for (let k = 1; k <= nfolds; k++) {
    if (size[k] === 0) issues.push(issueError('bad_option', ['foldId', 'fold', k], `fold ${k} is empty (fold ids must be 1..K with every fold used)`, { expected: 'every fold non-empty' }));
    else if (events[k] === 0) issues.push(issueError('no_events', ['foldId', 'fold', k], `fold ${k} has no events: its CV loss is undefined`, { expected: 'at least one event per fold' }));
  }
  return { foldId, nfolds, issues };
}

function linearPredictor(x: Float64Array, p: number, rows: Int32Array, beta: Float64Array): Float64Array {
  const eta = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const base = rows[r] * p;
    let s = 0;
    for (let j = 0; j < p; j++) s += x[base + j] * beta[j];
    eta[r] = s;
  }
  return eta;
}

function coefficientsAt(fit: ElasticNetCoxFit, s: number): Float64Array {
  const { left, right, frac } = interpolateLambda(fit.lambda, s);
  const bl = fit.beta[left];
  const br = fit.beta[right];
  return Float64Array.from(bl, (v, j) => frac * v + (1 - frac) * br[j]);
}

/**
 * K-fold cross-validation of the elastic-net Cox path, as cv.glmnet(family = "cox", grouped = TRUE):
 * each fold is refitted on its own default path (or the user lambdas) and its coefficients read at the
 * full-data lambdas by linear interpolation. Deviance (Verweij & van Houwelingen):
 * cvraw_kl = [D_all(b_kl) - D_-k(b_kl)] / E_k with E_k the (weighted) events of fold k; C: Harrell's C of
 * x b_kl on fold k. cvm = weighted mean over folds (weights E_k, or fold sizes for C),
 * cvsd = sqrt(weighted mean of (cvraw - cvm)^2 / (K - 1)). lambda.min = largest lambda attaining the best
 * cvm; lambda.1se = largest lambda whose cvm is within one cvsd of it.
 * @see glmnet::cv.glmnet, glmnet:::cv.coxnet, glmnet:::buildPredmat.coxnetlist, glmnet:::getOptcv.glmnet
 */
export function cvElasticNetCox(input: ElasticNetCoxInput, options: CvElasticNetCoxOptions = {}): CvElasticNetCoxResult {
  const measure = options.measure ?? 'deviance';
  const folds = resolveFolds(input.outcome, options);
  const issues = [...folds.issues];
  if (measure !== 'deviance' && measure !== 'C') issues.push(issueError('bad_option', ['measure'], `unknown measure "${String(measure)}"`, { expected: 'deviance or C', received: String(measure) }));
  throwIfErrors('cvElasticNetCox', issues);
  const { foldId, nfolds } = folds;
  const { outcome, x, covariates } = input;
  const n = outcome.n;
  const p = covariates.length;
  const fit = fitElasticNetCox(input, options);
  const lambda = fit.lambda;
  const nl = lambda.length;
  const weight = outcome.weights ?? new Float64Array(n).fill(1);
  const cvraw = new Float64Array(nfolds * nl);
  const foldWeight = new Float64Array(nfolds);
  const allRows = Int32Array.from({ length: n }, (_, i) => i);
  const fullDev = measure === 'deviance' ? subsetDeviance(outcome.time, outcome.event, weight, allRows) : null;
  const foldFits: ElasticNetCoxFit[] = [];
  for (let k = 1; k <= nfolds; k++) {
    const inRows: number[] = [];
    const outRows: number[] = [];
    for (let i = 0; i < n; i++) (foldId[i] === k ? inRows : outRows).push(i);
    const test = Int32Array.from(inRows);
    const train = Int32Array.from(outRows);
    const sub = subsetOutcome(outcome, train);
    const xs = new Float64Array(train.length * p);
    for (let r = 0; r < train.length; r++) xs.set(x.subarray(train[r] * p, train[r] * p + p), r * p);
    const foldFit = fitElasticNetCox({ outcome: sub, x: xs, covariates }, { ...options, lambda: options.lambda });
    foldFits.push(foldFit);
    const trainDev = fullDev ? subsetDeviance(outcome.time, outcome.event, weight, train) : null;
    const testTime = Float64Array.from(test, (i) => outcome.time[i]);
    const testEvent = Uint8Array.from(test, (i) => outcome.event[i]);
    const testWeight = Float64Array.from(test, (i) => weight[i]);
    let fw = 0;
    for (const i of test) fw += measure === 'deviance' ? weight[i] * outcome.event[i] : weight[i];
    foldWeight[k - 1] = fw;
    for (let l = 0; l < nl; l++) {
      const b = coefficientsAt(foldFit, lambda[l]);
      let v: number;
      if (fullDev && trainDev) {
        v = (fullDev.deviance(linearPredictor(x, p, allRows, b)) - trainDev.deviance(linearPredictor(x, p, train, b))) / fw;
      } else {
        v = harrellConcordance(testTime, testEvent, linearPredictor(x, p, test, b), testWeight).c;
      }
      cvraw[(k - 1) * nl + l] = v;
    }
  }
  return summarise(measure, nfolds, foldId, lambda, cvraw, foldWeight, fit, foldFits);
}

function subsetOutcome(o: SurvivalData, rows: Int32Array): SurvivalData {
  return {
    n: rows.length,
    time: Float64Array.from(rows, (i) => o.time[i]),
    event: Uint8Array.from(rows, (i) => o.event[i]),
    entry: null,
    strata: null,
    strataLevels: [],
    cluster: null,
    clusterLevels: [],
    weights: o.weights ? Float64Array.from(rows, (i) => o.weights![i]) : null,
    rowIndex: Int32Array.from(rows, (i) => o.rowIndex[i]),
  };
}

function summarise(measure: CoxCvMeasure, nfolds: number, foldId: Int32Array, lambda: Float64Array, cvraw: Float64Array, fw: Float64Array, fit: ElasticNetCoxFit, foldFits: ElasticNetCoxFit[]): CvElasticNetCoxResult {
  const nl = lambda.length;
  const cvm = new Float64Array(nl);
  const cvsd = new Float64Array(nl);
  let wsum = 0;
  for (let k = 0; k < nfolds; k++) wsum += fw[k];
  for (let l = 0; l < nl; l++) {
    let m = 0;
    for (let k = 0; k < nfolds; k++) m += fw[k] * cvraw[k * nl + l];
    m /= wsum;
    let ss = 0;
    for (let k = 0; k < nfolds; k++) ss += fw[k] * (cvraw[k * nl + l] - m) ** 2;
    cvm[l] = m;
    cvsd[l] = Math.sqrt(ss / wsum / (nfolds - 1));
  }
  // Minimise deviance, maximise C (glmnet negates C-index before minimising).
  const sign = measure === 'C' ? -1 : 1;
  let best = Infinity;
  for (let l = 0; l < nl; l++) best = Math.min(best, sign * cvm[l]);
  let indexMin = -1;
  for (let l = 0; l < nl; l++) if (sign * cvm[l] <= best && (indexMin < 0 || lambda[l] > lambda[indexMin])) indexMin = l;
  const bound = sign * cvm[indexMin] + cvsd[indexMin];
  let index1se = -1;
  for (let l = 0; l < nl; l++) if (sign * cvm[l] <= bound && (index1se < 0 || lambda[l] > lambda[index1se])) index1se = l;
  return {
    measure,
    nfolds,
    foldId,
    lambda,
    cvm,
    cvsd,
    cvup: cvm.map((v, l) => v + cvsd[l]),
    cvlo: cvm.map((v, l) => v - cvsd[l]),
    nzero: fit.df,
    cvraw,
    foldWeight: fw,
    lambdaMin: lambda[indexMin],
    lambda1se: lambda[index1se],
    indexMin,
    index1se,
    fit,
    foldFits,
  };
}
