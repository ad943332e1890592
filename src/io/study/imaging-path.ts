import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDicomBytes, textValue } from '../mask/dicom-access.js';
import { SEGMENTATION_STORAGE_UID } from '../mask/read-dicom-seg.js';
import { RT_STRUCTURE_SET_STORAGE_UID } from '../mask/read-rtstruct.js';

/**
 * What a manifest's image or mask path points at:
 * - `nifti`: a `.nii` / `.nii.gz` file (read by the stages as it is);
 * - `dicom-series`: a folder holding DICOM files (one CT series per phase);
 * - `dicom-seg` / `rtstruct`: a DICOM Segmentation or RT Structure Set file (by SOP Class UID, else Modality);
 * - `dicom-other`: another DICOM file (e.g. a single CT slice), which is neither an image volume nor a mask;
 * - `empty-folder`: a folder without any DICOM file;
 * - `other`: any other file (left to the stage that reads it);
 * - `missing`: nothing there.
 */
export type ImagingPathKind = 'nifti' | 'dicom-series' | 'dicom-seg' | 'rtstruct' | 'dicom-other' | 'empty-folder' | 'other' | 'missing';

const NIFTI = /\.nii(\.gz)?$/i;

/** True when the file starts with the DICOM Part-10 preamble ("DICM" at byte 128) or is named `.dcm`. */
export function looksLikeDicomFile(path: string): boolean {
  if (/\.dcm$/i.test(path)) return true;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const b = new Uint8Array(132);
    const n = readSync(fd, b, 0, 132, 0);
    return n === 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The DICOM files under `dir`, lazily: the folder's own files first (sorted names), then its sub-folders, depth first. */
export function* dicomFilesIn(dir: string): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  const sub: string[] = [];
  for (const name of names) {
    const full = join(dir, name);
    let st;
    try {
      st = statSync(full);
    } catch {
      continue;
    }
    if (st.isDirectory()) sub.push(full);
    else if (st.isFile() && looksLikeDicomFile(full)) yield full;
  }
  for (const d of sub) yield* dicomFilesIn(d);
}

/** The first DICOM file under `dir` (order of {@link dicomFilesIn}), or null. Stops at the first one found. */
export function firstDicomFile(dir: string): string | null {
  for (const f of dicomFilesIn(dir)) return f;
  return null;
}

/** SEG / RTSTRUCT / other of a DICOM file, by SOP Class UID, else Modality; 'dicom-other' when unreadable. */
function dicomFileKind(path: string): ImagingPathKind {
  try {
    const { dataSet } = parseDicomBytes(new Uint8Array(readFileSync(path)), path);
    const sop = textValue(dataSet, 'x00080016');
    const modality = textValue(dataSet, 'x00080060');
    if (sop === SEGMENTATION_STORAGE_UID || (sop === undefined && modality === 'SEG')) return 'dicom-seg';
    if (sop === RT_STRUCTURE_SET_STORAGE_UID || (sop === undefined && modality === 'RTSTRUCT')) return 'rtstruct';
    if (modality === 'SEG') return 'dicom-seg';
    if (modality === 'RTSTRUCT') return 'rtstruct';
  } catch {
    // an unreadable DICOM file: the import reports it with its coded issue
  }
  return 'dicom-other';
}

/**
 * Classify a manifest image or mask path (see {@link ImagingPathKind}). A NIfTI name costs one `stat`;
 * a folder is searched for its first DICOM file only; a DICOM file is parsed for its SOP Class UID
 * and Modality. Never throws.
 */
export function classifyImagingPath(path: string): ImagingPathKind {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 'missing';
  }
  if (st.isDirectory()) return firstDicomFile(path) === null ? 'empty-folder' : 'dicom-series';
  if (!st.isFile()) return 'other';
  if (NIFTI.test(path)) return 'nifti';
  return looksLikeDicomFile(path) ? dicomFileKind(path) : 'other';
}
