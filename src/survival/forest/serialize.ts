import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { ResolvedSurvivalForestOptions, SurvivalForest } from './forest.js';
import type { SurvivalTree } from './tree.js';

/** Format tag of a serialised survival forest. */
export const SURVIVAL_FOREST_FORMAT = 'mmf-hcc/survival-forest@1';

/** One tree of a {@link SurvivalForestJson}: the typed arrays of `SurvivalTree` as plain number arrays. */
export interface SurvivalTreeJson {
  readonly splitVariable: readonly number[];
  readonly splitValue: readonly number[];
  readonly leftChild: readonly number[];
  readonly rightChild: readonly number[];
  readonly leafOfNode: readonly number[];
  readonly leafJumpStart: readonly number[];
  readonly jumpTime: readonly number[];
  readonly jumpHazard: readonly number[];
  readonly leafMortality: readonly number[];
  readonly leafSize: readonly number[];
  readonly oobRows: readonly number[];
}

/**
 * A fitted random survival forest as JSON-safe data (`JSON.stringify` of it round-trips every number
 * exactly: doubles print as their shortest exact decimal). Written by {@link survivalForestToJson},
 * read back by {@link survivalForestFromJson}.
 */
export interface SurvivalForestJson {
  readonly format: typeof SURVIVAL_FOREST_FORMAT;
  readonly variableNames: readonly string[];
  readonly deathTimes: readonly number[];
  readonly nTrain: number;
  readonly options: ResolvedSurvivalForestOptions;
  readonly trees: readonly SurvivalTreeJson[];
}

/** Serialise a fitted forest (trees, death-time grid, resolved options) to plain JSON data. */
export function survivalForestToJson(forest: SurvivalForest): SurvivalForestJson {
  return {
    format: SURVIVAL_FOREST_FORMAT,
    variableNames: [...forest.variableNames],
    deathTimes: Array.from(forest.deathTimes),
    nTrain: forest.nTrain,
    options: { ...forest.options },
    trees: forest.trees.map((t) => ({
      splitVariable: Array.from(t.splitVariable),
      splitValue: Array.from(t.splitValue),
      leftChild: Array.from(t.leftChild),
      rightChild: Array.from(t.rightChild),
      leafOfNode: Array.from(t.leafOfNode),
      leafJumpStart: Array.from(t.leafJumpStart),
      jumpTime: Array.from(t.jumpTime),
      jumpHazard: Array.from(t.jumpHazard),
      leafMortality: Array.from(t.leafMortality),
      leafSize: Array.from(t.leafSize),
      oobRows: Array.from(t.oobRows),
    })),
  };
}

type Path = readonly (string | number)[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const show = (v: unknown): string => (Array.isArray(v) ? `an array of ${v.length}` : v === null ? 'null' : typeof v === 'object' ? 'an object' : typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Collects issues; each array field reports its first bad element only. */
class Checker {
  readonly issues: Issue[] = [];
  constructor(private readonly root: Path) {}

  bad(path: Path, message: string, expected: string, received: unknown): void {
    const at = [...this.root, ...path];
    this.issues.push(issueError(typeof received === 'number' && !Number.isFinite(received) ? 'non_finite' : 'bad_option', at, `${at.join('.') || 'forest'}: ${message}`, { expected, received: show(received) }));
  }

  /** A number array whose elements pass `ok`; the typed array, or null (issue recorded). */
  numbers<A extends Float64Array | Int32Array>(
    make: new (n: number) => A,
    v: unknown,
    path: Path,
    ok: (x: number, k: number) => boolean,
    expected: string,
    length?: number,
  ): A | null {
    if (!Array.isArray(v)) {
      this.bad(path, 'not an array', `an array of numbers${length !== undefined ? ` (${length})` : ''}`, v);
      return null;
    }
    if (length !== undefined && v.length !== length) {
      this.bad(path, `has ${v.length} entries`, `${length} entries`, v.length);
      return null;
    }
    const out = new make(v.length);
    for (let k = 0; k < v.length; k++) {
      const x = v[k] as unknown;
      if (typeof x !== 'number' || !ok(x, k)) {
        this.bad([...path, k], 'bad entry', expected, x);
        return null;
      }
      out[k] = x;
    }
    return out;
  }
}

function readOptions(c: Checker, v: unknown, p: number, nTrees: number): ResolvedSurvivalForestOptions | null {
  if (!isObject(v)) {
    c.bad(['options'], 'not an object', 'the resolved forest options', v);
    return null;
  }
  const before = c.issues.length;
  const int = (key: string, min: number, max = Infinity) => {
    const x = v[key];
    if (!isInt(x) || x < min || x > max) c.bad(['options', key], `must be an integer in ${min}..${max}`, `integer ${min}..${max}`, x);
  };
  int('nTree', 1);
  int('mtry', 1, p);
  int('minNodeSize', 1);
  int('minNodeEvents', 1);
  int('maxDepth', 0);
  if (typeof v.replace !== 'boolean') c.bad(['options', 'replace'], 'must be a boolean', 'true or false', v.replace);
  const sf = v.sampleFraction;
  if (typeof sf !== 'number' || !(sf > 0 && sf <= 1)) c.bad(['options', 'sampleFraction'], 'must be in (0, 1]', '0 < sampleFraction <= 1', sf);
  if (v.splitRule !== 'logrank') c.bad(['options', 'splitRule'], 'unknown split rule', "'logrank'", v.splitRule);
  if (v.importance !== 'none' && v.importance !== 'permutation') c.bad(['options', 'importance'], 'unknown importance mode', "'none' or 'permutation'", v.importance);
  if (typeof v.seed !== 'number' || !Number.isFinite(v.seed)) c.bad(['options', 'seed'], 'must be a finite number', 'a number', v.seed);
  if (c.issues.length > before) return null;
  if (v.nTree !== nTrees) {
    c.bad(['options', 'nTree'], `says ${String(v.nTree)} trees but the forest holds ${nTrees}`, String(nTrees), v.nTree);
    return null;
  }
  return {
    nTree: v.nTree as number,
    mtry: v.mtry as number,
    minNodeSize: v.minNodeSize as number,
    minNodeEvents: v.minNodeEvents as number,
    maxDepth: v.maxDepth as number,
    replace: v.replace as boolean,
    sampleFraction: sf as number,
    splitRule: 'logrank',
    importance: v.importance as 'none' | 'permutation',
    seed: v.seed as number,
  };
}

/**
 * One tree, checked for structure as well as types: node arrays of one length N, children after their
 * parent (so every walk ends in a leaf), leaves numbered 0..L−1 once each, jump offsets increasing to
 * the number of jumps, death-time indices inside the grid, finite non-negative hazards.
 */
function readTree(c: Checker, v: unknown, b: number, p: number, T: number, nTrain: number): SurvivalTree | null {
  const at = (f: string): Path => ['trees', b, f];
  if (!isObject(v)) {
    c.bad(['trees', b], 'not an object', 'a tree', v);
    return null;
  }
  const before = c.issues.length;
  const N = Array.isArray(v.splitVariable) ? v.splitVariable.length : 0;
  const splitVariable = c.numbers(Int32Array, v.splitVariable, at('splitVariable'), (x) => isInt(x) && x >= -1 && x < p, `an integer in -1..${p - 1} (-1 = leaf)`);
  if (splitVariable && N < 1) c.bad(at('splitVariable'), 'a tree needs at least its root node', '>= 1 node', 0);
  const splitValue = c.numbers(Float64Array, v.splitValue, at('splitValue'), (x) => Number.isFinite(x), 'a finite number', N);
  const child = (x: number, k: number) => isInt(x) && (splitVariable === null || (splitVariable[k] < 0 ? x === -1 : x > k && x < N));
  const leftChild = c.numbers(Int32Array, v.leftChild, at('leftChild'), child, 'a node index after its parent (-1 for a leaf)', N);
  const rightChild = c.numbers(Int32Array, v.rightChild, at('rightChild'), child, 'a node index after its parent (-1 for a leaf)', N);
  const leafOfNode = c.numbers(Int32Array, v.leafOfNode, at('leafOfNode'), (x, k) => isInt(x) && (splitVariable === null || (splitVariable[k] < 0 ? x >= 0 : x === -1)), 'a leaf number for a leaf node, -1 for an internal one', N);
  if (c.issues.length > before || !splitVariable || !splitValue || !leftChild || !rightChild || !leafOfNode) return null;
  let L = 0;
  for (let k = 0; k < N; k++) if (splitVariable[k] < 0) L++;
  const seen = new Uint8Array(L);
  for (let k = 0; k < N; k++) {
    const l = leafOfNode[k];
    if (l < 0) continue;
    if (l >= L || seen[l]) {
      c.bad([...at('leafOfNode'), k], `leaf number ${l} is out of range or repeated`, `each of 0..${L - 1} once`, l);
      return null;
    }
    seen[l] = 1;
  }
  // every node but the root is the child of exactly one node
  const refs = new Int32Array(N);
  for (let k = 0; k < N; k++) if (splitVariable[k] >= 0) {
    refs[leftChild[k]]++;
    refs[rightChild[k]]++;
  }
  for (let k = 1; k < N; k++) {
    if (refs[k] !== 1) {
      c.bad(['trees', b, 'leftChild'], `node ${k} is the child of ${refs[k]} nodes`, 'every node but the root the child of exactly one node', refs[k]);
      return null;
    }
  }
  const J = Array.isArray(v.jumpTime) ? v.jumpTime.length : 0;
  const leafJumpStart = c.numbers(Int32Array, v.leafJumpStart, at('leafJumpStart'), (x, k) => isInt(x) && x >= 0 && x <= J && (k !== 0 || x === 0) && (k !== L || x === J), `non-decreasing offsets from 0 to ${J} (the number of jumps)`, L + 1);
  if (leafJumpStart) {
    for (let l = 0; l < L; l++) {
      if (leafJumpStart[l + 1] < leafJumpStart[l]) {
        c.bad([...at('leafJumpStart'), l + 1], 'offsets must not decrease', `>= ${leafJumpStart[l]}`, leafJumpStart[l + 1]);
        break;
      }
    }
  }
  const jumpTime = c.numbers(Int32Array, v.jumpTime, at('jumpTime'), (x) => isInt(x) && x >= 0 && x < T, `a death-time index in 0..${T - 1}`);
  const jumpHazard = c.numbers(Float64Array, v.jumpHazard, at('jumpHazard'), (x) => Number.isFinite(x) && x >= 0, 'a finite hazard increment >= 0', J);
  const leafMortality = c.numbers(Float64Array, v.leafMortality, at('leafMortality'), (x) => Number.isFinite(x) && x >= 0, 'a finite mortality >= 0', L);
  const leafSize = c.numbers(Int32Array, v.leafSize, at('leafSize'), (x) => isInt(x) && x >= 0, 'an integer >= 0', L);
  const oobRows = c.numbers(Int32Array, v.oobRows, at('oobRows'), (x, k) => isInt(x) && x >= 0 && x < nTrain && (k === 0 || x > (v.oobRows as number[])[k - 1]), `ascending row numbers in 0..${nTrain - 1}`);
  if (c.issues.length > before || !leafJumpStart || !jumpTime || !jumpHazard || !leafMortality || !leafSize || !oobRows) return null;
  return { splitVariable, splitValue, leftChild, rightChild, leafOfNode, leafJumpStart, jumpTime, jumpHazard, leafMortality, leafSize, oobRows };
}

/**
 * Rebuild a forest written by {@link survivalForestToJson}, checking everything a prediction relies on
 * (format tag, variable names, ascending finite death times, options, every tree's structure). The
 * result predicts bit-identically to the forest that was written.
 * @param json parsed JSON
 * @param path prefix of the issue paths (e.g. where the forest sits in a larger file)
 * @throws HccError `E_INPUT` with one issue per bad field (path, expected, received)
 */
export function survivalForestFromJson(json: unknown, path: Path = []): SurvivalForest {
  const c = new Checker(path);
  const fail = (): never => {
    throw new HccError('E_INPUT', `survivalForestFromJson: ${c.issues.length} problem(s) in the serialised forest`, { issues: c.issues });
  };
  if (!isObject(json)) {
    c.bad([], 'not an object', `a serialised forest (${SURVIVAL_FOREST_FORMAT})`, json);
    return fail();
  }
  if (json.format !== SURVIVAL_FOREST_FORMAT) {
    c.bad(['format'], 'not a serialised survival forest of this version', SURVIVAL_FOREST_FORMAT, json.format);
    return fail();
  }
  const names = json.variableNames;
  if (!Array.isArray(names) || names.length < 1 || !names.every((s) => typeof s === 'string')) c.bad(['variableNames'], 'must be a non-empty array of strings', 'the covariate names', names);
  const deathTimes = c.numbers(Float64Array, json.deathTimes, ['deathTimes'], (x, k) => Number.isFinite(x) && (k === 0 || x > (json.deathTimes as number[])[k - 1]), 'finite, strictly ascending times');
  if (deathTimes && deathTimes.length < 1) c.bad(['deathTimes'], 'no death times', '>= 1 death time', 0);
  if (!isInt(json.nTrain) || json.nTrain < 1) c.bad(['nTrain'], 'must be a positive integer', 'integer >= 1', json.nTrain);
  if (!Array.isArray(json.trees) || json.trees.length < 1) c.bad(['trees'], 'must be a non-empty array', '>= 1 tree', json.trees);
  if (c.issues.length || !deathTimes) return fail();
  const p = (names as string[]).length;
  const trees = json.trees as unknown[];
  const options = readOptions(c, json.options, p, trees.length);
  const out: SurvivalTree[] = [];
  for (let b = 0; b < trees.length && c.issues.length < 20; b++) {
    const t = readTree(c, trees[b], b, p, deathTimes.length, json.nTrain as number);
    if (t) out.push(t);
  }
  if (c.issues.length || !options) return fail();
  return { variableNames: [...(names as string[])], deathTimes, trees: out, options, nTrain: json.nTrain as number };
}
