import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, issueWarning, ok } from '../../core/issues.js';
import { normalQuantile } from '../../core/distributions.js';
import type { SurvivalData } from '../outcome.js';
import { productLimit, stepAt } from '../product-limit.js';
import { censoringAt, censoringBefore, censoringDistribution } from './censoring-weights.js';
import { checkRightCensored, checkRowValues, checkTimes, stableTimeOrder } from './metric-input.js';

/** Predicted event risks F(t | x_i) = 1 - S(t | x_i) for every row at one horizon. */
export interface RiskAtTime {
  /** Horizon t (outcome time unit, days unless stated). */
  readonly timeDays: number;
  /** One risk in [0, 1] per row of the outcome. */
  readonly risk: ArrayLike<number>;
}

/** Options of `brierScore`: whether to compute the influence-function se (and ignore the censoring term: `conservative`), the CI level, and the KM null model. @see riskRegression::Score */
export interface BrierOptions {
  /** Standard errors from the influence function. Default true. */
  readonly se?: boolean;
  /** Ignore the variability of the estimated censoring weights (riskRegression `conservative = TRUE`). Default false. */
  readonly conservative?: boolean;
  /** Also score the Kaplan-Meier null model (risk = 1 - KM(t) for everyone). Default true. */
  readonly nullModel?: boolean;
  /** Confidence level of [lower, upper]. Default 0.95. */
  readonly confLevel?: number;
}

/** Brier score at one horizon. */
export interface BrierAtTime {
  readonly timeDays: number;
  readonly brier: number;
  /** sd(IF)/√n; null when `se = false`. */
  readonly se: number | null;
  /** max(0, BS - z se), min(1, BS + z se) as riskRegression reports. */
  readonly lower: number | null;
  readonly upper: number | null;
  /** Events with T <= t, rows with T > t, rows censored with T <= t (weight 0). */
  readonly nEvents: number;
  readonly nAtRisk: number;
  readonly nCensored: number;
}

/** `brierScore` output: one `BrierAtTime` per horizon for the model and (unless disabled) the Kaplan-Meier null model, plus warnings. */
export interface BrierResult {
  readonly n: number;
  readonly model: readonly BrierAtTime[];
  /** Kaplan-Meier null model per time (its common risk 1 - KM(t) in `risk`); null when not requested. */
  readonly nullModel: readonly (BrierAtTime & { readonly risk: number })[] | null;
  readonly warnings: readonly Issue[];
}

/** Time-sorted rows with the censoring weights and the KM-censoring influence pieces (riskRegression's Nelson-Aalen form). */
interface Prepared {
  readonly n: number;
  readonly order: Int32Array;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  readonly uIndex: Int32Array; // unique-time index of each sorted row
  readonly jump: Float64Array; // J_k = (1 - δ_k) n / Y(T_k)
  readonly mc: Float64Array; // MC(u) = Σ_{v <= u} c(v) n / Y(v)^2, per unique time
  readonly nUnique: number;
  readonly invGminus: Float64Array;
  readonly g: ReturnType<typeof censoringDistribution>;
}

function prepare(data: SurvivalData): Prepared {
  const n = data.n;
  const order = stableTimeOrder(data.time);
  const time = Float64Array.from(order, (i) => data.time[i]);
  const event = Uint8Array.from(order, (i) => data.event[i]);
  const uIndex = new Int32Array(n);
  const atRisk: number[] = [];
  const cens: number[] = [];
  for (let k = 0; k < n; k++) {
    if (k === 0 || time[k] !== time[k - 1]) {
      atRisk.push(n - k);
      cens.push(0);
    }
    uIndex[k] = atRisk.length - 1;
    if (event[k] === 0) cens[cens.length - 1]++;
  }
  const U = atRisk.length;
  const mc = new Float64Array(U);
  let acc = 0;
  for (let u = 0; u < U; u++) {
    acc += (cens[u] * n) / (atRisk[u] * atRisk[u]);
    mc[u] = acc;
  }
  const jump = Float64Array.from(uIndex, (u, k) => (event[k] === 0 ? n / atRisk[u] : 0));
  const g = censoringDistribution(data, { convention: 'events-first' });
  const invGminus = Float64Array.from(time, (t) => 1 / censoringBefore(g, t));
  return { n, order, time, event, uIndex, jump, mc, nUnique: U, invGminus, g };
}

function sampleSd(x: Float64Array): number {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
  return Math.sqrt(ss / (n - 1));
}

/** Brier score of sorted-row risks `r` (or a constant) at t, with its influence-function se. */
function brierAt(p: Prepared, t: number, riskOf: (k: number) => number, opts: Required<Omit<BrierOptions, 'nullModel'>>): BrierAtTime {
  const n = p.n;
  const gt = censoringAt(p.g, t);
  const res = new Float64Array(n);
  let nEvents = 0;
  let nAtRisk = 0;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const r = riskOf(k);
    if (p.time[k] <= t) {
      if (p.event[k] === 1) {
        res[k] = (1 - r) * (1 - r) * p.invGminus[k];
        nEvents++;
      }
    } else {
      res[k] = (r * r) / gt;
      nAtRisk++;
    }
    sum += res[k];
  }
  const brier = sum / n;
  const base = { timeDays: t, brier, nEvents, nAtRisk, nCensored: n - nEvents - nAtRisk };
  // One row: sd(IF) is 0/0; report no se rather than NaN.
  if (!opts.se || n < 2) return { ...base, se: null, lower: null, upper: null };
  const ifv = new Float64Array(n);
  if (opts.conservative) {
    for (let k = 0; k < n; k++) ifv[k] = res[k] - brier;
  } else {
    // IF_k = res_k - BS + (1/n)[Σ_{events i, T_i <= t} res_i ψ_k(T_i-) + Σ_{T_i > t} res_i ψ_k(t)],
    // ψ_k(s) = ∫_0^s dM_k^C(u) / y(u) = J_k 1(T_k <= s) - MC(min(T_k, s)).
    const U = p.nUnique;
    const caseRes = new Float64Array(U);
    let survRes = 0;
    for (let k = 0; k < n; k++) {
      if (p.time[k] <= t && p.event[k] === 1) caseRes[p.uIndex[k]] += res[k];
      else if (p.time[k] > t) survRes += res[k];
    }
    // after[u] = Σ case residuals at unique times > u; before[u] = Σ_{v <= u} caseRes[v] MC(v-).
    const after = new Float64Array(U);
    for (let u = U - 2; u >= 0; u--) after[u] = after[u + 1] + caseRes[u + 1];
    const before = new Float64Array(U);
    for (let u = 0; u < U; u++) before[u] = (u > 0 ? before[u - 1] : 0) + caseRes[u] * (u > 0 ? p.mc[u - 1] : 0);
    let ut = -1; // last unique time <= t
    for (let k = 0; k < n && p.time[k] <= t; k++) ut = p.uIndex[k];
    for (let k = 0; k < n; k++) {
      const uk = p.uIndex[k];
      const events = (p.jump[k] - p.mc[uk]) * after[uk] - before[uk];
      const psiT = uk <= ut ? p.jump[k] - p.mc[uk] : ut >= 0 ? -p.mc[ut] : 0;
      ifv[k] = res[k] - brier + (events + survRes * psiT) / n;
    }
  }
  const se = sampleSd(ifv) / Math.sqrt(n);
  const z = normalQuantile(1 - (1 - opts.confLevel) / 2);
  return { ...base, se, lower: Math.max(0, brier - z * se), upper: Math.min(1, brier + z * se) };
}

/**
 * Inverse-probability-of-censoring weighted Brier score for predicted event risks r_i = F(t | x_i),
 * with riskRegression::Score conventions (`cens.model = "km"`):
 *
 * BS(t) = (1/n) Σ_i [ 1(T_i <= t, δ_i = 1) (1 - r_i)² / G(T_i-) + 1(T_i > t) r_i² / G(t) ],
 *
 * rows censored at or before t get weight 0; G = reverse Kaplan-Meier with events preceding
 * censorings at ties (prodlim `reverse = TRUE`). se = sd(IF)/√n where IF adds, unless
 * `conservative`, the Kaplan-Meier censoring term (1/n) Σ_i res_i ∫_0^{s_i} dM^C_k(u)/y(u),
 * s_i = T_i- for events and t for survivors. The null model predicts 1 - KM(t) for everyone.
 * se, lower and upper are null with fewer than two rows. O(n log n) per time.
 * @see riskRegression::Score (metrics = "brier"); Graf et al., Stat Med 1999;18:2529-45
 */
export function brierScore(data: SurvivalData, predictions: readonly RiskAtTime[], options: BrierOptions = {}): Result<BrierResult> {
  const issues = [...checkRightCensored(data, 'Brier score'), ...checkTimes(predictions.map((q) => q.timeDays), 'predictions')];
  predictions.forEach((q, k) => issues.push(...checkRowValues(q.risk, data.n, `predictions[${k}].risk`, { lower: 0, upper: 1 })));
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) issues.push(issueError('bad_option', ['confLevel'], 'confLevel must be in (0, 1)', { expected: '0 < confLevel < 1', received: String(confLevel) }));
  if (issues.length) return fail(issues);
  const p = prepare(data);
  const opts = { se: options.se !== false, conservative: options.conservative === true, confLevel };
  const warnings: Issue[] = [];
  const model = predictions.map((q, k) => {
    const r = Float64Array.from(p.order, (i) => q.risk[i]);
    const b = brierAt(p, q.timeDays, (j) => r[j], opts);
    if (b.nAtRisk === 0) warnings.push(issueWarning('time_beyond_followup', ['predictions', k, 'timeDays'], `no rows remain at risk after t = ${q.timeDays}`, { expected: 't before the last follow-up time' }));
    return b;
  });
  let nullModel: BrierResult['nullModel'] = null;
  if (options.nullModel !== false) {
    const km = productLimit(data);
    nullModel = predictions.map((q) => {
      const risk = 1 - stepAt(km.time, km.surv, q.timeDays);
      return { ...brierAt(p, q.timeDays, () => risk, opts), risk };
    });
  }
  return ok({ n: data.n, model, nullModel, warnings }, warnings);
}

/** How the Brier curve is integrated between grid points. */
export type IbsMethod = 'step' | 'trapezoid';

/** IBS(t_m) at every grid end point (dimensionless, the Brier scale) and the integration rule used. @see riskRegression::Score (summary = "ibs") */
export interface IntegratedBrierResult {
  readonly timesDays: Float64Array;
  /** IBS(t_m) for every grid end point t_m (integral over [0, t_m] divided by t_m). */
  readonly ibs: Float64Array;
  readonly method: IbsMethod;
}

/**
 * Integrated Brier score over the grid 0 < t_1 < ... < t_M with BS(0) = 0:
 * - `step` (riskRegression `summary = "ibs"`, pec's `Dint`): IBS(t_m) = (1/t_m) Σ_{k<m} BS(t_k)(t_{k+1} - t_k),
 *   each value held until the next grid point (so IBS(t_1) = 0);
 * - `trapezoid`: IBS(t_m) = (1/t_m) Σ_{k<=m} (BS(t_{k-1}) + BS(t_k))/2 (t_k - t_{k-1}), t_0 = 0.
 * A fine grid makes both approach (1/t) ∫_0^t BS(u) du.
 * @see riskRegression::Score (summary = "ibs"); pec::crps
 */
export function integratedBrierScore(timesDays: ArrayLike<number>, brier: ArrayLike<number>, method: IbsMethod = 'step'): Result<IntegratedBrierResult> {
  const m = timesDays.length;
  const issues: Issue[] = [];
  if (brier.length !== m) issues.push(issueError('bad_option', ['brier'], `brier has ${brier.length} values but there are ${m} times`, { expected: String(m), received: String(brier.length) }));
  for (let k = 0; k < m; k++) {
    const prev = k === 0 ? 0 : timesDays[k - 1];
    if (!(Number.isFinite(timesDays[k]) && timesDays[k] > prev)) {
      issues.push(issueError('bad_option', ['timesDays', k], 'times must be finite, positive and strictly increasing', { expected: `> ${prev}`, received: String(timesDays[k]) }));
    }
    if (k < brier.length && !Number.isFinite(brier[k])) issues.push(issueError('non_finite', ['brier', k], 'Brier score is not finite', { received: String(brier[k]) }));
  }
  if (issues.length) return fail(issues);
  const ibs = new Float64Array(m);
  let area = 0;
  for (let k = 0; k < m; k++) {
    const t0 = k === 0 ? 0 : timesDays[k - 1];
    const b0 = k === 0 ? 0 : brier[k - 1];
    area += method === 'step' ? b0 * (timesDays[k] - t0) : ((b0 + brier[k]) / 2) * (timesDays[k] - t0);
    ibs[k] = area / timesDays[k];
  }
  return ok({ timesDays: Float64Array.from(timesDays), ibs, method });
}
