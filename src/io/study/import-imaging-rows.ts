import { basename } from 'node:path';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import { createSanitiser } from '../deidentify/sanitiser.js';
import type { Grid } from '../mask/frame-placement.js';
import { checkMaskGrid } from '../mask/mask-grid.js';
import { readNiftiGrid } from '../nifti/read-nifti.js';
import type { MaskReference } from './convert-mask.js';
import { importDicomMask } from './convert-mask.js';
import { importDicomSeries } from './convert-series.js';
import type { ImagingPathKind } from './imaging-path.js';
import { classifyImagingPath } from './imaging-path.js';
import { MASK_LABELS_COLUMN, parseMaskLabels } from './mask-label-map.js';

/** One patient's image and mask cells (absolute paths) as the import sees them. */
export interface ImagingRow {
  readonly id: string;
  /** Image column → its phase and path (null = empty cell). */
  readonly images: readonly { readonly column: string; readonly phase: string; readonly path: string | null }[];
  /** Mask column → the phase whose image grid it lies on, and its path. */
  readonly masks: readonly { readonly column: string; readonly phase: string; readonly path: string | null }[];
  /** The row's label map text (`1=liver;2=tumour`), or null. */
  readonly labels: string | null;
  /** The (1-based) row of the table the patient comes from, named in messages when given. */
  readonly row?: number;
}

/** Which columns of a table hold a patient's images and masks, and the phase each belongs to. */
export interface ImagingColumns {
  readonly idColumn: string;
  readonly images: readonly { readonly column: string; readonly phase: string }[];
  readonly masks: readonly { readonly column: string; readonly phase: string }[];
  /** Turns a cell into the absolute path (default: the cell as it is). */
  readonly resolvePath?: (cell: string) => string;
}

/**
 * The {@link ImagingRow}s of a table (a cohort, or the new patients of `mmf predict`): per row its id
 * (`row <n>` when empty), the named image and mask cells as paths (null when empty or the column is
 * absent) and the `mask_labels` cell.
 */
export function imagingRowsOfTable(table: Table, columns: ImagingColumns): ImagingRow[] {
  const cell = (col: string, i: number) => table.cells.get(col)?.[i] ?? null;
  const path = (col: string, i: number) => {
    const v = cell(col, i);
    return v === null ? null : columns.resolvePath ? columns.resolvePath(v) : v;
  };
  return Array.from({ length: table.nRows }, (_, i) => ({
    id: cell(columns.idColumn, i) ?? `row ${i + 1}`,
    images: columns.images.map((c) => ({ ...c, path: path(c.column, i) })),
    masks: columns.masks.map((c) => ({ ...c, path: path(c.column, i) })),
    labels: cell(MASK_LABELS_COLUMN, i),
  }));
}

/** What the import did to the rows. */
export interface ImagingRowsImport {
  /** Per row: column → converted NIfTI path, for the cells that were DICOM and converted. */
  readonly replaced: readonly ReadonlyMap<string, string>[];
  /** Per row: the errors that keep it from being used (empty when fine). */
  readonly rowIssues: readonly (readonly Issue[])[];
  readonly warnings: readonly Issue[];
  /** DICOM inputs converted in this call, and found already converted (by an earlier call, or for another phase on the same grid). */
  readonly converted: number;
  readonly reused: number;
  /** Of `reused`: masks converted earlier in this call for another phase on the same grid (the rest were converted by an earlier run). */
  readonly shared: number;
  /** Rows with at least one DICOM cell. */
  readonly dicomRows: number;
}

/** Options of {@link importImagingRows}. */
export interface ImportImagingRowsOptions {
  /** Called after each row with a DICOM cell. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** "patient P3 (row 3)", or "patient P3" when the row is not known. */
function patientOf(row: ImagingRow): string {
  return `patient ${row.id}${row.row !== undefined ? ` (row ${row.row})` : ''}`;
}

/**
 * The issue of one cell: patient id (and row), phase, what and the path lead; the reader's code,
 * detail and location follow. The readers start their paths with the file's name, which the full path
 * already gives: it is dropped (`…/rtstruct.dcm`, `ROI`, `liver`, not `…/rtstruct.dcm`, `rtstruct.dcm`, `ROI`, …).
 */
function cellIssue(row: ImagingRow, column: string, phase: string, what: string, path: string, inner: Issue): Issue {
  const rest = inner.path[0] === basename(path) || inner.path[0] === path ? inner.path.slice(1) : inner.path;
  return { ...inner, path: ['patient', row.id, column, path, ...rest], message: `${patientOf(row)}, ${phase} ${what} ${path}: ${inner.message}` };
}

/**
 * A NIfTI mask beside a DICOM series image, checked against the series' grid as the import gives it
 * (that of the NIfTI file every later stage reads) with {@link checkMaskGrid} (shape, spacing, origin,
 * direction within `MASK_GRID_TOLERANCE`, as for a NIfTI image and mask): `grid_mismatch`, or the
 * reader's issue for a mask that cannot be read; null when it lies on the grid.
 */
function niftiMaskOffSeries(maskPath: string, series: { readonly path: string; readonly grid: Grid }): Issue | null {
  let mask: Grid;
  try {
    mask = readNiftiGrid(maskPath).grid;
  } catch (e) {
    if (!(e instanceof HccError)) throw e;
    return e.issues[0] ?? issueError('bad_nifti', [], e.message);
  }
  const diff = checkMaskGrid(series.grid, mask, { imageSource: series.path, maskSource: maskPath });
  return diff && { ...diff, path: [], message: `not on the grid of its image series ${series.path} (as converted; series vs mask: ${diff.received})` };
}

function kindProblem(kind: ImagingPathKind, what: 'image' | 'mask'): Issue | null {
  if (what === 'image') {
    if (kind === 'empty-folder') return issueError('empty_data', [], 'the folder holds no DICOM file', { expected: 'a folder with the DICOM files of one CT series', received: 'no DICOM file' });
    if (kind === 'dicom-other' || kind === 'dicom-seg' || kind === 'rtstruct') return issueError('dicom_unsupported', [], 'a DICOM image must be given as the folder of its series, not as one file', { expected: 'a series folder or a NIfTI file', received: kind === 'dicom-other' ? 'a DICOM file' : `a ${kind} file` });
    return null;
  }
  if (kind === 'dicom-series' || kind === 'empty-folder') return issueError('bad_dicom', [], 'a mask must be one file (NIfTI, DICOM-SEG or RTSTRUCT), not a folder', { expected: 'a mask file', received: 'a folder' });
  if (kind === 'dicom-other') return issueError('bad_dicom', [], 'the DICOM file is neither a Segmentation (SEG) nor an RT Structure Set', { expected: `SOP Class ${'1.2.840.10008.5.1.4.1.1.66.4'} (SEG) or 1.2.840.10008.5.1.4.1.1.481.3 (RTSTRUCT)`, received: 'another DICOM object (or an unreadable one)' });
  return null;
}

/**
 * Convert every DICOM cell of the rows to NIfTI under `cacheDir` (see `importDicomSeries` and
 * `importDicomMask`): series folders first, then each SEG / RTSTRUCT mask on the grid of its phase's
 * image (converted or NIfTI), with the row's label map; a NIfTI mask beside a series is checked to lie
 * on the converted series' grid (`grid_mismatch`, as the imaging stages would find). Each row gets a fresh sanitiser, so no
 * message repeats an identifying DICOM value. Nothing is thrown for bad inputs: a row's problems
 * come back in `rowIssues` naming the patient, the phase and the path, and the other rows go on (so
 * everything convertible is converted, and kept, whatever happens to the run).
 */
export async function importImagingRows(rows: readonly ImagingRow[], cacheDir: string, options: ImportImagingRowsOptions = {}): Promise<ImagingRowsImport> {
  const kinds = rows.map((r) => ({
    images: r.images.map((c) => (c.path === null ? null : classifyImagingPath(c.path))),
    masks: r.masks.map((c) => (c.path === null ? null : classifyImagingPath(c.path))),
  }));
  const isDicom = (k: ImagingPathKind | null) => k !== null && k !== 'nifti' && k !== 'other' && k !== 'missing';
  const todo = rows.map((_, i) => i).filter((i) => kinds[i].images.some(isDicom) || kinds[i].masks.some(isDicom));
  const replaced = rows.map(() => new Map<string, string>());
  const rowIssues: Issue[][] = rows.map(() => []);
  const warnings: Issue[] = [];
  let converted = 0;
  let reused = 0;
  let shared = 0;
  const convertedNow = new Set<string>();
  let done = 0;
  for (const i of todo) {
    const row = rows[i];
    const sanitiser = createSanitiser();
    const refs = new Map<string, MaskReference | null>();
    // per phase, the series folder and its grid as imported, for a NIfTI mask beside it
    const series = new Map<string, { readonly path: string; readonly grid: Grid }>();
    for (const [n, cell] of row.images.entries()) {
      const kind = kinds[i].images[n];
      if (cell.path === null || kind === null) continue;
      const problem = kindProblem(kind, 'image');
      if (problem) {
        rowIssues[i].push(cellIssue(row, cell.column, cell.phase, 'image', cell.path, problem));
        refs.set(cell.phase, null);
        continue;
      }
      if (kind !== 'dicom-series') continue;
      const r = await importDicomSeries(cell.path, cacheDir, sanitiser);
      if (!r.ok) {
        rowIssues[i].push(...r.issues.map((is) => cellIssue(row, cell.column, cell.phase, 'image series', cell.path!, is)));
        refs.set(cell.phase, null);
        continue;
      }
      if (r.reused) reused++;
      else converted++;
      warnings.push(...r.warnings.map((is) => cellIssue(row, cell.column, cell.phase, 'image series', cell.path!, is)));
      replaced[i].set(cell.column, r.path);
      series.set(cell.phase, { path: cell.path, grid: r.grid });
      refs.set(cell.phase, { grid: r.grid, frameOfReferenceUid: r.frameOfReferenceUid, name: `the ${cell.phase} image` });
    }
    let labels = null;
    if (row.labels !== null) {
      const parsed = parseMaskLabels(row.labels);
      if (parsed.error !== null) rowIssues[i].push(issueError('bad_option', ['patient', row.id, 'mask_labels'], `${patientOf(row)}: mask_labels "${row.labels}" is malformed: ${parsed.error}`, { expected: 'label=name entries separated by ";", e.g. 1=liver;2=tumour', received: row.labels }));
      else labels = parsed.map;
    }
    for (const [n, cell] of row.masks.entries()) {
      const kind = kinds[i].masks[n];
      if (cell.path === null || kind === null) continue;
      const problem = kindProblem(kind, 'mask');
      if (problem) {
        rowIssues[i].push(cellIssue(row, cell.column, cell.phase, 'mask', cell.path, problem));
        continue;
      }
      if (kind === 'nifti') {
        const image = series.get(cell.phase);
        const off = image ? niftiMaskOffSeries(cell.path, image) : null;
        if (off) rowIssues[i].push(cellIssue(row, cell.column, cell.phase, 'mask', cell.path, off));
        continue;
      }
      if (kind !== 'dicom-seg' && kind !== 'rtstruct') continue;
      if (row.labels !== null && labels === null) continue; // malformed map, reported above
      let ref = refs.get(cell.phase);
      if (ref === undefined) {
        // the phase's image is NIfTI (or absent): its grid
        const image = row.images.find((c) => c.phase === cell.phase)?.path ?? null;
        if (image === null) {
          rowIssues[i].push(cellIssue(row, cell.column, cell.phase, 'mask', cell.path, issueError('missing_value', [], `a ${kind === 'rtstruct' ? 'RTSTRUCT' : 'DICOM-SEG'} mask needs the ${cell.phase} image for its grid, and there is none`, { expected: `an image_${cell.phase} path`, received: 'empty' })));
          continue;
        }
        try {
          ref = { grid: readNiftiGrid(image).grid, frameOfReferenceUid: () => null, name: `the ${cell.phase} image` };
        } catch (e) {
          rowIssues[i].push(cellIssue(row, cell.column, cell.phase, 'mask', cell.path, issueError('bad_nifti', [image], `the ${cell.phase} image its grid comes from cannot be read: ${(e as Error).message}`)));
          ref = null;
        }
        refs.set(cell.phase, ref);
      }
      if (ref === null) continue; // the image failed; reported with the image
      const m = importDicomMask(cell.path, kind, ref, labels, cacheDir, sanitiser);
      if (!m.ok) {
        rowIssues[i].push(...m.issues.map((is) => cellIssue(row, cell.column, cell.phase, 'mask', cell.path!, is)));
        continue;
      }
      if (m.reused) {
        reused++;
        if (convertedNow.has(m.path)) shared++;
      } else {
        converted++;
        convertedNow.add(m.path);
      }
      warnings.push(...m.warnings.map((is) => cellIssue(row, cell.column, cell.phase, 'mask', cell.path!, is)));
      replaced[i].set(cell.column, m.path);
    }
    options.onProgress?.(++done, todo.length);
  }
  return { replaced, rowIssues, warnings, converted, reused, shared, dicomRows: todo.length };
}
