import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HccError } from '../core/errors.js';
import type { HccErrorCode } from '../core/errors.js';
import { warningLines } from './warning-lines.js';

/** Exit status per error code (the one place codes become process statuses). */
export const EXIT_STATUS: Readonly<Record<HccErrorCode, number>> = {
  E_INPUT: 2,
  E_OPTION: 2,
  E_IO: 3,
  E_NUMERIC: 4,
  E_INTERNAL: 70,
};

/** Problems listed one per line up to this many; beyond, grouped by kind with the full list in a file. */
export const ISSUES_LISTED_UP_TO = 10;

/**
 * Print an error for a person (no stack trace for known errors) and return the exit status. An error
 * carrying more than {@link ISSUES_LISTED_UP_TO} problems (e.g. one bad column in many rows of a
 * manifest) is printed grouped as warnings are: a problem of one code and message in one column of
 * more than three rows is one line ("error [missing_value] × 8 in column os_time of p.csv: rows 3,
 * 7, 12 and 5 more: e.g. …"), the rest whole; every problem is written to a file in the temporary
 * folder whose path the output names.
 */
export function reportError(err: unknown, stream: Pick<NodeJS.WriteStream, 'write'> = process.stderr): number {
  if (err instanceof HccError) {
    if (err.issues.length <= ISSUES_LISTED_UP_TO) stream.write(`mmf: ${err.render()}\n`);
    else {
      const file = join(tmpdir(), `mmf-problems-${process.pid}-${Date.now()}.txt`);
      writeFileSync(file, err.render() + '\n');
      const lines = warningLines(err.issues, file).map((l) => `  ${l}`);
      // Each group's line names the file; when every kind is small, say where the list is once.
      if (!lines.some((l) => l.includes(file))) lines.push(`  every problem, one per line: ${file}`);
      stream.write([`mmf: ${err.message}`, ...lines].join('\n') + '\n');
    }
    return EXIT_STATUS[err.code];
  }
  const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
  stream.write(`mmf: internal error (please report): ${msg}\n`);
  return EXIT_STATUS.E_INTERNAL;
}
