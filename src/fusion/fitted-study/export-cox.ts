import { HccError } from '../../core/errors.js';
import type { Table } from '../../core/table.js';
import type { DesignTermSpec } from '../../survival/index.js';
import { buildDesign, coxBaselineCurves, fitCox, learnCutoffs } from '../../survival/index.js';
import type { OutcomeColumns } from '../cohort-data.js';
import { candidateColumn, completeRows, survivalOf } from '../cohort-data.js';
import type { CoxFitRecord } from '../cox-model.js';
import { stepValue } from '../cox-model.js';
import type { ModelPredictions } from '../fit-models.js';
import type { Candidate } from '../settings.js';
import type { FittedCoxModel, FittedInput, FittedRiskGroups } from './types.js';

/** The Cox fit record a study model keeps, or null (forest, radiomics LASSO, ceiling). */
export function coxRecordOf(m: ModelPredictions): CoxFitRecord | null {
  const f = m.fit as { cox?: CoxFitRecord; radiomics?: unknown } | null;
  return f && f.cox && !f.radiomics ? f.cox : null;
}

/** The raw input columns of design terms (a candidate's transform, e.g. log10(1 + x), applied to its column). */
export function inputsOfTerms(terms: readonly DesignTermSpec[], candidates: readonly Candidate[]): FittedInput[] {
  return terms.map((t) => {
    const c = candidates.find((k) => candidateColumn(k) === t.column);
    const kind = t.kind === 'factor' ? 'factor' : 'numeric';
    return c ? { column: c.column, modelColumn: t.column, kind, transform: c.transform } : { column: t.column, modelColumn: t.column, kind, transform: 'none' };
  });
}

const finite = (v: number): number => (Number.isFinite(v) ? v : 0);

/**
 * Risk-group cut-offs (median or tertiles) learned on the training patients' risks; null when they
 * cannot be learned (e.g. too few distinct values), as `learnCutoffs`' coded error says, or when
 * they put every training patient in one group (a score with few distinct values whose median is
 * its highest, such as BCLC stage): the study's `risk_groups` then reports no groups either, and a
 * new patient must not be called low-risk by a cut-off nobody in training scored above.
 */
export function trainingRiskGroups(scores: readonly number[], cutoffMethod: 'median' | 'tertiles'): FittedRiskGroups | null {
  try {
    const cut = learnCutoffs(scores, { method: cutoffMethod });
    const filled = new Set(scores.map((v) => cut.cutoffs.filter((c) => v > c).length));
    if (filled.size < 2) return null;
    return { method: cutoffMethod, cutoffs: [...cut.cutoffs], labels: cut.cutoffs.length === 1 ? ['low', 'high'] : ['low', 'intermediate', 'high'], nTraining: scores.length };
  } catch (err) {
    if (!(err instanceof HccError)) throw err;
    return null;
  }
}

/**
 * Reduce one study Cox model to a {@link FittedCoxModel}. The coefficients and centring means
 * are the stored record's (the very numbers behind the study's predictions); the covariance and
 * the variance building blocks of the baseline curve come from refitting the same training rows
 * and design with the survival engine (deterministic: the refit must reproduce β̂, else
 * `E_INTERNAL`). Risk-group cut-offs are learned on the model's training predictions exactly as
 * the evaluation does (`learnCutoffs`, method of the settings). `shiftMonths` restarts the times
 * at a landmark, as the landmark model was fitted.
 */
export function exportCoxModel(m: ModelPredictions, rec: CoxFitRecord, table: Table, trainingRows: readonly number[], outcome: OutcomeColumns, candidates: readonly Candidate[], cutoffMethod: 'median' | 'tertiles', shiftMonths = 0): FittedCoxModel {
  const used = completeRows(table, trainingRows, rec.terms.map((t) => t.column));
  const data = survivalOf(outcome, used, shiftMonths);
  const design = buildDesign(table, used, rec.terms);
  if (!design.ok) throw new HccError('E_INTERNAL', `cannot rebuild the training design of ${m.id}`, { issues: design.issues });
  const fit = fitCox(data, design.value.x, design.value.names, { terms: design.value.terms });
  const model = fit.model;
  for (let j = 0; j < rec.coef.length; j++) {
    const a = rec.coef[j];
    const b = model.coef[j];
    if (Math.abs(a - b) > 1e-8 * Math.max(1, Math.abs(a)) || Math.abs(rec.means[j] - model.means[j]) > 1e-10 * Math.max(1, Math.abs(rec.means[j]))) {
      throw new HccError('E_INTERNAL', `${m.outcome}/${m.id}: the refit does not reproduce the stored coefficients (${a} vs ${b}); the study store may be stale`);
    }
  }
  const [curve] = coxBaselineCurves(model, { withVariance: true });
  const hazardType = model.ties === 'efron' ? 2 : 1;
  const p = rec.design.p;
  const variance = Array.from(model.var, finite);
  const scores = trainingRows.map((r) => m.risk[r]).filter((v): v is number => v !== null && v !== undefined);
  const riskGroups = trainingRiskGroups(scores, cutoffMethod);
  return {
    kind: 'cox',
    id: m.id,
    label: m.label,
    family: m.family,
    outcome: m.outcome,
    terms: rec.terms,
    inputs: inputsOfTerms(rec.terms, candidates),
    design: rec.design,
    coef: rec.coef.map(finite),
    means: [...rec.means],
    variance: variance.length === p * p ? variance : new Array(p * p).fill(0),
    ties: model.ties,
    hazardType,
    n: rec.n,
    events: rec.events,
    baseline: { time: Array.from(curve.time), cumhaz: Array.from(curve.cumhaz), varHazard: Array.from(curve.varHazard!), xbar: Array.from(curve.xbar!) },
    horizonsMonths: [...m.horizonsMonths],
    baselineAtHorizons: m.horizonsMonths.map((h) => ({ horizonMonths: h, cumhaz: stepValue(rec.baselineTime, rec.baselineCumhaz, h) })),
    riskGroups,
    coefficients: rec.coefficients,
  };
}
