import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/core/table.js';
import { makeVolume } from '../../src/core/volume.js';
import { readNifti, writeNifti } from '../../src/io/index.js';
import { writeTinyImageCohort } from '../fusion/tiny-image-cohort.js';
import { runCli } from '../helpers/cli.js';

/** `mmf extract` on a tiny image cohort: features cached in the study store under the keys `mmf study` / `evaluate` use. */
describe('mmf extract', () => {
  it('extracts once per patient, writes the features CSV, and the study reuses every extraction', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-extract-'));
    const { manifest } = writeTinyImageCohort(dir, { perCentre: [20, 6, 6] });
    const out = join(dir, 'study');
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({ seed: 2, models: { clinical: { enabled: false }, scores: { enabled: false }, mrecist: { enabled: false }, mmf: { enabled: false }, radiomics: { enabled: true, maxFeatures: 10 } }, evaluation: { reference: 'radiomics' } }));
    const first = await runCli(['extract', '--manifest', manifest, '--out', out, '--settings', settings, '--json']);
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/\[#+/);
    const s1 = JSON.parse(first.out) as { file: string; patients: number; extracted: number; reused: number; features: number };
    expect([s1.patients, s1.extracted, s1.reused]).toEqual([32, 32, 0]);
    const csv = readCsvFile(s1.file);
    expect(csv.nRows).toBe(32);
    expect(csv.columns.filter((c) => c.startsWith('tumour.')).length).toBe(s1.features);
    expect(new Set(csv.cells.get('split'))).toEqual(new Set(['training', 'internal_validation', 'external_test']));
    expect(csv.cells.get('error')!.every((v) => v === null)).toBe(true);
    expect(csv.cells.get('tumour_voxels')!.every((v) => Number(v) > 0)).toBe(true);
    expect(csv.cells.get('tumour.original.morphology.vol')!.every((v) => Number(v) > 0)).toBe(true);
    const second = await runCli(['extract', '--manifest', manifest, '--out', out, '--settings', settings, '--json', '--no-progress']);
    expect(JSON.parse(second.out)).toMatchObject({ extracted: 0, reused: 32 });
    const index = () => readFileSync(join(out, 'state', 'index.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"radiomics-features"')).length;
    expect(index()).toBe(32);
    const ev = await runCli(['evaluate', '--manifest', manifest, '--out', out, '--settings', settings, '--json', '--no-progress']);
    expect(ev.code).toBe(0);
    expect(index()).toBe(32); // no feature extracted again by the study
    // …and the study's summary counts those features as reused (they were read through the full study's own store handle)
    expect((JSON.parse(ev.out) as { stats: { reused: number } }).stats.reused).toBeGreaterThanOrEqual(32);
  }, 40_000);

  it('counts extracted, reused and featureless patients so they add up, and logs a line per tenth, not per patient', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-extract-counts-'));
    const { manifest } = writeTinyImageCohort(dir, { perCentre: [14, 4, 4], seed: 3 });
    // P002's tumour is labelled 2, the others 1 (tumourLabel): P002 has no features, one warning
    const relabelled = join(dir, 'img', 'P002_mask.nii.gz');
    const mask = readNifti(relabelled).volume;
    writeNifti(relabelled, makeVolume({ shape: mask.shape, spacing: mask.spacing, origin: mask.origin, direction: mask.direction, data: Uint8Array.from(mask.data, (v) => (v ? 2 : 0)) }));
    const out = join(dir, 'study');
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({ seed: 2, models: { radiomics: { enabled: true, maxFeatures: 10, tumourLabel: 1 } } }));
    const first = await runCli(['extract', '--manifest', manifest, '--out', out, '--settings', settings, '--json', '--workers', '1']);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ patients: 22, extracted: 21, reused: 0, failed: 1 });
    expect(first.err).toMatch(/^warning \[empty_mask\] at radiomics\.P002: /m);
    if (process.stderr.isTTY !== true) {
      const bar = first.err.split('\n').filter((l) => /\[[#-]{24}\]/.test(l));
      expect(bar.length).toBeGreaterThanOrEqual(2);
      expect(bar.length).toBeLessThanOrEqual(11);
      expect(bar.every((l) => l.startsWith('radiomic features ['))).toBe(true);
    }
    // a rerun reads all 22 from the store; the featureless one still counts as without features only
    const second = await runCli(['extract', '--manifest', manifest, '--out', out, '--settings', settings, '--no-progress', '--workers', '1']);
    expect(second.out).toContain('22 patient(s) with images: 0 extracted, 21 reused from the store, 1 without features');
  }, 40_000);
});
