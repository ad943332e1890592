import { dirname, isAbsolute, resolve } from 'node:path';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import { missingColumnIssue, numericColumn, readCsvFile } from '../../core/table.js';
import { readNifti, readNiftiMask } from '../../io/index.js';
import type { DeepPatient } from './build-dataset.js';

/** Column names of a patient list (CSV, one row per patient, paths relative to the CSV's folder). */
export interface PatientListColumns {
  readonly id?: string;
  /** Phase name → column holding the NIfTI path (default: a column named like each phase). */
  readonly phases: readonly string[];
  readonly phaseColumns?: Readonly<Record<string, string>>;
  readonly mask?: string;
  /** OS / PFS columns; missing columns = no outcome (prediction only). */
  readonly time?: string;
  readonly event?: string;
  readonly pfsTime?: string;
  readonly pfsEvent?: string;
  /** Split column (training / validation / test values); absent = every row is training. */
  readonly split?: string;
}

/** A row of a patient list, not yet read from disk. */
export interface PatientListRow {
  readonly id: string;
  readonly phasePaths: Readonly<Record<string, string>>;
  readonly maskPath: string;
  readonly os?: { time: number; event: number };
  readonly pfs?: { time: number; event: number };
  readonly split: string | null;
}

/** The parsed list with the table it came from. */
export interface PatientList {
  readonly source: string;
  readonly rows: readonly PatientListRow[];
  readonly hasOs: boolean;
  readonly hasPfs: boolean;
}

function outcomePair(table: Table, timeCol: string, eventCol: string, issues: Issue[]): { time: Float64Array; event: Float64Array } | null {
  if (!table.cells.has(timeCol) && !table.cells.has(eventCol)) return null;
  const t = numericColumn(table, timeCol, 'time');
  const e = numericColumn(table, eventCol, 'event');
  issues.push(...t.issues, ...e.issues);
  for (const i of [...t.missing, ...e.missing]) issues.push(issueError('missing_value', ['row', i + 1, t.missing.includes(i) ? timeCol : eventCol], `row ${i + 1}: outcome is missing`));
  e.values.forEach((v, i) => {
    if (!Number.isNaN(v) && v !== 0 && v !== 1) issues.push(issueError('bad_event_code', ['row', i + 1, eventCol], `row ${i + 1}: event must be 0 or 1`, { expected: '0 or 1', received: String(v) }));
  });
  t.values.forEach((v, i) => {
    if (v < 0) issues.push(issueError('negative_time', ['row', i + 1, timeCol], `row ${i + 1}: time is negative`, { expected: '>= 0', received: String(v) }));
  });
  return { time: t.values, event: e.values };
}

/**
 * Read a patient list CSV (columns: patient id, one NIfTI path per phase, tumour mask path, optional
 * OS/PFS time and event, optional split). Relative paths are resolved against the CSV's folder.
 * Collects every problem before failing.
 * @throws HccError `E_INPUT` with issues (`missing_column`, `missing_value`, `bad_event_code`, `duplicate_id`, ...).
 */
export function readPatientList(csvPath: string, columns: PatientListColumns): PatientList {
  const table = readCsvFile(csvPath);
  const base = dirname(resolve(csvPath));
  const issues: Issue[] = [];
  const idCol = columns.id ?? 'patient';
  const maskCol = columns.mask ?? 'mask';
  const phaseCols = columns.phases.map((p) => columns.phaseColumns?.[p] ?? p);
  for (const c of [idCol, maskCol, ...phaseCols]) if (!table.cells.has(c)) issues.push(missingColumnIssue(table, c, c === idCol ? 'patient id' : 'image path'));
  if (columns.split && !table.cells.has(columns.split)) issues.push(missingColumnIssue(table, columns.split, 'split'));
  const os = outcomePair(table, columns.time ?? 'time', columns.event ?? 'event', issues);
  const pfs = columns.pfsTime ? outcomePair(table, columns.pfsTime, columns.pfsEvent ?? 'pfs_event', issues) : null;
  if (issues.length) throw new HccError('E_INPUT', `${table.source}: ${issues.length} problem(s) in the patient list`, { issues });
  const path = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const seen = new Set<string>();
  const rows: PatientListRow[] = [];
  for (let i = 0; i < table.nRows; i++) {
    const id = table.cells.get(idCol)![i];
    if (id === null) { issues.push(issueError('missing_value', ['row', i + 1, idCol], `row ${i + 1}: patient id is missing`)); continue; }
    if (seen.has(id)) issues.push(issueError('duplicate_id', ['row', i + 1, idCol], `row ${i + 1}: patient "${id}" is listed twice`));
    seen.add(id);
    const phasePaths: Record<string, string> = {};
    columns.phases.forEach((p, k) => {
      const cell = table.cells.get(phaseCols[k])![i];
      if (cell === null) issues.push(issueError('missing_value', ['row', i + 1, phaseCols[k]], `row ${i + 1}: no ${p} image path`));
      else phasePaths[p] = path(cell);
    });
    const m = table.cells.get(maskCol)![i];
    if (m === null) issues.push(issueError('missing_value', ['row', i + 1, maskCol], `row ${i + 1}: no mask path`));
    rows.push({
      id,
      phasePaths,
      maskPath: m === null ? '' : path(m),
      ...(os ? { os: { time: os.time[i], event: os.event[i] } } : {}),
      ...(pfs ? { pfs: { time: pfs.time[i], event: pfs.event[i] } } : {}),
      split: columns.split ? table.cells.get(columns.split)![i] : null,
    });
  }
  if (issues.length) throw new HccError('E_INPUT', `${table.source}: ${issues.length} problem(s) in the patient list`, { issues });
  return { source: table.source, rows, hasOs: os !== null, hasPfs: pfs !== null };
}

/** Read one listed patient's phase images and tumour mask from NIfTI files (mask labels named by `labels`). */
export function loadListedPatient(row: PatientListRow, labels: Readonly<Record<number, string>> = { 1: 'liver', 2: 'tumour' }): DeepPatient {
  const phases = Object.fromEntries(Object.entries(row.phasePaths).map(([p, file]) => [p, readNifti(file).volume]));
  const mask = readNiftiMask(row.maskPath, labels).mask;
  return { id: row.id, phases, mask, ...(row.os ? { os: row.os } : {}), ...(row.pfs ? { pfs: row.pfs } : {}) };
}
