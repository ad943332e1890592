import { HccError } from '../../core/errors.js';
import type { SurvivalData, TimeDependentAucAtTime } from '../../survival/index.js';
import { timeDependentAuc } from '../../survival/index.js';

/** One cumulative/dynamic ROC curve at one horizon, ready for a table or a figure. */
export interface RocCurvePoints {
  readonly horizon: number;
  /** The td-AUC of the same call (timeROC definition); null when not estimable. */
  readonly auc: number | null;
  /** Risk threshold c of each point (test positive: risk >= c); null for the (0, 0) corner. */
  readonly threshold: readonly (number | null)[];
  /** 1 − specificity (IPCW). */
  readonly fpr: Float64Array;
  /** Sensitivity (IPCW). */
  readonly tpr: Float64Array;
}

/** Area under a polygonal ROC curve by the trapezoid rule (points in curve order). */
export function trapezoidArea(fpr: ArrayLike<number>, tpr: ArrayLike<number>): number {
  let a = 0;
  for (let k = 1; k < fpr.length; k++) a += (fpr[k] - fpr[k - 1]) * ((tpr[k - 1] + tpr[k]) / 2);
  return a;
}

/**
 * Thresholds of the points `timeDependentAuc` returns with `roc: true`: point 0 is (0, 0) (no
 * patient positive); point j ≥ 1 calls positive every patient whose risk is at least the j-th
 * largest distinct risk.
 */
export function rocThresholds(marker: ArrayLike<number>): (number | null)[] {
  const distinct = [...new Set(Array.from(marker))].sort((a, b) => b - a);
  return [null, ...distinct];
}

/**
 * Drop repeated points (a threshold that passes only patients who are neither cases nor controls)
 * and the interior points of vertical and horizontal runs (steps where only cases or only controls
 * pass the threshold), judged against the last point kept. Along such a run one coordinate is
 * exactly equal, so the trapezoid area is unchanged; the curve keeps its corners and every
 * diagonal (tied) segment. Of repeated points the first (highest threshold) is kept.
 */
export function thinRocCurve(fpr: ArrayLike<number>, tpr: ArrayLike<number>, threshold: readonly (number | null)[]): { fpr: Float64Array; tpr: Float64Array; threshold: (number | null)[] } {
  const n = fpr.length;
  const uniq: number[] = [];
  for (let k = 0; k < n; k++) {
    const last = uniq[uniq.length - 1];
    if (last === undefined || fpr[k] !== fpr[last] || tpr[k] !== tpr[last]) uniq.push(k);
  }
  const keep: number[] = [];
  for (let u = 0; u < uniq.length; u++) {
    const k = uniq[u];
    if (keep.length > 0 && u < uniq.length - 1) {
      const a = keep[keep.length - 1];
      const c = uniq[u + 1];
      const vertical = fpr[a] === fpr[k] && fpr[k] === fpr[c];
      const horizontal = tpr[a] === tpr[k] && tpr[k] === tpr[c];
      if (vertical || horizontal) continue;
    }
    keep.push(k);
  }
  return { fpr: Float64Array.from(keep, (k) => fpr[k]), tpr: Float64Array.from(keep, (k) => tpr[k]), threshold: keep.map((k) => threshold[k] ?? null) };
}

/** Curve points of one `timeDependentAuc` result computed with `roc: true`, thinned (area kept). */
export function rocPointsOf(pt: TimeDependentAucAtTime, marker: ArrayLike<number>): RocCurvePoints | null {
  if (!pt.roc || pt.auc === null) return null;
  const thresholds = rocThresholds(marker);
  if (thresholds.length !== pt.roc.fp.length) throw new HccError('E_INTERNAL', `ROC at ${pt.timeDays}: ${pt.roc.fp.length} points for ${thresholds.length - 1} distinct risks`);
  const t = thinRocCurve(pt.roc.fp, pt.roc.tp, thresholds);
  return { horizon: pt.timeDays, auc: pt.auc, threshold: t.threshold, fpr: t.fpr, tpr: t.tpr };
}

/**
 * Cumulative/dynamic time-dependent ROC curves with inverse-probability-of-censoring weights at
 * each horizon t, the curves whose trapezoid area is `timeDependentAuc` (timeROC):
 * sensitivity(c) = Σ_{cases, M ≥ c} 1/G(T_i−) / Σ_{cases} 1/G(T_i−) (cases: T_i < t with an event),
 * 1 − specificity(c) = #{controls, M ≥ c} / #{controls} (controls: T_j > t, common weight 1/G(t)).
 * Horizons where the AUC is not estimable (no case or no control) give no curve.
 * @see timeROC::timeROC (`TP`, `FP`); Heagerty, Lumley & Pepe, Biometrics 2000
 */
export function timeDependentRocPoints(data: SurvivalData, marker: ArrayLike<number>, horizons: readonly number[]): RocCurvePoints[] {
  const r = timeDependentAuc(data, marker, { times: horizons, iid: false, roc: true });
  if (!r.ok) throw new HccError('E_INPUT', `time-dependent ROC: ${r.issues[0].message}`, { issues: r.issues });
  return r.value.points.map((pt) => rocPointsOf(pt, marker)).filter((c): c is RocCurvePoints => c !== null);
}
