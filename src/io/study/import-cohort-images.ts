import { resolve } from 'node:path';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueWarning } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import type { StudyCohort } from '../manifest/read-manifest.js';
import type { Split } from '../manifest/schema.js';
import { SPLITS } from '../manifest/schema.js';
import { imageImportDir } from './image-cache.js';
import type { ImagingRow } from './import-imaging-rows.js';
import { imagingRowsOfTable, importImagingRows } from './import-imaging-rows.js';


/** Options of {@link importCohortImages}. */
export interface ImportCohortImagesOptions {
  /** A patient whose DICOM inputs cannot be converted stops the run ('stop', default) or is left out with warnings ('skip'), as the manifest's invalid rows. */
  readonly onInvalidRow?: 'stop' | 'skip';
  /** Called after each patient with a DICOM input. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The cohort with its DICOM cells pointing at the converted NIfTI files, and what the import did. */
export interface CohortImagesImport {
  readonly cohort: StudyCohort;
  /** DICOM inputs converted in this run, and found already converted (by an earlier run, or for another phase on the same grid). */
  readonly converted: number;
  readonly reused: number;
  /** Of `reused`: masks shared by phases on one grid, converted once in this run. */
  readonly shared: number;
  /** Patients with at least one DICOM image or mask. */
  readonly dicomPatients: number;
  /** Patients left out (onInvalidRow 'skip'). */
  readonly leftOut: readonly string[];
  /** Warnings of the conversion and, with 'skip', one per problem of a patient left out. */
  readonly warnings: readonly Issue[];
  /** Where the converted files are (`<out>/state/images`). */
  readonly dir: string;
}

/** The (1-based) rows of the patients table that the cohort's rows come from: those readManifest did not skip, in order. */
function originalRows(cohort: StudyCohort): number[] {
  const skippedRows = new Set(cohort.skipped.map((s) => s.row));
  const original: number[] = [];
  for (let r = 1; original.length < cohort.table.nRows; r++) if (!skippedRows.has(r)) original.push(r);
  return original;
}

function rowsOf(cohort: StudyCohort): ImagingRow[] {
  const phases = cohort.descriptor.phases;
  const has = (col: string) => cohort.table.cells.has(col);
  const rows = originalRows(cohort);
  return imagingRowsOfTable(cohort.table, {
    idColumn: 'patient_id',
    images: phases.filter((p) => has(`image_${p}`)).map((p) => ({ column: `image_${p}`, phase: p })),
    masks: phases.filter((p) => has(`mask_${p}`)).map((p) => ({ column: `mask_${p}`, phase: p })),
  }).map((r, i) => ({ ...r, row: rows[i] }));
}

/** The cohort without the rows in `drop`, its `skipped` list extended with their original row numbers. */
function withoutRows(cohort: StudyCohort, table: Table, drop: ReadonlySet<number>): StudyCohort {
  const keep = Array.from({ length: table.nRows }, (_, i) => i).filter((i) => !drop.has(i));
  const cells = new Map<string, (string | null)[]>();
  for (const [name, col] of table.cells) cells.set(name, keep.map((i) => col[i]));
  const split = keep.map((i) => cohort.split[i]);
  const counts = Object.fromEntries(SPLITS.map((s) => [s, split.filter((x) => x === s).length])) as Record<Split, number>;
  const original = originalRows(cohort);
  const ids = table.cells.get('patient_id') ?? [];
  const skipped = [...cohort.skipped, ...[...drop].map((i) => ({ patientId: ids[i] ?? null, row: original[i] }))].sort((a, b) => a.row - b.row);
  return { ...cohort, table: { ...table, nRows: keep.length, cells }, split, counts, skipped };
}

/**
 * The study's image import, run once before radiomics and deep learning: every image cell that is a
 * DICOM series folder and every mask cell that is a DICOM-SEG or RTSTRUCT file is converted to NIfTI
 * under `<outDir>/state/images/<sha>/` (content-addressed, so a resumed or repeated run converts
 * nothing twice), masks on the grid of their own phase's image with the row's `mask_labels`; the
 * returned cohort's cells point at the NIfTI files, so every later stage reads NIfTI as before. A
 * cohort without DICOM cells comes back unchanged (no file is written).
 *
 * A patient whose inputs cannot be converted (unreadable series or mask, a mask off its image's
 * grid, an ROI or segment not in the label map, ...) gets coded issues naming the patient, the
 * phase and the path, with no identifying DICOM value. With `onInvalidRow` 'stop' (default) every
 * patient is still converted first (so nothing is lost for the rerun) and then `HccError` `E_INPUT`
 * is thrown with all issues; with 'skip' such patients are left out with warnings.
 */
export async function importCohortImages(cohort: StudyCohort, outDir: string, options: ImportCohortImagesOptions = {}): Promise<CohortImagesImport> {
  const dir = resolve(imageImportDir(outDir));
  const r = await importImagingRows(rowsOf(cohort), dir, { onProgress: options.onProgress });
  const base = { converted: r.converted, reused: r.reused, shared: r.shared, dicomPatients: r.dicomRows, dir };
  if (r.dicomRows === 0) return { ...base, cohort, leftOut: [], warnings: [] };
  const t = cohort.table;
  const cells = new Map<string, (string | null)[]>();
  for (const [name, col] of t.cells) cells.set(name, col.map((v, i) => r.replaced[i].get(name) ?? v));
  const table: Table = { ...t, cells };
  const bad = new Set(r.rowIssues.map((is, i) => (is.length ? i : -1)).filter((i) => i >= 0));
  if (bad.size === 0) return { ...base, cohort: { ...cohort, table }, leftOut: [], warnings: r.warnings };
  const errors = r.rowIssues.flat();
  if (options.onInvalidRow !== 'skip') {
    throw new HccError('E_INPUT', `${bad.size} patient(s) have DICOM images or masks that cannot be converted (${errors.length} problem(s); converted files are kept under ${dir}); correct them, or leave those patients out with onInvalidRow 'skip' (mmf: --skip-invalid)`, { issues: errors });
  }
  if (bad.size === t.nRows) throw new HccError('E_INPUT', 'no patient is left after the DICOM import', { issues: errors });
  const ids = t.cells.get('patient_id') ?? [];
  const warnings = [...r.warnings, ...errors.map((e) => issueWarning(e.code, e.path, `left out: ${e.message}`, { expected: e.expected, received: e.received }))];
  return { ...base, cohort: withoutRows(cohort, table, bad), leftOut: [...bad].map((i) => ids[i] ?? `row ${i + 1}`), warnings };
}
