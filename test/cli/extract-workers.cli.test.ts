// `mmf extract --workers`: a worker count that is not a positive integer is an option error (exit 2);
// from the TypeScript sources (no compiled worker) any count runs in this process, same result as 1.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTinyImageCohort } from '../fusion/tiny-image-cohort.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mmf-extract-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mmf extract --workers', () => {
  const { manifest } = writeTinyImageCohort(dir, { perCentre: [3, 1, 1] });

  it('rejects 0 and 1.5 with E_OPTION, and gives the same features CSV with 1 and 2', async () => {
    for (const bad of ['0', '1.5']) {
      const r = await runCli(['extract', '--manifest', manifest, '--out', join(dir, 'bad'), '--workers', bad, '--no-progress']);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/workers/);
    }
    const csv: string[] = [];
    for (const w of ['1', '2']) {
      const r = await runCli(['extract', '--manifest', manifest, '--out', join(dir, `w${w}`), '--workers', w, '--no-progress', '--json']);
      expect(r.code, r.err).toBe(0);
      const s = JSON.parse(r.out) as { file: string; extracted: number };
      expect(s.extracted).toBe(5);
      csv.push(readFileSync(s.file, 'utf8'));
    }
    expect(csv[1]).toBe(csv[0]);
  });
});
