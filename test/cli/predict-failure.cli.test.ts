// `mmf predict --dl-model --images` on new patients one of whom has an empty tumour mask: the failed
// command (exit 2) leaves no partial outputs (no Grad-CAM overlays of the good patients, no CSV), and
// the empty mask, read by both the radiomics extraction and the Ensemble-DL scoring, is one problem
// naming every model it stops.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/core/table.js';
import { makeVolume } from '../../src/core/volume.js';
import { readNifti, writeNifti } from '../../src/io/index.js';
import { writeTinyImageCohort } from '../fusion/tiny-image-cohort.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mmf-predict-fail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const study = join(dir, 'study');
const model = join(study, 'models', 'fitted-study.json');
const cols = ['patient_id', 'centre', 'age', 'image_portal_venous', 'mask_portal_venous'];
/** The new patients (external centre C3), the second one with an all-zero mask. */
let ids: string[] = [];
let emptyMaskCsv = '';
let dupIdCsv = '';

/** Every file under `d` (relative paths), [] when `d` does not exist. */
const filesUnder = (d: string): string[] => (existsSync(d) ? readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : []);

beforeAll(async () => {
  const { manifest } = writeTinyImageCohort(dir, { perCentre: [24, 8, 8] });
  const settings = join(dir, 'settings.json');
  // as test/cli/predict-images.cli.test.ts, plus the radiomics model: both read the tumour mask
  writeFileSync(settings, JSON.stringify({
    seed: 3,
    models: {
      mrecist: { enabled: false },
      mmf: { forest: { enabled: false } },
      radiomics: { enabled: true, peritumouralMm: 0, extraction: { families: ['morphology', 'statistics'], morphology: { autocorrelation: false } } },
      ensembleDl: { stack: { size: [16, 16], slices: 3, labels: [1], contextMm: 4 }, training: { members: ['cnn25d'], epochs: 2, batchSize: 8, widths: [4, 8, 8], headWidth: 8, workers: 1 } },
    },
    evaluation: { bootstrapResamples: 20 },
  }));
  const st = await runCli(['study', '--manifest', manifest, '--settings', settings, '--out', study, '--deep', '--no-report', '--no-progress', '--json']);
  expect(st.code, st.err.slice(-1500)).toBe(0);
  const all = readCsvFile(join(dir, 'patients.csv'));
  const rows = [...Array(all.nRows).keys()].filter((i) => all.cells.get('centre')![i] === 'C3');
  ids = rows.map((i) => all.cells.get('patient_id')![i]!);
  // an all-zero mask on the patient's grid
  const mask = readNifti(join(dir, all.cells.get('mask_portal_venous')![rows[1]]!)).volume;
  writeNifti(join(dir, 'img', 'empty_mask.nii.gz'), makeVolume({ shape: mask.shape, spacing: mask.spacing, origin: mask.origin, direction: mask.direction, data: new Uint8Array(mask.data.length) }));
  const line = (i: number, k: number, bad: 'mask' | 'id' | null) => cols.map((c) => (bad === 'mask' && k === 1 && c === 'mask_portal_venous' ? 'img/empty_mask.nii.gz' : bad === 'id' && k === 1 && c === 'patient_id' ? ids[0] : all.cells.get(c)![i])).join(',');
  emptyMaskCsv = join(dir, 'new-empty-mask.csv');
  writeFileSync(emptyMaskCsv, [cols.join(','), ...rows.map((i, k) => line(i, k, 'mask'))].join('\n') + '\n');
  dupIdCsv = join(dir, 'new-dup-id.csv');
  writeFileSync(dupIdCsv, [cols.join(','), ...rows.map((i, k) => line(i, k, 'id'))].join('\n') + '\n');
}, 240_000);

describe('mmf predict: a failed prediction writes nothing; an empty mask read by two steps is one problem', () => {
  it('an empty tumour mask: exit 2, one empty_mask error naming the radiomics and MMF models, no Grad-CAM or CSV left behind', async () => {
    const res = join(dir, 'res-mask');
    const r = await runCli(['predict', '--model', model, '--patients', emptyMaskCsv, '--images', '--dl-model', join(study, 'models', 'dl'), '--out', join(res, 'preds.csv')]);
    expect(r.code, r.err.slice(-1500)).toBe(2);
    const lines = r.err.split('\n').filter((l) => /\[empty_mask\]/.test(l));
    expect(lines, r.err).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`at \\S*new-empty-mask\\.csv\\.row\\.2\\.mask_portal_venous: patient ${ids[1]} \\(row 2\\)`));
    for (const m of ['os/radiomics', 'pfs/radiomics', 'os/mmf-cox', 'pfs/mmf-cox']) expect(lines[0]).toContain(m);
    expect(r.err).not.toMatch(/\[empty_mask\] at \S*image_portal_venous/);
    // nothing of the failed command: no Grad-CAM overlays of the seven good patients, no predictions
    expect(filesUnder(join(res, 'gradcam'))).toEqual([]);
    expect(existsSync(join(res, 'preds.csv'))).toBe(false);
    expect(filesUnder(res).filter((f) => !f.startsWith(join(res, 'images')))).toEqual([]);

    // --skip-invalid: the same problem once, as a warning; the others are scored and their overlays written
    const s = await runCli(['predict', '--model', model, '--patients', emptyMaskCsv, '--images', '--dl-model', join(study, 'models', 'dl'), '--out', join(res, 'preds.csv'), '--skip-invalid', '--json']);
    expect(s.code, s.err.slice(-1500)).toBe(0);
    expect(s.err.split('\n').filter((l) => /\[empty_mask\]/.test(l))).toHaveLength(1);
    const got = JSON.parse(s.out) as { predictions: { patientId: string; model: string }[]; gradCam: { id: string; png: string; nifti: string }[] };
    expect(new Set(got.predictions.filter((p) => p.model === 'mmf-cox').map((p) => p.patientId))).toEqual(new Set(ids.filter((_, k) => k !== 1)));
    expect(got.gradCam.map((g) => g.id).sort()).toEqual(ids.filter((_, k) => k !== 1).sort());
    for (const g of got.gradCam) {
      expect(g.png.startsWith(join(res, 'gradcam'))).toBe(true);
      expect(existsSync(g.png) && existsSync(g.nifti)).toBe(true);
    }
    expect(existsSync(join(res, 'preds.csv'))).toBe(true);
    // no staging folder left beside the overlays
    expect(readdirSync(res).filter((n) => n !== 'gradcam' && n !== 'preds.csv' && n !== 'images')).toEqual([]);
  }, 120_000);

  it('a problem of the table found after the images were scored (a duplicate id): earlier files in --gradcam-dir are kept as they were, none added', async () => {
    const cams = join(dir, 'cams');
    mkdirSync(cams, { recursive: true });
    writeFileSync(join(cams, 'earlier.txt'), 'from an earlier run\n');
    const r = await runCli(['predict', '--model', model, '--patients', dupIdCsv, '--dl-model', join(study, 'models', 'dl'), '--gradcam-dir', cams, '--models', 'mmf-cox', '--json']);
    expect(r.code, r.err.slice(-1500)).toBe(2);
    expect(r.err).toMatch(new RegExp(`\\[duplicate_id\\] at \\S*new-dup-id\\.csv\\.row\\.2\\.patient_id: row 2: patient id "${ids[0]}" also on row 1`));
    expect(r.out).toBe('');
    expect(filesUnder(cams)).toEqual([join(cams, 'earlier.txt')]);
    expect(readdirSync(dir).filter((n) => n.includes('partial'))).toEqual([]);
    // a file that passes: the overlays are moved in beside the earlier file
    const ok = await runCli(['predict', '--model', model, '--patients', emptyMaskCsv, '--dl-model', join(study, 'models', 'dl'), '--gradcam-dir', cams, '--models', 'mmf-cox', '--skip-invalid', '--json']);
    expect(ok.code, ok.err.slice(-1500)).toBe(0);
    const cam = (JSON.parse(ok.out) as { gradCam: { png: string; nifti: string }[] }).gradCam;
    expect(cam.length).toBe(ids.length - 1);
    expect(filesUnder(cams)).toContain(join(cams, 'earlier.txt'));
    for (const g of cam) expect(filesUnder(cams)).toEqual(expect.arrayContaining([g.png, g.nifti]));
    expect(readdirSync(dir).filter((n) => n.includes('partial'))).toEqual([]);
  }, 120_000);
});
