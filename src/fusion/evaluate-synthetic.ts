import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Issue } from '../core/issues.js';
import { issueWarning } from '../core/issues.js';
import { readCsvFile } from '../core/table.js';
import type { StudyCohort } from '../io/index.js';
import type { OutcomeId } from './cohort-data.js';
import type { ModelPredictions } from './fit-models.js';

/** The generator's truth file of a synthetic cohort (written by src/synth); deliberately not exported. */
const SYNTHETIC_TRUTH_FILE = 'oracle.csv';

/**
 * The ceiling row of a SYNTHETIC cohort: the generator's true linear predictor of the outcome
 * (`<outcome>_lp_total` of oracle.csv), used as a risk score. This is the best any model of the
 * measured data could rank patients (it also holds the unmeasured part of the truth only through
 * the imaging latent traits, not the frailty), so MMF's recovery is reported as
 * (C_MMF − 0.5) / (C_oracle − 0.5). It is read here and nowhere else: an architecture test keeps
 * every other source file from mentioning the truth file, so no model can be trained on it. For a
 * cohort not marked synthetic in its manifest, or without the file, null (with a warning for the
 * latter). `part: 'imaging'` gives the ceiling of the imaging models instead (`oracle-imaging`: the true
 * imaging linear predictor, what the CT phantoms render), so Ensemble-DL's recovery of the imaging
 * signal is (C_DL − 0.5) / (C_oracle-imaging − 0.5).
 */
export function syntheticCeilingModel(cohort: Pick<StudyCohort, 'synthetic' | 'baseDir' | 'table'>, outcome: OutcomeId, horizonsMonths: readonly number[], part: 'total' | 'imaging' = 'total'): { model: ModelPredictions | null; warnings: Issue[] } {
  if (!cohort.synthetic) return { model: null, warnings: [] };
  const path = join(cohort.baseDir, SYNTHETIC_TRUTH_FILE);
  if (!existsSync(path)) return { model: null, warnings: [issueWarning('missing_file', [path], 'synthetic cohort without its truth file: no ceiling row', { expected: SYNTHETIC_TRUTH_FILE, received: 'absent' })] };
  const truth = readCsvFile(path);
  const ids = truth.cells.get('patient_id');
  const column = `${outcome}_lp_${part}`;
  const lp = truth.cells.get(column);
  if (!ids || !lp) return { model: null, warnings: [issueWarning('missing_column', [path], `the truth file has no ${column} column`, { expected: `patient_id, ${column}` })] };
  const byId = new Map<string, number>();
  ids.forEach((id, k) => id !== null && lp[k] !== null && byId.set(id, Number(lp[k])));
  const patients = cohort.table.cells.get('patient_id')!;
  const risk = patients.map((id) => (id === null ? null : byId.get(id) ?? null));
  return {
    model: part === 'total'
      ? { id: 'oracle', label: 'Oracle: true risk (SYNTHETIC ONLY, ceiling)', family: 'ceiling', outcome, landmarkMonths: null, horizonsMonths: [...horizonsMonths], risk, survival: {}, fit: { source: SYNTHETIC_TRUTH_FILE, column }, warnings: [] }
      : { id: 'oracle-imaging', label: 'Oracle: true imaging risk (SYNTHETIC ONLY, ceiling of Ensemble-DL / radiomics)', family: 'ceiling', outcome, landmarkMonths: null, horizonsMonths: [...horizonsMonths], risk, survival: {}, fit: { source: SYNTHETIC_TRUTH_FILE, column }, warnings: [] },
    warnings: [],
  };
}

/** How much of the generator's signal the models recover on one cohort of a SYNTHETIC study. */
export interface SyntheticRecovery {
  readonly outcome: string;
  readonly cohort: string;
  /** Harrell's C of MMF (Cox), the total-risk ceiling, Ensemble-DL (`imaging`) and the imaging ceiling. */
  readonly c: { readonly mmf: number | null; readonly ceiling: number | null; readonly imaging: number | null; readonly imagingCeiling: number | null };
  /** (C_MMF − 0.5) / (C_oracle − 0.5): issue 7's target is ≥ 0.9 for OS on the external test centre. */
  readonly mmfRecovery: number | null;
  /** (C_DL − 0.5) / (C_oracle-imaging − 0.5): issue 6's target is ≥ 0.7 for OS on the external test centre. */
  readonly imagingRecovery: number | null;
}

/** Recovery ratios from a study's `discrimination` table (null where a model or the ceiling is absent). */
export function syntheticRecovery(tables: readonly { name: string; columns: readonly string[]; rows: readonly (readonly (string | number | null)[])[] }[], outcome: string, cohort = 'external_test'): SyntheticRecovery {
  const t = tables.find((x) => x.name === 'discrimination');
  const col = (name: string) => t?.columns.indexOf(name) ?? -1;
  const c = (model: string): number | null => {
    const row = t?.rows.find((r) => r[col('outcome')] === outcome && r[col('cohort')] === cohort && r[col('model')] === model);
    const v = row?.[col('c_index')];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const ratio = (m: number | null, ceil: number | null) => (m !== null && ceil !== null && ceil > 0.5 ? (m - 0.5) / (ceil - 0.5) : null);
  const cs = { mmf: c('mmf-cox'), ceiling: c('oracle'), imaging: c('imaging'), imagingCeiling: c('oracle-imaging') };
  return { outcome, cohort, c: cs, mmfRecovery: ratio(cs.mmf, cs.ceiling), imagingRecovery: ratio(cs.imaging, cs.imagingCeiling) };
}
