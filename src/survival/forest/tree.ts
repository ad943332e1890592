import type { Rng } from '../../core/rng.js';
import { nodeLogRankScores, scanLogRankSplits } from './split-logrank.js';
import type { ScanResult } from './split-logrank.js';

/**
 * One survival tree in flat typed arrays. Node 0 is the root. An internal node sends a row left
 * when x[splitVariable] <= splitValue. A terminal node ("leaf") holds the Nelson-Aalen cumulative
 * hazard of its in-bag rows on the forest's unique death times, stored sparsely as its jumps:
 * leaf ℓ jumps by `jumpHazard[k]` = d_t / Y_t at death-time index `jumpTime[k]` for
 * k in [leafJumpStart[ℓ], leafJumpStart[ℓ + 1]).
 */
export interface SurvivalTree {
  /** Split variable per node (0-based column), -1 for a leaf. */
  readonly splitVariable: Int32Array;
  /** Split threshold per node (midpoint between adjacent training values, as ranger). */
  readonly splitValue: Float64Array;
  readonly leftChild: Int32Array;
  readonly rightChild: Int32Array;
  /** Leaf number per node, -1 for internal nodes. */
  readonly leafOfNode: Int32Array;
  readonly leafJumpStart: Int32Array;
  readonly jumpTime: Int32Array;
  readonly jumpHazard: Float64Array;
  /** Σ over the forest's death times of the leaf's cumulative hazard ("mortality" of the leaf). */
  readonly leafMortality: Float64Array;
  /** In-bag rows (with duplicates when bootstrapping) per leaf. */
  readonly leafSize: Int32Array;
  /** Training rows not drawn for this tree (out-of-bag), ascending. */
  readonly oobRows: Int32Array;
}

/** Training data prepared once per forest and shared by every tree. */
export interface ForestTrainingData {
  readonly n: number;
  readonly p: number;
  /** Row-major covariates x[i*p + j]. */
  readonly x: Float64Array;
  readonly time: Float64Array;
  readonly event: Uint8Array;
  /** Rank of each row's time among the distinct times (all rows). */
  readonly timeRank: Int32Array;
  readonly nDistinctTimes: number;
  /** Index of each death row's time in `deathTimes`; -1 for censored rows. */
  readonly deathIndex: Int32Array;
  readonly nDeathTimes: number;
  /** Dense rank of x[i, j] among column j, stored column-major: xRank[j*n + i]. */
  readonly xRank: Int32Array;
  /** Sorted distinct values of each column. */
  readonly xValues: readonly Float64Array[];
}

/** Resolved per-tree settings. */
export interface TreeSettings {
  readonly mtry: number;
  readonly minNodeSize: number;
  readonly minNodeEvents: number;
  /** 0 = unlimited. */
  readonly maxDepth: number;
  readonly replace: boolean;
  readonly sampleFraction: number;
}

/** Reusable work arrays for growing trees on one data set (one set per concurrent grower). */
export interface TreeWorkspace {
  readonly rows: Int32Array;
  readonly tmp: Int32Array;
  readonly localTime: Int32Array;
  readonly score: Float64Array;
  readonly varLinear: Float64Array;
  readonly varPair: Float64Array;
  readonly keys: Float64Array;
  readonly sortedPos: Int32Array;
  readonly sortedRank: Int32Array;
  readonly fenCount: Float64Array;
  readonly fenPair: Float64Array;
  readonly varPool: Int32Array;
  readonly drawCount: Int32Array;
  readonly timeBucket: Int32Array;
}

/** Allocate a workspace for `n` rows, `p` columns and a bag of at most `bagSize` rows. */
export function createTreeWorkspace(data: ForestTrainingData, bagSize: number): TreeWorkspace {
  const m = Math.max(bagSize, 1);
  return {
    rows: new Int32Array(m),
    tmp: new Int32Array(Math.max(m, data.n)),
    localTime: new Int32Array(m),
    score: new Float64Array(m),
    varLinear: new Float64Array(m),
    varPair: new Float64Array(m + 1),
    keys: new Float64Array(m),
    sortedPos: new Int32Array(m),
    sortedRank: new Int32Array(m + 1),
    fenCount: new Float64Array(m + 2),
    fenPair: new Float64Array(m + 2),
    varPool: new Int32Array(data.p),
    drawCount: new Int32Array(data.n),
    timeBucket: new Int32Array(data.nDistinctTimes + 1),
  };
}

/** Number of rows drawn per tree: round(n · sampleFraction), at least 1. */
export function bagSizeOf(n: number, settings: Pick<TreeSettings, 'sampleFraction'>): number {
  return Math.max(1, Math.round(n * settings.sampleFraction));
}

/**
 * Grow one tree with `rng` (the tree's own stream): draw the bag (bootstrap with replacement, or
 * subsample without), then split nodes depth-first. A node becomes a leaf when it has
 * <= minNodeSize rows, fewer than 2·minNodeSize rows, fewer than minNodeEvents deaths, reached
 * maxDepth, or no admissible split (each child >= minNodeSize rows and V > 0) exists among `mtry`
 * variables drawn without replacement. Ties between candidate splits keep the first found.
 * @see ranger `TreeSurvival::findBestSplit` (same stopping rules and split-point convention).
 */
export function growSurvivalTree(data: ForestTrainingData, settings: TreeSettings, rng: Rng, ws: TreeWorkspace): SurvivalTree {
  const { n, p } = data;
  const m0 = bagSizeOf(n, settings);
  drawBag(data, settings, m0, rng, ws);

  const splitVariable: number[] = [];
  const splitValue: number[] = [];
  const leftChild: number[] = [];
  const rightChild: number[] = [];
  const leafOfNode: number[] = [];
  const leafJumpStart: number[] = [0];
  const jumpTime: number[] = [];
  const jumpHazard: number[] = [];
  const leafMortality: number[] = [];
  const leafSize: number[] = [];
  const newNode = (): number => {
    splitVariable.push(-1);
    splitValue.push(0);
    leftChild.push(-1);
    rightChild.push(-1);
    leafOfNode.push(-1);
    return splitVariable.length - 1;
  };

  const makeLeaf = (node: number, start: number, end: number): void => {
    const rows = ws.rows;
    const m = end - start;
    let atRisk = m;
    let mortality = 0;
    for (let q = start; q < end; ) {
      const t = data.time[rows[q]];
      let d = 0;
      let q2 = q;
      let g = -1;
      for (; q2 < end && data.time[rows[q2]] === t; q2++) {
        if (data.event[rows[q2]] === 1) {
          d++;
          g = data.deathIndex[rows[q2]];
        }
      }
      if (d > 0) {
        const inc = d / atRisk;
        jumpTime.push(g);
        jumpHazard.push(inc);
        mortality += inc * (data.nDeathTimes - g);
      }
      atRisk -= q2 - q;
      q = q2;
    }
    leafOfNode[node] = leafMortality.length;
    leafMortality.push(mortality);
    leafSize.push(m);
    leafJumpStart.push(jumpTime.length);
  };

  const scan: ScanResult = { statistic: -1, lastLeft: -1 };
  const work = { localTime: ws.localTime, score: ws.score, varLinear: ws.varLinear, varPair: ws.varPair };
  // Depth-first stack of [node, start, end, depth].
  const stack: number[] = [newNode(), 0, m0, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const node = stack.pop()!;
    const m = end - start;
    if (m <= settings.minNodeSize || m < 2 * settings.minNodeSize || (settings.maxDepth > 0 && depth >= settings.maxDepth)) {
      makeLeaf(node, start, end);
      continue;
    }
    const scores = nodeLogRankScores(ws.rows, start, end, data.time, data.event, work);
    if (scores.nDeaths < Math.max(1, settings.minNodeEvents)) {
      makeLeaf(node, start, end);
      continue;
    }
    // Candidate variables: partial Fisher-Yates over 0..p-1.
    const pool = ws.varPool;
    for (let j = 0; j < p; j++) pool[j] = j;
    let bestStat = -1;
    let bestVar = -1;
    let bestRankLeft = 0;
    for (let c = 0; c < settings.mtry; c++) {
      const pick = c + rng.int(p - c);
      const j = pool[pick];
      pool[pick] = pool[c];
      pool[c] = j;
      const keys = ws.keys.subarray(0, m);
      const base = j * n;
      for (let q = 0; q < m; q++) keys[q] = data.xRank[base + ws.rows[start + q]] * m + q;
      keys.sort();
      const firstRank = Math.floor(keys[0] / m);
      const lastRank = Math.floor(keys[m - 1] / m);
      if (firstRank === lastRank) continue;
      for (let k = 0; k < m; k++) {
        const r = Math.floor(keys[k] / m);
        ws.sortedRank[k] = r;
        ws.sortedPos[k] = keys[k] - r * m;
      }
      ws.sortedRank[m] = -1;
      scanLogRankSplits(scores, m, ws.sortedPos, ws.sortedRank, settings.minNodeSize, ws.fenCount, ws.fenPair, scan);
      if (scan.statistic > bestStat) {
        bestStat = scan.statistic;
        bestVar = j;
        bestRankLeft = ws.sortedRank[scan.lastLeft];
      }
    }
    if (bestVar < 0) {
      makeLeaf(node, start, end);
      continue;
    }
    // Threshold: midpoint of the adjacent distinct values (the lower value if the midpoint rounds up).
    const values = data.xValues[bestVar];
    const lo = values[bestRankLeft];
    const hi = values[bestRankLeft + 1];
    let threshold = (lo + hi) / 2;
    if (threshold === hi) threshold = lo;
    // Stable partition keeps both children in time order.
    const base = bestVar * n;
    let nl = 0;
    let nr = 0;
    for (let q = start; q < end; q++) {
      const row = ws.rows[q];
      if (data.xRank[base + row] <= bestRankLeft) ws.rows[start + nl++] = row;
      else ws.tmp[nr++] = row;
    }
    ws.rows.set(ws.tmp.subarray(0, nr), start + nl);
    const left = newNode();
    const right = newNode();
    splitVariable[node] = bestVar;
    splitValue[node] = threshold;
    leftChild[node] = left;
    rightChild[node] = right;
    stack.push(right, start + nl, end, depth + 1);
    stack.push(left, start, start + nl, depth + 1);
  }

  let nOob = 0;
  for (let i = 0; i < n; i++) if (ws.drawCount[i] === 0) nOob++;
  const oobRows = new Int32Array(nOob);
  for (let i = 0, k = 0; i < n; i++) if (ws.drawCount[i] === 0) oobRows[k++] = i;
  return {
    splitVariable: Int32Array.from(splitVariable),
    splitValue: Float64Array.from(splitValue),
    leftChild: Int32Array.from(leftChild),
    rightChild: Int32Array.from(rightChild),
    leafOfNode: Int32Array.from(leafOfNode),
    leafJumpStart: Int32Array.from(leafJumpStart),
    jumpTime: Int32Array.from(jumpTime),
    jumpHazard: Float64Array.from(jumpHazard),
    leafMortality: Float64Array.from(leafMortality),
    leafSize: Int32Array.from(leafSize),
    oobRows,
  };
}

/** Draw the bag into ws.rows[0..m0), sorted by time (counting sort on time ranks). */
function drawBag(data: ForestTrainingData, settings: TreeSettings, m0: number, rng: Rng, ws: TreeWorkspace): void {
  const { n } = data;
  const count = ws.drawCount;
  count.fill(0);
  if (settings.replace) {
    for (let k = 0; k < m0; k++) count[rng.int(n)]++;
  } else {
    // Partial Fisher-Yates: the first m0 of a random permutation.
    const perm = ws.tmp;
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let k = 0; k < m0; k++) {
      const pick = k + rng.int(n - k);
      const t = perm[pick];
      perm[pick] = perm[k];
      perm[k] = t;
      count[t] = 1;
    }
  }
  const bucket = ws.timeBucket;
  bucket.fill(0);
  for (let i = 0; i < n; i++) if (count[i] > 0) bucket[data.timeRank[i] + 1] += count[i];
  for (let r = 0; r < data.nDistinctTimes; r++) bucket[r + 1] += bucket[r];
  for (let i = 0; i < n; i++) {
    for (let c = count[i], r = data.timeRank[i]; c > 0; c--) ws.rows[bucket[r]++] = i;
  }
}

/**
 * Terminal node reached by row `row` of the row-major matrix `x` (p columns). When `permVariable`
 * >= 0, that column is read from row `permRow` instead (permutation importance).
 */
export function findLeaf(tree: SurvivalTree, x: Float64Array, p: number, row: number, permVariable = -1, permRow = 0): number {
  let node = 0;
  for (;;) {
    const j = tree.splitVariable[node];
    if (j < 0) return tree.leafOfNode[node];
    const v = j === permVariable ? x[permRow * p + j] : x[row * p + j];
    node = v <= tree.splitValue[node] ? tree.leftChild[node] : tree.rightChild[node];
  }
}
