import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import type { Table } from '../core/table.js';
import type { Design, DesignTermSpec } from '../survival/index.js';
import { applyDesign, baselineHazard, buildDesign, fitCox } from '../survival/index.js';
import type { OutcomeColumns } from './cohort-data.js';
import { completeRows, survivalOf } from './cohort-data.js';

/**
 * A fitted Cox model reduced to what prediction needs, as plain JSON (so the study store can
 * keep it): the training design coding, coefficients, centring means and the centred baseline
 * cumulative hazard on its time grid.
 */
export interface CoxFitRecord {
  readonly terms: readonly DesignTermSpec[];
  readonly design: Pick<Design, 'p' | 'names' | 'terms' | 'factors'>;
  readonly coef: readonly number[];
  readonly means: readonly number[];
  /** Baseline (at the means) cumulative hazard Λ0(t) after each distinct training time (months). */
  readonly baselineTime: readonly number[];
  readonly baselineCumhaz: readonly number[];
  readonly coefficients: readonly { name: string; coef: number | null; hazardRatio: number | null; lower95: number | null; upper95: number | null; p: number | null }[];
  readonly n: number;
  readonly events: number;
  readonly loglik: number;
  /** ℓ(0), for the likelihood-ratio test. */
  readonly loglikNull: number;
  /** AIC = −2 ℓ(β̂) + 2 × (non-aliased coefficients). */
  readonly aic: number;
  readonly converged: boolean;
  readonly warnings: readonly Issue[];
}

/**
 * Fit a Cox model (Efron ties) on the training `rows` with complete values for every term.
 * @param shiftMonths subtracted from times (landmark analyses).
 * @see R `coxph(Surv(time, event) ~ terms, ties = "efron")`, `basehaz(fit, centered = TRUE)`
 */
export function fitCoxRecord(table: Table, rows: readonly number[], outcome: OutcomeColumns, terms: readonly DesignTermSpec[], shiftMonths = 0): CoxFitRecord {
  const used = completeRows(table, rows, terms.map((t) => t.column));
  const data = survivalOf(outcome, used, shiftMonths);
  const design = buildDesign(table, used, terms);
  if (!design.ok) throw new HccError('E_INPUT', `cannot build the design of ${terms.map((t) => t.column).join(' + ')}`, { issues: design.issues });
  const fit = fitCox(data, design.value.x, design.value.names, { terms: design.value.terms });
  const m = fit.model;
  const bh = baselineHazard(m);
  const s0 = bh.strata[0];
  const k = m.coef.reduce((a, _, j) => a + (m.aliased[j] ? 0 : 1), 0);
  return {
    terms: [...terms],
    design: { p: design.value.p, names: design.value.names, terms: design.value.terms, factors: design.value.factors },
    coef: Array.from(m.coef),
    means: Array.from(m.means),
    baselineTime: Array.from(s0.time),
    baselineCumhaz: Array.from(s0.cumhazCentered),
    coefficients: m.coefficients.map((c) => ({ name: c.name, coef: c.coef, hazardRatio: c.hazardRatio, lower95: c.lower95, upper95: c.upper95, p: c.p })),
    n: m.n,
    events: m.nevent,
    loglik: m.loglik,
    loglikNull: m.loglikNull,
    aic: -2 * m.loglik + 2 * k,
    converged: fit.diagnostics.converged,
    warnings: fit.diagnostics.warnings,
  };
}

/** Index of the last of the ascending `time` at or before t (binary search); −1 before the first. */
export function stepIndex(time: readonly number[], t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Λ0 at t: the last grid value at or before t (0 before the first time). */
export function stepValue(time: readonly number[], value: readonly number[], t: number): number {
  const j = stepIndex(time, t);
  return j < 0 ? 0 : value[j];
}

/** Predictions of one model for cohort rows: null where the row cannot be scored. */
export interface RowPredictions {
  /** Risk score per requested row (higher = worse): the centred linear predictor. */
  readonly risk: (number | null)[];
  /** S(h | x) per horizon h (months; from the landmark for landmark models). */
  readonly survival: Readonly<Record<string, (number | null)[]>>;
  /** Rows that could not be scored and why (missing value, level unseen in training). */
  readonly unscored: readonly Issue[];
}

/**
 * Score `rows` with a fitted record: lp = (x − m)'β̂, S(h | x) = exp(−Λ0(h) e^{lp}). Rows with a
 * missing covariate or a factor level unseen in training are not scored (null) and listed.
 * @see R `predict(fit, newdata, type = "lp")`, `survfit(fit, newdata)`
 */
export function predictCoxRecord(rec: CoxFitRecord, table: Table, rows: readonly number[], horizonsMonths: readonly number[]): RowPredictions {
  const risk: (number | null)[] = new Array(rows.length).fill(null);
  const survival: Record<string, (number | null)[]> = Object.fromEntries(horizonsMonths.map((h) => [String(h), new Array(rows.length).fill(null)]));
  const complete = new Set(completeRows(table, rows, rec.terms.map((t) => t.column)));
  let candidates = rows.map((r, k) => ({ r, k })).filter(({ r }) => complete.has(r));
  const unscored: Issue[] = [];
  let x = applyDesign(table, candidates.map((c) => c.r), rec.design);
  if (!x.ok) {
    const bad = new Set(x.issues.map((i) => (i.path[0] === 'row' ? (i.path[1] as number) - 1 : -1)));
    unscored.push(...x.issues);
    candidates = candidates.filter(({ r }) => !bad.has(r));
    x = applyDesign(table, candidates.map((c) => c.r), rec.design);
    if (!x.ok) throw new HccError('E_INPUT', 'cannot encode the rows to score', { issues: x.issues });
  }
  const p = rec.design.p;
  const h0 = horizonsMonths.map((h) => stepValue(rec.baselineTime, rec.baselineCumhaz, h));
  candidates.forEach(({ k }, c) => {
    let lp = 0;
    for (let j = 0; j < p; j++) lp += (x.value[c * p + j] - rec.means[j]) * rec.coef[j];
    risk[k] = lp;
    horizonsMonths.forEach((h, q) => (survival[String(h)][k] = Math.exp(-h0[q] * Math.exp(lp))));
  });
  return { risk, survival, unscored };
}
