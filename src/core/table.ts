import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { HccError } from './errors.js';
import type { Issue } from './issues.js';
import { issueError } from './issues.js';

/**
 * A column-oriented table of text cells as read from CSV. Missing cells are `null`
 * (empty, `NA`, `NaN` is *not* missing: it is kept and reported by numeric gates as non-finite).
 * Row numbers in issues are 1-based *data* rows (the header is row 0), matching what a user sees
 * in a spreadsheet minus the header line.
 */
export interface Table {
  readonly source: string;
  readonly columns: readonly string[];
  readonly nRows: number;
  /** Cells by column name. */
  readonly cells: ReadonlyMap<string, readonly (string | null)[]>;
}

/** Tokens read as missing values (R's write.csv writes `NA`). */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'na', 'null', 'NULL', '.']);

/** Parse CSV text (first line = header). `source` names the file in issues. */
export function parseCsvText(text: string, source = '<csv>'): Table {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: false, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    throw new HccError('E_INPUT', `${source}: not valid CSV (${msg})`, {
      cause,
      issues: [issueError('bad_csv', [source], `not valid CSV: ${msg}`, { expected: 'comma-separated values with a header row' })],
    });
  }
  if (records.length === 0) {
    throw new HccError('E_INPUT', `${source}: the file is empty`, {
      issues: [issueError('empty_data', [source], 'the file has no header row', { expected: 'a header row and data rows' })],
    });
  }
  const header = records[0];
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) {
      throw new HccError('E_INPUT', `${source}: duplicate column name "${h}"`, {
        issues: [issueError('bad_csv', [source, h], `duplicate column name "${h}"`, { expected: 'unique column names' })],
      });
    }
    seen.add(h);
  }
  const cells = new Map<string, (string | null)[]>();
  header.forEach((h) => cells.set(h, []));
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    header.forEach((h, j) => {
      const v = rec[j];
      cells.get(h)!.push(v === undefined || MISSING_TOKENS.has(v) ? null : v);
    });
  }
  return { source, columns: header, nRows: records.length - 1, cells };
}

/** Read a CSV file from disk into a `Table`; throws `E_IO` naming the path when it cannot be read. */
export function readCsvFile(path: string): Table {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HccError('E_IO', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  return parseCsvText(text, path);
}

/** Build a table from JS columns (numbers or strings; `null`/`undefined`/NaN-free values). */
export function tableFromColumns(columns: Record<string, readonly (string | number | null | undefined)[]>, source = '<memory>'): Table {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  const cells = new Map<string, (string | null)[]>();
  for (const name of names) {
    const col = columns[name];
    if (col.length !== n) throw new HccError('E_INTERNAL', `tableFromColumns: column ${name} has ${col.length} rows, expected ${n}`);
    cells.set(name, col.map((v) => (v === null || v === undefined ? null : String(v))));
  }
  return { source, columns: names, nRows: n, cells };
}

/** Issue for a column the caller asked for but the table lacks. */
export function missingColumnIssue(table: Table, column: string, role: string): Issue {
  return issueError('missing_column', [table.source, column], `column "${column}" (${role}) is not in the table`, {
    expected: `one of: ${table.columns.join(', ')}`,
    received: 'no such column',
  });
}

/**
 * Read a column as numbers. Missing cells become NaN and are listed in `missing` (0-based row
 * indices); unparsable cells are reported as `not_a_number` issues naming the 1-based row.
 */
export function numericColumn(
  table: Table,
  column: string,
  role = 'numeric',
): { values: Float64Array; missing: number[]; issues: Issue[] } {
  const col = table.cells.get(column);
  if (!col) return { values: new Float64Array(0), missing: [], issues: [missingColumnIssue(table, column, role)] };
  const values = new Float64Array(table.nRows);
  const missing: number[] = [];
  const issues: Issue[] = [];
  for (let i = 0; i < table.nRows; i++) {
    const cell = col[i];
    if (cell === null) {
      values[i] = NaN;
      missing.push(i);
      continue;
    }
    const lower = cell.toLowerCase();
    let v: number;
    if (lower === 'inf' || lower === '+inf' || lower === 'infinity') v = Infinity;
    else if (lower === '-inf' || lower === '-infinity') v = -Infinity;
    else if (lower === 'nan') v = NaN;
    else v = Number(cell);
    if (Number.isNaN(v) && lower !== 'nan') {
      issues.push(issueError('not_a_number', ['row', i + 1, column], `row ${i + 1}: ${role} "${column}" is not a number`, { expected: 'a number', received: JSON.stringify(cell) }));
    } else if (!Number.isFinite(v)) {
      issues.push(issueError('non_finite', ['row', i + 1, column], `row ${i + 1}: ${role} "${column}" is not finite`, { expected: 'a finite number', received: cell }));
    }
    values[i] = v;
  }
  return { values, missing, issues };
}
