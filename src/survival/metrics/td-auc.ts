import { HccError } from '../../core/errors.js';
import type { Issue, Result } from '../../core/issues.js';
import { fail, issueWarning, ok } from '../../core/issues.js';
import { normalQuantile, twoSidedNormalP } from '../../core/distributions.js';
import type { SurvivalData } from '../outcome.js';
import { censoringAt, censoringBefore, censoringDistribution } from './censoring-weights.js';
import { checkRightCensored, checkRowValues, checkTimes, stableTimeOrder } from './metric-input.js';

/** Knobs for `timeDependentAuc`. */
export interface TimeDependentAucOptions {
  /** Horizons t (same unit as the outcome times, days unless stated). */
  readonly times: readonly number[];
  /** Compute the iid (influence-function) representation and standard errors. Default true. */
  readonly iid?: boolean;
  /** Keep the ROC curve (TP, FP at every distinct marker value) per time. Default false. */
  readonly roc?: boolean;
}

/** Cumulative/dynamic ROC curve at one time: points from the highest marker threshold down, (0,0) to (1,1). */
export interface RocCurve {
  readonly tp: Float64Array;
  readonly fp: Float64Array;
}

/** The AUC and its companions at one horizon. `null` = not estimable (no cases or no controls). */
export interface TimeDependentAucAtTime {
  readonly timeDays: number;
  readonly auc: number | null;
  /** iid-based standard error (timeROC `inference$vect_sd_1`); null when iid = false or AUC is null. */
  readonly se: number | null;
  readonly ci95Lower: number | null;
  readonly ci95Upper: number | null;
  /** Σ control weights = #{T > t} / (n G(t)): the IPCW estimate of S(t) (timeROC `survProb`). */
  readonly survival: number;
  /** Σ case weights (timeROC `CumulativeIncidence`). */
  readonly cumulativeIncidence: number;
  /** Cases: T < t with an event. Controls: T > t. Other: the rest (censored before t, or T == t). */
  readonly nCases: number;
  readonly nControls: number;
  readonly nOther: number;
  /** Influence-function values per row (input row order); se = sd(iid) / sqrt(n). */
  readonly iid: Float64Array | null;
  readonly roc: RocCurve | null;
}

/** `timeDependentAuc` output: rows analysed, one `AucAtTime` per requested horizon (AUC, se, CI, case/control counts), and warnings. @see timeROC::timeROC */
export interface TimeDependentAucResult {
  readonly n: number;
  readonly points: readonly TimeDependentAucAtTime[];
  readonly warnings: readonly Issue[];
}

/** Per-row quantities shared by every horizon, in time order (ties in input order). */
interface Prepared {
  readonly n: number;
  readonly order: Int32Array;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  readonly marker: Float64Array;
  /** 1 / G(T_i-) (timeROC: 1 / IPCW.subjectTimes). */
  readonly invGminus: Float64Array;
  /** Sorted positions ordered by decreasing marker (R `order(-marker)`, stable). */
  readonly byMarker: Int32Array;
}

function prepare(data: SurvivalData, marker: ArrayLike<number>): Prepared {
  const n = data.n;
  const order = stableTimeOrder(data.time);
  const time = Float64Array.from(order, (i) => data.time[i]);
  const event = Uint8Array.from(order, (i) => data.event[i]);
  const m = Float64Array.from(order, (i) => marker[i]);
  const g = censoringDistribution(data, { convention: 'events-first' });
  const invGminus = Float64Array.from(time, (t) => 1 / censoringBefore(g, t));
  const idx = Array.from({ length: n }, (_, p) => p);
  idx.sort((a, b) => m[b] - m[a] || a - b);
  return { n, order, time, event, marker: m, invGminus, byMarker: Int32Array.from(idx) };
}

/**
 * Martingale-integral table of the censoring Kaplan-Meier as timeROC's `Compute.iid.KM` defines it
 * (one row per observation in time order, ties broken by input order):
 * I_k(i) = c_k n / (n - f_k) 1(i >= f_k) - A(min(i, k)),  A(p) = Σ_{q <= p} c_q n / (n - q)^2
 * (0-based positions; c = censoring indicator; f_k = first position of k's tied time).
 * Returned as the pieces needed to evaluate Σ_i w_i I_k(i) for all k in O(n).
 */
interface KmIidTable {
  readonly jump: Float64Array; // c_k n / (n - f_k)
  readonly first: Int32Array; // f_k
  readonly A: Float64Array;
}

function kmIidTable(p: Prepared): KmIidTable {
  const n = p.n;
  const jump = new Float64Array(n);
  const first = new Int32Array(n);
  const A = new Float64Array(n);
  let acc = 0;
  for (let q = 0; q < n; q++) {
    first[q] = q > 0 && p.time[q] === p.time[q - 1] ? first[q - 1] : q;
    const c = p.event[q] === 0 ? 1 : 0;
    jump[q] = (c * n) / (n - first[q]);
    acc += (c * n) / ((n - q) * (n - q));
    A[q] = acc;
  }
  return { jump, first, A };
}

/** S_w(k) = Σ_i w_i I_k(i) for every k. */
function weightedIidSums(tab: KmIidTable, w: Float64Array): Float64Array {
  const n = w.length;
  const pre = new Float64Array(n + 1);
  const preWA = new Float64Array(n + 1);
  for (let q = 0; q < n; q++) {
    pre[q + 1] = pre[q] + w[q];
    preWA[q + 1] = preWA[q] + w[q] * tab.A[q];
  }
  const total = pre[n];
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const f = tab.first[k];
    out[k] = tab.jump[k] * (total - pre[f]) - (preWA[k + 1] + tab.A[k] * (total - pre[k + 1]));
  }
  return out;
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

function aucAtTime(p: Prepared, tab: KmIidTable | null, t: number, gt: number, keepRoc: boolean): TimeDependentAucAtTime {
  const n = p.n;
  const isCase = new Uint8Array(n);
  const isControl = new Uint8Array(n);
  let nCases = 0;
  let nControls = 0;
  for (let q = 0; q < n; q++) {
    if (p.time[q] < t && p.event[q] === 1) {
      isCase[q] = 1;
      nCases++;
    } else if (p.time[q] > t) {
      isControl[q] = 1;
      nControls++;
    }
  }
  const wControl = 1 / (gt * n);
  // Denominators and the ROC curve, summed in decreasing-marker order as timeROC does.
  let denTp = 0;
  let denFp = 0;
  for (let k = 0; k < n; k++) {
    const q = p.byMarker[k];
    if (isCase[q]) denTp += p.invGminus[q] / n;
    if (isControl[q]) denFp += wControl;
  }
  const estimable = nCases > 0 && nControls > 0 && gt > 0 && Number.isFinite(denTp * denFp) && denTp * denFp !== 0;
  const base = { timeDays: t, survival: denFp, cumulativeIncidence: denTp, nCases, nControls, nOther: n - nCases - nControls };
  if (!estimable) return { ...base, auc: null, se: null, ci95Lower: null, ci95Upper: null, iid: null, roc: null };

  const tp: number[] = [];
  const fp: number[] = [];
  let cumTp = 0;
  let cumFp = 0;
  for (let k = 0; k < n; k++) {
    const q = p.byMarker[k];
    if (k === 0 || p.marker[q] !== p.marker[p.byMarker[k - 1]]) {
      tp.push(cumTp / denTp);
      fp.push(cumFp / denFp);
    }
    if (isCase[q]) cumTp += p.invGminus[q] / n;
    if (isControl[q]) cumFp += wControl;
  }
  tp.push(cumTp / denTp);
  fp.push(cumFp / denFp);
  let auc = 0;
  for (let k = 1; k < tp.length; k++) auc += (fp[k] - fp[k - 1]) * ((tp[k - 1] + tp[k]) / 2);
  const roc = keepRoc ? { tp: Float64Array.from(tp), fp: Float64Array.from(fp) } : null;
  if (!tab) return { ...base, auc, se: null, ci95Lower: null, ci95Upper: null, iid: null, roc };

  // --- iid representation (timeROC compute_iid_decomposition_survival), O(n log n).
  // h_ij = K(M_i, M_j) a_i b for case i, control j; K = 1(M_i > M_j) + 0.5 1(M_i == M_j); a_i = 1/G(T_i-), b = 1/G(t).
  const b = 1 / gt;
  const ctrlM = new Float64Array(nControls);
  const caseIdx: number[] = [];
  for (let q = 0, c = 0; q < n; q++) {
    if (isControl[q]) ctrlM[c++] = p.marker[q];
    if (isCase[q]) caseIdx.push(q);
  }
  ctrlM.sort();
  caseIdx.sort((x, y) => p.marker[x] - p.marker[y]);
  const caseM = Float64Array.from(caseIdx, (q) => p.marker[q]);
  const casePre = new Float64Array(caseIdx.length + 1);
  caseIdx.forEach((q, k) => (casePre[k + 1] = casePre[k] + p.invGminus[q]));
  const R = new Float64Array(n); // Σ_j h_ij for case i
  const C = new Float64Array(n); // Σ_i h_ij for control j
  const a = new Float64Array(n); // a_i for cases, 0 otherwise (timeROC vect_dit)
  let H = 0;
  for (let q = 0; q < n; q++) {
    const m = p.marker[q];
    if (isCase[q]) {
      const lo = lowerBound(ctrlM, m);
      const hi = upperBound(ctrlM, m);
      a[q] = p.invGminus[q];
      R[q] = a[q] * b * (lo + 0.5 * (hi - lo));
      H += R[q];
    }
    if (isControl[q]) {
      const lo = lowerBound(caseM, m);
      const hi = upperBound(caseM, m);
      C[q] = b * (casePre[caseIdx.length] - casePre[hi] + 0.5 * (casePre[hi] - casePre[lo]));
    }
  }
  const F = denTp;
  const D = denTp * denFp;
  const hts = H / (n * n);
  const SR = weightedIidSums(tab, R);
  const Sa = weightedIidSums(tab, a);
  const ifSorted = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const term1 = (SR[q] / n - (hts * Sa[q]) / F) / D;
    const term2 = (C[q] - n * hts) / D;
    const vT = isControl[q] ? n / nControls : 0;
    const term3 = (R[q] - n * hts * (vT + (a[q] - F) / F)) / D;
    ifSorted[q] = (term1 + term2 + term3) / n;
  }
  const iid = new Float64Array(n);
  for (let q = 0; q < n; q++) iid[p.order[q]] = ifSorted[q];
  const se = sampleSd(iid) / Math.sqrt(n);
  const z = normalQuantile(0.975);
  return { ...base, auc, se, ci95Lower: auc - z * se, ci95Upper: auc + z * se, iid, roc };
}

/**
 * Cumulative/dynamic time-dependent AUC with inverse-probability-of-censoring weights, as timeROC 0.4
 * defines it (`cause = 1, weighting = "marginal", iid = TRUE`):
 *
 * AUC(t) = Σ_i Σ_j w_i v_j [1(M_i > M_j) + ½ 1(M_i = M_j)] / (Σ_i w_i Σ_j v_j),
 * cases i: T_i < t with an event (strict, as timeROC codes it: T_i = t is neither case nor control),
 * controls j: T_j > t; w_i = 1 / (n G(T_i-)), v_j = 1 / (n G(t)); G = reverse Kaplan-Meier with
 * events preceding censorings at tied times (prodlim `reverse = TRUE`). Computed as the trapezoid
 * area under the ROC curve collapsed at tied marker values. The standard error is sd(IF)/√n from
 * the iid decomposition (Blanche et al. 2013), including the censoring-KM term with timeROC's
 * per-row treatment of ties; computed in O(n log n) per time instead of timeROC's O(n²).
 *
 * `marker` holds one value per row of `data` (higher = higher risk). Times in days (outcome unit).
 * @see timeROC::timeROC; Blanche, Dartigues & Jacqmin-Gadda, Stat Med 2013;32:5381-97
 */
export function timeDependentAuc(data: SurvivalData, marker: ArrayLike<number>, options: TimeDependentAucOptions): Result<TimeDependentAucResult> {
  const issues = [...checkRightCensored(data, 'time-dependent AUC'), ...checkRowValues(marker, data.n, 'marker'), ...checkTimes(options.times, 'times')];
  if (issues.length) return fail(issues);
  const p = prepare(data, marker);
  const tab = options.iid === false ? null : kmIidTable(p);
  const g = censoringDistribution(data, { convention: 'events-first' });
  const warnings: Issue[] = [];
  const points = options.times.map((t, k) => {
    const pt = aucAtTime(p, tab, t, censoringAt(g, t), options.roc === true);
    if (pt.auc === null) {
      warnings.push(issueWarning('time_beyond_followup', ['times', k], `AUC at t = ${t} is not estimable (${pt.nCases} cases, ${pt.nControls} controls)`, { expected: 'at least one case (T < t, event) and one control (T > t)' }));
    }
    return pt;
  });
  return ok({ n: data.n, points, warnings }, warnings);
}

/** Difference of two markers' AUC(t) with its iid-based test. */
export interface AucComparisonAtTime {
  readonly timeDays: number;
  readonly difference: number | null;
  readonly se: number | null;
  readonly z: number | null;
  readonly p: number | null;
}

/**
 * Compare two markers' time-dependent AUCs estimated on the same rows and times:
 * Δ(t) = AUC₁(t) - AUC₂(t), se = sd(IF₁ - IF₂)/√n, two-sided p = 2(1 - Φ(|Δ|/se)) (unadjusted).
 * `z` and `p` are null where either AUC is not estimable or se = 0 (identical influence functions).
 * @see timeROC::compare (adjusted = FALSE)
 */
export function compareTimeDependentAuc(first: TimeDependentAucResult, second: TimeDependentAucResult): AucComparisonAtTime[] {
  if (first.n !== second.n || first.points.length !== second.points.length) {
    throw new HccError('E_OPTION', 'compareTimeDependentAuc: the two results must come from the same rows and times');
  }
  return first.points.map((a, k) => {
    const b = second.points[k];
    if (a.timeDays !== b.timeDays) throw new HccError('E_OPTION', `compareTimeDependentAuc: time ${k} differs (${a.timeDays} vs ${b.timeDays})`);
    if (a.auc === null || b.auc === null || !a.iid || !b.iid) return { timeDays: a.timeDays, difference: null, se: null, z: null, p: null };
    const d = Float64Array.from(a.iid, (v, i) => v - b.iid![i]);
    const se = sampleSd(d) / Math.sqrt(first.n);
    const difference = a.auc - b.auc;
    // Identical influence functions (e.g. the same ranking twice): se = 0 and z = 0/0; R's timeROC
    // prints NaN. Report the test as not available (null) instead of passing NaN on.
    if (!(se > 0)) return { timeDays: a.timeDays, difference, se, z: null, p: null };
    const z = Math.abs(difference) / se;
    return { timeDays: a.timeDays, difference, se, z, p: twoSidedNormalP(z) };
  });
}
