import type { Split } from '../../io/index.js';
import type { Table } from '../../core/table.js';
import type { NamedTable } from '../evaluate.js';
import type { CohortFeatures } from '../radiomics-model/index.js';

/**
 * One row per cohort patient with an image: id, split, voxel counts, the extraction error (if any)
 * and every feature (columns = the union of feature names, sorted; null where absent).
 */
export function radiomicFeaturesTable(table: Table, split: readonly Split[], features: CohortFeatures): NamedTable {
  const ids = table.cells.get('patient_id') ?? [];
  const names = [...new Set(features.rows.flatMap((r) => (r ? Object.keys(r.features) : [])))].sort();
  const rows: (string | number | null)[][] = [];
  features.rows.forEach((r, i) => {
    if (!r) return;
    rows.push([ids[i] ?? r.patientId, split[i] ?? null, r.tumourVoxels, r.ringVoxels, r.error, ...names.map((n) => (Number.isFinite(r.features[n]) ? r.features[n] : null))]);
  });
  return { name: 'radiomic_features', columns: ['patient_id', 'split', 'tumour_voxels', 'ring_voxels', 'error', ...names], rows };
}
