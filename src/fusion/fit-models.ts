import type { Issue } from '../core/issues.js';
import { issueWarning } from '../core/issues.js';
import type { Table } from '../core/table.js';
import type { DesignTermSpec } from '../survival/index.js';
import type { OutcomeColumns, OutcomeId } from './cohort-data.js';
import { completeRows, rowsWithOutcome } from './cohort-data.js';
import type { ClinicalSelection } from './clinical-selection.js';
import { selectClinicalModel, termOf } from './clinical-selection.js';
import type { CoxFitRecord, RowPredictions } from './cox-model.js';
import { fitCoxRecord, predictCoxRecord } from './cox-model.js';
import { fitForestPredictions } from './forest-model.js';
import { landmarkPopulation, MONTHS_PER_WEEK, RESPONSE_COLUMN, withResponseColumn } from './landmark.js';
import type { StudySettings } from './settings.js';
import type { StudyStore } from './store.js';

/** Model families of the study (the paper's numbering in brackets). */
export type ModelFamily = 'clinical' | 'score' | 'radiomics' | 'mrecist' | 'imaging' | 'mmf' | 'ceiling';

/** One model's predictions for every cohort row (null = not scored), as stored. */
export interface ModelPredictions {
  readonly id: string;
  readonly label: string;
  readonly family: ModelFamily;
  readonly outcome: OutcomeId;
  /** Landmark (months) for landmark models: their times and horizons start there; null otherwise. */
  readonly landmarkMonths: number | null;
  readonly horizonsMonths: readonly number[];
  /** Risk score per cohort row, higher = worse. */
  readonly risk: readonly (number | null)[];
  /** Predicted survival per horizon (key = horizon in months) per cohort row. */
  readonly survival: Readonly<Record<string, readonly (number | null)[]>>;
  /** Fit summary (coefficients, selection trace, forest settings). */
  readonly fit: unknown;
  readonly warnings: readonly Issue[];
}

/** Everything the model fits of one outcome need. */
export interface OutcomeModelContext {
  readonly table: Table;
  readonly trainingRows: readonly number[];
  readonly allRows: readonly number[];
  readonly outcome: OutcomeId;
  readonly outcomeColumns: OutcomeColumns;
  readonly horizonsMonths: readonly number[];
  readonly settings: StudySettings;
  readonly store: StudyStore;
  /** Hash of the cohort content; part of every key. */
  readonly dataKey: string;
  readonly onStep?: (label: string, reused: boolean) => void;
}

function spread(rows: readonly number[], n: number, pred: RowPredictions, horizons: readonly number[]): { risk: (number | null)[]; survival: Record<string, (number | null)[]> } {
  const risk: (number | null)[] = new Array(n).fill(null);
  const survival: Record<string, (number | null)[]> = Object.fromEntries(horizons.map((h) => [String(h), new Array(n).fill(null)]));
  rows.forEach((r, k) => {
    risk[r] = pred.risk[k];
    for (const h of horizons) survival[String(h)][r] = pred.survival[String(h)][k];
  });
  return { risk, survival };
}

function coxFamily(ctx: OutcomeModelContext, id: string, label: string, family: ModelFamily, terms: readonly DesignTermSpec[], extra: unknown = null): ModelPredictions {
  const res = ctx.store.memo('model', `${ctx.outcome}/${id}`, { data: ctx.dataKey, outcome: ctx.outcome, id, terms, horizons: ctx.horizonsMonths }, (): ModelPredictions => {
    const rec: CoxFitRecord = fitCoxRecord(ctx.table, ctx.trainingRows, ctx.outcomeColumns, terms);
    const pred = predictCoxRecord(rec, ctx.table, ctx.allRows, ctx.horizonsMonths);
    const { risk, survival } = spread(ctx.allRows, ctx.table.nRows, pred, ctx.horizonsMonths);
    return { id, label, family, outcome: ctx.outcome, landmarkMonths: null, horizonsMonths: [...ctx.horizonsMonths], risk, survival, fit: { cox: rec, extra }, warnings: [...rec.warnings, ...unscoredSummary(pred.unscored, id)] };
  });
  ctx.onStep?.(`${ctx.outcome.toUpperCase()} ${label}`, res.reused);
  return res.value;
}

function unscoredSummary(issues: readonly Issue[], id: string): Issue[] {
  if (!issues.length) return [];
  const rows = new Set(issues.map((i) => String(i.path[1])));
  return [issueWarning(issues[0].code, ['model', id], `${rows.size} patient(s) could not be scored by ${id} (e.g. ${issues[0].message})`, { expected: issues[0].expected, received: issues[0].received })];
}

/** (1) Clinical benchmark: pre-specified selection on training, then a multivariable Cox fit. */
export function clinicalBenchmark(ctx: OutcomeModelContext, candidates: StudySettings['models']['clinical']['candidates']): { model: ModelPredictions | null; selection: ClinicalSelection; warnings: Issue[] } {
  const sel = ctx.store.memo('selection', `${ctx.outcome}/clinical`, { data: ctx.dataKey, outcome: ctx.outcome, candidates, screenP: ctx.settings.models.clinical.screenP }, () =>
    selectClinicalModel(ctx.table, rowsWithOutcome(ctx.outcomeColumns, ctx.trainingRows), ctx.outcomeColumns, candidates, ctx.settings.models.clinical.screenP),
  );
  ctx.onStep?.(`${ctx.outcome.toUpperCase()} clinical selection`, sel.reused);
  if (sel.value.selected.length === 0) {
    // Nothing passed the pre-specified screen: there is no clinical benchmark to fit (not a crash).
    return { model: null, selection: sel.value, warnings: [...sel.value.warnings, issueWarning('empty_data', ['models', 'clinical', ctx.outcome], `${ctx.outcome}: no clinical candidate passed the univariable screen (p < ${ctx.settings.models.clinical.screenP}); the clinical benchmark is not fitted and MMF uses the imaging score alone`)] };
  }
  const model = coxFamily(ctx, 'clinical', 'Clinical benchmark', 'clinical', sel.value.selected, { rule: sel.value.rule });
  return { model: { ...model, warnings: [...model.warnings, ...sel.value.warnings] }, selection: sel.value, warnings: [] };
}

/** (2) Clinical scores, each a one-variable Cox model; a score whose column the cohort lacks is skipped (see {@link missingScoreWarnings}). */
export function scoreModels(ctx: OutcomeModelContext): ModelPredictions[] {
  return ctx.settings.models.scores.items
    .filter((s) => ctx.table.cells.has(s.variable.column))
    .map((s) => coxFamily(ctx, `score-${s.id}`, s.label, 'score', [termOf(s.variable)]));
}

/**
 * One `missing_column` warning per clinical score (settings.models.scores.items) whose input column
 * the cohort lacks, naming the score model and the column it needs: {@link scoreModels} leaves such
 * a score out, and this says so (once per study, not per outcome).
 */
export function missingScoreWarnings(table: Pick<Table, 'cells'>, items: StudySettings['models']['scores']['items']): Issue[] {
  const out: Issue[] = [];
  items.forEach((s, i) => {
    const column = s.variable.column;
    if (table.cells.has(column)) return;
    out.push(issueWarning('missing_column', ['settings', 'models', 'scores', 'items', i], `clinical score "${s.label}" (model score-${s.id}) needs the cohort column "${column}", which is absent; the score model is not fitted (add the column to the manifest, or remove the score from settings.models.scores.items)`, { expected: `a cohort column "${column}"`, received: 'absent' }));
  });
  return out;
}

/** (4) mRECIST response at the landmark, fitted on training patients of the landmark population. */
export function mrecistModel(ctx: OutcomeModelContext): ModelPredictions | null {
  if (!ctx.table.cells.has('mrecist') || !ctx.table.cells.has('followup_weeks')) return null;
  const L = ctx.settings.models.mrecist.landmarkWeeks * MONTHS_PER_WEEK;
  const res = ctx.store.memo('model', `${ctx.outcome}/mrecist`, { data: ctx.dataKey, outcome: ctx.outcome, id: 'mrecist', landmarkMonths: L, horizons: ctx.horizonsMonths }, (): ModelPredictions => {
    const pop = landmarkPopulation(ctx.table, rowsWithOutcome(ctx.outcomeColumns, ctx.allRows), ctx.outcomeColumns, L);
    const table = withResponseColumn(ctx.table, pop.response);
    const train = new Set(ctx.trainingRows);
    const terms: DesignTermSpec[] = [{ column: RESPONSE_COLUMN, kind: 'factor', reference: 'CR/PR' }];
    const rec = fitCoxRecord(table, pop.rows.filter((r) => train.has(r)), ctx.outcomeColumns, terms, L);
    const pred = predictCoxRecord(rec, table, pop.rows, ctx.horizonsMonths);
    const { risk, survival } = spread(pop.rows, table.nRows, pred, ctx.horizonsMonths);
    return { id: 'mrecist', label: 'mRECIST response (landmark)', family: 'mrecist', outcome: ctx.outcome, landmarkMonths: L, horizonsMonths: [...ctx.horizonsMonths], risk, survival, fit: { cox: rec, landmark: { ...pop, response: undefined, rows: pop.rows.length } }, warnings: [...rec.warnings] };
  });
  ctx.onStep?.(`${ctx.outcome.toUpperCase()} mRECIST landmark`, res.reused);
  return res.value;
}

/**
 * (5) the imaging score alone and (6) MMF: Cox and random survival forest on the imaging score
 * column plus the clinical terms (the benchmark's selection by default). Returns [] without a
 * score column.
 */
export function imagingAndMmfModels(ctx: OutcomeModelContext, clinicalTerms: readonly DesignTermSpec[]): ModelPredictions[] {
  const mmf = ctx.settings.models.mmf;
  const column = imagingScoreColumn(ctx.settings, ctx.outcome);
  if (!mmf.enabled || column === null || !ctx.table.cells.has(column)) return [];
  const score: DesignTermSpec = { column, kind: 'numeric' };
  const extraTerms = mmf.clinical === 'benchmark' ? clinicalTerms : mmf.clinical.map(termOf);
  const terms = [score, ...extraTerms.filter((t) => t.column !== score.column)];
  const out = [coxFamily(ctx, 'imaging', column.startsWith('ensemble_dl') ? 'Ensemble-DL' : `Imaging score (${column})`, 'imaging', [score]), coxFamily(ctx, 'mmf-cox', 'MMF (Cox)', 'mmf', terms)];
  if (mmf.forest.enabled) {
    const f = mmf.forest;
    const opts = { nTree: f.nTree, minNodeSize: f.minNodeSize, maxDepth: f.maxDepth, seed: ctx.settings.seed };
    const res = ctx.store.memo('model', `${ctx.outcome}/mmf-rsf`, { data: ctx.dataKey, outcome: ctx.outcome, id: 'mmf-rsf', terms, opts, horizons: ctx.horizonsMonths }, (): ModelPredictions => {
      const train = completeRows(ctx.table, rowsWithOutcome(ctx.outcomeColumns, ctx.trainingRows), terms.map((t) => t.column));
      const { predictions, summary } = fitForestPredictions(ctx.table, train, ctx.allRows, ctx.outcomeColumns, terms, ctx.horizonsMonths, opts);
      const { risk, survival } = spread(ctx.allRows, ctx.table.nRows, predictions, ctx.horizonsMonths);
      return { id: 'mmf-rsf', label: 'MMF (random survival forest)', family: 'mmf', outcome: ctx.outcome, landmarkMonths: null, horizonsMonths: [...ctx.horizonsMonths], risk, survival, fit: { forest: summary }, warnings: unscoredSummary(predictions.unscored, 'mmf-rsf') };
    });
    ctx.onStep?.(`${ctx.outcome.toUpperCase()} MMF forest`, res.reused);
    out.push(res.value);
  }
  return out;
}

/**
 * The imaging score column of an outcome: `models.mmf.scoreColumn` with `{outcome}` replaced, or the
 * Ensemble-DL stage's `ensemble_dl_<outcome>` when that stage is on and no column is named; null: none.
 */
export function imagingScoreColumn(settings: StudySettings, outcome: string): string | null {
  const named = settings.models.mmf.scoreColumn;
  if (named !== null) return named.replace('{outcome}', outcome);
  return settings.models.ensembleDl.enabled ? `ensemble_dl_${outcome}` : null;
}
