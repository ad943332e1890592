import type { Issue, Result } from '../core/issues.js';
import { fail, issueError, ok } from '../core/issues.js';
import type { Table } from '../core/table.js';
import { missingColumnIssue, numericColumn } from '../core/table.js';
import type { Design } from './design.js';

/**
 * Encode new rows (e.g. patients to predict for, or a validation cohort) with a *training*
 * design's coding: the same columns in the same order and the training factor levels and
 * reference, so a level absent from the new data still gets its (zero) column and a level never
 * seen in training is an `unknown_level` error rather than a silently shifted coding.
 * Returns the n × p row-major matrix. All problems are collected, naming row and column.
 * @see R `predict(fit, newdata)` (model.frame with the training `xlevels`)
 */
export function applyDesign(table: Table, rows: ArrayLike<number>, design: Pick<Design, 'p' | 'terms' | 'factors' | 'names'>): Result<Float64Array> {
  const issues: Issue[] = [];
  const n = rows.length;
  const p = design.p;
  const x = new Float64Array(n * p);
  const factorOf = new Map(design.factors.map((f) => [f.column, f]));
  for (const term of design.terms) {
    const cells = table.cells.get(term.name);
    if (!cells) {
      issues.push(missingColumnIssue(table, term.name, 'covariate'));
      continue;
    }
    const factor = factorOf.get(term.name);
    if (!factor) {
      const col = numericColumn(table, term.name, 'covariate');
      const j = term.columns[0];
      for (let r = 0; r < n; r++) {
        const i = rows[r];
        if (cells[i] === null) issues.push(issueError('missing_value', ['row', i + 1, term.name], `row ${i + 1}: covariate "${term.name}" is missing`, { expected: 'a number', received: 'NA' }));
        x[r * p + j] = col.values[i];
      }
      const selected = new Set(Array.from(rows));
      for (const iss of col.issues) if (selected.has((iss.path[1] as number) - 1)) issues.push(iss);
      continue;
    }
    const nonRef = factor.levels.filter((l) => l !== factor.reference);
    for (let r = 0; r < n; r++) {
      const i = rows[r];
      const v = cells[i];
      if (v === null) {
        issues.push(issueError('missing_value', ['row', i + 1, term.name], `row ${i + 1}: covariate "${term.name}" is missing`, { expected: factor.levels.join(', '), received: 'NA' }));
        continue;
      }
      if (!factor.levels.includes(v)) {
        issues.push(issueError('unknown_level', ['row', i + 1, term.name], `row ${i + 1}: "${term.name}" has level "${v}", not seen in training`, { expected: factor.levels.join(', '), received: v }));
        continue;
      }
      const l = nonRef.indexOf(v);
      if (l >= 0) x[r * p + term.columns[l]] = 1;
    }
  }
  return issues.length ? fail(issues) : ok(x);
}
