import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, issueWarning, ok } from '../../core/issues.js';
import type { SurvivalData } from '../outcome.js';
import { checkRightCensored, checkRowValues, checkTimes } from './metric-input.js';
import { maskedKaplanMeierAt } from './masked-km.js';

/** One named risk prediction (probability of the event by the horizon) per row. */
export interface NamedRisk {
  readonly name: string;
  readonly risk: ArrayLike<number>;
}

/** Options of `decisionCurve`: horizon t (time unit of the data) and threshold probabilities p_t in [0, 1). @see dcurves::dca */
export interface DecisionCurveOptions {
  /** Horizon t at which the event is assessed (outcome time unit). */
  readonly horizonDays: number;
  /** Threshold probabilities in [0, 1). Default 0, 0.01, ..., 0.99 (R `seq(0, 0.99, by = 0.01)`). */
  readonly thresholds?: readonly number[];
}

/** One curve: the strategy "treat if risk >= threshold" (or treat all / none). */
export interface DecisionCurve {
  /** Risk name, or `all` / `none` for the reference strategies. */
  readonly variable: string;
  readonly threshold: Float64Array;
  /** #{risk >= p_t} / n. */
  readonly testPosRate: Float64Array;
  /** P(event by t | test positive) · test_pos_rate; null where the KM cannot reach t (dcurves NA). */
  readonly tpRate: readonly (number | null)[];
  readonly fpRate: readonly (number | null)[];
  /** tp_rate - p_t / (1 - p_t) · fp_rate. */
  readonly netBenefit: readonly (number | null)[];
}

/** Net benefit NB(p_t) = TP/n - FP/n · p_t/(1 - p_t) per threshold for "all", "none" and each model, with the KM event probability at t. @see dcurves::dca */
export interface DecisionCurveResult {
  readonly n: number;
  readonly horizonDays: number;
  /** 1 - KM(t) over everyone (dcurves `pos_rate`, the same on every row). */
  readonly posRate: number;
  /** Curves in dcurves order: `all`, `none`, then the risks as given. */
  readonly curves: readonly DecisionCurve[];
  readonly warnings: readonly Issue[];
}

/** R's `seq(0, 0.99, by = 0.01)`: from + k·by. */
export function defaultDcaThresholds(): number[] {
  return Array.from({ length: 100 }, (_, k) => 0 + k * 0.01);
}

/**
 * 1 - S(t) by Kaplan-Meier over time-sorted rows with keep[k] = 1, as dcurves' `.surv_to_risk`
 * reads it from survfit: the estimate at the last observed time <= t; null (NA) when no
 * kept time is <= t or when t is beyond the last kept time.
 */
function kmRisk(time: Float64Array, event: Uint8Array, keep: Uint8Array | null, t: number): number | null {
  const km = maskedKaplanMeierAt(time, event, keep, t);
  if (km.rowsKept === 0 || km.lastTime < t) return null;
  return km.observed ? 1 - km.surv : null;
}

/**
 * Decision-curve net benefit at horizon t for a survival endpoint, as dcurves::dca defines it:
 * for threshold p_t, test positive = risk >= p_t;
 * test_pos_rate = #positive / n; ρ = 1 - KM_positive(t) (0 when no one is positive);
 * tp_rate = ρ · test_pos_rate; fp_rate = (1 - ρ) · test_pos_rate;
 * NB = tp_rate - p_t / (1 - p_t) · fp_rate. `all` = everyone positive (risk 1 + ε), `none` = no one (risk -ε).
 * pos_rate = 1 - KM(t) over everyone. O(n log n + n·|thresholds|).
 * @see dcurves::dca (time = t); Vickers et al., BMC Med Inform Decis Mak 2008;8:53
 */
export function decisionCurve(data: SurvivalData, risks: readonly NamedRisk[], options: DecisionCurveOptions): Result<DecisionCurveResult> {
  const t = options.horizonDays;
  const thresholds = options.thresholds ?? defaultDcaThresholds();
  const issues = [...checkRightCensored(data, 'decision curve'), ...checkTimes([t], 'horizonDays')];
  risks.forEach((r, k) => {
    issues.push(...checkRowValues(r.risk, data.n, `risks[${k}].risk`, { lower: 0, upper: 1 }));
    if (r.name === 'all' || r.name === 'none') issues.push(issueError('bad_option', ['risks', k, 'name'], `"${r.name}" is reserved for the reference strategies`, { expected: 'a name other than all / none', received: r.name }));
  });
  thresholds.forEach((p, k) => {
    if (!(p >= 0 && p < 1)) issues.push(issueError('bad_option', ['thresholds', k], `threshold ${p} is outside [0, 1)`, { expected: '0 <= threshold < 1', received: String(p) }));
  });
  if (issues.length) return fail(issues);
  const n = data.n;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => data.time[a] - data.time[b] || a - b);
  const time = Float64Array.from(order, (i) => data.time[i]);
  const event = Uint8Array.from(order, (i) => data.event[i]);
  const posRate = kmRisk(time, event, null, t);
  if (posRate === null) {
    return fail([issueError('time_beyond_followup', ['horizonDays'], `cannot estimate the event probability at t = ${t}: no follow-up reaches it`, { expected: `t <= ${time[n - 1]}`, received: String(t) })]);
  }
  const eps = Number.EPSILON;
  // dcurves nudges exact 0 and 1 risks by machine epsilon, and codes all / none as 1 + ε / -ε.
  const nudge = (v: number) => (v === 0 ? 0 - eps : v === 1 ? 1 + eps : v);
  const strategies: { variable: string; risk: Float64Array }[] = [
    { variable: 'all', risk: new Float64Array(n).fill(1 + eps) },
    { variable: 'none', risk: new Float64Array(n).fill(0 - eps) },
    ...risks.map((r) => ({ variable: r.name, risk: Float64Array.from(order, (i) => nudge(r.risk[i])) })),
  ];
  const warnings: Issue[] = [];
  const keep = new Uint8Array(n);
  const curves = strategies.map(({ variable, risk }) => {
    const m = thresholds.length;
    const testPosRate = new Float64Array(m);
    const tpRate: (number | null)[] = [];
    const fpRate: (number | null)[] = [];
    const netBenefit: (number | null)[] = [];
    thresholds.forEach((p, j) => {
      let pos = 0;
      for (let k = 0; k < n; k++) {
        keep[k] = risk[k] >= p ? 1 : 0;
        pos += keep[k];
      }
      testPosRate[j] = pos / n;
      const rho = pos === 0 ? 0 : kmRisk(time, event, keep, t);
      if (rho === null) {
        warnings.push(issueWarning('time_beyond_followup', ['curves', variable, 'threshold', p], `${variable}: the test-positive group's Kaplan-Meier does not reach t = ${t} at threshold ${p} (net benefit NA)`));
        tpRate.push(null);
        fpRate.push(null);
        netBenefit.push(null);
        return;
      }
      const tp = rho * testPosRate[j];
      const fp = (1 - rho) * testPosRate[j];
      tpRate.push(tp);
      fpRate.push(fp);
      netBenefit.push(tp - (p / (1 - p)) * fp);
    });
    return { variable, threshold: Float64Array.from(thresholds), testPosRate, tpRate, fpRate, netBenefit };
  });
  return ok({ n, horizonDays: t, posRate, curves, warnings }, warnings);
}
