import { basename } from 'node:path';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import type { JoinedTable } from './schema.js';
import { didYouMean } from '../../core/did-you-mean.js';
import { suggestColumn } from './suggest-column.js';

/** Where a joined column's values come from, so an issue can name the file, row and column a person can open. */
export interface ColumnSource {
  /** File name (base name) of the table. */
  readonly file: string;
  /** Column name in that file (before any rename). */
  readonly column: string;
  /** 1-based data row in that file of each patient (0 = the patient is absent there). */
  readonly rows: Int32Array;
  /** Absence from this table was already reported (a required joined table). */
  readonly absenceReported: boolean;
}

/** One table read for the manifest, as written: its file, every column and the manifest's renames of them. */
export interface TableColumns {
  /** File name (base name). */
  readonly file: string;
  /** Every column of the file, in file order. */
  readonly columns: readonly string[];
  /** The patient id column of this table. */
  readonly idColumn: string;
  /** The manifest's `rename` of this table (file column → name in the cohort); {} for the patients table. */
  readonly rename: Readonly<Record<string, string>>;
}

/** Tables joined by patient id: one value per patient of the patients table, in its order. */
export interface JoinedColumns {
  readonly patientIds: readonly (string | null)[];
  readonly columns: Map<string, (string | null)[]>;
  readonly sources: Map<string, ColumnSource>;
  /** The patients table first, then each joined table that was read, so an issue can name the file a column should come from. */
  readonly tables: readonly TableColumns[];
}

/** Issue path for a cell: [file, 'row', row, column], or [file, 'patient', id, column] when the patient has no row there. */
export function cellPath(src: ColumnSource, patient: number, patientId: string | null): (string | number)[] {
  return src.rows[patient] > 0 ? [src.file, 'row', src.rows[patient], src.column] : [src.file, 'patient', patientId ?? '?', src.column];
}

/**
 * Join `joins` onto the patients table by patient id. Collected issues: `missing_column` (no id
 * column), `duplicate_id` (an id twice in one table), `missing_value` (a patient absent from a
 * required table), `bad_option` (a joined column that already exists), `unknown_key` (a `rename`
 * key that is not a column of its table, with the table's columns and a did-you-mean), and a warning
 * for ids of a joined table that are not patients.
 */
export function joinTables(patients: Table, patientIdColumn: string, joins: readonly { spec: JoinedTable; table: Table }[]): { joined: JoinedColumns; issues: Issue[] } {
  const issues: Issue[] = [];
  const pFile = basename(patients.source);
  const idCells = patients.cells.get(patientIdColumn);
  const n = patients.nRows;
  const patientIds = idCells ? [...idCells] : new Array<string | null>(n).fill(null);
  const columns = new Map<string, (string | null)[]>();
  const sources = new Map<string, ColumnSource>();
  const ownRows = Int32Array.from({ length: n }, (_, i) => i + 1);
  const tables: TableColumns[] = [{ file: pFile, columns: patients.columns, idColumn: patientIdColumn, rename: {} }];
  for (const c of patients.columns) {
    columns.set(c, [...patients.cells.get(c)!]);
    sources.set(c, { file: pFile, column: c, rows: ownRows, absenceReported: false });
  }
  if (!idCells) {
    issues.push(issueError('missing_column', [pFile, patientIdColumn], `the patients table has no patient id column "${patientIdColumn}"`, { expected: 'a patient id column (set columns.patientId)', received: patients.columns.join(', ') }));
    return { joined: { patientIds, columns, sources, tables }, issues };
  }
  const seen = new Map<string, number>();
  patientIds.forEach((id, i) => {
    if (id === null) {
      issues.push(issueError('missing_value', [pFile, 'row', i + 1, patientIdColumn], `row ${i + 1}: the patient id is empty`, { expected: 'a patient id', received: 'empty' }));
      return;
    }
    const prior = seen.get(id);
    if (prior !== undefined) issues.push(issueError('duplicate_id', [pFile, 'row', i + 1, patientIdColumn], `row ${i + 1}: patient "${id}" is also on row ${prior + 1}`, { expected: 'one row per patient', received: id }));
    else seen.set(id, i);
  });
  for (const [j, { spec, table }] of joins.entries()) {
    const file = basename(table.source);
    const idCol = spec.patientId ?? patientIdColumn;
    tables.push({ file, columns: table.columns, idColumn: idCol, rename: spec.rename });
    for (const key of Object.keys(spec.rename)) {
      if (table.columns.includes(key)) continue;
      const guess = suggestColumn(key, table.columns);
      issues.push(
        issueError('unknown_key', [file, 'rename', key], `the manifest's joins[${j}].rename renames column "${key}" to "${spec.rename[key]}", but ${file} has no column "${key}"${didYouMean(guess)}`, {
          expected: `a column of ${file}: ${table.columns.join(', ')}`,
          received: key,
        }),
      );
    }
    const ids = table.cells.get(idCol);
    if (!ids) {
      issues.push(issueError('missing_column', [file, idCol], `${file} has no patient id column "${idCol}"`, { expected: 'a patient id column', received: table.columns.join(', ') }));
      continue;
    }
    const rowOf = new Map<string, number>();
    ids.forEach((id, r) => {
      if (id === null) return;
      if (rowOf.has(id)) issues.push(issueError('duplicate_id', [file, 'row', r + 1, idCol], `row ${r + 1}: patient "${id}" is also on row ${rowOf.get(id)! + 1}`, { expected: 'one row per patient', received: id }));
      else rowOf.set(id, r);
    });
    const rows = new Int32Array(n);
    patientIds.forEach((id, i) => {
      const r = id === null ? undefined : rowOf.get(id);
      if (r !== undefined) rows[i] = r + 1;
      else if (id !== null && spec.required) issues.push(issueError('missing_value', [file, idCol, id], `patient "${id}" (row ${i + 1} of ${pFile}) has no row in ${file}`, { expected: `a row for every patient in ${file}`, received: 'no row' }));
    });
    const extra = [...rowOf.keys()].filter((id) => !seen.has(id));
    if (extra.length) issues.push(issueWarning('missing_value', [file, idCol], `${extra.length} patient(s) of ${file} are not in ${pFile} and are ignored (e.g. ${extra.slice(0, 3).join(', ')})`, { expected: `patients of ${pFile}`, received: extra.slice(0, 3).join(', ') }));
    for (const c of table.columns) {
      if (c === idCol) continue;
      const name = spec.rename[c] ?? c;
      if (columns.has(name)) {
        issues.push(issueError('bad_option', [file, c], `column "${name}" of ${file} is already given by ${sources.get(name)!.file}`, { expected: 'each column in one table (rename one in the manifest joins)', received: name }));
        continue;
      }
      const cells = table.cells.get(c)!;
      columns.set(name, Array.from(rows, (r) => (r > 0 ? cells[r - 1] : null)));
      sources.set(name, { file, column: c, rows, absenceReported: spec.required });
    }
  }
  return { joined: { patientIds, columns, sources, tables }, issues };
}
