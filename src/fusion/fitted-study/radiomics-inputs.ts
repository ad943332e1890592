import { isAbsolute, join, resolve } from 'node:path';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import { imagingRowsOfTable, importImagingRows } from '../../io/index.js';
import { extractPatient } from '../radiomics-model/extract-patient.js';
import type { DerivedInputIssues } from './image-cells.js';
import { absentImageColumns, emptyMaskIssue, imageCellIssues } from './image-cells.js';
import type { FittedRadiomicsModel } from './types.js';

/** Options of {@link radiomicFeaturesForNewPatients}. */
export interface RadiomicInputOptions {
  /** Folder image paths are relative to (the patients CSV's folder). */
  readonly baseDir: string;
  readonly idColumn: string;
  /** Name of the patients table in issues. */
  readonly source: string;
  /** Where DICOM series and SEG / RTSTRUCT masks are converted to NIfTI (default `images-imported` in `baseDir`). */
  readonly imageCacheDir?: string;
  /** Called after each patient's extraction. */
  readonly onPatient?: (done: number, total: number) => void;
}

/** Feature columns added to the patients table, and the patients that got none. */
export interface RadiomicInputResult {
  readonly table: Table;
  /** Patients whose features were extracted (per extraction setting, summed). */
  readonly extracted: number;
  /**
   * Why patients got no features, naming patient, row and column (for `predictFittedStudy`'s
   * `derived`): table issues (`missing_column`: no image / mask column) and per row `missing_value`
   * (empty cell), `missing_file`, `bad_nifti`, the DICOM conversion's codes, `empty_mask` (an
   * empty tumour mask, on the mask column, the very issue the Ensemble-DL scoring gives; an unreadable
   * file or a grid mismatch, on the image column). Errors: the caller decides (stop, or skip
   * with a warning).
   */
  readonly derived: DerivedInputIssues;
  /** Every issue of `derived`, flat. */
  readonly issues: readonly Issue[];
}

/**
 * Extract the radiomic features the study's radiomics models need from NEW patients' images, with
 * the extraction settings saved in the fitted study (phase, IBSI settings, tumour label, ring): the
 * `image_<phase>` and `mask_<phase>` cells (paths relative to `baseDir`; NIfTI files, or DICOM series
 * folders and DICOM-SEG / RTSTRUCT masks with an optional `mask_labels` column, converted as the study
 * converts them) go through the study's `extractPatient`, so the same images give the study's features
 * to the last bit. The selected feature columns (`tumour.<id>` / `ring.<id>`) are added to the table,
 * replacing any given ones for patients with images; a patient without features keeps its cells and
 * gets an issue.
 */
export async function radiomicFeaturesForNewPatients(table: Table, models: readonly FittedRadiomicsModel[], options: RadiomicInputOptions): Promise<RadiomicInputResult> {
  const tableIssues: Issue[] = [];
  const rowIssues: Issue[][] = Array.from({ length: table.nRows }, () => []);
  const cells = new Map(table.cells);
  const columns = [...table.columns];
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(options.baseDir, p));
  const cacheDir = resolve(options.imageCacheDir ?? join(options.baseDir, 'images-imported'));
  // Models sharing an extraction (os and pfs of one study) are extracted once.
  const groups = new Map<string, FittedRadiomicsModel[]>();
  for (const m of models) {
    const key = JSON.stringify([m.radiomics.extraction.imageColumn, m.radiomics.extraction.maskColumn, m.radiomics.extraction.settings, m.radiomics.extraction.resolved]);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const derivedColumns = new Set<string>();
  let extracted = 0;
  for (const group of groups.values()) {
    const ex = group[0].radiomics.extraction;
    const wanted = [...new Set(group.flatMap((m) => m.radiomics.selected.map((f) => f.feature)))];
    for (const f of wanted) derivedColumns.add(f);
    const cols = { images: [ex.imageColumn], masks: [ex.maskColumn] };
    const lacking = absentImageColumns(table, cols, options.source, 'radiomics (--images)');
    if (lacking.length) {
      tableIssues.push(...lacking);
      continue;
    }
    const rows = imagingRowsOfTable(table, { idColumn: options.idColumn, images: [{ column: ex.imageColumn, phase: ex.phase }], masks: [{ column: ex.maskColumn, phase: ex.phase }], resolvePath: abs });
    const imported = await importImagingRows(rows, cacheDir);
    const checked = imageCellIssues(table, cols, imported, { source: options.source, idColumn: options.idColumn, resolvePath: abs });
    const values = new Map(wanted.map((f) => [f, [...(table.cells.get(f) ?? new Array<string | null>(table.nRows).fill(null))]]));
    for (let i = 0; i < table.nRows; i++) {
      const id = rows[i].id;
      const at = (c: string) => [options.source, 'row', i + 1, c];
      const paths = checked.paths[i];
      if (paths === null) {
        rowIssues[i].push(...checked.rowIssues[i]);
        continue;
      }
      const img = paths.get(ex.imageColumn)!;
      const msk = paths.get(ex.maskColumn)!;
      // imageCellIssues has already checked that both files exist and are NIfTI (or converted to NIfTI).
      const f = extractPatient(id, img, msk, ex.settings, ex.resolved);
      options.onPatient?.(i + 1, table.nRows);
      if (f.error !== null) {
        // an empty tumour mask on the mask column, as the Ensemble-DL scoring of the row finds it (one issue)
        const tumourLabel = ex.settings.tumourLabel;
        const empty = emptyMaskIssue(msk, tumourLabel === null ? null : [tumourLabel], { source: options.source, row: i + 1, id, maskColumn: ex.maskColumn });
        if (empty) {
          rowIssues[i].push(empty);
          continue;
        }
        rowIssues[i].push(issueError('empty_mask', at(ex.imageColumn), `patient ${id} (row ${i + 1}): no radiomic features from ${ex.imageColumn} / ${ex.maskColumn}: ${f.error}`, { expected: 'a readable image with a non-empty tumour mask on the same grid', received: f.error }));
        continue;
      }
      const absent = wanted.filter((n) => !Number.isFinite(f.features[n]));
      if (absent.length) {
        rowIssues[i].push(issueError('missing_value', at(absent[0]), `patient ${id} (row ${i + 1}): the extraction gave no finite ${absent.join(', ')} (e.g. an empty peritumoural ring)`, { expected: 'finite feature values', received: 'absent' }));
        continue;
      }
      for (const n of wanted) values.get(n)![i] = String(f.features[n]);
      extracted++;
    }
    for (const [n, v] of values) {
      if (!cells.has(n)) columns.push(n);
      cells.set(n, v);
    }
  }
  const derived: DerivedInputIssues = { step: 'radiomics', columns: [...derivedColumns], tableIssues, rowIssues };
  return { table: { ...table, columns, cells }, extracted, derived, issues: [...tableIssues, ...rowIssues.flat()] };
}
