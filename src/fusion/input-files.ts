import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { sha256, sha256File } from '../core/provenance.js';
import type { StudyCohort } from '../io/index.js';
import { canonicalJson } from './store.js';
import { cohortPatientIds } from './cohort-ids.js';
import type { NamedTable } from './evaluate.js';

/** The image and mask files a study read, as provenance records them. */
export interface InputFilesRecord {
  /** `input_files`: patient_id, column, path (relative to the manifest's folder), bytes, sha256. */
  readonly table: NamedTable;
  /** Files listed, their total size, and the SHA-256 over every (patient, column, file SHA-256): equal for the same images wherever they lie. */
  readonly summary: { readonly files: number; readonly bytes: number; readonly missing: number; readonly sha256: string };
}

/**
 * SHA-256 and size of every image and mask file of the cohort table (`image_<phase>` and
 * `mask_<phase>` cells; DICOM inputs appear as the NIfTI files their import converted them to, whose
 * folder name is the hash of the DICOM files), so a result names exactly the pixels it came from. A
 * path that does not exist is listed with empty bytes and hash (the steps that need it report it).
 */
export function inputFilesRecord(cohort: StudyCohort): InputFilesRecord {
  const t = cohort.table;
  const ids = cohortPatientIds(t);
  const columns = t.columns.filter((c) => /^(image|mask)_/.test(c)).sort();
  const rows: (string | number | null)[][] = [];
  const digest: [string | null, string, string | null][] = [];
  let bytes = 0;
  let missing = 0;
  for (let i = 0; i < t.nRows; i++) {
    for (const col of columns) {
      const path = t.cells.get(col)?.[i] ?? null;
      if (path === null) continue;
      const st = existsSync(path) ? statSync(path) : null;
      const there = st !== null && st.isFile();
      const size = there ? st.size : null;
      const hash = there ? sha256File(path) : null;
      if (!there) missing++;
      bytes += size ?? 0;
      rows.push([ids[i] ?? null, col, relative(cohort.baseDir, path) || path, size, hash]);
      digest.push([ids[i] ?? null, col, hash]);
    }
  }
  return {
    table: { name: 'input_files', columns: ['patient_id', 'column', 'path', 'bytes', 'sha256'], rows },
    summary: { files: rows.length, bytes, missing, sha256: sha256(canonicalJson(digest)) },
  };
}
