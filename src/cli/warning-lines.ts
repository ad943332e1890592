// A run's warnings on stderr, grouped so a problem repeated for many patients is one line, not hundreds.
import type { Issue } from '../core/issues.js';
import { formatIssue } from '../core/issues.js';
import { warningKind } from '../fusion/index.js';

/** Warnings of one kind printed whole up to this many; a larger group is one line. */
const LIST_UP_TO = 3;
/** Where-abouts (patient ids, columns) named on a group's line. */
const NAMED = 3;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where `'row', <number>` stands in a path (a table cell: `[file, 'row', 3, column]`), or -1. */
function rowAt(path: readonly (string | number)[]): number {
  for (let k = 0; k + 1 < path.length; k++) if (path[k] === 'row' && typeof path[k + 1] === 'number') return k;
  return -1;
}

/**
 * The kind of a warning: its code and message with the names in its path (patient ids, columns,
 * centres) and every number and file path made generic ({@link warningKind}), so "candidate variable
 * "afp" is not in the cohort" and "… "crp" …" are one kind, while a different reason is not. A
 * problem in a table cell is of its file and column too: the same problem in two columns is two kinds.
 */
function kindOf(w: Issue): string {
  let m = w.message;
  for (const p of w.path) {
    const s = String(p);
    if (s.length >= 2) m = m.replace(new RegExp(`(?<![\\w.-])${escapeRegExp(s)}(?![\\w-])`, 'g'), '#');
  }
  const r = rowAt(w.path);
  const cell = r < 0 ? '' : [...w.path.slice(0, r), '*', ...w.path.slice(r + 2)].join('\u0000');
  return `${w.code}\u0000${warningKind(m)}\u0000${cell}`;
}

/** "a, b, c and 5 more" (the first {@link NAMED}). */
function firstNamed(names: readonly string[]): string {
  return `${names.slice(0, NAMED).join(', ')}${names.length > NAMED ? ` and ${names.length - NAMED} more` : ''}`;
}

/**
 * Where a group of table-cell problems is, when every path is `[...file, 'row', n, ...column]` with
 * one file and column: ` in column os_time of p.csv: rows 3, 7, 12 and 5 more`; null otherwise.
 */
function cellsWhere(paths: readonly (readonly (string | number)[])[]): string | null {
  const first = paths[0] ?? [];
  const r = rowAt(first);
  if (r < 0) return null;
  const file = first.slice(0, r).join('.');
  const column = first.slice(r + 2).join('.');
  const same = (p: readonly (string | number)[]) => rowAt(p) === r && p.slice(0, r).join('.') === file && p.slice(r + 2).join('.') === column;
  if (!paths.every(same)) return null;
  const rows = [...new Set(paths.map((p) => String(p[r + 1])))];
  const loc = column ? ` in column ${column}${file ? ` of ${file}` : ''}` : file ? ` in ${file}` : '';
  return `${loc ? `${loc}:` : ' at'} row${rows.length > 1 ? 's' : ''} ${firstNamed(rows)}`;
}

/**
 * Where the members of a group are: the path elements they all share at the start and at the end
 * (`radiomics`, `*.size`) and what differs in each member's path (the patient id, the column).
 */
function splitPaths(paths: readonly (readonly (string | number)[])[]): { common: string; rest: string[] } {
  const p = paths.map((x) => x.map(String));
  const first = p[0] ?? [];
  const shortest = Math.min(...p.map((x) => x.length));
  let k = 0;
  while (k < shortest && p.every((x) => x[k] === first[k])) k++;
  if (k === shortest && p.every((x) => x.length === shortest)) return { common: first.join('.'), rest: [] };
  let e = 0;
  while (e < shortest - k && p.every((x) => x[x.length - 1 - e] === first[first.length - 1 - e])) e++;
  const suffix = e > 0 ? first.slice(first.length - e) : [];
  const common = suffix.length ? [...first.slice(0, k), '*', ...suffix].join('.') : first.slice(0, k).join('.');
  return { common, rest: p.map((x) => x.slice(k, x.length - e).join('.')) };
}

/**
 * The warnings (or errors) as console lines: identical ones once; groups of one kind (code and
 * message up to the ids, numbers and paths in it; for a table cell, also its file and column) of at
 * most three listed whole as `formatIssue` writes them; a larger group as one line with its code,
 * count, where (the column, file and first few rows of table cells; else the common part of the
 * paths and the first few patient ids or columns), the first message, and `fullList` (where every
 * one is). Small groups come first, so a single real problem is not buried under repeated ones.
 */
export function warningLines(warnings: readonly Issue[], fullList: string): string[] {
  const seen = new Set<string>();
  const groups = new Map<string, Issue[]>();
  for (const w of warnings) {
    const id = JSON.stringify([w.code, w.severity, w.path, w.message, w.expected, w.received]);
    if (seen.has(id)) continue;
    seen.add(id);
    const key = kindOf(w);
    const g = groups.get(key);
    if (g) g.push(w);
    else groups.set(key, [w]);
  }
  const small: string[] = [];
  const large: string[] = [];
  for (const g of groups.values()) {
    if (g.length <= LIST_UP_TO) {
      small.push(...g.map(formatIssue));
      continue;
    }
    const { common, rest } = splitPaths(g.map((w) => w.path));
    const named = [...new Set(rest)].filter(Boolean);
    const where = cellsWhere(g.map((w) => w.path)) ?? (named.length ? ` at ${common ? `${common}: ` : ''}${firstNamed(named)}` : common ? ` at ${common}` : '');
    const first = g[0];
    const detail = `${first.message}${first.expected !== undefined ? `; expected ${first.expected}` : ''}${first.received !== undefined ? `; found ${first.received}` : ''}`;
    large.push(`${first.severity} [${first.code}] × ${g.length}${where}: e.g. ${detail} (all ${g.length} in ${fullList})`);
  }
  return [...small, ...large];
}

/** Write {@link warningLines} to `stream` (stderr), one per line. */
export function printWarnings(warnings: readonly Issue[], fullList: string, stream: Pick<NodeJS.WriteStream, 'write'> = process.stderr): void {
  for (const line of warningLines(warnings, fullList)) stream.write(line + '\n');
}
