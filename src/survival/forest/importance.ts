import type { Rng } from '../../core/rng.js';
import { permutation } from '../../core/rng.js';
import { harrellConcordance } from './harrell.js';
import type { ForestTrainingData, SurvivalTree } from './tree.js';
import { findLeaf } from './tree.js';

/**
 * Permutation variable importance, OOB and per tree (ranger `importance = "permutation"`, not
 * scaled): for tree b with out-of-bag rows O_b,
 *
 *   VI_j = mean over trees b of [ C_b − C_b(x_j permuted among O_b) ],
 *
 * where C_b is Harrell's C of the tree's mortality on O_b. A decrease in C is an increase in the
 * prediction error 1 − C, so larger = more important; noise variables scatter around 0.
 * @see ranger `Forest::computePermutationImportance`; Ishwaran et al. (2008) section 6.2.
 */
export interface PermutationImportance {
  /** Variable names in the model's column order. */
  readonly variable: readonly string[];
  /** Mean decrease in OOB C per variable (same order as `variable`). */
  readonly importance: Float64Array;
  /** Column indices from most to least important. */
  readonly ranking: Int32Array;
  /** Trees whose OOB rows held at least one comparable pair (the average is over these). */
  readonly nTreesUsed: number;
}

/** Per-tree contribution: C on the tree's OOB rows and its drop for each permuted column. */
export interface TreeImportance {
  /** NaN when the OOB rows hold no comparable pair (tree skipped). */
  readonly baseline: number;
  readonly decrease: Float64Array;
}

/** Importance contribution of one tree; `rng` is the tree's importance stream. */
export function treePermutationImportance(tree: SurvivalTree, data: ForestTrainingData, rng: Rng): TreeImportance {
  const { p } = data;
  const oob = tree.oobRows;
  const m = oob.length;
  const decrease = new Float64Array(p);
  const time = new Float64Array(m);
  const event = new Uint8Array(m);
  const risk = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = oob[k];
    time[k] = data.time[i];
    event[k] = data.event[i];
    risk[k] = tree.leafMortality[findLeaf(tree, data.x, p, i)];
  }
  const baseline = m >= 2 ? harrellConcordance(time, event, risk).concordance : NaN;
  if (Number.isNaN(baseline)) return { baseline, decrease };
  for (let j = 0; j < p; j++) {
    const perm = permutation(m, rng);
    for (let k = 0; k < m; k++) risk[k] = tree.leafMortality[findLeaf(tree, data.x, p, oob[k], j, oob[perm[k]])];
    decrease[j] = baseline - harrellConcordance(time, event, risk).concordance;
  }
  return { baseline, decrease };
}

/** Average per-tree contributions into the forest's importance. */
export function combineImportance(names: readonly string[], perTree: readonly TreeImportance[]): PermutationImportance {
  const p = names.length;
  const importance = new Float64Array(p);
  let used = 0;
  for (const t of perTree) {
    if (Number.isNaN(t.baseline)) continue;
    used++;
    for (let j = 0; j < p; j++) importance[j] += t.decrease[j];
  }
  if (used > 0) for (let j = 0; j < p; j++) importance[j] /= used;
  const ranking = Int32Array.from({ length: p }, (_, j) => j).sort((a, b) => importance[b] - importance[a] || a - b);
  return { variable: [...names], importance, ranking, nTreesUsed: used };
}
