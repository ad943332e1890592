import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import type { Table } from '../core/table.js';
import type { DesignTermSpec } from '../survival/index.js';
import { applyDesign, buildDesign, fitSurvivalForest, predictSurvivalForest } from '../survival/index.js';
import type { OutcomeColumns } from './cohort-data.js';
import { completeRows, survivalOf } from './cohort-data.js';
import type { RowPredictions } from './cox-model.js';
import { stepValue } from './cox-model.js';

/** Forest knobs used by the study. */
export interface ForestModelOptions {
  readonly nTree: number;
  readonly minNodeSize: number;
  readonly maxDepth: number;
  readonly seed: number;
}

/** What the study keeps of a forest fit (the trees themselves are not stored in this version). */
export interface ForestFitSummary {
  readonly variables: readonly string[];
  readonly nTrain: number;
  readonly events: number;
  readonly oobConcordance: number;
  readonly options: ForestModelOptions;
}

/**
 * Random survival forest (log-rank splitting) on the design of `terms`, fitted on the training
 * rows, scored on `scoreRows`. Training rows are scored out-of-bag (risk = mean OOB Σ_t Ĥ(t|x),
 * survival = exp(−OOB Ĥ)), so training-cohort metrics and cut-offs are not inflated by in-bag
 * fit; other rows get the ensemble prediction.
 * @see R `ranger(Surv(time, status) ~ ., splitrule = "logrank")`, `predict(fit)$chf`; randomForestSRC `rfsrc`
 */
export function fitForestPredictions(
  table: Table,
  trainingRows: readonly number[],
  scoreRows: readonly number[],
  outcome: OutcomeColumns,
  terms: readonly DesignTermSpec[],
  horizonsMonths: readonly number[],
  options: ForestModelOptions,
): { predictions: RowPredictions; summary: ForestFitSummary } {
  const cols = terms.map((t) => t.column);
  const train = completeRows(table, trainingRows, cols);
  const design = buildDesign(table, train, terms);
  if (!design.ok) throw new HccError('E_INPUT', 'cannot build the forest design', { issues: design.issues });
  const data = survivalOf(outcome, train, 0);
  const fit = fitSurvivalForest(data, design.value.x, design.value.names, { nTree: options.nTree, minNodeSize: options.minNodeSize, maxDepth: options.maxDepth, seed: options.seed, oobChf: true });
  const times = Array.from(fit.model.deathTimes);
  const T = times.length;
  const risk: (number | null)[] = new Array(scoreRows.length).fill(null);
  const survival: Record<string, (number | null)[]> = Object.fromEntries(horizonsMonths.map((h) => [String(h), new Array(scoreRows.length).fill(null)]));
  const trainPos = new Map(train.map((r, k) => [r, k]));
  const survAt = (chf: Float64Array, row: number, h: number) => {
    const vals = Array.from(chf.subarray(row * T, row * T + T));
    return Math.exp(-stepValue(times, vals, h));
  };
  const others: { k: number; r: number }[] = [];
  scoreRows.forEach((r, k) => {
    const t = trainPos.get(r);
    if (t === undefined) return others.push({ k, r });
    if (fit.oob.nTrees[t] > 0 && Number.isFinite(fit.oob.risk[t])) {
      risk[k] = fit.oob.risk[t];
      for (const h of horizonsMonths) survival[String(h)][k] = survAt(fit.oob.chf!, t, h);
    }
  });
  const complete = new Set(completeRows(table, others.map((o) => o.r), cols));
  let todo = others.filter((o) => complete.has(o.r));
  const unscored: Issue[] = [];
  let x = applyDesign(table, todo.map((o) => o.r), design.value);
  if (!x.ok) {
    const bad = new Set(x.issues.map((i) => (i.path[0] === 'row' ? (i.path[1] as number) - 1 : -1)));
    unscored.push(...x.issues);
    todo = todo.filter((o) => !bad.has(o.r));
    x = applyDesign(table, todo.map((o) => o.r), design.value);
    if (!x.ok) throw new HccError('E_INPUT', 'cannot encode the rows to score', { issues: x.issues });
  }
  if (todo.length) {
    const pred = predictSurvivalForest(fit.model, x.value);
    todo.forEach(({ k }, c) => {
      risk[k] = pred.risk[c];
      for (const h of horizonsMonths) survival[String(h)][k] = survAt(pred.chf, c, h);
    });
  }
  return {
    predictions: { risk, survival, unscored },
    summary: { variables: design.value.names, nTrain: train.length, events: data.event.reduce((a, e) => a + e, 0), oobConcordance: fit.oob.concordance.concordance, options },
  };
}
