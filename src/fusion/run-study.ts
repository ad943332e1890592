import { join } from 'node:path';
import type { Issue } from '../core/issues.js';
import { sha256 } from '../core/provenance.js';
import { VERSION } from '../core/version.js';
import type { StudyCohort } from '../io/index.js';
import type { OutcomeId } from './cohort-data.js';
import { outcomeColumns, rowsOfSplit, rowsWithOutcome, withCandidateColumns } from './cohort-data.js';
import type { ClinicalSelection } from './clinical-selection.js';
import type { NamedTable } from './evaluate.js';
import { evaluateOutcome } from './evaluate.js';
import { syntheticCeilingModel } from './evaluate-synthetic.js';
import type { ModelPredictions, OutcomeModelContext } from './fit-models.js';
import { clinicalBenchmark, imagingAndMmfModels, mrecistModel, scoreModels } from './fit-models.js';
import type { CohortFeatures, RadiomicsFitSummary } from './radiomics-model/index.js';
import { extractCohortFeatures, radiomicsModel } from './radiomics-model/index.js';
import type { StudySettings } from './settings.js';
import type { StudyStore } from './store.js';
import { canonicalJson, openStudyStore } from './store.js';
import { tableToRecords, writeFileAtomic, writeTables } from './write-tables.js';

/** Progress of a run: steps done of the planned total, and whether the last step was reused. */
export interface StudyProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
  readonly reused: boolean;
}

export interface RunStudyOptions {
  readonly outDir: string;
  readonly onProgress?: (p: StudyProgress) => void;
}

/** What a run produced. */
export interface StudyRunResult {
  readonly outDir: string;
  readonly tables: readonly NamedTable[];
  readonly notes: readonly string[];
  readonly warnings: readonly Issue[];
  /** Store objects reused from an earlier run and computed in this one. */
  readonly stats: { readonly reused: number; readonly computed: number };
  readonly files: readonly string[];
}

function planSteps(settings: StudySettings): number {
  const m = settings.models;
  const perOutcome = (m.radiomics.enabled ? 1 : 0) + (m.clinical.enabled ? 2 : 0) + (m.scores.enabled ? m.scores.items.length : 0) + (m.mrecist.enabled ? 1 : 0) + (m.mmf.enabled && m.mmf.scoreColumn ? 2 + (m.mmf.forest.enabled ? 1 : 0) : 0) + 1;
  return settings.outcomes.length * perOutcome + (m.radiomics.enabled ? 1 : 0);
}

function radiomicsTables(models: readonly ModelPredictions[]): NamedTable[] {
  const rows: (string | number | null)[][] = [];
  for (const m of models) {
    const r = (m.fit as { radiomics?: RadiomicsFitSummary } | null)?.radiomics;
    if (!r) continue;
    const coef = new Map(r.selected.map((f) => [f.feature, f.coef]));
    for (const step of r.redundancy) rows.push([m.outcome, step.feature, step.strength, step.kept ? 1 : 0, step.redundantWith, step.rho, coef.get(step.feature) ?? (step.kept ? 0 : null)]);
  }
  const summary = models.flatMap((m) => {
    const r = (m.fit as { radiomics?: RadiomicsFitSummary } | null)?.radiomics;
    const adj = r?.combat.adjustment ? Object.entries(r.combat.adjustment).map(([c, a]) => `${c}:${a}`).join(';') : null;
    return r ? [[m.outcome, r.nTraining, r.eventsTraining, r.featuresExtracted, r.featuresVarying, r.featuresAfterRedundancy, r.featuresInLasso, r.selected.length, r.lasso.lambda, r.lasso.rule, r.lasso.foldSeed, adj]] : [];
  });
  if (!rows.length) return [];
  return [
    { name: 'radiomics_features', columns: ['outcome', 'feature', 'univariable_c', 'kept_after_redundancy', 'redundant_with', 'rho', 'lasso_coef'], rows },
    { name: 'radiomics_summary', columns: ['outcome', 'n_training', 'events_training', 'features_extracted', 'features_varying', 'features_after_redundancy', 'features_in_lasso', 'features_selected', 'lambda', 'lambda_rule', 'fold_seed', 'combat'], rows: summary },
  ];
}

function coefficientRows(models: readonly ModelPredictions[]): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const m of models) {
    const cox = (m.fit as { cox?: { coefficients: { name: string; coef: number | null; hazardRatio: number | null; lower95: number | null; upper95: number | null; p: number | null }[]; n: number; events: number } } | null)?.cox;
    if (!cox) continue;
    for (const c of cox.coefficients) rows.push([m.outcome, m.id, c.name, c.coef, c.hazardRatio, c.lower95, c.upper95, c.p, cox.n, cox.events]);
  }
  return rows;
}

function selectionTables(outcome: OutcomeId, s: ClinicalSelection): NamedTable[] {
  return [
    { name: 'clinical_screen', columns: ['outcome', 'term', 'n', 'events', 'lr_chisq', 'df', 'p', 'passed', 'note'], rows: s.screen.map((r) => [outcome, r.term, r.n, r.events, r.chisq, r.df, r.p, r.passed ? 1 : 0, r.note]) },
    { name: 'clinical_elimination', columns: ['outcome', 'step', 'terms', 'aic', 'removed'], rows: s.elimination.map((e) => [outcome, e.step, e.terms.join(' + '), e.aic, e.removed]) },
  ];
}

function mergeTables(parts: readonly NamedTable[]): NamedTable[] {
  const byName = new Map<string, NamedTable>();
  for (const t of parts) {
    const prior = byName.get(t.name);
    if (prior) prior.rows.push(...t.rows);
    else byName.set(t.name, { name: t.name, columns: t.columns, rows: [...t.rows] });
  }
  return [...byName.values()];
}

/**
 * Run the study on a validated cohort: for each outcome, fit every enabled model on TRAINING
 * rows only (clinical benchmark with its pre-specified selection, clinical scores, mRECIST at a
 * landmark, the imaging score and MMF when a score column is set, and — for synthetic cohorts —
 * the generator's ceiling row), then evaluate all of them on the three cohorts. Every step is
 * kept in the study store under a content key, so a rerun (or a resumed, interrupted run)
 * reuses what was already computed. Results: `<out>/results/*.csv`, `results.json`,
 * `settings.json` and `provenance.json`.
 */
export function runStudy(cohort: StudyCohort, settings: StudySettings, options: RunStudyOptions): StudyRunResult {
  const store: StudyStore = openStudyStore(options.outDir);
  const total = planSteps(settings);
  let done = 0;
  const step = (label: string, reused: boolean) => options.onProgress?.({ done: ++done, total, label, reused });
  const dataKey = sha256(canonicalJson({ columns: cohort.table.columns, cells: [...cohort.table.cells.entries()], split: cohort.split }));
  const warnings: Issue[] = [];
  const notes: string[] = [];
  const parts: NamedTable[] = [];
  const models: ModelPredictions[] = [];
  const candidates = [...settings.models.clinical.candidates, ...(Array.isArray(settings.models.mmf.clinical) ? settings.models.mmf.clinical : []), ...settings.models.scores.items.map((s) => s.variable)];
  const prepared = withCandidateColumns(cohort.table, candidates);
  warnings.push(...prepared.warnings);
  const keptClinical = settings.models.clinical.candidates.filter((c) => prepared.kept.includes(c));
  let features: CohortFeatures | null = null;
  if (settings.models.radiomics.enabled) {
    features = extractCohortFeatures(prepared.table, store, settings.models.radiomics);
    step(`radiomic features (${features.computed} extracted, ${features.reused} reused)`, features.computed === 0);
    warnings.push(...features.warnings);
  }
  for (const outcome of settings.outcomes) {
    const oc = outcomeColumns(prepared.table, outcome);
    const allRows = rowsWithOutcome(oc, cohort.split.map((_, i) => i));
    const ctx: OutcomeModelContext = {
      table: prepared.table,
      trainingRows: rowsWithOutcome(oc, rowsOfSplit(cohort, 'training')),
      allRows,
      outcome,
      outcomeColumns: oc,
      horizonsMonths: settings.horizonsMonths[outcome],
      settings,
      store,
      dataKey,
      onStep: step,
    };
    const mine: ModelPredictions[] = [];
    let clinicalTerms: ClinicalSelection['selected'] = [];
    if (settings.models.clinical.enabled) {
      const { model, selection } = clinicalBenchmark(ctx, keptClinical);
      mine.push(model);
      clinicalTerms = selection.selected;
      parts.push(...selectionTables(outcome, selection));
    }
    if (settings.models.scores.enabled) mine.push(...scoreModels(ctx));
    if (features) mine.push(radiomicsModel(ctx, features));
    if (settings.models.mrecist.enabled) {
      const m = mrecistModel(ctx);
      if (m) mine.push(m);
      else notes.push(`${outcome}: no follow-up response columns; the mRECIST model is skipped`);
    }
    const mmf = imagingAndMmfModels(ctx, clinicalTerms);
    if (settings.models.mmf.enabled && mmf.length === 0) notes.push(`${outcome}: no imaging score column (settings.models.mmf.scoreColumn = ${settings.models.mmf.scoreColumn ?? 'null'}); MMF is skipped`);
    mine.push(...mmf);
    if (settings.evaluation.syntheticCeiling) {
      const ceiling = syntheticCeilingModel(cohort, outcome, settings.horizonsMonths[outcome]);
      warnings.push(...ceiling.warnings);
      if (ceiling.model) mine.push(ceiling.model);
    }
    for (const m of mine) warnings.push(...m.warnings);
    const evaluation = store.memo('evaluation', `${outcome}/evaluation`, { data: dataKey, outcome, settings, models: mine.map((m) => m.id) }, () =>
      evaluateOutcome(mine, { outcome, outcomeColumns: oc, split: cohort.split, referenceId: settings.evaluation.reference, cutoff: settings.evaluation.cutoff, calibrationGroups: settings.evaluation.calibrationGroups, table: prepared.table, subgroups: settings.evaluation.subgroups }),
    );
    step(`${outcome.toUpperCase()} evaluation`, evaluation.reused);
    parts.push(...evaluation.value.tables);
    notes.push(...evaluation.value.notes.map((n) => `${outcome}: ${n}`));
    models.push(...mine);
  }
  parts.push(...radiomicsTables(models));
  parts.push({ name: 'model_coefficients', columns: ['outcome', 'model', 'term', 'coef', 'hr', 'hr_lower', 'hr_upper', 'p', 'n', 'events'], rows: coefficientRows(models) });
  const ids = cohort.table.cells.get(cohort.descriptor.columns.patientId) ?? [];
  // Per-patient risk of every model (the synthetic ceiling row excluded), for users' own analyses and
  // downstream sections (e.g. genomics by risk group).
  parts.push({
    name: 'predictions',
    columns: ['outcome', 'model', 'patient_id', 'split', 'risk'],
    rows: models.filter((m) => m.family !== 'ceiling').flatMap((m) => m.risk.map((r, i) => [m.outcome, m.id, ids[i] ?? null, cohort.split[i], r] as (string | number | null)[]).filter((row) => row[4] !== null)),
  });
  parts.push({ name: 'models', columns: ['outcome', 'model', 'label', 'family', 'landmark_months', 'scored'], rows: models.map((m) => [m.outcome, m.id, m.label, m.family, m.landmarkMonths, m.risk.filter((r) => r !== null).length]) });
  const tables = mergeTables(parts);
  const resultsDir = join(options.outDir, 'results');
  const files = writeTables(resultsDir, tables);
  const provenance = {
    package: 'mmf-hcc',
    version: VERSION,
    node: process.version,
    cohort: { name: cohort.name, synthetic: cohort.synthetic, source: cohort.source, counts: cohort.counts, skipped: cohort.skipped, inputs: cohort.inputs, contentHash: dataKey },
    store: { dir: store.dir, reused: store.stats.reused, computed: store.stats.computed },
    finishedAt: new Date().toISOString(),
  };
  writeFileAtomic(join(resultsDir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  writeFileAtomic(join(resultsDir, 'provenance.json'), JSON.stringify(provenance, null, 2) + '\n');
  writeFileAtomic(join(resultsDir, 'results.json'), JSON.stringify({ settings, provenance, notes, warnings, tables: Object.fromEntries(tables.map((t) => [t.name, tableToRecords(t)])) }, null, 1) + '\n');
  files.push(join(resultsDir, 'settings.json'), join(resultsDir, 'provenance.json'), join(resultsDir, 'results.json'));
  return { outDir: options.outDir, tables, notes, warnings, stats: { ...store.stats }, files };
}
