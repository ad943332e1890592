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
 * latter).
 */
export function syntheticCeilingModel(cohort: Pick<StudyCohort, 'synthetic' | 'baseDir' | 'table'>, outcome: OutcomeId, horizonsMonths: readonly number[]): { model: ModelPredictions | null; warnings: Issue[] } {
  if (!cohort.synthetic) return { model: null, warnings: [] };
  const path = join(cohort.baseDir, SYNTHETIC_TRUTH_FILE);
  if (!existsSync(path)) return { model: null, warnings: [issueWarning('missing_file', [path], 'synthetic cohort without its truth file: no ceiling row', { expected: SYNTHETIC_TRUTH_FILE, received: 'absent' })] };
  const truth = readCsvFile(path);
  const ids = truth.cells.get('patient_id');
  const lp = truth.cells.get(`${outcome}_lp_total`);
  if (!ids || !lp) return { model: null, warnings: [issueWarning('missing_column', [path], `the truth file has no ${outcome}_lp_total column`, { expected: `patient_id, ${outcome}_lp_total` })] };
  const byId = new Map<string, number>();
  ids.forEach((id, k) => id !== null && lp[k] !== null && byId.set(id, Number(lp[k])));
  const patients = cohort.table.cells.get('patient_id')!;
  const risk = patients.map((id) => (id === null ? null : byId.get(id) ?? null));
  return {
    model: { id: 'oracle', label: 'Oracle: true risk (SYNTHETIC ONLY, ceiling)', family: 'ceiling', outcome, landmarkMonths: null, horizonsMonths: [...horizonsMonths], risk, survival: {}, fit: { source: SYNTHETIC_TRUTH_FILE, column: `${outcome}_lp_total` }, warnings: [] },
    warnings: [],
  };
}
