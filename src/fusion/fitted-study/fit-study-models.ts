import type { Issue } from '../../core/issues.js';
import { sha256 } from '../../core/provenance.js';
import type { Table } from '../../core/table.js';
import type { StudyCohort } from '../../io/index.js';
import type { ClinicalSelection } from '../clinical-selection.js';
import type { OutcomeColumns, OutcomeId } from '../cohort-data.js';
import { outcomeColumns, rowsOfSplit, rowsWithOutcome, withCandidateColumns } from '../cohort-data.js';
import type { ModelPredictions, OutcomeModelContext } from '../fit-models.js';
import { clinicalBenchmark, imagingAndMmfModels, imagingScoreColumn, missingScoreWarnings, mrecistModel, scoreModels } from '../fit-models.js';
import type { CohortFeatures } from '../radiomics-model/index.js';
import { extractCohortFeatures, radiomicsModel } from '../radiomics-model/index.js';
import type { Candidate, StudySettings } from '../settings.js';
import type { StudyStore } from '../store.js';
import { canonicalJson } from '../store.js';

/** The models of one outcome, fitted on training, with what exporting them needs. */
export interface OutcomeFits {
  readonly outcome: OutcomeId;
  readonly outcomeColumns: OutcomeColumns;
  readonly trainingRows: readonly number[];
  readonly models: readonly ModelPredictions[];
  readonly selection: ClinicalSelection | null;
}

/** Result of {@link fitStudyModels}. */
export interface StudyModelFits {
  /** Cohort table with the transformed candidate columns (as `runStudy` builds it). */
  readonly table: Table;
  /** Hash of the cohort content, part of every store key (as `runStudy`). */
  readonly dataKey: string;
  /** Every candidate of the settings (clinical, explicit MMF list, score variables). */
  readonly candidates: readonly Candidate[];
  readonly outcomes: readonly OutcomeFits[];
  readonly features: CohortFeatures | null;
  readonly warnings: readonly Issue[];
  readonly notes: readonly string[];
}

/**
 * The content hash `runStudy` uses as the data part of every store key: the table's values and the
 * splits. Image and mask paths (`image_*`, `mask_*`) count only as present or absent, so the same
 * cohort in another folder (or its DICOM series converted into another cache) gives the same key;
 * the steps that read images are keyed by the files' SHA-256 instead (radiomics features, the
 * Ensemble-DL stage), and their results reach these steps as table columns or feature hashes.
 */
export function cohortDataKey(cohort: StudyCohort): string {
  const cells = [...cohort.table.cells.entries()].map(([col, v]) => [col, /^(image|mask)_/.test(col) && col !== 'mask_labels' ? v.map((x) => (x === null ? null : 'file')) : v] as const);
  return sha256(canonicalJson({ columns: cohort.table.columns, cells, split: cohort.split }));
}

/** Every candidate variable the settings name, in `runStudy`'s order. */
export function settingsCandidates(settings: StudySettings): Candidate[] {
  return [...settings.models.clinical.candidates, ...(Array.isArray(settings.models.mmf.clinical) ? settings.models.mmf.clinical : []), ...settings.models.scores.items.map((s) => s.variable)];
}

/** The model-fitting context of one outcome: training rows with that outcome, every row with it, the settings' horizons. */
export function outcomeContext(cohort: StudyCohort, table: Table, outcome: OutcomeId, settings: StudySettings, store: StudyStore, dataKey: string, onStep?: (label: string, reused: boolean) => void): OutcomeModelContext {
  const oc = outcomeColumns(table, outcome);
  return {
    table,
    trainingRows: rowsWithOutcome(oc, rowsOfSplit(cohort, 'training')),
    allRows: rowsWithOutcome(oc, cohort.split.map((_, i) => i)),
    outcome,
    outcomeColumns: oc,
    horizonsMonths: settings.horizonsMonths[outcome],
    settings,
    store,
    dataKey,
    onStep,
  };
}

/**
 * Why MMF (and the imaging-score model) did not run for an outcome: no score column is set (and the
 * Ensemble-DL stage, whose scores would be the column, is off), or the named column is not in the
 * cohort.
 */
export function mmfSkippedNote(settings: StudySettings, outcome: string): string {
  const column = imagingScoreColumn(settings, outcome);
  if (column === null) return `${outcome}: no imaging score (settings.models.mmf.scoreColumn is null and the Ensemble-DL stage is off; set a score column, e.g. --score-column, or run with --deep); MMF is skipped`;
  const from = settings.models.mmf.scoreColumn !== null ? 'settings.models.mmf.scoreColumn' : 'the Ensemble-DL stage';
  return `${outcome}: imaging score column "${column}" (from ${from}) is not in the cohort; MMF is skipped`;
}

/** Number of steps {@link fitStudyModels} reports (for a progress bar). */
export function fitStudySteps(settings: StudySettings): number {
  const m = settings.models;
  const perOutcome = (m.radiomics.enabled ? 1 : 0) + (m.clinical.enabled ? 2 : 0) + (m.scores.enabled ? m.scores.items.length : 0) + (m.mrecist.enabled ? 1 : 0) + (m.mmf.enabled && (m.mmf.scoreColumn !== null || m.ensembleDl.enabled) ? 2 + (m.mmf.forest.enabled ? 1 : 0) : 0);
  return settings.outcomes.length * perOutcome + (m.radiomics.enabled ? 1 : 0);
}

/**
 * Fit every enabled model of the study on the TRAINING split, through the same functions, store
 * kinds and key material as `runStudy` (so a later `runStudy` on the same cohort and settings
 * reuses every fit and computes only the evaluation). Evaluation and the synthetic ceiling row are
 * not part of training.
 */
export function fitStudyModels(cohort: StudyCohort, settings: StudySettings, store: StudyStore, onStep?: (label: string, reused: boolean) => void, onRadiomicsPatient?: (done: number, total: number) => void, radiomicFeatures?: CohortFeatures): StudyModelFits {
  const dataKey = cohortDataKey(cohort);
  const warnings: Issue[] = [];
  const notes: string[] = [];
  const candidates = settingsCandidates(settings);
  const prepared = withCandidateColumns(cohort.table, candidates);
  warnings.push(...prepared.warnings);
  const keptClinical = settings.models.clinical.candidates.filter((c) => prepared.kept.includes(c));
  if (settings.models.scores.enabled) warnings.push(...missingScoreWarnings(prepared.table, settings.models.scores.items));
  let features: CohortFeatures | null = null;
  if (settings.models.radiomics.enabled) {
    // Features already extracted for this cohort by the caller (same rows and image columns) are not read again.
    features = radiomicFeatures ?? extractCohortFeatures(prepared.table, store, settings.models.radiomics, onRadiomicsPatient);
    const failed = features.rows.filter((r) => r !== null && r.error !== null).length;
    onStep?.(`radiomic features (${features.computed} patient(s) computed, ${features.reused} reused${failed ? `; ${failed} without features` : ''})`, features.computed === 0);
    warnings.push(...features.warnings);
  }
  const outcomes: OutcomeFits[] = [];
  for (const outcome of settings.outcomes) {
    const ctx = outcomeContext(cohort, prepared.table, outcome, settings, store, dataKey, onStep);
    const oc = ctx.outcomeColumns;
    const trainingRows = ctx.trainingRows;
    const models: ModelPredictions[] = [];
    let selection: ClinicalSelection | null = null;
    if (settings.models.clinical.enabled) {
      const c = clinicalBenchmark(ctx, keptClinical);
      if (c.model) models.push(c.model);
      warnings.push(...c.warnings);
      selection = c.selection;
    }
    if (settings.models.scores.enabled) models.push(...scoreModels(ctx));
    if (features) models.push(radiomicsModel(ctx, features));
    if (settings.models.mrecist.enabled) {
      const m = mrecistModel(ctx);
      if (m) models.push(m);
      else notes.push(`${outcome}: no follow-up response columns; the mRECIST model is skipped`);
    }
    const mmf = imagingAndMmfModels(ctx, selection?.selected ?? []);
    if (settings.models.mmf.enabled && mmf.length === 0) notes.push(mmfSkippedNote(settings, outcome));
    models.push(...mmf);
    for (const m of models) warnings.push(...m.warnings);
    outcomes.push({ outcome, outcomeColumns: oc, trainingRows, models, selection });
  }
  return { table: prepared.table, dataKey, candidates, outcomes, features, warnings, notes };
}
