import { HccError } from '../../core/errors.js';
import type { Table } from '../../core/table.js';
import type { Nomogram, NomogramTerm } from '../../survival/index.js';
import { applyDesign, buildNomogram, lpToTotalPoints, nomogramAxisValues, predictSurvivalFromLp, prettyBreaks, totalPointsToLp } from '../../survival/index.js';
import type { CoxFitRecord } from '../cox-model.js';
import { stepValue } from '../cox-model.js';

/** A nomogram of a stored Cox fit, with the baseline survival it maps total points through. */
export interface CoxRecordNomogram {
  readonly nomogram: Nomogram;
  /** Horizons (months) and the centred baseline survival S0(h) = exp(−Λ0(h)) of the training fit. */
  readonly horizons: readonly number[];
  readonly baselineSurvival: readonly number[];
  /** Largest attainable total points: Σ_j max points of term j. */
  readonly maxTotalPoints: number;
  /** Total-points grid (pretty breaks over [0, maxTotalPoints]) for the totals table and figure. */
  readonly totalPointsGrid: Float64Array;
}

/**
 * The rms-style nomogram of a Cox fit record (`CoxFitRecord`, as the study store keeps it):
 * numeric terms get axes from the TRAINING rows' values (`nomogramAxisValues`: distinct values when
 * at most 10, else pretty breaks over the range), factor terms one point value per level (reference
 * 0); the term with the widest range of β·x gets 0–`maxPoints` (100) points and every other term
 * is on the same scale; total points map to the centred linear predictor and, through the fit's
 * centred Breslow/Efron baseline S0(h) = exp(−Λ0(h)), to S(h | x) = S0(h)^exp(lp) — the same
 * prediction `predictCoxRecord` makes. Aliased (non-finite) coefficients count as 0.
 * @see rms::nomogram(cph(...), fun = function(lp) survest(...)); `coxNomogram` for a live fit
 */
export function coxRecordNomogram(rec: CoxFitRecord, table: Table, trainingRows: readonly number[], horizons: readonly number[], options: { maxPoints?: number } = {}): CoxRecordNomogram {
  const x = applyDesign(table, trainingRows, rec.design);
  if (!x.ok) throw new HccError('E_INPUT', `nomogram: cannot encode the training rows (${x.issues[0].message})`, { issues: x.issues });
  const n = trainingRows.length;
  const p = rec.design.p;
  if (n < 2) throw new HccError('E_INPUT', 'nomogram: fewer than two training rows');
  const coef = rec.coef.map((b) => (Number.isFinite(b) ? b : 0));
  const factorOf = new Map(rec.design.factors.map((f) => [f.column, f]));
  const terms: NomogramTerm[] = rec.design.terms.map((t) => {
    const f = factorOf.get(t.name);
    if (f) {
      const nonRef = f.levels.filter((l) => l !== f.reference);
      return { kind: 'categorical', name: t.name, levels: [...f.levels], coefficients: f.levels.map((l) => (l === f.reference ? 0 : coef[t.columns[nonRef.indexOf(l)]])) };
    }
    const j = t.columns[0];
    const col = Float64Array.from({ length: n }, (_, i) => x.value[i * p + j]);
    return { kind: 'continuous', name: t.name, coefficient: coef[j], transform: 'identity', at: Array.from(nomogramAxisValues(col), (v) => Number(v.toPrecision(12))) };
  });
  let center = 0;
  for (let j = 0; j < p; j++) center += coef[j] * rec.means[j];
  let lpMin = Infinity;
  let lpMax = -Infinity;
  for (let i = 0; i < n; i++) {
    let lp = -center;
    for (let j = 0; j < p; j++) lp += coef[j] * x.value[i * p + j];
    lpMin = Math.min(lpMin, lp);
    lpMax = Math.max(lpMax, lp);
  }
  const baselineSurvival = horizons.map((h) => Math.exp(-stepValue(rec.baselineTime, rec.baselineCumhaz, h)));
  const nomogram = buildNomogram(terms, { center, lpRange: { min: lpMin, max: lpMax }, maxPoints: options.maxPoints, survival: { horizons: [...horizons], baseline: baselineSurvival } });
  const maxTotalPoints = nomogram.terms.reduce((s, t) => s + Math.max(...t.points), 0);
  const totalPointsGrid = prettyBreaks(0, maxTotalPoints, 10).breaks.filter((v) => v >= 0 && v <= maxTotalPoints + 1e-9);
  return { nomogram, horizons: [...horizons], baselineSurvival, maxTotalPoints, totalPointsGrid };
}

/** Predicted survival at horizon index q for a total-points value. */
export function nomogramSurvivalAt(nm: CoxRecordNomogram, totalPoints: number, q: number): number {
  return predictSurvivalFromLp(totalPointsToLp(nm.nomogram, totalPoints), nm.baselineSurvival[q]);
}

/**
 * Total points at which the predicted survival at horizon q equals s (inverse of
 * `nomogramSurvivalAt`): lp = log(log s / log S0(h)); null when S0(h) is 0 or 1.
 */
export function nomogramPointsForSurvival(nm: CoxRecordNomogram, s: number, q: number): number | null {
  const s0 = nm.baselineSurvival[q];
  if (!(s0 > 0 && s0 < 1) || !(s > 0 && s < 1)) return null;
  return lpToTotalPoints(nm.nomogram, Math.log(Math.log(s) / Math.log(s0)));
}

type Cell = string | number | null;

/** Rows of `nomogram_points` (outcome, model, variable, value, beta_x, points) and `nomogram_totals` (total points → lp and S(h)). */
export function nomogramTableRows(outcome: string, model: string, nm: CoxRecordNomogram): { points: Cell[][]; totals: Cell[][] } {
  const points: Cell[][] = [];
  for (const t of nm.nomogram.terms) t.values.forEach((v, k) => points.push([outcome, model, t.name, typeof v === 'number' ? v : String(v), t.contributions[k], t.points[k]]));
  const totals: Cell[][] = [];
  for (const tp of nm.totalPointsGrid) {
    const lp = totalPointsToLp(nm.nomogram, tp);
    nm.horizons.forEach((h, q) => totals.push([outcome, model, tp, lp, h, nm.baselineSurvival[q], nomogramSurvivalAt(nm, tp, q)]));
  }
  return { points, totals };
}
