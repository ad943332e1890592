import { HccError } from '../core/errors.js';
import type { Table } from '../core/table.js';

/**
 * The id column of a cohort table (`StudyCohort.table`): `readManifest` always names it so, whatever
 * the manifest calls the id column of its files (`columns.patientId`, a join's `patientId`); that
 * name only says where to read the ids, never what the cohort table's column is called.
 */
export const COHORT_ID_COLUMN = 'patient_id';

/**
 * The patient id of every row of a cohort table. `E_INTERNAL` when the table has no
 * {@link COHORT_ID_COLUMN} (a table that did not come from `readManifest`), rather than ids that are
 * silently all missing.
 */
export function cohortPatientIds(table: Pick<Table, 'cells'>): readonly (string | null)[] {
  const ids = table.cells.get(COHORT_ID_COLUMN);
  if (!ids) throw new HccError('E_INTERNAL', `the cohort table has no "${COHORT_ID_COLUMN}" column`);
  return ids;
}
