import { HccError, throwIfErrors } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { Rng } from '../../core/rng.js';
import { createRng } from '../../core/rng.js';
import type { SurvivalData } from '../outcome.js';
import { harrellConcordance } from './harrell.js';
import type { HarrellCounts } from './harrell.js';
import { combineImportance, treePermutationImportance } from './importance.js';
import type { PermutationImportance, TreeImportance } from './importance.js';
import type { ForestTrainingData, SurvivalTree, TreeSettings } from './tree.js';
import { bagSizeOf, createTreeWorkspace, findLeaf, growSurvivalTree } from './tree.js';

/** Knobs of `fitSurvivalForest` (ranger's names in brackets). */
export interface SurvivalForestOptions {
  /** Number of trees [num.trees]; default 500. */
  readonly nTree?: number;
  /** Variables tried per split [mtry]; default ceil(√p) (randomForestSRC's default). */
  readonly mtry?: number;
  /** A node with <= minNodeSize rows is not split, and each child keeps >= minNodeSize rows [min.node.size]; default 3. */
  readonly minNodeSize?: number;
  /** A node with fewer deaths than this is not split; default 1. */
  readonly minNodeEvents?: number;
  /** Maximum depth, root = 0 [max.depth]; 0 or absent = unlimited. */
  readonly maxDepth?: number;
  /** Bootstrap with replacement (true, default) or subsample without [replace]. */
  readonly replace?: boolean;
  /** Rows drawn per tree as a fraction of n [sample.fraction]; default 1 with replacement, 0.632 without. */
  readonly sampleFraction?: number;
  /** Split statistic [splitrule]; only 'logrank'. */
  readonly splitRule?: 'logrank';
  /** 'permutation' computes OOB permutation importance [importance]; default 'none'. */
  readonly importance?: 'none' | 'permutation';
  /** Seed of the forest's stream when `ctx.rng` is not given; default 1. */
  readonly seed?: number;
  /** Also return the OOB cumulative hazard matrix (n × death times); default false (memory). */
  readonly oobChf?: boolean;
  /** Called after each tree with (trees done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Options after defaults, as recorded in the model. */
export interface ResolvedSurvivalForestOptions extends TreeSettings {
  readonly nTree: number;
  readonly splitRule: 'logrank';
  readonly importance: 'none' | 'permutation';
  readonly seed: number;
}

/** A fitted random survival forest (immutable; predict with `predictSurvivalForest`). */
export interface SurvivalForest {
  readonly variableNames: readonly string[];
  /** Unique death times of the training data, ascending: the grid of every CHF. */
  readonly deathTimes: Float64Array;
  readonly trees: readonly SurvivalTree[];
  readonly options: ResolvedSurvivalForestOptions;
  readonly nTrain: number;
}

/** Out-of-bag predictions of the training rows. */
export interface SurvivalForestOob {
  /** Mean over the trees where row i was out-of-bag of Σ_t CHF_b(t | x_i); NaN when never OOB. */
  readonly risk: Float64Array;
  /** Trees in which each row was out-of-bag. */
  readonly nTrees: Int32Array;
  /** OOB CHF, row-major n × deathTimes.length, when `oobChf` was asked for; else null. */
  readonly chf: Float64Array | null;
  /** Harrell's C of `risk` over the rows with nTrees > 0, with its pair counts. */
  readonly concordance: HarrellCounts;
  /** 1 − C (ranger's `prediction.error`). */
  readonly predictionError: number;
}

/** Counts and warnings of a fit (`warnings` holds e.g. rows never out-of-bag). */
export interface SurvivalForestDiagnostics {
  readonly nTrain: number;
  readonly nDeaths: number;
  readonly nDeathTimes: number;
  readonly meanLeaves: number;
  readonly meanLeafSize: number;
  /** Rows that were in every tree's bag (no OOB prediction). */
  readonly nRowsWithoutOob: number;
  readonly warnings: readonly Issue[];
  readonly durationMs: number;
}

/** What `fitSurvivalForest` returns: the model, OOB results, importance (or null) and diagnostics. */
export interface SurvivalForestFit {
  readonly model: SurvivalForest;
  readonly oob: SurvivalForestOob;
  readonly importance: PermutationImportance | null;
  readonly diagnostics: SurvivalForestDiagnostics;
}

/** Optional context: a caller's stream (forked per tree, so only its seed matters). */
export interface SurvivalForestContext {
  readonly rng?: Rng;
}

const bad = (key: string, message: string, expected: string, received: unknown): Issue =>
  issueError('bad_option', [key], message, { expected, received: String(received) });

function resolveOptions(o: SurvivalForestOptions, p: number): ResolvedSurvivalForestOptions {
  const issues: Issue[] = [];
  const isInt = (v: number) => Number.isInteger(v);
  const nTree = o.nTree ?? 500;
  if (!isInt(nTree) || nTree < 1) issues.push(bad('nTree', 'nTree must be a positive integer', 'integer >= 1', nTree));
  const mtry = o.mtry ?? Math.ceil(Math.sqrt(p));
  if (!isInt(mtry) || mtry < 1 || mtry > p) issues.push(bad('mtry', `mtry must be an integer in 1..${p} (the number of covariates)`, `1..${p}`, mtry));
  const minNodeSize = o.minNodeSize ?? 3;
  if (!isInt(minNodeSize) || minNodeSize < 1) issues.push(bad('minNodeSize', 'minNodeSize must be a positive integer', 'integer >= 1', minNodeSize));
  const minNodeEvents = o.minNodeEvents ?? 1;
  if (!isInt(minNodeEvents) || minNodeEvents < 1) issues.push(bad('minNodeEvents', 'minNodeEvents must be a positive integer', 'integer >= 1', minNodeEvents));
  const maxDepth = o.maxDepth ?? 0;
  if (!isInt(maxDepth) || maxDepth < 0) issues.push(bad('maxDepth', 'maxDepth must be a non-negative integer (0 = unlimited)', 'integer >= 0', maxDepth));
  const replace = o.replace ?? true;
  const sampleFraction = o.sampleFraction ?? (replace ? 1 : 0.632);
  if (!(sampleFraction > 0 && sampleFraction <= 1)) issues.push(bad('sampleFraction', 'sampleFraction must be in (0, 1]', '0 < sampleFraction <= 1', sampleFraction));
  const splitRule = o.splitRule ?? 'logrank';
  if (splitRule !== 'logrank') issues.push(bad('splitRule', 'only the log-rank split rule is implemented', "'logrank'", splitRule));
  const importance = o.importance ?? 'none';
  if (importance !== 'none' && importance !== 'permutation') issues.push(bad('importance', 'unknown importance mode', "'none' or 'permutation'", importance));
  const seed = o.seed ?? 1;
  if (!Number.isFinite(seed)) issues.push(bad('seed', 'seed must be a finite number', 'an integer', seed));
  if (issues.length) throw new HccError('E_OPTION', `fitSurvivalForest: ${issues.length} bad option(s)`, { issues });
  return { nTree, mtry, minNodeSize, minNodeEvents, maxDepth, replace, sampleFraction, splitRule, importance, seed };
}

function prepare(data: SurvivalData, x: Float64Array, names: readonly string[]): ForestTrainingData & { deathTimes: Float64Array } {
  const n = data.n;
  const issues: Issue[] = [];
  if (data.entry) issues.push(issueError('bad_option', ['entry'], 'counting-process (entry, exit] data are not supported by the survival forest', { expected: 'right-censored data without entry times' }));
  if (data.weights) issues.push(issueError('bad_option', ['weights'], 'case weights are not supported by the survival forest', { expected: 'no weights' }));
  if (data.strata) issues.push(issueError('bad_option', ['strata'], 'strata are not supported by the survival forest; give the stratum as a covariate', { expected: 'no strata' }));
  const p = names.length;
  if (p < 1) issues.push(issueError('bad_option', ['names'], 'no covariates', { expected: 'at least one covariate name' }));
  if (x.length !== n * p) issues.push(issueError('bad_option', ['x'], `x has ${x.length} values; expected n·p = ${n}·${p}`, { expected: String(n * p), received: String(x.length) }));
  if (n < 2) issues.push(issueError('too_few_rows', ['time'], `${n} row(s): a forest needs at least 2`, { expected: 'n >= 2', received: String(n) }));
  throwIfErrors('fitSurvivalForest', issues);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = x[i * p + j];
      if (!Number.isFinite(v)) issues.push(issueError('non_finite', ['row', data.rowIndex[i] + 1, names[j]], `row ${data.rowIndex[i] + 1}: covariate "${names[j]}" is ${v}`, { expected: 'a finite number (drop or impute missing values first)', received: String(v) }));
    }
  }
  let nDeaths = 0;
  for (let i = 0; i < n; i++) nDeaths += data.event[i];
  if (nDeaths === 0) issues.push(issueError('no_events', ['event'], 'no deaths: every row is censored, so no split or hazard can be estimated', { expected: 'at least one event' }));
  throwIfErrors('fitSurvivalForest', issues);

  const sortedTimes = Float64Array.from(data.time).sort();
  const distinct: number[] = [];
  for (let k = 0; k < n; k++) if (k === 0 || sortedTimes[k] !== sortedTimes[k - 1]) distinct.push(sortedTimes[k]);
  const rankOf = new Map(distinct.map((t, r) => [t, r]));
  const timeRank = Int32Array.from(data.time, (t) => rankOf.get(t)!);
  const deathSet = [...new Set(Array.from(data.time).filter((_, i) => data.event[i] === 1))].sort((a, b) => a - b);
  const deathOf = new Map(deathSet.map((t, g) => [t, g]));
  const deathIndex = Int32Array.from(data.time, (t, i) => (data.event[i] === 1 ? deathOf.get(t)! : -1));
  const xRank = new Int32Array(n * p);
  const xValues: Float64Array[] = [];
  const col = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) col[i] = x[i * p + j];
    const sorted = Float64Array.from(col).sort();
    let u = 0;
    for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[u++] = sorted[k];
    const values = sorted.slice(0, u);
    xValues.push(values);
    for (let i = 0; i < n; i++) {
      let lo = 0;
      let hi = u - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (values[mid] < col[i]) lo = mid + 1;
        else hi = mid;
      }
      xRank[j * n + i] = lo;
    }
  }
  return {
    n, p, x, time: data.time, event: data.event, timeRank, nDistinctTimes: distinct.length,
    deathIndex, nDeathTimes: deathSet.length, xRank, xValues, deathTimes: Float64Array.from(deathSet),
  };
}

/**
 * Fit a random survival forest (Ishwaran et al. 2008) with log-rank splitting.
 *
 * Each tree b grows on a bootstrap sample (or subsample) drawn from its own stream
 * `rng.fork(b)`, so results do not depend on the order trees are grown in. Terminal nodes hold the
 * Nelson-Aalen estimate Ĥ_ℓ(t) = Σ_{s<=t} d_s / Y_s of their in-bag rows on the training data's
 * unique death times; the ensemble CHF is Ĥ(t | x) = (1/B) Σ_b Ĥ_{ℓ_b(x)}(t), S(t | x) = exp(−Ĥ(t | x))
 * (ranger's convention) and the risk ("mortality") is Σ_t Ĥ(t | x) over the death times.
 * The OOB risk averages only the trees whose bag missed the row; its Harrell C gives the OOB error
 * 1 − C.
 * @param data checked right-censored outcomes (no entry times, weights or strata)
 * @param x covariates, row-major n × p, finite
 * @param names covariate names (length p)
 * @see R `ranger::ranger(Surv(time, status) ~ ., splitrule = "logrank")`;
 *   `randomForestSRC::rfsrc`; Ishwaran, Kogalur, Blackstone & Lauer (2008), Ann. Appl. Stat. 2:841-860.
 */
export function fitSurvivalForest(
  data: SurvivalData,
  x: Float64Array,
  names: readonly string[],
  options: SurvivalForestOptions = {},
  ctx: SurvivalForestContext = {},
): SurvivalForestFit {
  const started = Date.now();
  const opts = resolveOptions(options, names.length);
  const td = prepare(data, x, names);
  const { n, p } = td;
  const T = td.nDeathTimes;
  const root = ctx.rng ?? createRng(opts.seed);
  const ws = createTreeWorkspace(td, bagSizeOf(n, opts));
  const trees: SurvivalTree[] = [];
  const oobSum = new Float64Array(n);
  const oobCount = new Int32Array(n);
  const oobChf = options.oobChf ? new Float64Array(n * T) : null;
  const perTree: TreeImportance[] = [];
  let leaves = 0;
  let leafRows = 0;
  for (let b = 0; b < opts.nTree; b++) {
    const treeRng = root.fork(b);
    const tree = growSurvivalTree(td, opts, treeRng, ws);
    trees.push(tree);
    leaves += tree.leafMortality.length;
    for (let l = 0; l < tree.leafSize.length; l++) leafRows += tree.leafSize[l];
    for (const i of tree.oobRows) {
      const leaf = findLeaf(tree, x, p, i);
      oobSum[i] += tree.leafMortality[leaf];
      oobCount[i]++;
      if (oobChf) {
        for (let k = tree.leafJumpStart[leaf]; k < tree.leafJumpStart[leaf + 1]; k++) oobChf[i * T + tree.jumpTime[k]] += tree.jumpHazard[k];
      }
    }
    if (opts.importance === 'permutation') perTree.push(treePermutationImportance(tree, td, treeRng.fork('importance')));
    options.onProgress?.(b + 1, opts.nTree);
  }

  const warnings: Issue[] = [];
  const risk = new Float64Array(n);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    if (oobCount[i] > 0) {
      risk[i] = oobSum[i] / oobCount[i];
      kept.push(i);
    } else risk[i] = NaN;
  }
  if (oobChf) {
    for (let i = 0; i < n; i++) {
      const row = oobChf.subarray(i * T, (i + 1) * T);
      if (oobCount[i] === 0) {
        row.fill(NaN);
        continue;
      }
      let acc = 0;
      for (let g = 0; g < T; g++) {
        acc += row[g];
        row[g] = acc / oobCount[i];
      }
    }
  }
  const nRowsWithoutOob = n - kept.length;
  if (nRowsWithoutOob > 0) {
    warnings.push(issueWarning('too_few_rows', ['nTree'], `${nRowsWithoutOob} row(s) were in every tree's bag: no OOB prediction (risk NaN, left out of the OOB C)`, { expected: 'more trees', received: String(opts.nTree) }));
  }
  const concordance = harrellConcordance(
    kept.map((i) => data.time[i]),
    kept.map((i) => data.event[i]),
    kept.map((i) => risk[i]),
  );
  if (Number.isNaN(concordance.concordance)) warnings.push(issueWarning('too_few_rows', ['oob'], 'no comparable pair among OOB rows: OOB C is undefined (NaN)'));
  const importance = opts.importance === 'permutation' ? combineImportance(names, perTree) : null;
  const model: SurvivalForest = { variableNames: [...names], deathTimes: td.deathTimes, trees, options: opts, nTrain: n };
  let nDeaths = 0;
  for (let i = 0; i < n; i++) nDeaths += data.event[i];
  return {
    model,
    oob: { risk, nTrees: oobCount, chf: oobChf, concordance, predictionError: 1 - concordance.concordance },
    importance,
    diagnostics: {
      nTrain: n,
      nDeaths,
      nDeathTimes: T,
      meanLeaves: leaves / opts.nTree,
      meanLeafSize: leafRows / leaves,
      nRowsWithoutOob,
      warnings,
      durationMs: Date.now() - started,
    },
  };
}
