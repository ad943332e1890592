import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { CoxBaselineCurve, HazardType } from './baseline-hazard.js';
import { coxBaselineCurves } from './baseline-hazard.js';
import { survivalConfidenceBand } from '../km-confidence.js';
import type { KmConfType } from '../km-confidence.js';
import type { CoxModelLike } from './model-like.js';
import { assertCoxModelLike, centerLinearPredictor } from './model-like.js';
import { quadraticForm } from './small-matrix.js';

/** Result of `predictLinearPredictor`. */
export interface LinearPredictorResult {
  /** (x - c)'β, c = means (or stratum means; see options) (R: `predict(fit, newdata, type = "lp")`). */
  readonly linearPredictor: Float64Array;
  /** x'β. */
  readonly linearPredictorUncentered: Float64Array;
  /** exp of `linearPredictor` (R: `predict(fit, newdata, type = "risk")`). */
  readonly relativeRisk: Float64Array;
  /** exp(x'β). */
  readonly relativeRiskUncentered: Float64Array;
}

function newRowCount(model: Pick<CoxModelLike, 'p'>, newX: ArrayLike<number>, path: string, issues: Issue[], fallback = 1): number {
  const { p } = model;
  if (p === 0) return fallback;
  if (newX.length % p !== 0 || newX.length === 0) {
    issues.push(issueError('bad_option', [path], `${path} must hold whole rows of ${p} covariate values`, { expected: `a positive multiple of ${p} values`, received: String(newX.length) }));
    return 0;
  }
  for (let i = 0; i < newX.length; i++) {
    if (!Number.isFinite(newX[i])) {
      const r = Math.floor(i / p);
      issues.push(issueError('non_finite', [path, r, i % p], `${path} row ${r}, column ${i % p} is not a finite number`, { expected: 'a finite covariate value', received: String(newX[i]) }));
    }
  }
  return newX.length / p;
}

/** Options of `predictLinearPredictor`. */
export interface PredictLinearPredictorOptions {
  /**
   * Centring of the reported `linearPredictor`: 'strata' (R's default for a stratified model:
   * the weighted covariate means of the new row's stratum) or 'sample' (the model means).
   * Unstratified models always use the model means.
   */
  readonly reference?: 'strata' | 'sample';
  /** Stratum level of each new row; needed for reference 'strata' on a stratified model. */
  readonly strata?: readonly (string | number)[];
}

function stratumIndex(model: Pick<CoxModelLike, 'data'>, m: number, labels: readonly (string | number)[] | undefined, issues: Issue[]): Int32Array {
  const strata = new Int32Array(m);
  const { data } = model;
  if (!data.strata) return strata;
  if (!labels || labels.length !== m) {
    issues.push(issueError('missing_value', ['strata'], 'the model is stratified: give the stratum of every new row', { expected: `${m} stratum labels from ${data.strataLevels.join(', ')}`, received: String(labels?.length ?? 0) }));
    return strata;
  }
  const index = new Map(data.strataLevels.map((l, i) => [l, i]));
  labels.forEach((lab, r) => {
    const s = index.get(String(lab));
    if (s === undefined) issues.push(issueError('unknown_level', ['strata', r], `stratum "${lab}" of new row ${r} is not in the fitted data`, { expected: data.strataLevels.join(', '), received: String(lab) }));
    else strata[r] = s;
  });
  return strata;
}

/** Weighted column means of x per stratum (nStrata × p), R's `rowsum(x * w, strata) / rowsum(w, strata)`. */
function stratumMeans(model: Pick<CoxModelLike, 'data' | 'x' | 'p'>): Float64Array {
  const { data, x, p } = model;
  const nS = data.strataLevels.length;
  const sums = new Float64Array(nS * p);
  const wsum = new Float64Array(nS);
  for (let i = 0; i < data.n; i++) {
    const s = data.strata![i];
    const wi = data.weights ? data.weights[i] : 1;
    wsum[s] += wi;
    for (let j = 0; j < p; j++) sums[s * p + j] += wi * x[i * p + j];
  }
  for (let s = 0; s < nS; s++) for (let j = 0; j < p; j++) sums[s * p + j] /= wsum[s];
  return sums;
}

/**
 * Linear predictor and relative risk for new covariate rows (n_new × p, row-major, uncentred):
 * lp = (x - c)'β, risk = exp(lp), with c the model means (or, for a stratified model with
 * reference 'strata', the weighted means of x in the row's stratum, as R); also the uncentred
 * x'β and exp(x'β).
 *
 * @see R survival: `predict.coxph(fit, newdata, type = "lp" | "risk", reference)`.
 */
export function predictLinearPredictor(
  model: Pick<CoxModelLike, 'p' | 'coef' | 'means' | 'data' | 'x'>,
  newX: ArrayLike<number>,
  options: PredictLinearPredictorOptions = {},
): LinearPredictorResult {
  const issues: Issue[] = [];
  const m = newRowCount(model, newX, 'newX', issues);
  if (model.coef.length !== model.p || model.means.length !== model.p) {
    issues.push(issueError('bad_option', ['coef'], 'coef and means must have p values', { expected: String(model.p), received: `${model.coef.length} / ${model.means.length}` }));
  }
  const reference = options.reference ?? 'strata';
  if (reference !== 'strata' && reference !== 'sample') {
    issues.push(issueError('bad_option', ['reference'], 'unknown centring reference', { expected: "'strata' or 'sample'", received: String(reference) }));
  }
  const byStratum = reference === 'strata' && model.data.strata !== null;
  const strata = byStratum ? stratumIndex(model, m, options.strata, issues) : new Int32Array(m);
  if (issues.length) throw new HccError('E_INPUT', `predictLinearPredictor: ${issues.length} problem(s) in the input`, { issues });
  const { p, coef } = model;
  const sMeans = byStratum ? stratumMeans(model) : null;
  const lpU = new Float64Array(m);
  const lp = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let s = 0;
    let c = 0;
    for (let j = 0; j < p; j++) {
      s += newX[r * p + j] * coef[j];
      c += (sMeans ? sMeans[strata[r] * p + j] : model.means[j]) * coef[j];
    }
    lpU[r] = s;
    lp[r] = s - c;
  }
  return { linearPredictor: lp, linearPredictorUncentered: lpU, relativeRisk: lp.map(Math.exp), relativeRiskUncentered: lpU.map(Math.exp) };
}

/** Options of `predictSurvival`. */
export interface PredictSurvivalOptions {
  /** Times at which to report S(t|x) (units of the data). Default: every distinct exit time of the row's stratum. */
  readonly times?: ArrayLike<number>;
  /** Baseline hazard type; default 2 for Efron fits, 1 for Breslow fits (as R). */
  readonly ctype?: HazardType;
  /** Default 'log' (R's default). */
  readonly confType?: KmConfType;
  /** Default 0.95. */
  readonly confLevel?: number;
  /** Stratum level of each new row; required when the model is stratified. */
  readonly strata?: readonly (string | number)[];
}

/** Predicted survival curve of one new row. Bounds are NaN exactly where R reports NA (as `survivalConfidenceBand`). */
export interface SurvivalCurvePrediction {
  /** 0-based row of `newX`. */
  readonly row: number;
  readonly stratum: string | null;
  readonly time: Float64Array;
  /** Σ w at risk: at each curve time, or (with `times`) at the first curve time >= t (0 past the end), as R's summary. */
  readonly nRisk: Float64Array;
  /** Λ(t|x) = Λ0(t) · exp((x - m)'β). */
  readonly cumhaz: Float64Array;
  /** S(t|x) = exp(-Λ(t|x)). */
  readonly surv: Float64Array;
  /** Standard error of Λ(t|x) (= se of log S; R's `std.err` of survfit). */
  readonly stdErrCumhaz: Float64Array;
  /** Standard error of S(t|x) (= S · se(Λ); R's `summary(...)$std.err`). */
  readonly stdErr: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Result of `predictSurvival`. */
export interface PredictSurvivalResult {
  readonly ctype: HazardType;
  readonly confType: KmConfType;
  readonly confLevel: number;
  readonly curves: readonly SurvivalCurvePrediction[];
  /** E.g. `time_beyond_followup` when a requested time is after the stratum's last time (value carried forward). */
  readonly warnings: readonly Issue[];
}

function checkOptions(model: CoxModelLike, m: number, options: PredictSurvivalOptions, issues: Issue[]): { confType: KmConfType; confLevel: number; strata: Int32Array } {
  const confType = options.confType ?? 'log';
  if (confType !== 'log' && confType !== 'log-log' && confType !== 'plain') {
    issues.push(issueError('bad_option', ['confType'], 'unknown confidence-interval type', { expected: "'log', 'log-log' or 'plain'", received: String(confType) }));
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) issues.push(issueError('bad_option', ['confLevel'], 'confidence level must be strictly between 0 and 1', { expected: '0 < confLevel < 1', received: String(confLevel) }));
  if (options.ctype !== undefined && options.ctype !== 1 && options.ctype !== 2) {
    issues.push(issueError('bad_option', ['ctype'], 'unknown hazard type', { expected: '1 (Breslow) or 2 (Efron)', received: String(options.ctype) }));
  }
  if (options.times) {
    for (let k = 0; k < options.times.length; k++) {
      if (!Number.isFinite(options.times[k])) issues.push(issueError('non_finite', ['times', k], `times[${k}] is not a finite number`, { expected: 'a finite time', received: String(options.times[k]) }));
    }
  }
  const strata = stratumIndex(model, m, options.strata, issues);
  return { confType, confLevel, strata };
}

/**
 * Predicted survival S(t|x0) for new covariate rows, with the Tsiatis / Link variance that
 * includes the uncertainty in β̂ (V = model.var):
 *
 *   Λ(t|x0) = Λ0(t) r0,  r0 = exp((x0 - m)'β),  S = exp(-Λ),
 *   Var Λ(t|x0) = r0² [ Σ_{t_k <= t} v_k + d(t)' V d(t) ],  d(t) = Λ0(t)(x0 - m) - Σ_{t_k <= t} dΛ0(t_k) x̄(t_k),
 *
 * where v_k and x̄ are the ctype-specific (Breslow or Efron) terms of `coxBaselineCurves`.
 * Confidence limits use se(log S) = se(Λ) on the chosen scale ('log' default), via
 * `survivalConfidenceBand` (NaN where R reports NA). At a requested
 * time t the curve value at the last exit time <= t is reported (S = 1 before the first time).
 *
 * @see R survival: `survfit.coxph(fit, newdata, ctype, conf.type)`, `summary.survfit(times = )`, `agsurv`.
 */
export function predictSurvival(model: CoxModelLike, newX: ArrayLike<number>, options: PredictSurvivalOptions = {}): PredictSurvivalResult {
  assertCoxModelLike(model, 'predictSurvival', true);
  const issues: Issue[] = [];
  const m = newRowCount(model, newX, 'newX', issues, options.strata?.length ?? 1);
  const { confType, confLevel, strata } = checkOptions(model, m, options, issues);
  if (issues.length) throw new HccError('E_INPUT', `predictSurvival: ${issues.length} problem(s) in the input`, { issues });
  const curves = coxBaselineCurves(model, { ctype: options.ctype, withVariance: true });
  const ctype: HazardType = options.ctype ?? (model.ties === 'efron' ? 2 : 1);
  const { p, coef, means } = model;
  const warnings: Issue[] = [];
  const dx = new Float64Array(p);
  const dt = new Float64Array(p);
  const out: SurvivalCurvePrediction[] = [];
  for (let r = 0; r < m; r++) {
    const c: CoxBaselineCurve = curves[strata[r]];
    let lp = 0;
    for (let j = 0; j < p; j++) {
      dx[j] = newX[r * p + j] - means[j];
      lp += dx[j] * coef[j];
    }
    const r0 = Math.exp(lp);
    const T = c.time.length;
    const times = options.times ? Float64Array.from(options.times) : c.time;
    const K = times.length;
    const res = {
      time: Float64Array.from(times),
      nRisk: new Float64Array(K),
      cumhaz: new Float64Array(K),
      surv: new Float64Array(K),
      stdErrCumhaz: new Float64Array(K),
      stdErr: new Float64Array(K),
    };
    const before = new Uint8Array(K); // requested time precedes the first curve time
    let beyond = false;
    for (let k = 0; k < K; k++) {
      const t = times[k];
      // j = last curve index with time <= t; q = first index with time >= t.
      let lo = 0;
      let hi = T;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (c.time[mid] <= t) lo = mid + 1;
        else hi = mid;
      }
      const j = lo - 1;
      const q = j >= 0 && c.time[j] === t ? j : j + 1;
      res.nRisk[k] = q < T ? c.nRisk[q] : 0;
      if (options.times && T > 0 && t > c.time[T - 1]) beyond = true;
      if (j < 0) {
        res.surv[k] = 1;
        before[k] = 1;
        continue;
      }
      const H = c.cumhaz[j];
      for (let a = 0; a < p; a++) dt[a] = H * dx[a] - c.xbar![j * p + a];
      const varh = (c.varHazard![j] + quadraticForm(model.var, p, dt)) * r0 * r0;
      const se = Math.sqrt(Math.max(varh, 0));
      const cum = H * r0;
      const s = Math.exp(-cum);
      res.cumhaz[k] = cum;
      res.surv[k] = s;
      res.stdErrCumhaz[k] = se;
      res.stdErr[k] = se * s;
    }
    const band = survivalConfidenceBand(res.surv, res.stdErrCumhaz, confType, confLevel);
    for (let k = 0; k < K; k++) {
      // Before the first time R reports S = 1 with the interval [1, 1] (survfit0's added row).
      if (before[k]) band.lower[k] = band.upper[k] = 1;
    }
    if (beyond) {
      warnings.push(issueWarning('time_beyond_followup', ['times'], `row ${r}: a requested time is after the last exit time ${c.time[T - 1]} of its stratum; the last value is carried forward`, { expected: `times <= ${c.time[T - 1]}` }));
    }
    out.push({ row: r, stratum: c.label, ...res, lower: band.lower, upper: band.upper });
  }
  return { ctype, confType, confLevel, curves: out, warnings };
}
