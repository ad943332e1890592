import type { Issue } from './issues.js';
import { formatIssue } from './issues.js';

/**
 * Codes for broken invariants and I/O failures. Input problems are `Issue`s (data);
 * an `HccError` is thrown when work cannot continue. Edges (CLI, web) map the code to an exit
 * status / HTTP status once.
 */
export type HccErrorCode =
  | 'E_INPUT' // user input invalid; `issues` holds the details
  | 'E_IO' // file missing / unreadable
  | 'E_NUMERIC' // numerical failure (singular matrix, non-convergence in strict mode)
  | 'E_OPTION' // bad option value
  | 'E_INTERNAL'; // a bug: invariant broken

/** The one error family thrown by this project. */
export class HccError extends Error {
  readonly code: HccErrorCode;
  readonly issues: readonly Issue[];

  constructor(code: HccErrorCode, message: string, options: { issues?: readonly Issue[]; cause?: unknown } = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'HccError';
    this.code = code;
    this.issues = options.issues ?? [];
  }

  /** Multi-line rendering: message then one line per issue. */
  render(): string {
    return [this.message, ...this.issues.map((i) => '  ' + formatIssue(i))].join('\n');
  }
}

/** Throw `E_INPUT` carrying the issues, unless there are no error-severity issues. */
export function throwIfErrors(context: string, issues: readonly Issue[]): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new HccError('E_INPUT', `${context}: ${errors.length} problem(s) in the input`, { issues: errors });
  }
}
