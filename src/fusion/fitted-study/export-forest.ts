import { HccError } from '../../core/errors.js';
import type { Table } from '../../core/table.js';
import type { DesignTermSpec } from '../../survival/index.js';
import { buildDesign, fitSurvivalForest, survivalForestToJson } from '../../survival/index.js';
import type { OutcomeColumns } from '../cohort-data.js';
import { completeRows, rowsWithOutcome, survivalOf } from '../cohort-data.js';
import type { ModelPredictions } from '../fit-models.js';
import type { ForestFitSummary } from '../forest-model.js';
import type { Candidate } from '../settings.js';
import { inputsOfTerms, trainingRiskGroups } from './export-cox.js';
import type { FittedForestModel } from './types.js';

/** The forest summary a study model keeps, or null (every other model). */
export function forestSummaryOf(m: ModelPredictions): ForestFitSummary | null {
  const f = m.fit as { forest?: ForestFitSummary } | null;
  return f && f.forest && typeof f.forest === 'object' ? f.forest : null;
}

/**
 * Reduce the study's random survival forest to a {@link FittedForestModel}. The study store keeps
 * the forest's predictions, not its trees, so the forest is refitted on the same training rows,
 * design and options as `fitForestPredictions` (seeded and deterministic: the same trees). The refit
 * must reproduce the stored design columns and every training patient's out-of-bag risk exactly,
 * else `E_INTERNAL` (a stale study store). Risk-group cut-offs are learned on those training risks
 * as the evaluation does.
 * @param terms the forest's design terms (those of the MMF Cox model of the same outcome)
 */
export function exportForestModel(m: ModelPredictions, terms: readonly DesignTermSpec[], table: Table, trainingRows: readonly number[], outcome: OutcomeColumns, candidates: readonly Candidate[], cutoffMethod: 'median' | 'tertiles'): FittedForestModel {
  const summary = forestSummaryOf(m);
  if (!summary) throw new HccError('E_INTERNAL', `${m.outcome}/${m.id} is not a forest model`);
  const train = completeRows(table, rowsWithOutcome(outcome, trainingRows), terms.map((t) => t.column));
  const design = buildDesign(table, train, terms);
  if (!design.ok) throw new HccError('E_INTERNAL', `cannot rebuild the training design of ${m.outcome}/${m.id}`, { issues: design.issues });
  const stale = (what: string) => new HccError('E_INTERNAL', `${m.outcome}/${m.id}: the refitted forest does not reproduce the study's ${what}; the study store may be stale`);
  if (design.value.names.join('\u0000') !== summary.variables.join('\u0000') || train.length !== summary.nTrain) throw stale(`design (${summary.variables.join(', ')}; ${summary.nTrain} training patients)`);
  const data = survivalOf(outcome, train, 0);
  const o = summary.options;
  const fit = fitSurvivalForest(data, design.value.x, design.value.names, { nTree: o.nTree, minNodeSize: o.minNodeSize, maxDepth: o.maxDepth, seed: o.seed });
  train.forEach((r, k) => {
    const stored = m.risk[r];
    const oob = fit.oob.nTrees[k] > 0 ? fit.oob.risk[k] : null;
    if (!(stored === oob || (stored === null && oob === null))) throw stale(`out-of-bag risk of training row ${r + 1} (${String(stored)} vs ${String(oob)})`);
  });
  const scores = train.map((r) => m.risk[r]).filter((v): v is number => v !== null && Number.isFinite(v));
  const riskGroups = trainingRiskGroups(scores, cutoffMethod);
  return {
    kind: 'forest',
    id: m.id,
    label: m.label,
    family: m.family,
    outcome: m.outcome,
    terms: [...terms],
    inputs: inputsOfTerms(terms, candidates),
    design: { p: design.value.p, names: design.value.names, terms: design.value.terms, factors: design.value.factors },
    n: train.length,
    events: summary.events,
    horizonsMonths: [...m.horizonsMonths],
    riskGroups,
    options: { ...o },
    oobConcordance: summary.oobConcordance,
    forest: survivalForestToJson(fit.model),
  };
}
