import type { StudyCohort } from '../io/index.js';
import { withCandidateColumns } from './cohort-data.js';
import { clinicalBenchmark } from './fit-models.js';
import { cohortDataKey, outcomeContext, settingsCandidates } from './fitted-study/fit-study-models.js';
import type { StudySettings } from './settings.js';
import type { StudyStore } from './store.js';

/** Per cohort row, the log-hazard offset of each outcome the Ensemble-DL members learn beyond (0 where unscored). */
export interface DeepOffsets {
  readonly source: 'clinical';
  readonly os: Float64Array;
  readonly pfs: Float64Array | null;
}

/**
 * The clinical benchmark's centred linear predictor per cohort row, for OS and PFS, as offsets of the
 * members' Cox losses (`ensembleDl.offset: 'clinical'`): the same pre-specified selection and Cox fit
 * on the TRAINING split as model (1), through the same store, so nothing is fitted twice and no
 * validation or external patient informs it. A row the benchmark cannot score (missing covariate)
 * gets offset 0, the training mean. Null when the clinical benchmark is off or selects nothing.
 */
export function clinicalOffsets(cohort: StudyCohort, settings: StudySettings, store: StudyStore): DeepOffsets | null {
  if (!settings.models.clinical.enabled) return null;
  const candidates = settingsCandidates(settings);
  const prepared = withCandidateColumns(cohort.table, candidates);
  const keptClinical = settings.models.clinical.candidates.filter((c) => prepared.kept.includes(c));
  const dataKey = cohortDataKey(cohort);
  const n = cohort.table.nRows;
  const of = (outcome: 'os' | 'pfs'): Float64Array | null => {
    if (!settings.outcomes.includes(outcome)) return null;
    const ctx = outcomeContext(cohort, prepared.table, outcome, settings, store, dataKey);
    const model = clinicalBenchmark(ctx, keptClinical).model;
    if (!model) return null;
    return Float64Array.from({ length: n }, (_, i) => model.risk[i] ?? 0);
  };
  const os = of('os');
  return os ? { source: 'clinical', os, pfs: of('pfs') } : null;
}
