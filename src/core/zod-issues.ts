import type { Issue } from './issues.js';
import { issueError } from './issues.js';

/**
 * zod problems as coded `bad_option` issues that say what the schema expected and what the file held
 * (shared by the study settings, the manifest descriptor and other validated JSON files).
 */

/** The zod issue fields read here (zod 4 issue shapes). */
export interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: unknown;
  readonly values?: readonly unknown[];
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly origin?: string;
  readonly format?: string;
  readonly divisor?: number | bigint;
}

/** The value at a JSON path of the raw input (undefined when absent). */
export function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(p)];
  }
  return v;
}

/** What the schema expected, from the zod issue (a type, the allowed values, a bound), else `fallback`. */
export function expectedOfZod(z: ZodIssueLike, fallback: string): string {
  const bound = (op: '>' | '>=' | '<' | '<=', n: number | bigint | undefined): string | null => {
    if (n === undefined) return null;
    const most = op[0] === '<' ? 'at most' : 'at least';
    if (z.origin === 'array' || z.origin === 'set') return `${most} ${n} item(s)`;
    if (z.origin === 'string') return `${most} ${n} character(s)`;
    return `a number ${op} ${n}`;
  };
  switch (z.code) {
    case 'invalid_type':
      return typeof z.expected === 'string' ? `a ${z.expected}` : 'another type';
    case 'invalid_value':
      return z.values?.length === 1 ? JSON.stringify(z.values[0]) : `one of ${(z.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return bound(z.inclusive === false ? '>' : '>=', z.minimum) ?? 'a larger value';
    case 'too_big':
      return bound(z.inclusive === false ? '<' : '<=', z.maximum) ?? 'a smaller value';
    case 'invalid_format':
      return `a ${z.format ?? 'well-formed'} string`;
    case 'not_multiple_of':
      return `a multiple of ${z.divisor}`;
    default:
      return fallback;
  }
}

/**
 * One zod problem as a `bad_option` issue at `prefix` + its JSON path: `expected` from the schema,
 * `received` the value found in `raw` (JSON, shortened to 80 characters; "absent" when missing), so
 * `[12, 24, "36"]` for a list of numbers reads "expected a number; found \"36\"".
 */
export function issueOfZod(z: ZodIssueLike, raw: unknown, prefix: readonly (string | number)[], message: string, fallbackExpected: string): Issue {
  const v = valueAt(raw, z.path);
  const json = v === undefined ? 'absent' : JSON.stringify(v);
  const received = json.length > 80 ? `${json.slice(0, 77)}...` : json;
  return issueError('bad_option', [...prefix, ...z.path.map((p) => (typeof p === 'number' ? p : String(p)))], message, { expected: expectedOfZod(z, fallbackExpected), received });
}
