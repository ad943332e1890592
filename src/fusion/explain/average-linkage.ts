import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';

/** Result of `averageLinkageOrder`. */
export interface AverageLinkage {
  /** Leaf order of the dendrogram: a permutation of 0..p−1. */
  readonly order: readonly number[];
  /** Merge heights in merge order (non-decreasing for average linkage), as R `hclust(...)$height`. */
  readonly heights: readonly number[];
}

/**
 * Agglomerative clustering with average linkage (UPGMA) on a symmetric p × p distance matrix
 * (row-major), returning the dendrogram's leaf order. Each step merges the closest pair of clusters
 * (ties: the pair with the smallest cluster ids, first by the lower one) and updates distances by
 * Lance–Williams: d(k, i∪j) = (n_i·d(k,i) + n_j·d(k,j)) / (n_i + n_j). The leaf order lists the
 * left subtree before the right, where the left is the subtree holding the smaller original index,
 * so the order is deterministic. O(p³), meant for heatmap axes (p up to a few hundred).
 * Merge heights match R `hclust(as.dist(d), method = "average")$height`; the leaf order is this
 * function's own convention (R orders leaves differently).
 */
export function averageLinkageOrder(dist: ArrayLike<number>, p: number): AverageLinkage {
  if (dist.length !== p * p || !Array.prototype.every.call(dist, (v: number) => Number.isFinite(v))) {
    throw new HccError('E_INPUT', 'averageLinkageOrder: need a finite p × p distance matrix', { issues: [issueError('non_finite', ['distance'], 'distance matrix has the wrong size or non-finite entries', { expected: `${p * p} finite values`, received: String(dist.length) })] });
  }
  if (p === 0) return { order: [], heights: [] };
  const d = Float64Array.from(dist);
  const active = new Array<boolean>(p).fill(true);
  const size = new Array<number>(p).fill(1);
  const leaves: number[][] = Array.from({ length: p }, (_, i) => [i]);
  const heights: number[] = [];
  for (let step = 0; step < p - 1; step++) {
    let bi = -1, bj = -1, best = Infinity;
    for (let i = 0; i < p; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < p; j++) {
        if (active[j] && d[i * p + j] < best) {
          best = d[i * p + j];
          bi = i;
          bj = j;
        }
      }
    }
    heights.push(best);
    for (let k = 0; k < p; k++) {
      if (!active[k] || k === bi || k === bj) continue;
      const v = (size[bi] * d[k * p + bi] + size[bj] * d[k * p + bj]) / (size[bi] + size[bj]);
      d[k * p + bi] = v;
      d[bi * p + k] = v;
    }
    const left = Math.min(...leaves[bi]) < Math.min(...leaves[bj]) ? leaves[bi] : leaves[bj];
    const right = left === leaves[bi] ? leaves[bj] : leaves[bi];
    leaves[bi] = [...left, ...right];
    size[bi] += size[bj];
    active[bj] = false;
  }
  return { order: leaves[active.indexOf(true)], heights };
}
