import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { SurvivalData } from '../outcome.js';

/**
 * A model term: one name covering one or more design columns (a k-level factor is one term over
 * k - 1 columns). R: the `assign` component of a `coxph` fit.
 */
export interface CoxTerm {
  readonly name: string;
  /** 0-based design columns, each column in exactly one term. */
  readonly columns: readonly number[];
}

/**
 * What the Cox post-estimation functions need from a fitted model. Any object with these fields
 * works (the `CoxModel` returned by `fitCox`, or plain arrays taken from elsewhere, e.g. R).
 *
 * - `x` is the uncentred design matrix, n × p row-major (`x[i*p + j]`), rows aligned with `data`.
 * - `means` is the centring point (R's `fit$means`); "centred" results refer to it.
 * - `var` is the model variance of `coef`, p × p row-major (R's `fit$var`).
 */
export interface CoxModelLike {
  readonly data: SurvivalData;
  readonly x: Float64Array;
  readonly p: number;
  readonly coef: Float64Array;
  readonly var: Float64Array;
  readonly means: Float64Array;
  /**
   * Tie handling of the fit (R's `coxph(ties = )`). As R: the default baseline hazard is
   * Efron-adjusted (ctype 2) only for 'efron'; the PH test uses Efron sums only for 'efron'.
   */
  readonly ties: 'efron' | 'breslow' | 'exact';
  /** Column names, length p. */
  readonly names: readonly string[];
  /** Term grouping of the columns; absent means one term per column. */
  readonly terms?: readonly CoxTerm[];
  /** 1 for a column dropped as linearly dependent (R: coef NA; its coef must be 0 here). */
  readonly aliased?: Uint8Array;
}

function checkFinite(a: ArrayLike<number>, path: string, issues: Issue[]): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      issues.push(issueError('non_finite', [path, i], `${path}[${i}] is not a finite number`, { expected: 'a finite number', received: String(a[i]) }));
      return; // one issue per array is enough to locate the problem
    }
  }
}

function checkLength(a: ArrayLike<number> | null | undefined, want: number, path: string, issues: Issue[]): boolean {
  if (!a || a.length !== want) {
    issues.push(issueError('bad_option', [path], `${path} has ${a ? a.length : 'no'} values`, { expected: String(want), received: String(a ? a.length : 0) }));
    return false;
  }
  return true;
}

/**
 * Check a `CoxModelLike` for consistent shapes and finite numbers; all problems collected.
 * `needVariance` = false skips `var` (baseline hazard and the PH test do not use it).
 */
export function checkCoxModelLike(model: CoxModelLike, needVariance = true): Issue[] {
  const issues: Issue[] = [];
  const { p, data } = model;
  if (!Number.isInteger(p) || p < 0) {
    issues.push(issueError('bad_option', ['p'], 'p (number of design columns) must be a non-negative integer', { expected: 'integer >= 0', received: String(p) }));
    return issues;
  }
  if (model.ties !== 'efron' && model.ties !== 'breslow' && model.ties !== 'exact') {
    issues.push(issueError('bad_option', ['ties'], 'unknown ties method', { expected: "'efron', 'breslow' or 'exact'", received: String(model.ties) }));
  }
  if (checkLength(model.x, data.n * p, 'x', issues)) checkFinite(model.x, 'x', issues);
  if (checkLength(model.coef, p, 'coef', issues)) checkFinite(model.coef, 'coef', issues);
  if (checkLength(model.means, p, 'means', issues)) checkFinite(model.means, 'means', issues);
  if (needVariance && checkLength(model.var, p * p, 'var', issues)) checkFinite(model.var, 'var', issues);
  if (!model.names || model.names.length !== p) {
    issues.push(issueError('bad_option', ['names'], 'names must give one name per design column', { expected: String(p), received: String(model.names?.length ?? 0) }));
  }
  if (model.terms) issues.push(...checkTerms(model.terms, p, ['terms']));
  if (model.aliased && model.aliased.length !== p) {
    issues.push(issueError('bad_option', ['aliased'], 'aliased must flag each design column', { expected: String(p), received: String(model.aliased.length) }));
  }
  return issues;
}

/** Check that `terms` partition the columns 0..p-1 (each column in exactly one term). */
export function checkTerms(terms: readonly CoxTerm[], p: number, path: readonly (string | number)[]): Issue[] {
  const issues: Issue[] = [];
  const seen = new Int32Array(p);
  terms.forEach((t, k) => {
    if (t.columns.length === 0) issues.push(issueError('bad_option', [...path, k, 'columns'], `term "${t.name}" has no columns`, { expected: 'at least one column' }));
    for (const c of t.columns) {
      if (!Number.isInteger(c) || c < 0 || c >= p) {
        issues.push(issueError('bad_option', [...path, k, 'columns'], `term "${t.name}" names column ${c}`, { expected: `a column index in 0..${p - 1}`, received: String(c) }));
      } else seen[c]++;
    }
  });
  for (let j = 0; j < p; j++) {
    if (seen[j] !== 1) issues.push(issueError('bad_option', [...path], `design column ${j} appears in ${seen[j]} terms`, { expected: 'each column in exactly one term', received: String(seen[j]) }));
  }
  return issues;
}

/** Throw `E_INPUT` with the collected issues when the model is inconsistent. */
export function assertCoxModelLike(model: CoxModelLike, context: string, needVariance = true): void {
  const issues = checkCoxModelLike(model, needVariance);
  if (issues.length) throw new HccError('E_INPUT', `${context}: the model is inconsistent (${issues.length} problem(s))`, { issues });
}

/** Σ_j means_j · coef_j: the linear predictor at the centring point (R's `sum(fit$means * coef)`). */
export function centerLinearPredictor(model: Pick<CoxModelLike, 'means' | 'coef' | 'p'>): number {
  let s = 0;
  for (let j = 0; j < model.p; j++) s += model.means[j] * model.coef[j];
  return s;
}
