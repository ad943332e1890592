import type { Table } from '../../core/table.js';
import type { NamedTable } from '../evaluate.js';
import type { PatientPrediction } from './predict-types.js';

/** A prediction row with the patient's Ensemble-DL scores, the imaging scores MMF fuses (null: none). */
export interface PatientPredictionWithScores extends PatientPrediction {
  readonly ensembleDlOs: number | null;
  readonly ensembleDlPfs: number | null;
}

/** Columns of `mmf predict`'s predictions CSV (long format, one row per patient, outcome, model and horizon). */
export const PREDICTION_COLUMNS = ['patient_id', 'outcome', 'model', 'linear_predictor', 'risk_group', 'horizon_months', 'landmark_months', 'survival', 'lower95', 'upper95', 'se_cumhaz', 'ensemble_dl_os', 'ensemble_dl_pfs'] as const;

/**
 * Attach to each prediction the patient's raw Ensemble-DL scores (`ensemble_dl_os`,
 * `ensemble_dl_pfs`) as the patients table holds them when MMF reads them: computed from the images
 * by `--dl-model` (which fills those columns), else as given in the patients file; null where the
 * table has no such column or the cell is empty or not a number. The same score repeats on every
 * row of the patient.
 */
export function withEnsembleDlScores(rows: readonly PatientPrediction[], patients: Table, idColumn: string): PatientPredictionWithScores[] {
  const ids = patients.cells.get(idColumn) ?? [];
  const rowOf = new Map<string, number>();
  ids.forEach((id, i) => {
    if (id !== null && !rowOf.has(id)) rowOf.set(id, i);
  });
  const score = (column: string, id: string): number | null => {
    const i = rowOf.get(id);
    const cell = i === undefined ? null : patients.cells.get(column)?.[i] ?? null;
    const v = cell === null ? NaN : Number(cell);
    return Number.isFinite(v) ? v : null;
  };
  return rows.map((p) => ({ ...p, ensembleDlOs: score('ensemble_dl_os', p.patientId), ensembleDlPfs: score('ensemble_dl_pfs', p.patientId) }));
}

/** The predictions as `mmf predict`'s CSV table ({@link PREDICTION_COLUMNS}; null is written NA). */
export function predictionsTable(rows: readonly PatientPredictionWithScores[]): NamedTable {
  return {
    name: 'predictions',
    columns: PREDICTION_COLUMNS,
    rows: rows.map((p) => [p.patientId, p.outcome, p.model, p.linearPredictor, p.riskGroup, p.horizonMonths, p.landmarkMonths, p.survival, p.lower95, p.upper95, p.stdErrCumhaz, p.ensembleDlOs, p.ensembleDlPfs]),
  };
}
