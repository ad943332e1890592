import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/core/table.js';
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
  }, 40_000);
});
