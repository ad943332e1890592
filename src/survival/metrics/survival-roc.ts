import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, ok } from '../../core/issues.js';
import type { SurvivalData } from '../outcome.js';
import { checkRightCensored, checkRowValues, checkTimes } from './metric-input.js';
import { maskedKaplanMeierAt } from './masked-km.js';

/** How survivalROC estimates P(T <= t | marker > c). */
export type SurvivalRocMethod = 'KM' | 'NNE';

/** Options of `survivalRoc`: horizon t (time unit of the data), estimator (KM or NNE) and the NNE span. @see survivalROC::survivalROC */
export interface SurvivalRocOptions {
  /** Horizon t (outcome time unit). */
  readonly predictTimeDays: number;
  readonly method: SurvivalRocMethod;
  /** NNE window: fraction of the sample in the symmetric nearest-neighbour window. Default 0.25 n^(-0.2). */
  readonly span?: number;
}

/** The ROC curve (TP, FP per cut value), pooled KM S(t) and the trapezoid AUC at one horizon. @see survivalROC::survivalROC */
export interface SurvivalRocResult {
  readonly predictTimeDays: number;
  readonly method: SurvivalRocMethod;
  /** Cut values: -Inf then the sorted distinct marker values (test positive: marker > c). */
  readonly cutValues: Float64Array;
  readonly tp: Float64Array;
  readonly fp: Float64Array;
  /** Pooled Kaplan-Meier S(t). */
  readonly survival: number;
  readonly auc: number;
  /** NNE span used (null for KM). */
  readonly span: number | null;
}

/** Kaplan-Meier S(t) over the rows (time-sorted) with keep[k] = 1, up to and including t. */
function kmUpTo(time: Float64Array, event: Uint8Array, keep: Uint8Array | null, t: number): number {
  return maskedKaplanMeierAt(time, event, keep, t).surv;
}

/** S(t) of 0 or 1 leaves no cases or no controls: sensitivity or specificity would be 0/0 (R gives NaN). */
function notEstimable(t: number, which: string, s: number): Issue {
  return issueError('time_beyond_followup', ['predictTimeDays'], `survivalROC at t = ${t} is not estimable: the ${which} S(t) is ${s}, so there are no ${s >= 1 ? 'events' : 'survivors'} by t`, {
    expected: 'an event before t and a row still event-free at t (0 < S(t) < 1)',
    received: `S(t) = ${s}`,
  });
}

/**
 * Heagerty, Lumley & Pepe (2000) time-dependent ROC, as survivalROC 1.0.3 computes it.
 * Sensitivity(c) = P(T <= t | M > c) and specificity from
 * - `KM`: the Kaplan-Meier estimate S_c(t) within {M > c}: TP = (1 - S_c) p_c / (1 - S), FP = S_c p_c / S;
 * - `NNE`: the nearest-neighbour estimate S(t | m) with survivalROC's symmetric 0/1 window
 *   [m - λ, m + λ], λ = distance to the trunc(n·span + ½)-th neighbour above m: TP = (p_c - Σ_{M>c} S(t|M)/n) / (1 - S̄), FP = (Σ_{M>c} S(t|M)/n) / S̄,
 * with p_c = #{M > c}/n, S the pooled KM at t and S̄ = mean S(t | M_i). AUC by the trapezoid rule.
 * Cost O(n·q) for q distinct markers (KM) and O(q·n·log n) (NNE): meant for cohort-sized data.
 * Fails with `time_beyond_followup` at `predictTimeDays` when S(t) is 0 or 1 (R returns NaN).
 * @see survivalROC::survivalROC
 */
export function survivalRoc(data: SurvivalData, marker: ArrayLike<number>, options: SurvivalRocOptions): Result<SurvivalRocResult> {
  const issues = [...checkRightCensored(data, 'survivalROC'), ...checkRowValues(marker, data.n, 'marker'), ...checkTimes([options.predictTimeDays], 'predictTimeDays')];
  if (options.span !== undefined && !(options.span > 0 && options.span <= 1)) {
    issues.push(issueError('bad_option', ['span'], `span must be in (0, 1]`, { expected: '0 < span <= 1', received: String(options.span) }));
  }
  if (issues.length) return fail(issues);
  const n = data.n;
  const t = options.predictTimeDays;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => data.time[a] - data.time[b] || a - b);
  const time = Float64Array.from(order, (i) => data.time[i]);
  const event = Uint8Array.from(order, (i) => data.event[i]);
  const x = Float64Array.from(order, (i) => marker[i]);
  const cuts = Float64Array.from(new Set(x)).sort();
  const q = cuts.length;
  const sPooled = kmUpTo(time, event, null, t);
  if (!(sPooled > 0 && sPooled < 1)) return fail([notEstimable(t, 'pooled Kaplan-Meier', sPooled)]);
  const sens = new Float64Array(q);
  const spec = new Float64Array(q);
  sens[q - 1] = 0;
  spec[q - 1] = 1;
  let span: number | null = null;
  if (options.method === 'KM') {
    const keep = new Uint8Array(n);
    for (let c = 0; c < q - 1; c++) {
      let count = 0;
      for (let k = 0; k < n; k++) {
        keep[k] = x[k] > cuts[c] ? 1 : 0;
        count += keep[k];
      }
      const s0 = kmUpTo(time, event, keep, t);
      const p0 = count / n;
      sens[c] = ((1 - s0) * p0) / (1 - sPooled);
      spec[c] = 1 - (s0 * p0) / sPooled;
    }
  } else {
    span = options.span ?? 0.25 * Math.pow(n, -0.2);
    // survivalROC >= 1.0.0-3 (2008 fix): trunc(n·span + 0.5) neighbours on each side.
    const half = Math.trunc(n * span + 0.5);
    const sOfCut = new Float64Array(q);
    const keep = new Uint8Array(n);
    const ddd = new Float64Array(n);
    for (let j = 0; j < q; j++) {
      const xj = cuts[j];
      for (let k = 0; k < n; k++) ddd[k] = x[k] - xj;
      const sorted = Float64Array.from(ddd).sort();
      let below = 0;
      while (below < n && sorted[below] < 0) below++;
      const lambda = sorted[Math.min(n, below + 1 + half) - 1];
      // survivalROC: window [x_j - λ, x_j + λ] with λ the distance to the neighbour `half` places above.
      for (let k = 0; k < n; k++) keep[k] = (ddd[k] <= lambda && ddd[k] >= 0) || (ddd[k] >= -Math.abs(lambda) && ddd[k] <= 0) ? 1 : 0;
      sOfCut[j] = kmUpTo(time, event, keep, t);
    }
    const sOfRow = Float64Array.from(x, (v) => sOfCut[upperBoundIndex(cuts, v)]);
    let sMarg = 0;
    for (let k = 0; k < n; k++) sMarg += sOfRow[k];
    sMarg /= n;
    if (!(sMarg > 0 && sMarg < 1)) return fail([notEstimable(t, 'mean nearest-neighbour', sMarg)]);
    for (let c = 0; c < q - 1; c++) {
      let p1 = 0;
      let sx = 0;
      for (let k = 0; k < n; k++) {
        if (x[k] > cuts[c]) {
          p1++;
          sx += sOfRow[k];
        }
      }
      p1 /= n;
      sx /= n;
      sens[c] = (p1 - sx) / (1 - sMarg);
      spec[c] = 1 - sx / sMarg;
    }
  }
  const fp = new Float64Array(q + 1);
  const tp = new Float64Array(q + 1);
  fp[0] = 1;
  tp[0] = 1;
  for (let c = 0; c < q; c++) {
    fp[c + 1] = 1 - spec[c];
    tp[c + 1] = sens[c];
  }
  let auc = 0;
  for (let k = 0; k < q; k++) auc += (fp[k] - fp[k + 1]) * ((tp[k] + tp[k + 1]) / 2);
  const cutValues = new Float64Array(q + 1);
  cutValues[0] = -Infinity;
  cutValues.set(cuts, 1);
  return ok({ predictTimeDays: t, method: options.method, cutValues, tp, fp, survival: sPooled, auc, span });
}

/** Index of v in the sorted distinct array (exact match). */
function upperBoundIndex(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
