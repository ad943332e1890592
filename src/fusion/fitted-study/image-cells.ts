// The image / mask cells of NEW patients (`mmf predict --images`, `--dl-model`): after the DICOM
// import, what keeps a row from being read, named by row, patient and column, shared by the
// radiomics extraction and the Ensemble-DL scoring so one bad cell gives one issue.
import { existsSync, statSync } from 'node:fs';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import type { ImagingRowsImport } from '../../io/index.js';
import { readNifti } from '../../io/index.js';

/**
 * Per-row problems of a step that derives model input columns from each row's images (the radiomic
 * features of `--images`, the Ensemble-DL scores of `--dl-model`). `predictFittedStudy` reports
 * them in place of the empty derived cells they explain, once, with the models that needed them.
 */
export interface DerivedInputIssues {
  /** The step, for messages: `radiomics`, `Ensemble-DL`. */
  readonly step: string;
  /** Columns the step adds to the table. */
  readonly columns: readonly string[];
  /** Problems that keep every row from getting them (an absent image or mask column). */
  readonly tableIssues: readonly Issue[];
  /** Per table row: problems that keep that row from getting them (empty when the row was read). */
  readonly rowIssues: readonly (readonly Issue[])[];
}

/** The image and mask columns a step reads per row. */
export interface ImageCellColumns {
  readonly images: readonly string[];
  readonly masks: readonly string[];
}

/** Options of {@link imageCellIssues}. */
export interface ImageCellOptions {
  /** Name of the patients table in issue paths (file name). */
  readonly source: string;
  readonly idColumn: string;
  /** Cell → absolute path (relative to the patients CSV). */
  readonly resolvePath: (cell: string) => string;
}

const NIFTI = /\.nii(\.gz)?$/i;

/**
 * `missing_column` issues for the image / mask columns a step reads that the table lacks. Keyed by
 * column alone (code and path), so a column two steps read is reported once.
 */
export function absentImageColumns(table: Table, cols: ImageCellColumns, source: string, step: string): Issue[] {
  return [...cols.images, ...cols.masks]
    .filter((c) => !table.cells.has(c))
    .map((c) => issueError('missing_column', [source, c], `column "${c}" is absent (${step} reads each patient's ${cols.masks.includes(c) ? 'tumour mask' : 'image'} from it)`, { expected: `a column "${c}" of ${cols.masks.includes(c) ? 'mask files' : 'image paths'}`, received: 'absent' }));
}

/**
 * An issue of `importImagingRows` (path `['patient', id, column, file, …]`) re-rooted at the row of the
 * patients table: `[source, 'row', n, column, file, …]`, the message naming the row.
 */
export function importIssueAtRow(issue: Issue, source: string, row: number, id: string): Issue {
  const rest = issue.path[0] === 'patient' && issue.path[1] === id ? issue.path.slice(2) : issue.path;
  const lead = `patient ${id}`;
  const message = issue.message.startsWith(lead) ? `${lead} (row ${row})${issue.message.slice(lead.length)}` : `patient ${id} (row ${row}): ${issue.message}`;
  return { ...issue, path: [source, 'row', row, ...rest], message };
}

/**
 * An issue of a step that read the row's files itself (the Ensemble-DL loader: path `[id, file,
 * ...]` or `[id, 'labels']`) re-rooted at the row and the COLUMN whose file it concerns:
 * `[source, 'row', n, column]`, found by the file path (`fileColumns`: file → column), an empty
 * mask at the mask column; any other path is kept after the row. The message names the row.
 */
export function fileIssueAtRow(issue: Issue, at: { source: string; row: number; id: string; fileColumns: ReadonlyMap<string, string>; maskColumn: string; step: string }): Issue {
  const rest = issue.path.filter((x) => x !== at.id);
  const file = rest.find((x) => typeof x === 'string' && at.fileColumns.has(x));
  const column = file !== undefined ? at.fileColumns.get(file as string)! : issue.code === 'empty_mask' ? at.maskColumn : null;
  return { ...issue, path: [at.source, 'row', at.row, ...(column !== null ? [column] : rest)], message: `patient ${at.id} (row ${at.row})${column !== null ? `, "${column}"` : ''}: ${at.step}: ${issue.message}` };
}

/**
 * The `empty_mask` issue of a row whose tumour mask leaves a step nothing to read, or null: a mask
 * with every voxel 0, or (with `labels`) without a voxel of the step's tumour label(s). It sits on the
 * MASK column, `[source, 'row', n, maskColumn]`, whichever step finds it, so the radiomics extraction
 * and the Ensemble-DL scoring of the same row give one issue (`issueKey`), and the all-zero mask the
 * very same one, message included (it names no step's labels). Called only once a step has failed
 * on the row, so a readable mask costs no second read; an unreadable one is left to the step's own issue.
 * @param maskPath the NIfTI mask the step read (after any DICOM conversion)
 * @param labels the step's tumour label(s) (any of them counts); null: any non-zero voxel
 */
export function emptyMaskIssue(maskPath: string, labels: readonly number[] | null, at: { source: string; row: number; id: string; maskColumn: string }): Issue | null {
  let data;
  try {
    data = readNifti(maskPath).volume.data;
  } catch (err) {
    if (err instanceof HccError) return null;
    throw err;
  }
  const path = [at.source, 'row', at.row, at.maskColumn];
  const who = `patient ${at.id} (row ${at.row}), "${at.maskColumn}"`;
  let nonZero = false;
  let labelled = false;
  for (let i = 0; i < data.length && !labelled; i++) {
    if (data[i] === 0) continue;
    nonZero = true;
    labelled = labels === null || labels.includes(data[i]);
  }
  if (!nonZero) return issueError('empty_mask', path, `${who}: the tumour mask is empty: every voxel is 0`, { expected: 'a tumour mask with the tumour labelled', received: 'all voxels 0' });
  if (!labelled) return issueError('empty_mask', path, `${who}: the tumour mask has no voxel labelled ${labels!.join(' or ')}`, { expected: `at least one voxel labelled ${labels!.join(' or ')}`, received: '0 voxels' });
  return null;
}

/**
 * Per row, what keeps its image and mask cells from being read once the DICOM import is done: the
 * import's problems (re-rooted at the row), an empty cell (`missing_value`), no file at the path
 * (`missing_file`), a file that is neither NIfTI nor a converted DICOM input (`bad_nifti`). Each
 * issue names the row, the patient and the column. Rows without issues get their paths (converted
 * NIfTI for DICOM cells).
 */
export function imageCellIssues(table: Table, cols: ImageCellColumns, imported: ImagingRowsImport, options: ImageCellOptions): { rowIssues: Issue[][]; paths: (Map<string, string> | null)[] } {
  const cell = (c: string, i: number) => table.cells.get(c)?.[i] ?? null;
  const rowIssues: Issue[][] = [];
  const paths: (Map<string, string> | null)[] = [];
  for (let i = 0; i < table.nRows; i++) {
    const id = cell(options.idColumn, i) ?? `row ${i + 1}`;
    const who = `patient ${id} (row ${i + 1})`;
    const issues: Issue[] = imported.rowIssues[i].map((is) => importIssueAtRow(is, options.source, i + 1, id));
    const got = new Map<string, string>();
    if (!issues.length) {
      for (const c of [...cols.images, ...cols.masks]) {
        if (!table.cells.has(c)) continue; // reported once for the table
        const what = cols.masks.includes(c) ? 'mask' : 'image';
        const at = [options.source, 'row', i + 1, c];
        const v = cell(c, i);
        if (v === null) {
          issues.push(issueError('missing_value', at, `${who}: "${c}" is empty`, { expected: what === 'mask' ? 'the path of the tumour mask (NIfTI, DICOM-SEG or RTSTRUCT file)' : 'the path of the image (NIfTI file or DICOM series folder)', received: 'NA' }));
          continue;
        }
        const converted = imported.replaced[i].get(c);
        const p = converted ?? options.resolvePath(v);
        if (!existsSync(p)) {
          issues.push(issueError('missing_file', at, `${who}: "${c}": no file at ${p}`, { expected: `an existing ${what} file`, received: v }));
          continue;
        }
        if (converted === undefined && !(statSync(p).isFile() && NIFTI.test(p))) {
          issues.push(issueError('bad_nifti', at, `${who}: "${c}": ${p} is neither a NIfTI file (.nii / .nii.gz) nor ${what === 'mask' ? 'a DICOM-SEG / RTSTRUCT file' : 'a DICOM series folder'}`, { expected: what === 'mask' ? 'a NIfTI, DICOM-SEG or RTSTRUCT mask file' : 'a NIfTI file or a DICOM series folder', received: v }));
          continue;
        }
        got.set(c, p);
      }
    }
    rowIssues.push(issues);
    paths.push(issues.length ? null : got);
  }
  return { rowIssues, paths };
}
