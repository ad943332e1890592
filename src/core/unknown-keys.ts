import { didYouMean, suggestKey } from './did-you-mean.js';
import type { Issue } from './issues.js';
import { issueError } from './issues.js';

/**
 * Unknown keys in user-written settings. zod strips keys an object schema does not declare, so a
 * typo (`"contextMM"` for `"contextMm"`) would silently fall back to the default. Comparing the raw
 * input with zod's parsed output finds them generically: object schemas drop unknown keys, records
 * keep theirs and defaults only add keys, so a key that is in the input but not in the output at the
 * same place is one the schema does not know.
 */

/** At most this many known keys are listed in an issue's `expected`. */
const MAX_LISTED_KEYS = 20;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** "one of: a, b, c" (sorted; long lists cut with a count of the rest). */
function expectedKeys(known: readonly string[]): string {
  if (known.length === 0) return 'no keys at this level';
  const sorted = [...known].sort();
  const shown = sorted.slice(0, MAX_LISTED_KEYS).join(', ');
  return `one of: ${shown}${sorted.length > MAX_LISTED_KEYS ? `, … (${sorted.length - MAX_LISTED_KEYS} more)` : ''}`;
}

/**
 * One `unknown_key` issue for `key` found in the object at `path` whose known keys are `known`; the
 * message names the key and suggests a close known key (`did you mean "x"?`).
 */
export function unknownKeyIssue(path: readonly (string | number)[], key: string, known: readonly string[]): Issue {
  const guess = suggestKey(key, known);
  const message = `unknown key "${key}"${guess !== null ? didYouMean(guess) : ' (it would be ignored)'}`;
  return issueError('unknown_key', [...path, key], message, { expected: expectedKeys(known), received: key });
}

/** What `unknownKeyIssues` reads of a zod 4 schema's definition (`schema._zod.def`). */
interface SchemaDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, unknown>>;
  readonly innerType?: unknown;
  readonly element?: unknown;
  readonly items?: readonly unknown[];
  readonly rest?: unknown;
  readonly valueType?: unknown;
  readonly options?: readonly unknown[];
  readonly in?: unknown;
  readonly getter?: () => unknown;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function defOf(schema: unknown): SchemaDef | null {
  const def = (schema as { _zod?: { def?: SchemaDef } } | null | undefined)?._zod?.def;
  return def && typeof def.type === 'string' ? def : null;
}

/** The definitions a value of `schema` is parsed by: wrappers unwrapped, union options expanded (input side of a pipe). */
function leafDefs(schema: unknown, depth = 0): SchemaDef[] {
  const def = defOf(schema);
  if (!def || depth > 32) return [];
  if (WRAPPERS.has(def.type)) return leafDefs(def.innerType, depth + 1);
  if (def.type === 'pipe') return leafDefs(def.in, depth + 1);
  if (def.type === 'lazy' && def.getter) return leafDefs(def.getter(), depth + 1);
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => leafDefs(o, depth + 1));
  return [def];
}

/**
 * Known keys and child schemas of the object `parsed`, from `schema` when it is given: the object
 * schema (of a union, the first option declaring every parsed key) or a record's value schema.
 */
function objectLevel(schema: unknown, parsed: Record<string, unknown>): { known: string[]; child: (key: string) => unknown } {
  const leaves = leafDefs(schema);
  const keys = Object.keys(parsed);
  const obj = leaves.find((d) => d.type === 'object' && d.shape && keys.every((k) => k in d.shape!));
  const rec = leaves.find((d) => d.type === 'record');
  const known = obj?.shape ? [...new Set([...keys, ...Object.keys(obj.shape)])] : keys;
  return { known, child: (key) => (obj?.shape && key in obj.shape ? obj.shape[key] : rec?.valueType) };
}

/** Schema of element `i` of an array or tuple schema (undefined when unknown). */
function elementSchema(schema: unknown, i: number): unknown {
  for (const d of leafDefs(schema)) {
    if (d.type === 'array') return d.element;
    if (d.type === 'tuple') return d.items?.[i] ?? d.rest ?? undefined;
  }
  return undefined;
}

/**
 * Every key of `input` that zod dropped from `parsed`, as `unknown_key` issues (path = `path` + the
 * key's path). Walks both together: for two plain objects, each input key absent from the output is
 * one issue and each key present in both is walked into; for two arrays, element by element.
 * Anything else (records keep their keys; scalars) ends the walk. Input keys whose value is
 * `undefined` are ignored (they carry nothing; JSON cannot hold them). The known keys offered (and
 * used for "did you mean") are those of the parsed object at that level plus, when the zod `schema`
 * that parsed it is given, the keys its object schema declares (optional keys the input left out).
 */
export function unknownKeyIssues(input: unknown, parsed: unknown, path: (string | number)[] = [], schema?: unknown): Issue[] {
  const issues: Issue[] = [];
  const walk = (a: unknown, b: unknown, at: (string | number)[], sch: unknown): void => {
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n; i++) walk(a[i], b[i], [...at, i], elementSchema(sch, i));
      return;
    }
    if (!isPlainObject(a) || !isPlainObject(b)) return;
    const level = objectLevel(sch, b);
    for (const key of Object.keys(a)) {
      if (a[key] === undefined) continue;
      if (Object.prototype.hasOwnProperty.call(b, key)) walk(a[key], b[key], [...at, key], level.child(key));
      else issues.push(unknownKeyIssue(at, key, level.known));
    }
  };
  walk(input, parsed, path, schema);
  return issues;
}

/** The part of a zod schema `unknownKeyIssuesOfRejected` needs (any zod 4 schema fits). */
export interface SafeParsing {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly { readonly path: readonly PropertyKey[]; readonly code: string; readonly keys?: readonly string[] }[] } };
}

/** Copy of plain objects and arrays (other values shared), so keys can be deleted from it. */
function cloneData(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(cloneData);
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, cloneData(v)]));
  return x;
}

/**
 * Drop what one zod issue rejects: the listed keys of an `unrecognized_keys` issue, else the deepest
 * key along the issue's path that is still present in a plain object (never an array element, so
 * indices stay put). False when nothing could be dropped.
 */
function dropRejected(root: unknown, issue: { readonly path: readonly PropertyKey[]; readonly code: string; readonly keys?: readonly string[] }): boolean {
  const nodes: unknown[] = [root];
  for (const seg of issue.path) {
    const cur = nodes[nodes.length - 1];
    if (Array.isArray(cur) && typeof seg === 'number') nodes.push(cur[seg]);
    else if (isPlainObject(cur) && typeof seg === 'string') nodes.push(cur[seg]);
    else break;
  }
  if (issue.code === 'unrecognized_keys' && issue.keys && nodes.length === issue.path.length + 1) {
    const target = nodes[nodes.length - 1];
    if (isPlainObject(target)) {
      let dropped = false;
      for (const k of issue.keys) {
        if (!Object.prototype.hasOwnProperty.call(target, k)) continue;
        delete target[k];
        dropped = true;
      }
      if (dropped) return true;
    }
  }
  for (let d = Math.min(issue.path.length, nodes.length - 1); d >= 1; d--) {
    const parent = nodes[d - 1];
    const seg = issue.path[d - 1];
    if (isPlainObject(parent) && typeof seg === 'string' && Object.prototype.hasOwnProperty.call(parent, seg)) return delete parent[seg];
  }
  return false;
}

/**
 * Unknown keys of an input that `schema` rejected for other reasons, so that one run reports a bad
 * value and a misspelt key together. The rejected values are dropped (so their defaults apply) and
 * the input parsed again, at most `maxRounds` times; once a round parses, its input is walked with
 * `unknownKeyIssues`. Keys inside dropped values are not examined; keys zod itself reports
 * (`unrecognized_keys` of a strict object) are dropped, not reported twice. [] when no round parses.
 */
export function unknownKeyIssuesOfRejected(schema: SafeParsing, input: unknown, path: (string | number)[] = [], maxRounds = 20): Issue[] {
  const repaired = cloneData(input);
  for (let round = 0; round < maxRounds; round++) {
    const r = schema.safeParse(repaired);
    if (r.success) return unknownKeyIssues(repaired, r.data, path, schema);
    let progress = false;
    for (const issue of r.error.issues) progress = dropRejected(repaired, issue) || progress;
    if (!progress) return [];
  }
  return [];
}
