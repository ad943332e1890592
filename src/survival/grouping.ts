import type { Issue, Result } from '../core/issues.js';
import { fail, issueError, ok } from '../core/issues.js';
import type { Table } from '../core/table.js';
import { missingColumnIssue } from '../core/table.js';
import type { SurvivalData } from './outcome.js';
import { factorCodes } from './outcome.js';

/**
 * A factor over the rows of a `SurvivalData`: group index per row into `levels`
 * (levels ordered as R orders factor levels: numerically when all numeric, else alphabetically).
 */
export interface Grouping {
  /** Variable name, used in labels "name=level" (R's strata labels); '' for unnamed. */
  readonly name: string;
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

/** "name=level" as R labels strata, or the bare level when the grouping is unnamed. */
export function groupLabel(g: Pick<Grouping, 'name'>, level: string): string {
  return g.name ? `${g.name}=${level}` : level;
}

/** Build a grouping from one value per row. @see R factor() */
export function groupingFromValues(values: ArrayLike<string | number>, name = ''): Grouping {
  const f = factorCodes(Array.from(values, String));
  return { name, codes: f.codes, levels: f.levels };
}

/**
 * Grouping from a table column for the rows kept in `data` (`data.rowIndex` maps back to table rows).
 * Issues: `missing_column` (path [source, column]); `missing_value` for an empty cell in a kept row
 * (path ['row', r, column]; list the column in `alsoRequire` when parsing so such rows are dropped).
 * @see R factor() level order, as survfit / survdiff strata
 */
export function groupingFromColumn(table: Table, column: string, data: Pick<SurvivalData, 'rowIndex'>): Result<Grouping> {
  const cells = table.cells.get(column);
  if (!cells) return fail([missingColumnIssue(table, column, 'group')]);
  const issues: Issue[] = [];
  const values: string[] = [];
  for (let k = 0; k < data.rowIndex.length; k++) {
    const r = data.rowIndex[k];
    const v = cells[r];
    if (v === null || v === undefined) {
      issues.push(issueError('missing_value', ['row', r + 1, column], `row ${r + 1}: group "${column}" is missing`, { expected: 'a group value (or drop the row)', received: 'NA' }));
    } else values.push(v);
  }
  if (issues.length) return fail(issues);
  return ok(groupingFromValues(values, column));
}

/**
 * Check a grouping against the data it labels: one code per row, codes within the levels.
 * With `minLevels` (e.g. 2 for a comparison), fewer observed levels is a `single_group` issue.
 */
export function checkGrouping(g: Grouping, n: number, minLevels = 1, path: readonly (string | number)[] = ['groups']): Issue[] {
  const issues: Issue[] = [];
  if (g.codes.length !== n) {
    issues.push(issueError('bad_option', [...path], `grouping has ${g.codes.length} codes but the data have ${n} rows`, { expected: String(n), received: String(g.codes.length) }));
    return issues;
  }
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const c = g.codes[i];
    if (!(c >= 0 && c < g.levels.length)) {
      issues.push(issueError('unknown_level', [...path, i], `row ${i + 1}: group code ${c} is not a level index`, { expected: `0..${g.levels.length - 1}`, received: String(c) }));
    } else seen.add(c);
  }
  if (!issues.length && seen.size < minLevels) {
    const only = [...seen].map((c) => g.levels[c]).join(', ');
    issues.push(
      issueError('single_group', [...path], `${g.name || 'the grouping'} has ${seen.size} observed level(s) (${only || 'none'}); at least ${minLevels} are needed to compare groups`, {
        expected: `>= ${minLevels} groups with rows`,
        received: String(seen.size),
      }),
    );
  }
  return issues;
}
