import type { Table } from '../../core/table.js';
import type { OutcomeColumns } from '../cohort-data.js';
import { rowsWithOutcome } from '../cohort-data.js';
import type { ModelPredictions } from '../fit-models.js';
import { landmarkPopulation, MONTHS_PER_WEEK, RESPONSE_COLUMN, withResponseColumn } from '../landmark.js';
import { coxRecordOf, exportCoxModel } from './export-cox.js';
import type { FittedCoxModel } from './types.js';

/** Raw columns the landmark model reads from a new patient's table (as in the study manifest). */
export const RESPONSE_INPUT = 'mrecist';
export const SCAN_WEEKS_INPUT = 'followup_weeks';

/**
 * The mRECIST landmark model reduced to a {@link FittedCoxModel} with a `landmark` block: refitted
 * on the training patients of the landmark population (alive and followed beyond the landmark,
 * response assessed by it) with times restarted at the landmark, exactly as the study fitted it
 * (`mrecistModel`), so the refit check of `exportCoxModel` holds. Its inputs are the raw response
 * category (grouped as the study groups it) and the scan week (checked against the landmark).
 */
export function exportLandmarkModel(m: ModelPredictions, table: Table, trainingRows: readonly number[], outcome: OutcomeColumns, cutoffMethod: 'median' | 'tertiles'): FittedCoxModel | null {
  const rec = coxRecordOf(m);
  const L = m.landmarkMonths;
  if (!rec || L === null) return null;
  const pop = landmarkPopulation(table, rowsWithOutcome(outcome, trainingRows), outcome, L);
  const exported = exportCoxModel(m, rec, withResponseColumn(table, pop.response), pop.rows, outcome, [], cutoffMethod, L);
  return {
    ...exported,
    inputs: [
      { column: RESPONSE_INPUT, modelColumn: RESPONSE_COLUMN, kind: 'factor', transform: 'response_group' },
      { column: SCAN_WEEKS_INPUT, modelColumn: SCAN_WEEKS_INPUT, kind: 'numeric', transform: 'landmark_scan' },
    ],
    landmark: { months: L, weeks: L / MONTHS_PER_WEEK, responseColumn: RESPONSE_INPUT, scanWeeksColumn: SCAN_WEEKS_INPUT },
  };
}
