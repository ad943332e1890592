import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, ok } from '../../core/issues.js';

/**
 * A pre-ranked gene list for GSEA-style tests: gene ids with a finite statistic, sorted by
 * decreasing statistic. Ties keep the order in which genes were given (stable sort), because
 * the running-sum ES, its peak and the leading edge depend on the order among tied genes.
 */
export interface RankedList {
  readonly ids: readonly string[];
  /** Decreasing. */
  readonly stats: Float64Array;
  /** Gene id → 0-based rank position. */
  readonly position: ReadonlyMap<string, number>;
  /** True when the input was not already in decreasing order and was stably re-sorted. */
  readonly reordered: boolean;
}

/**
 * Validate and build a {@link RankedList}. Errors (all collected): `empty_data` (fewer than 3
 * genes), `missing_value` (empty id), `duplicate_id` (an id given twice; path `['ids', i]`),
 * `non_finite` (NaN/±Inf statistic; path `['stats', i]`). A list not in decreasing order is
 * stably sorted (not an error).
 */
export function parseRankedList(ids: readonly string[], stats: ArrayLike<number>): Result<RankedList> {
  const issues: Issue[] = [];
  if (ids.length !== stats.length) {
    issues.push(issueError('bad_option', ['stats'], `${ids.length} ids but ${stats.length} statistics`, { expected: 'one statistic per id' }));
    return fail(issues);
  }
  if (ids.length < 3) {
    issues.push(issueError('empty_data', ['ids'], `a ranked list needs at least 3 genes, got ${ids.length}`, { expected: '>= 3 genes' }));
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === '') {
      issues.push(issueError('missing_value', ['ids', i], `gene id at position ${i} is empty`, { expected: 'a gene id' }));
    } else if (seen.has(id)) {
      issues.push(
        issueError('duplicate_id', ['ids', i], `gene "${id}" appears at positions ${seen.get(id)} and ${i}`, {
          expected: 'each gene once (resolve ids first)',
          received: id,
        }),
      );
    } else seen.set(id, i);
    if (!Number.isFinite(stats[i])) {
      issues.push(issueError('non_finite', ['stats', i], `statistic of "${id}" is ${stats[i]}`, { expected: 'a finite number', received: String(stats[i]) }));
    }
  }
  if (issues.length > 0) return fail(issues);
  let sorted = true;
  for (let i = 1; i < ids.length && sorted; i++) if (stats[i] > stats[i - 1]) sorted = false;
  const order = Array.from({ length: ids.length }, (_, i) => i);
  if (!sorted) order.sort((a, b) => stats[b] - stats[a] || a - b);
  const outIds = order.map((i) => ids[i]);
  const outStats = Float64Array.from(order, (i) => stats[i]);
  const position = new Map<string, number>();
  outIds.forEach((g, i) => position.set(g, i));
  return ok({ ids: outIds, stats: outStats, position, reordered: !sorted });
}
