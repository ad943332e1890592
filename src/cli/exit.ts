import { HccError } from '../core/errors.js';
import type { HccErrorCode } from '../core/errors.js';

/** Exit status per error code (the one place codes become process statuses). */
export const EXIT_STATUS: Readonly<Record<HccErrorCode, number>> = {
  E_INPUT: 2,
  E_OPTION: 2,
  E_IO: 3,
  E_NUMERIC: 4,
  E_INTERNAL: 70,
};

/** Print an error for a person (no stack trace for known errors) and return the exit status. */
export function reportError(err: unknown): number {
  if (err instanceof HccError) {
    process.stderr.write(`mmf: ${err.render()}\n`);
    return EXIT_STATUS[err.code];
  }
  const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`mmf: internal error (please report): ${msg}\n`);
  return EXIT_STATUS.E_INTERNAL;
}
