import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { CoxModelLike } from './model-like.js';
import { assertCoxModelLike, centerLinearPredictor } from './model-like.js';

/**
 * Baseline hazard type, R's `ctype`: 1 = Breslow / Nelson-Aalen increments d/Σ w r;
 * 2 = Efron-adjusted increments (R's default after a `ties = "efron"` fit).
 */
export type HazardType = 1 | 2;

/**
 * One stratum's baseline curve at every distinct exit time (event or censoring), ascending.
 * Hazards are on the *centred* scale (risk exp(x'β - m'β), m = model means), as R's survfit.coxph
 * works internally. Counts are weighted sums when case weights are present.
 */
export interface CoxBaselineCurve {
  /** 0-based stratum index into `data.strataLevels` (0 when unstratified). */
  readonly stratum: number;
  /** Stratum level, or null when the model is unstratified. */
  readonly label: string | null;
  readonly time: Float64Array;
  /** Σ w over rows at risk at each time (entry < t <= exit). */
  readonly nRisk: Float64Array;
  /** Σ w over events at each time. */
  readonly nEvent: Float64Array;
  /** Σ w over censored exits at each time. */
  readonly nCensor: Float64Array;
  /** Hazard increment at each time (centred scale). */
  readonly hazard: Float64Array;
  /** Cumulative hazard Λ0(t) at the centring point. */
  readonly cumhaz: Float64Array;
  /** Cumulative Σ var-hazard increments (first term of the Tsiatis variance); null if not requested. */
  readonly varHazard: Float64Array | null;
  /**
   * Cumulative Σ_k dΛ0(t_k) · x̄(t_k), x centred at the model means, T × p row-major
   * (the second-term building block of the Tsiatis variance); null if not requested.
   */
  readonly xbar: Float64Array | null;
}

/** Options of `coxBaselineCurves`. */
export interface CoxBaselineCurvesOptions {
  /** Default: 2 for Efron fits, 1 for Breslow fits (as R). */
  readonly ctype?: HazardType;
  /** Compute `varHazard` and `xbar` (needed for standard errors of predictions). Default false. */
  readonly withVariance?: boolean;
}

function defaultCtype(model: Pick<CoxModelLike, 'ties'>, ctype: HazardType | undefined): HazardType {
  if (ctype === undefined) return model.ties === 'efron' ? 2 : 1;
  if (ctype !== 1 && ctype !== 2) {
    throw new HccError('E_OPTION', `ctype must be 1 or 2`, { issues: [issueError('bad_option', ['ctype'], 'unknown hazard type', { expected: '1 (Breslow) or 2 (Efron)', received: String(ctype) })] });
  }
  return ctype;
}

/** Rows of each stratum (in data order). */
export function rowsByStratum(model: Pick<CoxModelLike, 'data'>): Int32Array[] {
  const { data } = model;
  if (!data.strata) return [Int32Array.from({ length: data.n }, (_, i) => i)];
  const nS = data.strataLevels.length;
  const counts = new Int32Array(nS);
  for (let i = 0; i < data.n; i++) counts[data.strata[i]]++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(nS);
  for (let i = 0; i < data.n; i++) {
    const s = data.strata[i];
    out[s][fill[s]++] = i;
  }
  return out;
}

/**
 * Baseline hazard curves per stratum: the kernel shared by `baselineHazard` and `predictSurvival`.
 *
 * With r_i = w_i exp(x_i'β - m'β), at each distinct exit time t with d events (e = Σ_events w,
 * R = Σ_{at risk} r_i, R_d = Σ_events r_i):
 * - ctype 1: dΛ = e / R, var term e / R², x̄ term (Σ_{at risk} r_i x_i / R) · dΛ;
 * - ctype 2: dΛ = e · (1/d) Σ_{k=0}^{d-1} 1 / (R - (k/d) R_d), var term e · (1/d) Σ_k 1/(R - (k/d)R_d)²,
 *   x̄ term e · (1/d) Σ_k (S1 - (k/d) S1_d) / (R - (k/d) R_d)²  (Efron's tie correction).
 * Counting-process rows are at risk when entry < t <= exit. O(n log n + n p) per stratum.
 *
 * @see R survival: `survfit.coxph`, `agsurv` (survival 3.5-3).
 */
export function coxBaselineCurves(model: CoxModelLike, options: CoxBaselineCurvesOptions = {}): CoxBaselineCurve[] {
  const ctype = defaultCtype(model, options.ctype);
  const withVar = options.withVariance === true;
  const { data, x, p, coef, means } = model;
  const center = centerLinearPredictor(model);
  const w = data.weights;
  const risk = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += x[i * p + j] * coef[j];
    risk[i] = Math.exp(eta - center) * (w ? w[i] : 1);
  }
  const stratRows = rowsByStratum(model);
  const curves: CoxBaselineCurve[] = [];
  const s1 = new Float64Array(p);
  const s1d = new Float64Array(p);
  const xc = new Float64Array(p);
  stratRows.forEach((rows, s) => {
    const m = rows.length;
    const byExit = Int32Array.from(rows).sort((a, b) => data.time[a] - data.time[b] || a - b);
    let T = 0;
    for (let k = 0; k < m; k++) if (k === 0 || data.time[byExit[k]] !== data.time[byExit[k - 1]]) T++;
    const time = new Float64Array(T);
    const nRisk = new Float64Array(T);
    const nEvent = new Float64Array(T);
    const nCensor = new Float64Array(T);
    const hazard = new Float64Array(T);
    const varInc = withVar ? new Float64Array(T) : null;
    const xbarInc = withVar ? new Float64Array(T * p) : null;
    const byEntryDesc = data.entry ? Int32Array.from(rows).sort((a, b) => data.entry![b] - data.entry![a] || a - b) : null;
    let ePtr = 0;
    let sumRisk = 0;
    let sumW = 0;
    let count = 0;
    s1.fill(0);
    let k = m - 1;
    for (let j = T - 1; j >= 0; j--) {
      const t = data.time[byExit[k]];
      time[j] = t;
      let e = 0;
      let d = 0;
      let rd = 0;
      let cens = 0;
      s1d.fill(0);
      for (; k >= 0 && data.time[byExit[k]] === t; k--) {
        const i = byExit[k];
        const wi = w ? w[i] : 1;
        const ri = risk[i];
        sumRisk += ri;
        sumW += wi;
        count++;
        if (withVar) for (let c = 0; c < p; c++) s1[c] += ri * (x[i * p + c] - means[c]);
        if (data.event[i] === 1) {
          e += wi;
          d++;
          rd += ri;
          if (withVar) for (let c = 0; c < p; c++) s1d[c] += ri * (x[i * p + c] - means[c]);
        } else cens += wi;
      }
      if (byEntryDesc) {
        // Rows with entry >= t are not yet at risk at t (they exit later, so were added already).
        for (; ePtr < m && data.entry![byEntryDesc[ePtr]] >= t; ePtr++) {
          const i = byEntryDesc[ePtr];
          count--;
          if (count === 0) {
            sumRisk = 0;
            sumW = 0;
            s1.fill(0);
            continue;
          }
          const ri = risk[i];
          sumRisk -= ri;
          sumW -= w ? w[i] : 1;
          if (withVar) for (let c = 0; c < p; c++) s1[c] -= ri * (x[i * p + c] - means[c]);
        }
      }
      nRisk[j] = sumW;
      nEvent[j] = e;
      nCensor[j] = cens;
      if (d === 0) continue;
      if (ctype === 1 || d === 1) {
        const h = e / sumRisk;
        hazard[j] = h;
        if (varInc && xbarInc) {
          varInc[j] = e / (sumRisk * sumRisk);
          for (let c = 0; c < p; c++) xbarInc[j * p + c] = (s1[c] / sumRisk) * h;
        }
      } else {
        let sum1 = 0;
        let sum2 = 0;
        if (xbarInc) xc.fill(0);
        for (let q = 0; q < d; q++) {
          const f = q / d;
          const den = sumRisk - f * rd;
          sum1 += 1 / den;
          sum2 += 1 / (den * den);
          if (xbarInc) for (let c = 0; c < p; c++) xc[c] += (s1[c] - f * s1d[c]) / (den * den);
        }
        hazard[j] = (e * sum1) / d;
        if (varInc && xbarInc) {
          varInc[j] = (e * sum2) / d;
          for (let c = 0; c < p; c++) xbarInc[j * p + c] = (e * xc[c]) / d;
        }
      }
    }
    const cumhaz = new Float64Array(T);
    let acc = 0;
    for (let j = 0; j < T; j++) cumhaz[j] = acc += hazard[j];
    if (varInc && xbarInc) {
      for (let j = 1; j < T; j++) {
        varInc[j] += varInc[j - 1];
        for (let c = 0; c < p; c++) xbarInc[j * p + c] += xbarInc[(j - 1) * p + c];
      }
    }
    curves.push({
      stratum: s,
      label: data.strata ? data.strataLevels[s] : null,
      time,
      nRisk,
      nEvent,
      nCensor,
      hazard,
      cumhaz,
      varHazard: varInc,
      xbar: xbarInc,
    });
  });
  return curves;
}

/** Options of `baselineHazard`. */
export interface BaselineHazardOptions {
  /** Default: 2 for Efron fits, 1 for Breslow fits (R's survfit.coxph / basehaz default). */
  readonly ctype?: HazardType;
}

/** One stratum of `baselineHazard`. */
export interface BaselineHazardStratum {
  readonly label: string | null;
  readonly time: Float64Array;
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
  /** Λ0(t) for x = 0 (R: `basehaz(fit, centered = FALSE)`). */
  readonly cumhaz: Float64Array;
  /** Λ0(t) at x = means (R: `basehaz(fit, centered = TRUE)`, the default). */
  readonly cumhazCentered: Float64Array;
}

/** Result of `baselineHazard`. */
export interface BaselineHazardResult {
  readonly ctype: HazardType;
  /** m'β: cumhaz = cumhazCentered · exp(-m'β). */
  readonly centerLinearPredictor: number;
  readonly strata: readonly BaselineHazardStratum[];
}

/**
 * Baseline cumulative hazard of a fitted Cox model at every distinct exit time (including
 * censoring-only times), per stratum, centred at the model means and uncentred (x = 0):
 * Λ0(t) = Σ_{t_k <= t} dΛ0(t_k), with dΛ0 as in `coxBaselineCurves` (ctype 1 Breslow, 2 Efron),
 * Λ0,uncentred(t) = Λ0,centred(t) · exp(-m'β).
 *
 * @see R survival: `basehaz(fit, centered)`, `survfit.coxph(fit, ctype)`.
 */
export function baselineHazard(model: CoxModelLike, options: BaselineHazardOptions = {}): BaselineHazardResult {
  assertCoxModelLike(model, 'baselineHazard', false);
  const ctype = defaultCtype(model, options.ctype);
  const center = centerLinearPredictor(model);
  const scale = Math.exp(-center);
  const curves = coxBaselineCurves(model, { ctype });
  return {
    ctype,
    centerLinearPredictor: center,
    strata: curves.map((c) => ({
      label: c.label,
      time: c.time,
      nRisk: c.nRisk,
      nEvent: c.nEvent,
      nCensor: c.nCensor,
      cumhaz: c.cumhaz.map((h) => h * scale),
      cumhazCentered: c.cumhaz,
    })),
  };
}
