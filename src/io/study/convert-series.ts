import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { Sanitiser } from '../deidentify/sanitiser.js';
import { parseDicomBytes, whyNotImageSlice } from '../dicom/parse-file.js';
import { readDicomFolder } from '../dicom/read-dicom-folder.js';
import type { Grid } from '../mask/frame-placement.js';
import { folderContentHash, importKey, readImported, writeImported } from './image-cache.js';
import { dicomFilesIn, firstDicomFile } from './imaging-path.js';
import { identifyingValues } from './identifying-values.js';

/** A DICOM series folder imported as NIfTI (or why it could not be). */
export type SeriesImport =
  | {
      readonly ok: true;
      readonly path: string;
      readonly grid: Grid;
      /** Key of the import (content hash of the folder); masks drawn on this image include it in theirs. */
      readonly key: string;
      readonly reused: boolean;
      /** FrameOfReferenceUID of the series (read from one file when the NIfTI was reused); null when unknown. */
      readonly frameOfReferenceUid: () => string | null;
      readonly warnings: readonly Issue[];
    }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * Add the identifying values of one DICOM file to the sanitiser (nothing when unreadable); whether it
 * is an image slice, and its FrameOfReferenceUID when it is one.
 */
function learnSecrets(file: string | null, sanitiser: Sanitiser): { slice: boolean; frame: string | null } {
  if (file === null) return { slice: false, frame: null };
  try {
    const { header, dataSet } = parseDicomBytes(new Uint8Array(readFileSync(file)), file);
    sanitiser.addSecrets(identifyingValues(dataSet));
    const slice = whyNotImageSlice(header) === null;
    return { slice, frame: slice && header.frameOfReferenceUid ? header.frameOfReferenceUid : null };
  } catch {
    return { slice: false, frame: null };
  }
}

/**
 * The FrameOfReferenceUID of the first image slice under `folder` (a scout or other non-image file
 * that sorts first is passed over, as the series reader passes over it), learning each read file's
 * identifying values; null when that slice has none. Usually one file is read.
 */
function firstFrameOfReference(folder: string, sanitiser: Sanitiser): string | null {
  for (const file of dicomFilesIn(folder)) {
    const r = learnSecrets(file, sanitiser);
    if (r.slice) return r.frame;
  }
  return null;
}

/**
 * Convert the CT series in `folder` (all its files, recursively) to `<cacheDir>/<key>/image.nii.gz`,
 * the key being the SHA-256 of the folder's files, unless that file is already there (`reused`).
 * The folder must hold exactly one image series, every file readable: an unreadable or truncated
 * file (`dicom_unreadable`), several series (`dicom_unsupported`), none (`empty_data`), or a series
 * that cannot be assembled (missing slices, tilt, ...: the series reader's codes) fail the import.
 * Issues are passed through `sanitiser` after it learned the series' identifying values.
 */
export async function importDicomSeries(folder: string, cacheDir: string, sanitiser: Sanitiser): Promise<SeriesImport> {
  let key: string;
  try {
    key = importKey({ kind: 'dicom-series', content: folderContentHash(folder) });
  } catch (e) {
    return { ok: false, issues: [issueError('dicom_unreadable', [folder], `cannot read the series folder: ${(e as Error).message}`, { expected: 'a readable folder of DICOM files' })] };
  }
  const found = readImported(cacheDir, key, 'image');
  if (found) {
    let uid: string | null | undefined;
    const frameOfReferenceUid = () => (uid === undefined ? (uid = firstFrameOfReference(folder, sanitiser)) : uid);
    return { ok: true, path: found.path, grid: found.grid, key, reused: true, frameOfReferenceUid, warnings: [] };
  }
  learnSecrets(firstDicomFile(folder), sanitiser);
  let read;
  try {
    read = await readDicomFolder(folder);
  } catch (e) {
    const issues = e instanceof HccError && e.issues.length ? e.issues : [issueError('dicom_unreadable', [folder], `cannot read the series folder: ${(e as Error).message}`)];
    return { ok: false, issues: issues.map((i) => sanitiser.issue(i)) };
  }
  const errors = read.fileIssues.filter((i) => i.severity === 'error');
  if (errors.length) return { ok: false, issues: errors.map((i) => sanitiser.issue(i)) };
  if (read.series.length === 0) return { ok: false, issues: [issueError('empty_data', [folder], 'the folder holds no CT image series', { expected: 'one DICOM image series per folder', received: `${read.filesScanned} file(s), none an image slice` })] };
  if (read.series.length > 1) {
    return { ok: false, issues: [issueError('dicom_unsupported', [folder], `the folder holds ${read.series.length} image series (stacks of ${read.series.map((s) => s.files.length).join(', ')} files)`, { expected: 'one series per phase folder', received: `${read.series.length} series` })] };
  }
  const s = read.series[0];
  if (!s.result.ok) return { ok: false, issues: s.result.issues.map((i) => sanitiser.issue(i)) };
  const v = s.result.value;
  if (v.files[0]) learnSecrets(join(folder, v.files[0]), sanitiser);
  const warnings = s.result.warnings.map((i) => sanitiser.issue(i));
  const path = writeImported(cacheDir, key, 'image', v.volume, { source: 'dicom-series', warnings });
  const { shape, spacing, origin, direction } = v.volume;
  return { ok: true, path, grid: { shape, spacing, origin, direction }, key, reused: false, frameOfReferenceUid: () => v.frameOfReferenceUid || null, warnings };
}
