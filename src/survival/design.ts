import type { Issue, Result } from '../core/issues.js';
import { fail, issueError, ok } from '../core/issues.js';
import type { Table } from '../core/table.js';
import { missingColumnIssue, numericColumn } from '../core/table.js';
import type { ParsedSurvival, SurvivalColumns } from './outcome.js';
import { factorCodes, parseSurvival } from './outcome.js';

/** One model term as the caller names it. */
export interface DesignTermSpec {
  /** Table column. */
  readonly column: string;
  /** 'numeric' (default): the column as numbers; 'factor': k - 1 treatment-contrast dummies. */
  readonly kind?: 'numeric' | 'factor';
  /** Factor reference level (default: the first level in R's sort order). */
  readonly reference?: string;
}

/** A term of the built design: one name over one or more design columns (R's `assign`). */
export interface DesignTerm {
  readonly name: string;
  /** 0-based design columns of this term. */
  readonly columns: readonly number[];
}

/** Factor coding used for one factor term. */
export interface DesignFactor {
  readonly column: string;
  /** All levels in R's order (numeric order when all numeric, else lexical). */
  readonly levels: readonly string[];
  readonly reference: string;
}

/** A numeric design matrix aligned with a set of table rows. */
export interface Design {
  /** Rows (n). */
  readonly n: number;
  /** Columns (p). */
  readonly p: number;
  /** n × p row-major. */
  readonly x: Float64Array;
  /** Column names as R prints them: `age`, `celltypesmallcell`. */
  readonly names: readonly string[];
  readonly terms: readonly DesignTerm[];
  readonly factors: readonly DesignFactor[];
}

/**
 * Build a design matrix from table columns for the given 0-based `rows` (e.g. `data.rowIndex`
 * of a parsed outcome, so the rows agree with the survival gate). Numeric terms give one column;
 * factor terms give one 0/1 column per non-reference level, named column + level (R's treatment
 * contrasts, `model.matrix`). Levels are those present in `rows`, sorted as R sorts factor levels.
 *
 * Issues (all collected): `missing_column`, `missing_value` (a selected row has no value),
 * `not_a_number` / `non_finite` (numeric term), `unknown_level` (reference not among the levels),
 * `constant_covariate` (a column with a single value cannot be estimated).
 *
 * @see R: `model.matrix` with `contr.treatment`; `factor()` level order.
 */
export function buildDesign(table: Table, rows: ArrayLike<number>, terms: readonly DesignTermSpec[]): Result<Design> {
  const issues: Issue[] = [];
  const n = rows.length;
  const cols: Float64Array[] = [];
  const names: string[] = [];
  const outTerms: DesignTerm[] = [];
  const factors: DesignFactor[] = [];
  for (const [k, term] of terms.entries()) {
    const cells = table.cells.get(term.column);
    if (!cells) {
      issues.push(missingColumnIssue(table, term.column, 'covariate'));
      continue;
    }
    let missing = false;
    for (let r = 0; r < n; r++) {
      if (cells[rows[r]] === null) {
        issues.push(issueError('missing_value', ['row', rows[r] + 1, term.column], `row ${rows[r] + 1}: covariate "${term.column}" is missing`, { expected: 'a value (drop incomplete rows first)', received: 'NA' }));
        missing = true;
        break;
      }
    }
    if (missing) continue;
    if ((term.kind ?? 'numeric') === 'numeric') {
      if (term.reference !== undefined) {
        issues.push(issueError('bad_option', ['terms', k, 'reference'], `a reference level was given for numeric term "${term.column}"`, { expected: "kind: 'factor'", received: term.reference }));
      }
      const all = numericColumn(table, term.column, 'covariate');
      const v = new Float64Array(n);
      const selected = new Set<number>(Array.from(rows));
      const rowIssues = all.issues.filter((iss) => selected.has((iss.path[1] as number) - 1));
      const textual = rowIssues.filter((iss) => iss.code === 'not_a_number');
      if (textual.length > 5 && textual.length >= n / 2) {
        // A categorical column read as numeric: one clear issue instead of one per row.
        const examples = [...new Set(textual.map((iss) => iss.received))].slice(0, 3).join(', ');
        issues.push(issueError('not_a_number', [term.column], `covariate "${term.column}" holds text in ${textual.length} of ${n} rows (e.g. ${examples}); if it is categorical, declare it a factor (CLI: --factor ${term.column})`, { expected: 'numbers, or a factor term', received: examples }));
      } else issues.push(...rowIssues);
      for (let r = 0; r < n; r++) v[r] = all.values[rows[r]];
      if (n > 0 && v.every((a) => a === v[0]) && Number.isFinite(v[0])) {
        issues.push(issueError('constant_covariate', [term.column], `covariate "${term.column}" has the same value (${v[0]}) in every analysed row`, { expected: 'at least two distinct values', received: String(v[0]) }));
      }
      outTerms.push({ name: term.column, columns: [cols.length] });
      cols.push(v);
      names.push(term.column);
      continue;
    }
    const values = Array.from({ length: n }, (_, r) => cells[rows[r]]!);
    const { codes, levels } = factorCodes(values);
    const reference = term.reference ?? levels[0];
    const refIndex = levels.indexOf(reference);
    if (refIndex < 0) {
      issues.push(issueError('unknown_level', ['terms', k, 'reference'], `reference level "${reference}" is not a level of "${term.column}"`, { expected: levels.join(', '), received: reference }));
      continue;
    }
    if (levels.length < 2) {
      issues.push(issueError('constant_covariate', [term.column], `factor "${term.column}" has a single level (${levels[0] ?? 'none'}) in the analysed rows`, { expected: 'at least two levels', received: levels.join(', ') }));
      continue;
    }
    const idx: number[] = [];
    levels.forEach((level, l) => {
      if (l === refIndex) return;
      const v = new Float64Array(n);
      for (let r = 0; r < n; r++) v[r] = codes[r] === l ? 1 : 0;
      idx.push(cols.length);
      cols.push(v);
      names.push(`${term.column}${level}`);
    });
    outTerms.push({ name: term.column, columns: idx });
    factors.push({ column: term.column, levels, reference });
  }
  if (issues.length) return fail(issues);
  const p = cols.length;
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let r = 0; r < n; r++) x[r * p + j] = cols[j][r];
  return ok({ n, p, x, names, terms: outTerms, factors });
}

/** Outcome and design built together on the same complete cases. */
export interface SurvivalDesign {
  readonly survival: ParsedSurvival;
  readonly design: Design;
}

/**
 * Parse outcomes and build the design on the same rows: every term column is added to
 * `alsoRequire`, so a row missing any covariate is dropped by the survival gate (R's
 * `na.omit` on the model frame) and listed in `survival.dropped`.
 * @see R model.matrix with contr.treatment, na.omit
 */
export function parseSurvivalDesign(table: Table, cols: SurvivalColumns, terms: readonly DesignTermSpec[]): Result<SurvivalDesign> {
  const alsoRequire = [...(cols.alsoRequire ?? []), ...terms.map((t) => t.column)];
  const parsed = parseSurvival(table, { ...cols, alsoRequire });
  if (!parsed.ok) return parsed;
  const design = buildDesign(table, parsed.value.data.rowIndex, terms);
  if (!design.ok) return fail(design.issues);
  return ok({ survival: parsed.value, design: design.value }, parsed.warnings);
}
