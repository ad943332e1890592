import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, issueWarning, ok } from '../../core/issues.js';
import { normalQuantile } from '../../core/distributions.js';
import type { SurvivalData } from '../outcome.js';
import { checkRightCensored, checkRowValues, checkTimes } from './metric-input.js';

/** Options of `calibrationByGroups`: horizon u (time unit of the data), number of quantile groups g (Hmisc cut2), CI level. @see rms::groupkm */
export interface CalibrationOptions {
  /** Horizon u at which predicted and observed survival are compared (outcome time unit). */
  readonly horizonDays: number;
  /** Number of quantile groups g (Hmisc::cut2(x, g = g)). Default 5. */
  readonly groups?: number;
  /** Confidence level of the KM interval (log scale, as groupkm plots it). Default 0.95. */
  readonly confLevel?: number;
}

/** One quantile group of predicted survival. */
export interface CalibrationGroup {
  /** 1-based group number, lowest predicted survival first. */
  readonly group: number;
  /** cut2's interval [lower, upper) of the group (upper closed for the last group). */
  readonly lower: number;
  readonly upper: number;
  /** Rows in the group (0 when the group has fewer than 2 rows, as groupkm reports). */
  readonly n: number;
  /** Events over the whole follow-up (not only up to u). */
  readonly events: number;
  /** Mean predicted S(u) in the group. */
  readonly meanPredicted: number | null;
  /** Kaplan-Meier S(u) in the group; null when u is beyond its follow-up (and S > 0) or n < 2. */
  readonly observed: number | null;
  /** Greenwood standard error of log KM at u (survfit `std.err`). */
  readonly stdErrLog: number | null;
  /** KM · exp(∓ z se), upper capped at 1. */
  readonly lowerCi: number | null;
  readonly upperCi: number | null;
}

/** Per quantile group: mean predicted S(u), n, events, Kaplan-Meier S(u) with se(log S) and CI; the group of every row; overall summary. @see rms::groupkm */
export interface CalibrationResult {
  readonly horizonDays: number;
  readonly groups: readonly CalibrationGroup[];
  /** Group number (1-based) of every row, input order. */
  readonly groupOfRow: Int32Array;
  /** Observed-vs-predicted summary over groups with an estimate. */
  readonly summary: {
    /** Kaplan-Meier S(u) over everyone and the mean predicted S(u) (calibration-in-the-large). */
    readonly observedOverall: number | null;
    readonly meanPredictedOverall: number;
    /** Σ n_g |KM_g - mean predicted_g| / Σ n_g and the largest |KM_g - mean predicted_g|. */
    readonly weightedMeanAbsDifference: number | null;
    readonly maxAbsDifference: number | null;
  };
  readonly warnings: readonly Issue[];
}

/**
 * Quantile groups as Hmisc::cut2(x, g) forms them: cut points are the values at cumulative counts
 * j·n/g of the sorted distinct values (R `approx(..., method = "constant", f = 1)`), the last cut is
 * max(x); x joins the highest group whose lower end (less half the smallest gap between distinct
 * values) it reaches. Distinct values are read back at 15 significant digits as R's `table` names do.
 * @see Hmisc::cut2
 */
export function quantileGroups(x: ArrayLike<number>, g: number): { group: Int32Array; lower: Float64Array; upper: Float64Array } {
  const n = x.length;
  const sorted = Float64Array.from(x).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < n; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]) {
      distinct.push(sorted[k]);
      counts.push(0);
    }
    counts[counts.length - 1]++;
  }
  let minDif = Infinity;
  for (let k = 1; k < distinct.length; k++) minDif = Math.min(minDif, distinct[k] - distinct[k - 1]);
  minDif /= 2;
  const xx = distinct.map((v) => Number(v.toPrecision(15)));
  const m = xx.length;
  const cum: number[] = [];
  counts.reduce((acc, c) => (cum.push(acc + c), acc + c), 0);
  const cuts = Array.from({ length: g }, (_, j) => {
    const v = ((j + 1) * n) / g;
    let k = 0;
    while (k < m - 1 && cum[k] < v) k++;
    return xx[k];
  });
  cuts[g - 1] = xx[m - 1];
  const group = new Int32Array(n).fill(1);
  const low: number[] = [];
  const up: number[] = [];
  let lower = xx[0];
  let upper = 1e45;
  for (let j = 0; j < g; j++) {
    const cj = cuts[j];
    if (cj === upper) continue;
    upper = cj;
    const id = low.length + 1;
    for (let k = 0; k < n; k++) if (x[k] >= lower - minDif) group[k] = id;
    low.push(lower);
    if (j === g - 1) lower = upper;
    else {
      // xx is sorted: the smallest distinct value above `upper` (Inf when none, as R's min(empty)).
      let k = 0;
      while (k < m && !(xx[k] > upper)) k++;
      lower = k < m ? xx[k] : Infinity;
    }
    up.push(lower);
  }
  return { group, lower: Float64Array.from(low), upper: Float64Array.from(up) };
}

/** KM S(u) and Greenwood se(log S) over rows `rows`, read as groupkm does (last time <= u + 1e-6). */
function groupKm(data: SurvivalData, rows: number[], u: number): { surv: number | null; se: number | null } {
  const idx = [...rows].sort((a, b) => data.time[a] - data.time[b]);
  let atRisk = idx.length;
  let s = 1;
  let v = 0;
  let k = 0;
  let lastTime = 0;
  let sAtU = 1;
  let vAtU = 0;
  while (k < idx.length) {
    const t = data.time[idx[k]];
    let d = 0;
    let leaving = 0;
    while (k < idx.length && data.time[idx[k]] === t) {
      leaving++;
      d += data.event[idx[k]];
      k++;
    }
    if (d > 0) {
      s *= 1 - d / atRisk;
      v += atRisk === d ? Infinity : d / (atRisk * (atRisk - d));
    }
    atRisk -= leaving;
    lastTime = t;
    if (t <= u + 1e-6) {
      sAtU = s;
      vAtU = v;
    }
  }
  if (u > lastTime + 1e-6 && s > 0) return { surv: null, se: null };
  return { surv: sAtU, se: Math.sqrt(vAtU) };
}

/**
 * Calibration of predicted survival S(u | x) at horizon u, as rms::groupkm tabulates it: rows are
 * put in `groups` quantile groups of the prediction (Hmisc::cut2), and per group the mean prediction
 * is set against the Kaplan-Meier S(u) with its Greenwood se(log S). Predictions |x| < 1e-10 are set
 * to 0 first (groupkm). Groups with fewer than 2 rows report n = 0 and no KM.
 * @see rms::groupkm; rms::calibrate
 */
export function calibrationByGroups(data: SurvivalData, predictedSurvival: ArrayLike<number>, options: CalibrationOptions): Result<CalibrationResult> {
  const g = options.groups ?? 5;
  const u = options.horizonDays;
  const confLevel = options.confLevel ?? 0.95;
  const issues = [...checkRightCensored(data, 'calibration'), ...checkRowValues(predictedSurvival, data.n, 'predictedSurvival', { lower: 0, upper: 1 }), ...checkTimes([u], 'horizonDays')];
  if (!(Number.isInteger(g) && g >= 1 && g <= data.n)) issues.push(issueError('bad_option', ['groups'], `groups must be an integer between 1 and the number of rows`, { expected: `1..${data.n}`, received: String(g) }));
  if (!(confLevel > 0 && confLevel < 1)) issues.push(issueError('bad_option', ['confLevel'], 'confLevel must be in (0, 1)', { expected: '0 < confLevel < 1', received: String(confLevel) }));
  if (issues.length) return fail(issues);
  const x = Float64Array.from(predictedSurvival, (v) => (Math.abs(v) < 1e-10 ? 0 : v));
  const q = quantileGroups(x, g);
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const warnings: Issue[] = [];
  const groups: CalibrationGroup[] = [];
  for (let id = 1; id <= q.lower.length; id++) {
    const rows: number[] = [];
    for (let k = 0; k < data.n; k++) if (q.group[k] === id) rows.push(k);
    const common = { group: id, lower: q.lower[id - 1], upper: q.upper[id - 1] };
    if (rows.length < 2) {
      warnings.push(issueWarning('too_few_rows', ['groups', id], `group ${id} has ${rows.length} row(s); no Kaplan-Meier estimate`));
      groups.push({ ...common, n: 0, events: 0, meanPredicted: rows.length === 1 ? x[rows[0]] : null, observed: null, stdErrLog: null, lowerCi: null, upperCi: null });
      continue;
    }
    let sum = 0;
    let events = 0;
    for (const k of rows) {
      sum += x[k];
      events += data.event[k];
    }
    const km = groupKm(data, rows, u);
    if (km.surv === null) warnings.push(issueWarning('time_beyond_followup', ['groups', id], `group ${id}: follow-up ends before u = ${u}`));
    const ci = km.surv === null || km.se === null ? null : km.surv === 0 ? { lo: 0, hi: 0 } : { lo: km.surv * Math.exp(-z * km.se), hi: Math.min(1, km.surv * Math.exp(z * km.se)) };
    groups.push({ ...common, n: rows.length, events, meanPredicted: sum / rows.length, observed: km.surv, stdErrLog: km.se, lowerCi: ci?.lo ?? null, upperCi: ci?.hi ?? null });
  }
  const all = groupKm(data, Array.from({ length: data.n }, (_, k) => k), u);
  let wSum = 0;
  let wDiff = 0;
  let maxDiff: number | null = null;
  for (const gr of groups) {
    if (gr.observed === null || gr.meanPredicted === null) continue;
    const d = Math.abs(gr.observed - gr.meanPredicted);
    wSum += gr.n;
    wDiff += gr.n * d;
    maxDiff = maxDiff === null ? d : Math.max(maxDiff, d);
  }
  const meanPredictedOverall = x.reduce((a, b) => a + b, 0) / data.n;
  return ok(
    {
      horizonDays: u,
      groups,
      groupOfRow: q.group,
      summary: { observedOverall: all.surv, meanPredictedOverall, weightedMeanAbsDifference: wSum > 0 ? wDiff / wSum : null, maxAbsDifference: maxDiff },
      warnings,
    },
    warnings,
  );
}
