import { HccError, throwIfErrors } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import { numericColumn } from '../../core/table.js';
import type { SurvivalData } from '../../survival/index.js';
import { splitList } from '../shared.js';

/** Parse a numeric flag value or throw E_OPTION naming the flag. */
export function numberFlag(flag: string, value: string, expected: string): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v)) {
    throw new HccError('E_OPTION', `${flag} "${value}" is not a number`, { issues: [issueError('bad_option', [flag], `${flag} is not a finite number`, { expected, received: value })] });
  }
  return v;
}

/** Comma-separated numbers, e.g. `--times 182.625,365.25`. */
export function numberListFlag(flag: string, value: string, expected: string): number[] {
  const parts = splitList(value);
  if (parts.length === 0) throw new HccError('E_OPTION', `${flag} is empty`, { issues: [issueError('bad_option', [flag], `${flag} lists no values`, { expected, received: value })] });
  return parts.map((p) => numberFlag(flag, p, expected));
}

/** Values of a numeric column for the rows kept in `data` (same order as the outcome). */
export function columnForRows(table: Table, data: SurvivalData, column: string, role: string): Float64Array {
  const col = numericColumn(table, column, role);
  const kept = new Set(Array.from(data.rowIndex));
  throwIfErrors(`${table.source}: ${role} "${column}"`, col.issues.filter((i) => kept.has((i.path[1] as number) - 1)));
  return Float64Array.from(data.rowIndex, (r) => col.values[r]);
}
