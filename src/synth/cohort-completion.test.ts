import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CohortGenerationRequest, CompletionRecord } from './cohort-completion.js';
import { checkCohortCompletion, COMPLETION_FILE, reuseOrWriteCohort } from './cohort-completion.js';
import { parseSynthConfig } from './config.js';

// Small and coarse: 6 patients, 4 centres, low-resolution phantoms, no RNA-seq.
const config = parseSynthConfig({ images: { spacingScale: 4, gzipLevel: 1 } });
const request = (over: Partial<CohortGenerationRequest> = {}): CohortGenerationRequest => ({ patients: 6, centres: 4, seed: 3, config, images: true, geneSetFile: null, ...over });
const fresh = () => join(mkdtempSync(join(tmpdir(), 'mmf-cohort-reuse-')), 'synthetic-cohort');
const recordOf = (dir: string) => JSON.parse(readFileSync(join(dir, COMPLETION_FILE), 'utf8')) as CompletionRecord;
const mtime = (p: string) => statSync(p).mtimeMs;

describe('reuseOrWriteCohort', () => {
  it('generates a new folder, writes the completion record last with every file, and a rerun reuses it untouched', () => {
    const dir = fresh();
    const first = reuseOrWriteCohort(request(), dir);
    expect(first.status).toBe('generated');
    expect(first.reason).toBe('not generated yet');
    const rec = recordOf(dir);
    const paths = rec.files.map((f) => f.path);
    for (const f of ['clinical.csv', 'manifest.csv', 'cohort.json', 'README.txt', 'images/SYN00001/arterial.nii.gz']) expect(paths).toContain(f);
    expect(paths).not.toContain(COMPLETION_FILE);
    // the record is the newest file: written after every other one
    expect(Math.max(...paths.map((p) => mtime(join(dir, p))))).toBeLessThanOrEqual(mtime(join(dir, COMPLETION_FILE)));
    const before = paths.map((p) => mtime(join(dir, p)));
    const recordMtime = mtime(join(dir, COMPLETION_FILE));
    const lines: string[] = [];
    const again = reuseOrWriteCohort(request(), dir, { onGenerate: (r) => lines.push(r) });
    expect(again.status).toBe('reused');
    expect(again.reason).toBeNull();
    expect(lines).toEqual([]); // no generation started
    expect(again.record.generatedAt).toBe(rec.generatedAt);
    expect(paths.map((p) => mtime(join(dir, p)))).toEqual(before); // no file rewritten
    expect(mtime(join(dir, COMPLETION_FILE))).toBe(recordMtime);
  });

  it('regenerates from scratch when a file was deleted, corrupted (same size or not) or added', () => {
    const dir = fresh();
    reuseOrWriteCohort(request(), dir);
    const nifti = join(dir, 'images/SYN00002/portal_venous.nii.gz');
    const original = readFileSync(nifti);

    rmSync(nifti);
    const missing = reuseOrWriteCohort(request(), dir);
    expect(missing.status).toBe('generated');
    expect(missing.reason).toBe('images/SYN00002/portal_venous.nii.gz is missing');
    expect(readFileSync(nifti).equals(original)).toBe(true); // byte-identical again

    const flipped = Buffer.from(original);
    flipped[flipped.length - 1] ^= 0xff;
    writeFileSync(nifti, flipped);
    expect(checkCohortCompletion(dir, request())).toEqual({ ok: false, reason: 'images/SYN00002/portal_venous.nii.gz changed (SHA-256)' });
    writeFileSync(join(dir, 'clinical.csv'), 'patient_id\n');
    expect(checkCohortCompletion(dir, request())).toEqual({ ok: false, reason: 'clinical.csv changed (size)' });
    const corrupted = reuseOrWriteCohort(request(), dir);
    expect(corrupted.status).toBe('generated');
    expect(readFileSync(nifti).equals(original)).toBe(true);
    expect(readFileSync(join(dir, 'clinical.csv'), 'utf8')).not.toBe('patient_id\n');

    writeFileSync(join(dir, 'images', 'stale.nii.gz'), 'left over');
    const extra = reuseOrWriteCohort(request(), dir);
    expect(extra.reason).toBe('images/stale.nii.gz was not written by the generator');
    expect(existsSync(join(dir, 'images', 'stale.nii.gz'))).toBe(false); // the folder was cleared first
    expect(reuseOrWriteCohort(request(), dir).status).toBe('reused');
  });

  it('regenerates an interrupted generation (no completion record), clearing its partial files', () => {
    const dir = fresh();
    // What an interrupted run leaves: some files, no record.
    mkdirSync(join(dir, 'images', 'SYN00001'), { recursive: true });
    writeFileSync(join(dir, 'clinical.csv'), 'partial');
    writeFileSync(join(dir, 'images', 'SYN00009.tmp'), 'partial');
    const r = reuseOrWriteCohort(request(), dir);
    expect(r.status).toBe('generated');
    expect(r.reason).toBe('no completion record (an earlier generation did not finish)');
    expect(existsSync(join(dir, 'images', 'SYN00009.tmp'))).toBe(false);
    expect(readFileSync(join(dir, 'clinical.csv'), 'utf8')).toMatch(/^patient_id,/);
    // a record removed after the fact reads the same way
    rmSync(join(dir, COMPLETION_FILE));
    expect(checkCohortCompletion(dir, request())).toEqual({ ok: false, reason: 'no completion record (an earlier generation did not finish)' });
  });

  it('regenerates for another seed, size or generator setting, naming the difference', () => {
    const dir = fresh();
    reuseOrWriteCohort(request(), dir);
    const arterial = readFileSync(join(dir, 'images/SYN00001/arterial.nii.gz'));
    const seed = reuseOrWriteCohort(request({ seed: 4 }), dir);
    expect(seed.status).toBe('generated');
    expect(seed.reason).toBe('generated for seed 3, 6 patients, 4 centres');
    expect(recordOf(dir).seed).toBe(4);
    expect(readFileSync(join(dir, 'images/SYN00001/arterial.nii.gz')).equals(arterial)).toBe(false);
    const settings = reuseOrWriteCohort(request({ seed: 4, config: parseSynthConfig({ images: { spacingScale: 4, gzipLevel: 2 } }) }), dir);
    expect(settings.reason).toBe('generated with other generator settings');
    expect(checkCohortCompletion(dir, request({ seed: 4 })).ok).toBe(false);
  });
});
