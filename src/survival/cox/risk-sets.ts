import type { SurvivalData } from '../outcome.js';

/**
 * Row orderings shared by every Cox kernel, computed once per fit (O(n log n)): within each
 * stratum rows by exit time descending (events before censored rows at a tied time), and, for
 * (start, stop] data, by entry time descending. Kernels then sweep each stratum backwards in
 * time, adding rows as they enter the risk set and removing (start, stop] rows whose start is
 * at or after the current time, so one pass costs O(n p²).
 */
export interface RiskSetLayout {
  readonly n: number;
  /** Stratum s occupies positions strataStart[s] .. strataStart[s+1]-1 of `byExit` / `byEntry`. */
  readonly strataStart: Int32Array;
  readonly byExit: Int32Array;
  /** Null for right-censored data (nobody leaves the risk set before their exit). */
  readonly byEntry: Int32Array | null;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  readonly entry: Float64Array | null;
  /** Case weights, all 1 when the data have none. */
  readonly weights: Float64Array;
  /** Largest number of events tied at one time in any stratum. */
  readonly maxTiedEvents: number;
}

/** Build the risk-set orderings of a `SurvivalData`. */
export function riskSetLayout(data: SurvivalData): RiskSetLayout {
  const n = data.n;
  const nStrata = data.strata ? Math.max(1, data.strataLevels.length) : 1;
  const stratumOf = (i: number) => (data.strata ? data.strata[i] : 0);
  const counts = new Int32Array(nStrata + 1);
  for (let i = 0; i < n; i++) counts[stratumOf(i) + 1]++;
  for (let s = 0; s < nStrata; s++) counts[s + 1] += counts[s];
  const strataStart = Int32Array.from(counts);
  const { time, event, entry } = data;
  const byExit = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => stratumOf(a) - stratumOf(b) || time[b] - time[a] || event[b] - event[a] || a - b,
  );
  const byEntry = entry
    ? Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => stratumOf(a) - stratumOf(b) || entry[b] - entry[a] || a - b)
    : null;
  let maxTiedEvents = 0;
  for (let k = 0; k < n; ) {
    const t = time[byExit[k]];
    const s = stratumOf(byExit[k]);
    let d = 0;
    for (; k < n && time[byExit[k]] === t && stratumOf(byExit[k]) === s; k++) d += event[byExit[k]];
    if (d > maxTiedEvents) maxTiedEvents = d;
  }
  const weights = data.weights ?? new Float64Array(n).fill(1);
  return { n, strataStart, byExit, byEntry, time, event, entry, weights, maxTiedEvents };
}

/** Centring and scaling of the design used inside the Newton-Raphson iterations. */
export interface ScaledDesign {
  /** (x - center) · scale, n × p row-major. */
  readonly z: Float64Array;
  readonly center: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Centre each column at its (weighted) mean and scale it by Σw / Σ w|x - m|, as R's
 * `coxfit6` does for numerical stability; columns whose values all lie in `noCenter`
 * ({-1, 0, 1} in R) are left alone. The fit is invariant to this (up to rounding); it
 * matters for the rank tolerance of the Cholesky.
 */
export function scaleDesign(x: Float64Array, n: number, p: number, weights: Float64Array, noCenter: Uint8Array, mode: 'mean-abs' | 'sd'): ScaledDesign {
  const z = new Float64Array(n * p);
  const center = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += weights[i];
  for (let j = 0; j < p; j++) {
    if (noCenter[j]) {
      for (let i = 0; i < n; i++) z[i * p + j] = x[i * p + j];
      continue;
    }
    let m = 0;
    for (let i = 0; i < n; i++) m += weights[i] * x[i * p + j];
    m /= wsum;
    let spread = 0;
    if (mode === 'mean-abs') {
      for (let i = 0; i < n; i++) spread += weights[i] * Math.abs(x[i * p + j] - m);
      spread = spread > 0 ? wsum / spread : 1;
    } else {
      for (let i = 0; i < n; i++) spread += (x[i * p + j] - m) ** 2;
      spread = spread > 0 ? 1 / Math.sqrt(spread / (n - 1)) : 1;
    }
    center[j] = m;
    scale[j] = spread;
    for (let i = 0; i < n; i++) z[i * p + j] = (x[i * p + j] - m) * spread;
  }
  return { z, center, scale };
}

/** Columns whose values all lie in {-1, 0, 1} (R's `coxph(nocenter = c(-1, 0, 1))`). */
export function noCenterColumns(x: Float64Array, n: number, p: number): Uint8Array {
  const out = new Uint8Array(p).fill(1);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) {
      const v = x[i * p + j];
      if (v !== 0 && v !== 1 && v !== -1) {
        out[j] = 0;
        break;
      }
    }
  }
  return out;
}

/** Linear predictor η_i = z_i'β (+ a per-stratum shift keeping exp(η) finite when |η| is huge). */
export function linearPredictor(layout: RiskSetLayout, z: Float64Array, p: number, beta: ArrayLike<number>, out: Float64Array): void {
  const n = layout.n;
  for (let i = 0; i < n; i++) {
    let e = 0;
    const o = i * p;
    for (let j = 0; j < p; j++) e += z[o + j] * beta[j];
    out[i] = e;
  }
  // The partial likelihood is invariant to a constant shift of η within a stratum; shift only
  // when exp would overflow.
  const { strataStart, byExit } = layout;
  for (let s = 0; s + 1 < strataStart.length; s++) {
    let max = -Infinity;
    for (let k = strataStart[s]; k < strataStart[s + 1]; k++) max = Math.max(max, out[byExit[k]]);
    if (max > 600) for (let k = strataStart[s]; k < strataStart[s + 1]; k++) out[byExit[k]] -= max - 600;
  }
}
