// Provenance of the pixels: every image and mask file a study read is listed with its size and
// SHA-256 (results/input_files.csv), and provenance.json carries their count and one digest that
// does not depend on where the files lie but changes when any pixel file does.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inputFilesRecord, parseStudySettings, runStudy } from '../../src/fusion/index.js';
import { readManifest } from '../../src/io/index.js';
import { writeTinyImageCohort } from './tiny-image-cohort.js';

const dir = mkdtempSync(join(tmpdir(), 'input-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { manifest } = writeTinyImageCohort(join(dir, 'a'), { perCentre: [6, 3, 3] });
const cohortOf = (m: string) => {
  const r = readManifest(m);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('inputFilesRecord', () => {
  const rec = inputFilesRecord(cohortOf(manifest));
  it('lists every image and mask with its size and SHA-256, paths relative to the manifest folder', () => {
    expect(rec.table.rows).toHaveLength(24);
    const first = rec.table.rows[0];
    expect(first.slice(0, 3)).toEqual(['P001', 'image_portal_venous', 'img/P001_pv.nii.gz']);
    expect(first[4]).toBe(sha(join(dir, 'a', 'img', 'P001_pv.nii.gz')));
    expect(rec.table.rows[1].slice(1, 3)).toEqual(['mask_portal_venous', 'img/P001_mask.nii.gz']);
    expect(rec.summary.files).toBe(24);
    expect(rec.summary.missing).toBe(0);
    expect(rec.summary.bytes).toBe(rec.table.rows.reduce((a, r) => a + Number(r[3]), 0));
  });

  it('gives the same digest for a copy elsewhere, another one when a single image changes', () => {
    cpSync(join(dir, 'a'), join(dir, 'b'), { recursive: true });
    const copy = inputFilesRecord(cohortOf(join(dir, 'b', 'manifest.json')));
    expect(copy.summary.sha256).toBe(rec.summary.sha256);
    const img = join(dir, 'b', 'img', 'P004_pv.nii.gz');
    const bytes = readFileSync(img);
    writeFileSync(img, Buffer.concat([bytes, Buffer.from([0])]));
    const changed = inputFilesRecord(cohortOf(join(dir, 'b', 'manifest.json')));
    expect(changed.summary.sha256).not.toBe(rec.summary.sha256);
    expect(changed.table.rows.find((r) => r[2] === 'img/P004_pv.nii.gz')?.[4]).toBe(sha(img));
  });

  it('is written by the study: input_files.csv and provenance.json (files, digest, the invocation and the git commit)', () => {
    const s = parseStudySettings({ models: { mrecist: { enabled: false }, radiomics: { enabled: false } }, evaluation: { bootstrapResamples: 0 } });
    if (!s.ok) throw new Error(JSON.stringify(s.issues));
    const out = join(dir, 'study');
    runStudy(cohortOf(manifest), s.value, { outDir: out });
    const csv = readFileSync(join(out, 'results', 'input_files.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('patient_id,column,path,bytes,sha256');
    expect(csv).toHaveLength(25);
    const prov = JSON.parse(readFileSync(join(out, 'results', 'provenance.json'), 'utf8'));
    expect(prov.cohort.inputFiles).toEqual(rec.summary);
    expect(prov.invocation.argv.length).toBeGreaterThan(0);
    expect(prov.invocation.cwd).toBe(process.cwd());
    expect(prov.runtime).toHaveProperty('git');
  });
});
