import type { Issue } from '../core/issues.js';
import { issueWarning } from '../core/issues.js';
import type { Table } from '../core/table.js';
import { chiSquareSf } from '../core/distributions.js';
import type { DesignTermSpec } from '../survival/index.js';
import type { OutcomeColumns } from './cohort-data.js';
import { candidateColumn, completeRows } from './cohort-data.js';
import type { CoxFitRecord } from './cox-model.js';
import { fitCoxRecord } from './cox-model.js';
import type { Candidate } from './settings.js';

/** One univariable screening result. */
export interface ScreenRow {
  readonly term: string;
  readonly n: number;
  readonly events: number;
  /** Likelihood-ratio χ² of the one-variable model and its p (df = design columns). */
  readonly chisq: number | null;
  readonly df: number;
  readonly p: number | null;
  readonly passed: boolean;
  readonly note: string | null;
}

/** One backward-elimination step. */
export interface EliminationStep {
  readonly step: number;
  readonly terms: readonly string[];
  readonly aic: number;
  /** Term removed after this step (null at the final model). */
  readonly removed: string | null;
}

/** The pre-specified selection and the model it chose. */
export interface ClinicalSelection {
  readonly rule: string;
  readonly screen: readonly ScreenRow[];
  readonly elimination: readonly EliminationStep[];
  readonly selected: readonly DesignTermSpec[];
  /** Complete-case training rows the elimination used. */
  readonly nComplete: number;
  readonly warnings: readonly Issue[];
}

/** Design term of a candidate. */
export function termOf(c: Candidate): DesignTermSpec {
  return { column: candidateColumn(c), kind: c.kind, ...(c.reference !== undefined ? { reference: c.reference } : {}) };
}


/**
 * Pre-specified selection of the clinical benchmark, on TRAINING rows only:
 * 1. univariable Cox per candidate (its own complete cases), kept when the likelihood-ratio
 *    p < `screenP` (default 0.1);
 * 2. backward elimination by AIC on the complete cases of the kept candidates: repeatedly drop the
 *    term whose removal lowers AIC = −2ℓ + 2k the most; stop when no removal lowers it.
 * Candidates that cannot be fitted (constant in training, one level) are skipped with a warning.
 * @see R `coxph` per variable, then `MASS::stepAIC(fit, direction = "backward")`
 */
export function selectClinicalModel(table: Table, trainingRows: readonly number[], outcome: OutcomeColumns, candidates: readonly Candidate[], screenP: number): ClinicalSelection {
  const warnings: Issue[] = [];
  const screen: ScreenRow[] = [];
  const passed: DesignTermSpec[] = [];
  for (const c of candidates) {
    const term = termOf(c);
    const rows = completeRows(table, trainingRows, [term.column]);
    try {
      const full = fitCoxRecord(table, rows, outcome, [term]);
      const chisq = 2 * (full.loglik - full.loglikNull);
      const df = full.design.p;
      const p = chiSquareSf(Math.max(chisq, 0), df);
      const ok = p < screenP;
      screen.push({ term: term.column, n: full.n, events: full.events, chisq, df, p, passed: ok, note: null });
      if (ok) passed.push(term);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      screen.push({ term: term.column, n: rows.length, events: 0, chisq: null, df: 0, p: null, passed: false, note: msg });
      warnings.push(issueWarning('constant_covariate', ['clinical', term.column], `candidate "${term.column}" cannot be fitted on the training data and is skipped: ${msg}`, { expected: 'a variable that varies in training' }));
    }
  }
  const rows = completeRows(table, trainingRows, passed.map((t) => t.column));
  const elimination: EliminationStep[] = [];
  let current = [...passed];
  let currentAic = current.length ? fitCoxRecord(table, rows, outcome, current).aic : -2 * nullLogLik(table, rows, outcome);
  for (let step = 1; current.length > 0; step++) {
    let best: { i: number; aic: number } | null = null;
    for (let i = 0; i < current.length; i++) {
      const reduced = current.filter((_, j) => j !== i);
      const aic = reduced.length ? fitCoxRecord(table, rows, outcome, reduced).aic : -2 * nullLogLik(table, rows, outcome);
      if (aic < currentAic && (!best || aic < best.aic)) best = { i, aic };
    }
    elimination.push({ step, terms: current.map((t) => t.column), aic: currentAic, removed: best ? current[best.i].column : null });
    if (!best) break;
    current = current.filter((_, j) => j !== best!.i);
    currentAic = best.aic;
    if (current.length === 0) elimination.push({ step: step + 1, terms: [], aic: currentAic, removed: null });
  }
  if (current.length === 0) warnings.push(issueWarning('no_events', ['clinical'], 'no clinical variable was selected; the benchmark is the null model', { expected: 'at least one prognostic variable' }));
  return {
    rule: `univariable Cox likelihood-ratio p < ${screenP} on training, then backward elimination by AIC on training complete cases`,
    screen,
    elimination,
    selected: current,
    nComplete: rows.length,
    warnings,
  };
}

/** Log partial likelihood of the null model (β = 0) with Efron ties: −Σ_events log(risk-set size), tie-corrected. */
function nullLogLik(table: Table, rows: readonly number[], outcome: OutcomeColumns): number {
  void table; // same signature as the fits it stands in for
  const t = rows.map((r) => outcome.time[r]);
  const e = rows.map((r) => outcome.event[r]);
  const order = t.map((_, i) => i).sort((a, b) => t[b] - t[a]);
  // Walk from the longest time down, accumulating the risk set; at each distinct time with d
  // events among the n at risk, Efron with β = 0 gives −Σ_{k<d} log(n − k·d/d) = −Σ_{k<d} log(n − k).
  let ll = 0;
  let atRisk = 0;
  let i = 0;
  while (i < order.length) {
    const time = t[order[i]];
    let d = 0;
    let j = i;
    while (j < order.length && t[order[j]] === time) {
      atRisk++;
      d += e[order[j]];
      j++;
    }
    for (let k = 0; k < d; k++) ll -= Math.log(atRisk - k);
    i = j;
  }
  return ll;
}
