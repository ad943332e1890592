import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../core/errors.js';

/**
 * Constants describing one batch for the Cox loss, built in JS from the batch's (time, event) once the
 * batch has been put in order of decreasing time. With rows in that order, the risk set of a tie group
 * (all rows with the same time t) is the prefix 0…b_g where b_g is the group's last row, so risk-set
 * sums are a cumulative sum read at b_g — no `gather` (whose gradient tfjs-wasm lacks).
 */
export interface CoxBatchLayout {
  /** Batch size n. */
  readonly n: number;
  /** Number of events (deaths) d = Σ δ_i; one Efron term per event. */
  readonly events: number;
  /** δ_i as float32, length n. */
  readonly eventMask: Float32Array;
  /** events × n, row r has a single 1 at b_g (the last row of the death's tie group). */
  readonly riskSelect: Float32Array;
  /** events × n, row r = k_r / d_g at the tied deaths of its group (Efron), k_r = 0 … d_g − 1. */
  readonly tieWeight: Float32Array;
  /** Number of distinct event times. */
  readonly eventTimes: number;
  /**
   * n × n permutation matrix P (row-major) when the scores arrive in batch order rather than sorted:
   * sorted θ = P·θ (a constant matMul, differentiable on every backend). Null for pre-sorted batches.
   */
  readonly permutation: Float32Array | null;
}

/**
 * Order of a batch by decreasing time (events before censored rows at equal time, then by index, so
 * the order is deterministic). Apply it to the images and outcomes before `coxBatchLayout`.
 */
export function orderByTimeDescending(time: ArrayLike<number>, event: ArrayLike<number>): Int32Array {
  const idx = Array.from({ length: time.length }, (_, i) => i);
  idx.sort((a, b) => time[b] - time[a] || event[b] - event[a] || a - b);
  return Int32Array.from(idx);
}

/**
 * Build the loss constants for a batch already sorted by decreasing time.
 * @throws HccError `E_INPUT` when times are not finite, not non-increasing, or events are not 0/1.
 */
export function coxBatchLayout(time: ArrayLike<number>, event: ArrayLike<number>): CoxBatchLayout {
  const n = time.length;
  if (event.length !== n) throw new HccError('E_INPUT', `coxBatchLayout: ${n} times but ${event.length} events`);
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i])) throw new HccError('E_INPUT', `coxBatchLayout: time[${i}] is not finite (${time[i]})`);
    if (event[i] !== 0 && event[i] !== 1) throw new HccError('E_INPUT', `coxBatchLayout: event[${i}] must be 0 or 1, got ${event[i]}`);
    if (i > 0 && time[i] > time[i - 1]) throw new HccError('E_INPUT', `coxBatchLayout: batch must be sorted by decreasing time (time[${i}] = ${time[i]} > time[${i - 1}] = ${time[i - 1]}); use orderByTimeDescending`);
    events += event[i];
  }
  const eventMask = new Float32Array(n);
  const riskSelect = new Float32Array(events * n);
  const tieWeight = new Float32Array(events * n);
  let r = 0;
  let eventTimes = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && time[end + 1] === time[start]) end++;
    const deaths: number[] = [];
    for (let j = start; j <= end; j++) if (event[j] === 1) deaths.push(j);
    const d = deaths.length;
    if (d > 0) eventTimes++;
    for (let k = 0; k < d; k++, r++) {
      eventMask[deaths[k]] = 1;
      riskSelect[r * n + end] = 1;
      if (k > 0) for (const j of deaths) tieWeight[r * n + j] = k / d;
    }
    start = end + 1;
  }
  return { n, events, eventMask, riskSelect, tieWeight, eventTimes, permutation: null };
}

/**
 * Loss constants for a batch in arbitrary order (e.g. the PFS outcome of a batch sorted by OS time):
 * the layout of the time-sorted batch plus the permutation matrix that sorts the scores.
 */
export function coxBatchLayoutUnsorted(time: ArrayLike<number>, event: ArrayLike<number>): CoxBatchLayout {
  const order = orderByTimeDescending(time, event);
  const n = order.length;
  const sorted = coxBatchLayout(Array.from(order, (i) => time[i]), Array.from(order, (i) => event[i]));
  const permutation = new Float32Array(n * n);
  for (let r = 0; r < n; r++) permutation[r * n + order[r]] = 1;
  return { ...sorted, permutation };
}

/** Options of `coxPartialLikelihoodLoss`. */
export interface CoxLossOptions {
  /** 'mean' (default): divide by the number of events; 'sum': the plain negative log partial likelihood. */
  readonly reduction?: 'mean' | 'sum';
}

/**
 * Negative Cox partial log-likelihood with Efron's handling of tied event times, for risk scores θ
 * (log relative hazards, higher = worse) of a batch sorted by decreasing time:
 *
 *   −ℓ(θ) = −Σ_g [ Σ_{i ∈ D_g} θ_i − Σ_{k=0}^{d_g−1} log( Σ_{j: t_j ≥ t_g} e^{θ_j} − (k/d_g) Σ_{i ∈ D_g} e^{θ_i} ) ]
 *
 * computed stably as log Σ e^{θ_j} = m + log Σ e^{θ_j − m}, m = max θ (every exponent ≤ 0, no overflow;
 * the risk-set sums are a `tf.cumsum` read at each group's last row by a constant selection matrix).
 * Float32 limits: a risk set whose scores all lie more than ~80 below max θ underflows; network risk
 * scores never spread that far. With no events in the batch the loss is 0 (and its gradient 0).
 * @see R survival `coxph(ties = "efron")` log-likelihood (`coxfit6`); Efron (1977).
 */
export function coxPartialLikelihoodLoss(risk: tf.Tensor, layout: CoxBatchLayout, options: CoxLossOptions = {}): tf.Scalar {
  const { n, events } = layout;
  if (risk.size !== n) throw new HccError('E_OPTION', `coxPartialLikelihoodLoss: ${risk.size} risk scores for a batch of ${n}`);
  return tf.tidy(() => {
    const theta = layout.permutation
      ? tf.reshape(tf.matMul(tf.tensor2d(layout.permutation, [n, n]), tf.reshape(risk, [n, 1])), [n])
      : tf.reshape(risk, [n]);
    if (events === 0) return tf.mul(tf.sum(theta), 0) as tf.Scalar;
    const m = tf.max(theta);
    const e = tf.exp(tf.sub(theta, m));
    const cum = tf.reshape(tf.cumsum(e), [n, 1]);
    const sel = tf.tensor2d(layout.riskSelect, [events, n]);
    const tie = tf.tensor2d(layout.tieWeight, [events, n]);
    const denom = tf.sub(tf.matMul(sel, cum), tf.matMul(tie, tf.reshape(e, [n, 1])));
    const logDenom = tf.add(tf.log(denom), m);
    const partial = tf.sub(tf.sum(tf.mul(theta, tf.tensor1d(layout.eventMask))), tf.sum(logDenom));
    const negLoglik = tf.neg(partial);
    return (options.reduction === 'sum' ? negLoglik : tf.div(negLoglik, events)) as tf.Scalar;
  });
}
