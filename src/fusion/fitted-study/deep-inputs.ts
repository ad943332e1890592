import { isAbsolute, join, resolve } from 'node:path';
import type { Issue } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import type { PatientListRow } from '../../deep/index.js';
import { imagingRowsOfTable, importImagingRows } from '../../io/index.js';
import { buildDeepDatasetLazy, initDeepEngine, loadEnsembleBundle, loadListedPatient, predictEnsemble } from '../../deep/index.js';
import { writeMemberGradCams } from '../deep-grad-cam.js';
import type { DeepGradCamRow } from '../deep-grad-cam.js';
import type { DerivedInputIssues } from './image-cells.js';
import { absentImageColumns, emptyMaskIssue, fileIssueAtRow, imageCellIssues } from './image-cells.js';

/**
 * Long side (pixels) of at least which `mmf predict` draws its Grad-CAM PNGs: a whole number of
 * pixels per voxel, nearest neighbour, with the voxel spacing's aspect ratio (`enlargeSlice`); a
 * 96-voxel CT slice becomes 384 px (4 per voxel). The study's own PNGs keep one pixel per voxel.
 */
export const PREDICT_GRAD_CAM_MIN_PX = 384;

/** A Grad-CAM row of `mmf predict`: the study's row plus the PNGs' pixels per voxel. */
export interface PredictGradCamRow extends DeepGradCamRow {
  /** Pixels per voxel along the finer in-plane axis of the enlarged PNGs. */
  readonly pngScale: number;
}

/** Options of `deepScoresForNewPatients`. */
export interface DeepInputOptions {
  /** Folder of the trained ensemble (the study's `models/dl`). */
  readonly modelDir: string;
  /** Folder image paths are relative to (the patients CSV's folder). */
  readonly baseDir: string;
  readonly idColumn: string;
  /** Name of the patients table in issue paths (default `patients`). */
  readonly source?: string;
  /** Mask column (default `mask_<middle phase>`, else `mask`). */
  readonly maskColumn?: string;
  /** Write Grad-CAM overlays (NIfTI + PNG per member) here; null: none. */
  readonly gradCamDir: string | null;
  readonly marginMm?: number;
  /**
   * Where DICOM series folders and SEG / RTSTRUCT masks among the image cells are converted to NIfTI
   * (content-addressed, as the study's `state/images`; a repeated prediction converts nothing again).
   * Default: `images` beside the Grad-CAM folder, else in `baseDir`.
   */
  readonly imageCacheDir?: string;
}

/** Scores added to the patients table and the Grad-CAM written. */
export interface DeepInputResult {
  readonly table: Table;
  readonly scored: number;
  readonly gradCam: readonly PredictGradCamRow[];
  /**
   * Why patients got no score, naming patient, row and column (for `predictFittedStudy`'s `derived`):
   * table issues (`missing_column`: an image or the mask column absent) and per row `missing_value`
   * (empty cell), `missing_file`, `bad_nifti`, the DICOM conversion's codes, and the loader's
   * problems (unreadable file, grid mismatch). Errors: the caller decides.
   */
  readonly derived: DerivedInputIssues;
  /** Warnings of the DICOM import (nothing that keeps a patient from a score). */
  readonly warnings: readonly Issue[];
}

/**
 * Run a study's Ensemble-DL model on NEW patients' images (`image_<phase>` columns and the tumour mask
 * column, paths relative to `baseDir`; NIfTI files, or DICOM series folders and SEG / RTSTRUCT masks
 * with an optional `mask_labels` column, converted as the study converts them), add the `ensemble_dl_os` / `ensemble_dl_pfs` columns the fitted
 * MMF model reads (the same scores the study gives the same images), and write each member's Grad-CAM
 * overlay (NIfTI, and PNGs enlarged to at least {@link PREDICT_GRAD_CAM_MIN_PX} px). A patient whose images are missing or unreadable gets no score and an issue in `derived`
 * naming the patient, row and column (the same issue as the radiomics extraction gives for the same
 * cell, so `predictFittedStudy` reports it once).
 */
export async function deepScoresForNewPatients(table: Table, options: DeepInputOptions): Promise<DeepInputResult> {
  await initDeepEngine({ backend: 'wasm' });
  const model = loadEnsembleBundle(options.modelDir);
  const source = options.source ?? 'patients';
  const phases = [...model.stack.phases];
  const mid = phases[Math.floor(phases.length / 2)];
  const maskColumn = options.maskColumn ?? (table.cells.has(`mask_${mid}`) ? `mask_${mid}` : 'mask');
  const warnings: Issue[] = [];
  const imageCols = { images: phases.map((p) => `image_${p}`), masks: [maskColumn] };
  const tableIssues = absentImageColumns(table, imageCols, source, 'Ensemble-DL (--dl-model)');
  const rowIssues: Issue[][] = Array.from({ length: table.nRows }, () => []);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(options.baseDir, p));
  const rows: { row: number; list: PatientListRow }[] = [];
  if (!tableIssues.length) {
    // DICOM inputs (series folders, SEG / RTSTRUCT masks) → NIfTI first, exactly as the study does.
    const imaging = imagingRowsOfTable(table, { idColumn: options.idColumn, images: phases.map((p) => ({ column: `image_${p}`, phase: p })), masks: [{ column: maskColumn, phase: mid }], resolvePath: abs });
    const cacheDir = options.imageCacheDir ?? (options.gradCamDir ? join(options.gradCamDir, '..', 'images') : join(options.baseDir, 'images-imported'));
    const imported = await importImagingRows(imaging, resolve(cacheDir));
    warnings.push(...imported.warnings);
    const checked = imageCellIssues(table, imageCols, imported, { source, idColumn: options.idColumn, resolvePath: abs });
    for (let i = 0; i < table.nRows; i++) {
      const paths = checked.paths[i];
      if (paths === null) {
        rowIssues[i].push(...checked.rowIssues[i]);
        continue;
      }
      const phasePaths = Object.fromEntries(phases.map((p) => [p, paths.get(`image_${p}`)!]));
      rows.push({ row: i, list: { id: imaging[i].id, phasePaths, maskPath: paths.get(maskColumn)!, split: null } });
    }
  }
  const cols: Record<string, (string | null)[]> = { ensemble_dl_os: new Array(table.nRows).fill(null), ensemble_dl_pfs: new Array(table.nRows).fill(null) };
  const camRows: PredictGradCamRow[] = [];
  let scored = 0;
  if (rows.length) {
    const labels: Record<number, string> = Object.fromEntries(model.stack.labels.map((l) => [l, `label${l}`]));
    const built = buildDeepDatasetLazy(rows.length, (i) => ({ ...loadListedPatient(rows[i].list, labels), os: { time: 0, event: 0 } }), model.stack, { hasPfs: false, skipFailures: true, idOf: (i) => rows[i].list.id });
    for (const sk of built.skipped) {
      const r = rows[sk.index];
      // named by the column whose file failed (not by the file path), as the other image-cell issues
      const fileColumns = new Map([...phases.map((p) => [r.list.phasePaths[p], `image_${p}`] as const), [r.list.maskPath, maskColumn] as const]);
      const issues = sk.issues.map((is) => ({ ...fileIssueAtRow(is, { source, row: r.row + 1, id: r.list.id, fileColumns, maskColumn, step: 'the Ensemble-DL model cannot read the images' }), severity: 'error' as const }));
      // an empty tumour mask: the issue the radiomics extraction gives for the same cell (one issue)
      const empty = issues.some((is) => is.code === 'empty_mask') ? emptyMaskIssue(r.list.maskPath, model.stack.labels, { source, row: r.row + 1, id: r.list.id, maskColumn }) : null;
      rowIssues[r.row].push(...(empty ? [empty, ...issues.filter((is) => is.code !== 'empty_mask')] : issues));
    }
    const d = built.dataset;
    if (d.n > 0) {
      const pred = predictEnsemble(model, d);
      for (let k = 0; k < d.n; k++) {
        const r = rows[built.sourceIndex[k]].row;
        cols.ensemble_dl_os[r] = String(pred.os[k]);
        if (pred.pfs) cols.ensemble_dl_pfs[r] = String(pred.pfs[k]);
        scored++;
      }
      if (options.gradCamDir) {
        const all = Array.from({ length: d.n }, (_, k) => k);
        const cams = writeMemberGradCams(model, built, all, (k) => loadListedPatient(rows[built.sourceIndex[k]].list, labels), pred.os, { dir: options.gradCamDir, background: mid, labels: model.stack.labels, marginMm: options.marginMm ?? 5, nifti: true, pngMinSizePx: PREDICT_GRAD_CAM_MIN_PX });
        camRows.push(...cams.map((c) => ({ ...c, pngScale: c.pngScale ?? 1 })));
      }
    }
  }
  const cells = new Map(table.cells);
  const columns = [...table.columns];
  for (const [name, values] of Object.entries(cols)) {
    if (!cells.has(name)) columns.push(name);
    const prior = table.cells.get(name);
    cells.set(name, values.map((v, i) => v ?? prior?.[i] ?? null));
  }
  return { table: { ...table, columns, cells }, scored, gradCam: camRows, derived: { step: 'Ensemble-DL', columns: Object.keys(cols), tableIssues, rowIssues }, warnings };
}

