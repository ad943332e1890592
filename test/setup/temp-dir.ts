import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: every temporary file of a test run (the tests' mkdtemp folders, the CLI runs
 * they spawn, the demo cohorts) goes under one folder that is removed when the run ends, so `npm test`
 * leaves nothing behind in the system's temp folder. Workers and child processes inherit TMPDIR.
 * Set MMF_KEEP_TEST_TMP=1 to keep it for inspection.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'mmf-test-run-'));
  process.env.TMPDIR = dir;
  return () => {
    if (process.env.MMF_KEEP_TEST_TMP === '1') {
      process.stderr.write(`test temp files kept in ${dir}\n`);
      return;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
