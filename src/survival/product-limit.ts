import type { SurvivalData } from './outcome.js';

/**
 * The product-limit kernel shared by Kaplan-Meier, the censoring distribution used for IPCW
 * weights, and the metrics. One row per distinct exit time (event or censoring), ascending.
 * Counting-process data: a row is at risk at t when entry < t <= exit (R's survfit convention).
 * All counts are weighted sums when case weights are present.
 */
export interface ProductLimit {
  readonly time: Float64Array;
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
  /** Rows entering (delayed entry) at each time, counted after the time (entry < t). */
  readonly nEnter: Float64Array;
  /** S(t) just after each time. */
  readonly surv: Float64Array;
}

/** Which rows count as "events" for the estimate: `censoring` flips the indicator (reverse KM). */
export type ProductLimitTarget = 'event' | 'censoring';

/**
 * Product-limit estimate over the rows `rows` (all rows when omitted).
 * S(t) = Π_{t_j <= t} (n_j - d_j) / n_j, n_j = Σ w over rows with entry < t_j <= exit,
 * d_j = Σ w over events at t_j (R's survfit / survfitkm arithmetic, so digits agree).
 * O(m log m) in the number of rows m.
 * @see R survival::survfit (survfitKM)
 */
export function productLimit(data: SurvivalData, options: { rows?: ArrayLike<number>; target?: ProductLimitTarget } = {}): ProductLimit {
  const rows = options.rows ?? Int32Array.from({ length: data.n }, (_, i) => i);
  const flip = options.target === 'censoring';
  const m = rows.length;
  const w = (i: number) => (data.weights ? data.weights[i] : 1);
  // Distinct exit times.
  const exits = Float64Array.from(rows, (i) => data.time[i]).sort();
  const times: number[] = [];
  for (let k = 0; k < m; k++) if (k === 0 || exits[k] !== exits[k - 1]) times.push(exits[k]);
  const T = times.length;
  const nEvent = new Float64Array(T);
  const nCensor = new Float64Array(T);
  const nEnter = new Float64Array(T);
  const nRisk = new Float64Array(T);
  const idxOf = (t: number) => {
    let lo = 0;
    let hi = T - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // exitsAtOrAfter[j] = weight of rows with exit >= times[j]; entries counted via entry < t.
  const exitW = new Float64Array(T);
  for (let k = 0; k < m; k++) {
    const i = rows[k];
    const j = idxOf(data.time[i]);
    exitW[j] += w(i);
    const isEvent = flip ? data.event[i] === 0 : data.event[i] === 1;
    if (isEvent) nEvent[j] += w(i);
    else nCensor[j] += w(i);
  }
  let acc = 0;
  for (let j = T - 1; j >= 0; j--) {
    acc += exitW[j];
    nRisk[j] = acc;
  }
  if (data.entry) {
    // Subtract rows not yet entered: entry >= t means not at risk at t.
    const entries = Float64Array.from(rows, (i) => data.entry![i]);
    const order = Int32Array.from({ length: m }, (_, k) => k).sort((a, b) => entries[a] - entries[b]);
    const sortedEntry = Float64Array.from(order, (k) => entries[k]);
    const sortedW = Float64Array.from(order, (k) => w(rows[k]));
    // late[j] = weight of rows with entry >= times[j]
    let p = sortedEntry.length - 1;
    let late = 0;
    for (let j = T - 1; j >= 0; j--) {
      while (p >= 0 && sortedEntry[p] >= times[j]) {
        late += sortedW[p];
        p--;
      }
      nRisk[j] -= late;
    }
    for (let k = 0; k < sortedEntry.length; k++) {
      // entering strictly before the first time after its entry
      const e = sortedEntry[k];
      let lo = 0;
      let hi = T;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (times[mid] <= e) lo = mid + 1;
        else hi = mid;
      }
      if (lo < T) nEnter[lo] += sortedW[k];
    }
  }
  const surv = new Float64Array(T);
  let s = 1;
  for (let j = 0; j < T; j++) {
    if (nEvent[j] > 0) s *= (nRisk[j] - nEvent[j]) / nRisk[j];
    surv[j] = s;
  }
  return { time: Float64Array.from(times), nRisk, nEvent, nCensor, nEnter, surv };
}

/**
 * Evaluate a right-continuous step function defined at `time` (values `value`) at `t`:
 * the value at the last time <= t, or `before` when t precedes every time.
 * @see R survival::summary.survfit(times) (right-continuous step)
 */
export function stepAt(time: ArrayLike<number>, value: ArrayLike<number>, t: number, before = 1): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? before : value[lo - 1];
}

/** Same as `stepAt` but using the value strictly before `t` (left limit), e.g. G(t-) for IPCW. @see R survival::summary.survfit (left limit S(t-)) */
export function stepBefore(time: ArrayLike<number>, value: ArrayLike<number>, t: number, before = 1): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? before : value[lo - 1];
}
