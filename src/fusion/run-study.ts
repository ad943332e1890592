import { join } from 'node:path';
import type { Issue } from '../core/issues.js';
import { buildFingerprint } from '../core/build-id.js';
import { runtimeInfo } from '../core/runtime-info.js';
import { cohortPatientIds } from './cohort-ids.js';
import { VERSION } from '../core/version.js';
import type { StudyCohort } from '../io/index.js';
import type { OutcomeId } from './cohort-data.js';
import { outcomeColumns } from './cohort-data.js';
import type { ClinicalSelection } from './clinical-selection.js';
import type { NamedTable } from './evaluate.js';
import { inputFilesRecord } from './input-files.js';
import { evaluateOutcome } from './evaluate.js';
import { syntheticCeilingModel } from './evaluate-synthetic.js';
import { fitStudyModels, fitStudySteps } from './fitted-study/fit-study-models.js';
import { cohortFacts, tripodAiTable } from './evaluation/index.js';
import type { ModelPredictions } from './fit-models.js';
import type { CohortFeatures, RadiomicsFitSummary } from './radiomics-model/index.js';
import type { StudySettings } from './settings.js';
import type { StudyStore } from './store.js';
import { openStudyStore } from './store.js';
import { removeStaleResults, tableToRecords, writeFileAtomic, writeTables } from './write-tables.js';

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
  /** Tables computed before the run (e.g. the Ensemble-DL stage's), written with the results. */
  readonly extraTables?: readonly NamedTable[];
  /** Radiomic features the caller already extracted for this cohort (not read from the store again). */
  readonly radiomicFeatures?: CohortFeatures;
  /** Store objects of stages run before this one through another handle (the Ensemble-DL stage), counted with the run's own. */
  readonly earlierStats?: { readonly reused: number; readonly computed: number };
  /** Per-patient progress of the radiomic feature extraction (the long step of a large image cohort). */
  readonly onRadiomicsPatient?: (done: number, total: number) => void;
  /** Warnings of earlier stages, reported with the run's own. */
  readonly extraWarnings?: readonly Issue[];
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
  return fitStudySteps(settings) + settings.outcomes.length;
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
  const warnings: Issue[] = [];
  const notes: string[] = [];
  const parts: NamedTable[] = [];
  const models: ModelPredictions[] = [];
  // Every model fitted on the training split (shared with `mmf train`, same store keys).
  const fits = fitStudyModels(cohort, settings, store, step, options.onRadiomicsPatient, options.radiomicFeatures);
  const dataKey = fits.dataKey;
  const features = fits.features;
  warnings.push(...fits.warnings);
  notes.push(...fits.notes);
  const prepared = { table: fits.table };
  for (const of of fits.outcomes) {
    const outcome = of.outcome;
    const oc = of.outcomeColumns;
    if (of.selection) parts.push(...selectionTables(outcome, of.selection));
    const mine: ModelPredictions[] = [...of.models];
    if (settings.evaluation.syntheticCeiling) {
      const ceiling = syntheticCeilingModel(cohort, outcome, settings.horizonsMonths[outcome]);
      warnings.push(...ceiling.warnings);
      if (ceiling.model) mine.push(ceiling.model);
      // the imaging ceiling only where an imaging model runs (Ensemble-DL or radiomics)
      if (ceiling.model && (settings.models.ensembleDl.enabled || features)) {
        const img = syntheticCeilingModel(cohort, outcome, settings.horizonsMonths[outcome], 'imaging');
        if (img.model) mine.push(img.model);
      }
    }
    const evaluation = store.memo('evaluation', `${outcome}/evaluation`, { data: dataKey, outcome, settings, models: mine.map((m) => m.id) }, () =>
      evaluateOutcome(mine, { outcome, outcomeColumns: oc, split: cohort.split, referenceId: settings.evaluation.reference, cutoff: settings.evaluation.cutoff, calibrationGroups: settings.evaluation.calibrationGroups, table: prepared.table, subgroups: settings.evaluation.subgroups, seed: settings.seed, bootstrapResamples: settings.evaluation.bootstrapResamples }),
    );
    step(`${outcome.toUpperCase()} evaluation`, evaluation.reused);
    parts.push(...evaluation.value.tables);
    notes.push(...evaluation.value.notes.map((n) => `${outcome}: ${n}`));
    models.push(...mine);
  }
  parts.push(...radiomicsTables(models));
  parts.push({ name: 'model_coefficients', columns: ['outcome', 'model', 'term', 'coef', 'hr', 'hr_lower', 'hr_upper', 'p', 'n', 'events'], rows: coefficientRows(models) });
  // The cohort table's own id column (not the manifest's name for the id column of its files).
  const ids = cohortPatientIds(cohort.table);
  // Per-patient risk of every model (the synthetic ceiling row excluded), for users' own analyses and
  // downstream sections (e.g. genomics by risk group).
  parts.push({
    name: 'predictions',
    columns: ['outcome', 'model', 'patient_id', 'split', 'risk'],
    rows: models.filter((m) => m.family !== 'ceiling').flatMap((m) => m.risk.map((r, i) => [m.outcome, m.id, ids[i] ?? null, cohort.split[i], r] as (string | number | null)[]).filter((row) => row[4] !== null)),
  });
  parts.push({ name: 'models', columns: ['outcome', 'model', 'label', 'family', 'landmark_months', 'scored'], rows: models.map((m) => [m.outcome, m.id, m.label, m.family, m.landmarkMonths, m.risk.filter((r) => r !== null).length]) });
  parts.push(...(options.extraTables ?? []));
  const inputFiles = inputFilesRecord(cohort);
  parts.push(inputFiles.table);
  warnings.push(...(options.extraWarnings ?? []));
  parts.push(tripodAiTable({ tables: mergeTables(parts), notes, warnings, settings, cohort }));
  const tables = mergeTables(parts);
  const resultsDir = join(options.outDir, 'results');
  // results/ holds this run's files only (not a note: the results of the same inputs do not depend on the folder's history).
  removeStaleResults(resultsDir, tables.map((t) => t.name));
  const files = writeTables(resultsDir, tables);
  // Radiomic features the caller extracted are store objects of this run too (read or written through
  // the caller's handle on the same store), so they count among the reused / computed objects.
  const pre = options.radiomicFeatures;
  const before = options.earlierStats;
  const stats = { reused: store.stats.reused + (pre?.reused ?? 0) + (before?.reused ?? 0), computed: store.stats.computed + (pre?.computed ?? 0) + (before?.computed ?? 0) };
  const provenance = {
    package: 'mmf-hcc',
    version: VERSION,
    build: buildFingerprint(),
    node: process.version,
    runtime: runtimeInfo(),
    cohort: { name: cohort.name, synthetic: cohort.synthetic, source: cohort.source, counts: cohort.counts, skipped: cohort.skipped, inputs: cohort.inputs, inputFiles: inputFiles.summary, contentHash: dataKey, facts: cohortFacts(cohort, settings) },
    store: { dir: store.dir, ...stats },
    // the process that ran the study (a library caller's script and arguments, or the mmf command line)
    invocation: { argv: process.argv.slice(1), cwd: process.cwd() },
    finishedAt: new Date().toISOString(),
  };
  writeFileAtomic(join(resultsDir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  writeFileAtomic(join(resultsDir, 'provenance.json'), JSON.stringify(provenance, null, 2) + '\n');
  writeFileAtomic(join(resultsDir, 'results.json'), JSON.stringify({ settings, provenance, notes, warnings, tables: Object.fromEntries(tables.map((t) => [t.name, tableToRecords(t)])) }, null, 1) + '\n');
  files.push(join(resultsDir, 'settings.json'), join(resultsDir, 'provenance.json'), join(resultsDir, 'results.json'));
  return { outDir: options.outDir, tables, notes, warnings, stats, files };
}
