import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { SurvivalData } from '../outcome.js';

/**
 * Shared input checks for the prediction-accuracy metrics: plain right-censored data without
 * case weights, and one finite value per row for each marker / prediction.
 */
export function checkRightCensored(data: SurvivalData, metric: string): Issue[] {
  const issues: Issue[] = [];
  if (data.entry) {
    issues.push(issueError('bad_option', ['entry'], `${metric} supports right-censored data only (no delayed entry)`, { expected: 'no entry column', received: 'entry times' }));
  }
  if (data.weights) {
    issues.push(issueError('bad_option', ['weights'], `${metric} does not support case weights`, { expected: 'unweighted rows', received: 'case weights' }));
  }
  if (data.n === 0) issues.push(issueError('empty_data', [], `${metric}: no rows`, { expected: 'at least one row' }));
  return issues;
}

/** One finite number per row; `lower`/`upper` bound the allowed range (inclusive) when given. */
export function checkRowValues(values: ArrayLike<number>, n: number, name: string, range?: { lower: number; upper: number }): Issue[] {
  if (values.length !== n) {
    return [issueError('bad_option', [name], `${name} has ${values.length} values but the outcome has ${n} rows`, { expected: String(n), received: String(values.length) })];
  }
  const issues: Issue[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      issues.push(issueError('non_finite', [name, i], `${name}[${i}] is not a finite number`, { expected: 'a finite number', received: String(v) }));
    } else if (range && (v < range.lower || v > range.upper)) {
      issues.push(issueError('bad_option', [name, i], `${name}[${i}] is outside [${range.lower}, ${range.upper}]`, { expected: `a value in [${range.lower}, ${range.upper}]`, received: String(v) }));
    }
  }
  return issues;
}

/** Time points must be finite and > 0. */
export function checkTimes(times: readonly number[], name: string): Issue[] {
  if (times.length === 0) return [issueError('bad_option', [name], `${name}: no time points given`, { expected: 'at least one time > 0' })];
  const issues: Issue[] = [];
  times.forEach((t, k) => {
    if (!Number.isFinite(t) || t <= 0) issues.push(issueError('bad_option', [name, k], `${name}[${k}] = ${t} is not a positive finite time`, { expected: 'a time > 0', received: String(t) }));
  });
  return issues;
}

/** Row order sorted by time, ties kept in input order (R's stable `order(T)`). */
export function stableTimeOrder(time: Float64Array): Int32Array {
  const idx = Array.from({ length: time.length }, (_, i) => i);
  idx.sort((a, b) => time[a] - time[b] || a - b);
  return Int32Array.from(idx);
}
