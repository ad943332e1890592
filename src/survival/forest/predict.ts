import { throwIfErrors } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { SurvivalForest } from './forest.js';
import { findLeaf } from './tree.js';

/** Ensemble predictions for new rows on the forest's death-time grid. */
export interface SurvivalForestPrediction {
  readonly n: number;
  /** The forest's unique death times (the columns of `chf` and `survival`). */
  readonly time: Float64Array;
  /** Ĥ(t | x_i), row-major n × time.length; non-decreasing along each row. */
  readonly chf: Float64Array;
  /** S(t | x_i) = exp(−Ĥ(t | x_i)), row-major n × time.length. */
  readonly survival: Float64Array;
  /** Mortality Σ_t Ĥ(t | x_i): higher = worse. */
  readonly risk: Float64Array;
}

function checkX(model: SurvivalForest, x: Float64Array): number {
  const p = model.variableNames.length;
  const issues: Issue[] = [];
  if (x.length % p !== 0) {
    issues.push(issueError('bad_option', ['x'], `x has ${x.length} values, not a multiple of p = ${p}`, { expected: `n·${p} values (row-major)`, received: String(x.length) }));
    throwIfErrors('predictSurvivalForest', issues);
  }
  const n = x.length / p;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = x[i * p + j];
      if (!Number.isFinite(v)) issues.push(issueError('non_finite', ['row', i + 1, model.variableNames[j]], `row ${i + 1}: covariate "${model.variableNames[j]}" is ${v}`, { expected: 'a finite number', received: String(v) }));
    }
  }
  throwIfErrors('predictSurvivalForest', issues);
  return n;
}

/**
 * Ensemble cumulative hazard, survival and risk for the rows of `x` (row-major, the model's p
 * columns in `model.variableNames` order).
 *
 * Ĥ(t | x) = (1/B) Σ_b Ĥ_{ℓ_b(x)}(t),  S(t | x) = exp(−Ĥ(t | x)),  risk(x) = Σ_{t in death times} Ĥ(t | x).
 * @see R `predict(ranger_fit, newdata)$chf`, `$survival`; `rowSums(chf)` is the risk.
 */
export function predictSurvivalForest(model: SurvivalForest, x: Float64Array): SurvivalForestPrediction {
  const n = checkX(model, x);
  const p = model.variableNames.length;
  const T = model.deathTimes.length;
  const B = model.trees.length;
  const chf = new Float64Array(n * T);
  const survival = new Float64Array(n * T);
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const off = i * T;
    let mortality = 0;
    for (const tree of model.trees) {
      const leaf = findLeaf(tree, x, p, i);
      mortality += tree.leafMortality[leaf];
      for (let k = tree.leafJumpStart[leaf]; k < tree.leafJumpStart[leaf + 1]; k++) chf[off + tree.jumpTime[k]] += tree.jumpHazard[k];
    }
    let acc = 0;
    for (let g = 0; g < T; g++) {
      acc += chf[off + g];
      const h = acc / B;
      chf[off + g] = h;
      survival[off + g] = Math.exp(-h);
    }
    risk[i] = mortality / B;
  }
  return { n, time: model.deathTimes, chf, survival, risk };
}

/** Risk (mortality Σ_t Ĥ(t | x)) only: O(B · depth) per row, no n × T matrix. */
export function predictSurvivalForestRisk(model: SurvivalForest, x: Float64Array): Float64Array {
  const n = checkX(model, x);
  const p = model.variableNames.length;
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const tree of model.trees) s += tree.leafMortality[findLeaf(tree, x, p, i)];
    risk[i] = s / model.trees.length;
  }
  return risk;
}
