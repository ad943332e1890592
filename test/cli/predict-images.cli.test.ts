// `mmf predict --dl-model`: new patients scored from their CT by the study's Ensemble-DL model, then by
// the fitted MMF model, with Grad-CAM overlays; the same images give the same scores as in the study.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/core/table.js';
import { readNifti, writeDicomSeries } from '../../src/io/index.js';
import { writeTinyImageCohort } from '../fusion/tiny-image-cohort.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mmf-predict-img-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mmf study --deep, then mmf predict --dl-model on new patients', () => {
  it('reproduces the study\'s MMF linear predictors from the images and writes Grad-CAM overlays', async () => {
    const { manifest } = writeTinyImageCohort(dir, { perCentre: [24, 8, 8] });
    const settings = join(dir, 'settings.json');
    writeFileSync(settings, JSON.stringify({
      seed: 3,
      models: {
        mrecist: { enabled: false },
        mmf: { forest: { enabled: false } },
        ensembleDl: { stack: { size: [16, 16], slices: 3, labels: [1], contextMm: 4 }, training: { members: ['cnn25d'], epochs: 2, batchSize: 8, widths: [4, 8, 8], headWidth: 8, workers: 1 } },
      },
      evaluation: { bootstrapResamples: 20 },
    }));
    const out = join(dir, 'study');
    const st = await runCli(['study', '--manifest', manifest, '--settings', settings, '--out', out, '--deep', '--no-report', '--no-progress', '--json']);
    expect(st.code, st.err.slice(-1500)).toBe(0);
    expect(existsSync(join(out, 'models', 'fitted-study.json'))).toBe(true);
    // the external-centre patients as "new" patients: id, clinical columns, image paths relative to the CSV
    const all = readCsvFile(join(dir, 'patients.csv'));
    const cols = ['patient_id', 'age', 'image_portal_venous', 'mask_portal_venous'];
    const rows: string[] = [cols.join(',')];
    const ext: string[] = [];
    for (let i = 0; i < all.nRows; i++) {
      if (all.cells.get('centre')![i] !== 'C3') continue;
      ext.push(all.cells.get('patient_id')![i]!);
      rows.push(cols.map((c) => all.cells.get(c)![i]).join(','));
    }
    writeFileSync(join(dir, 'new.csv'), rows.join('\n') + '\n');
    const pr = await runCli(['predict', '--model', join(out, 'models', 'fitted-study.json'), '--patients', join(dir, 'new.csv'), '--dl-model', join(out, 'models', 'dl'), '--out', join(dir, 'preds.csv'), '--json']);
    expect(pr.code, pr.err.slice(-1500)).toBe(0);
    const got = JSON.parse(pr.out) as { predictions: { patientId: string; outcome: string; model: string; linearPredictor: number }[]; gradCam: { id: string; member: string; massInTumour: number; png: string; nifti: string }[] };
    const study = readCsvFile(join(out, 'results', 'predictions.csv'));
    const lp = new Map<string, number>();
    for (let i = 0; i < study.nRows; i++) {
      if (study.cells.get('model')![i] === 'mmf-cox' && study.cells.get('outcome')![i] === 'os') lp.set(study.cells.get('patient_id')![i]!, Number(study.cells.get('risk')![i]));
    }
    const mine = got.predictions.filter((p) => p.model === 'mmf-cox' && p.outcome === 'os');
    expect(new Set(mine.map((p) => p.patientId))).toEqual(new Set(ext));
    for (const p of mine) expect(Math.abs(p.linearPredictor - lp.get(p.patientId)!)).toBeLessThan(1e-9);
    expect(got.gradCam.map((g) => g.id).sort()).toEqual([...ext].sort());
    for (const g of got.gradCam) {
      expect(existsSync(g.nifti) && existsSync(g.png)).toBe(true);
      expect(g.massInTumour).toBeGreaterThanOrEqual(0);
    }
    expect(readFileSync(join(dir, 'preds.csv'), 'utf8').split('\n')[0]).toContain('linear_predictor');
    // the Grad-CAM PNGs are enlarged for reading: 20 voxels of 2 mm → 20 px per voxel, 400 × 400
    for (const g of got.gradCam as unknown as { png: string; pngScale: number }[]) {
      expect(g.pngScale).toBe(20);
      const png = readFileSync(g.png);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([400, 400]);
    }
    // The raw Ensemble-DL scores MMF fused are in the CSV and the JSON, one per patient, and they are the
    // very inputs behind MMF's linear predictor: lp = Σ β (x − training mean) over its terms (ensemble_dl_os, age).
    const pcsv = readCsvFile(join(dir, 'preds.csv'));
    const dlOf = new Map<string, number>();
    for (let i = 0; i < pcsv.nRows; i++) {
      const v = pcsv.cells.get('ensemble_dl_os')![i];
      expect(v).not.toBeNull();
      const id = pcsv.cells.get('patient_id')![i]!;
      if (dlOf.has(id)) expect(Number(v)).toBe(dlOf.get(id));
      dlOf.set(id, Number(v));
    }
    expect(pcsv.columns).toContain('ensemble_dl_pfs');
    expect(new Set(dlOf.keys())).toEqual(new Set(ext));
    for (const p of got.predictions as unknown as { patientId: string; ensembleDlOs: number }[]) expect(p.ensembleDlOs).toBe(dlOf.get(p.patientId));
    const fittedJson = JSON.parse(readFileSync(join(out, 'models', 'fitted-study.json'), 'utf8')) as { models: { id: string; outcome: string; coef: number[]; means: number[]; design: { names: string[] } }[] };
    const mmf = fittedJson.models.find((m) => m.id === 'mmf-cox' && m.outcome === 'os')!;
    expect(mmf.design.names).toContain('ensemble_dl_os'); // with age when the study's selection kept it
    expect(mmf.design.names.every((n) => n === 'age' || n === 'ensemble_dl_os')).toBe(true);
    const age = new Map(ext.map((id) => [id, Number(all.cells.get('age')![all.cells.get('patient_id')!.indexOf(id)])]));
    for (const p of mine) {
      const x: Record<string, number> = { age: age.get(p.patientId)!, ensemble_dl_os: dlOf.get(p.patientId)! };
      const lp = mmf.design.names.reduce((a, n, j) => a + mmf.coef[j] * (x[n] - mmf.means[j]), 0);
      expect(Math.abs(lp - p.linearPredictor)).toBeLessThan(1e-9);
    }

    // The same patients with their CT as DICOM series folders (one per patient): converted on the fly,
    // the same scores to the last digit (int16 voxels, same geometry).
    const dicomRows: string[] = [cols.join(',')];
    for (let i = 0; i < all.nRows; i++) {
      if (all.cells.get('centre')![i] !== 'C3') continue;
      const id = all.cells.get('patient_id')![i]!;
      const vol = readNifti(join(dir, all.cells.get('image_portal_venous')![i]!)).volume;
      const folder = join(dir, 'dicom', id);
      mkdirSync(folder, { recursive: true });
      const uid = `2.25.${1000 + i}`;
      for (const sl of writeDicomSeries(vol as Parameters<typeof writeDicomSeries>[0], { studyInstanceUid: `${uid}.1`, seriesInstanceUid: `${uid}.2`, frameOfReferenceUid: `${uid}.3` })) writeFileSync(join(folder, `${sl.k}.dcm`), sl.bytes);
      dicomRows.push(cols.map((c) => (c === 'image_portal_venous' ? `dicom/${id}` : all.cells.get(c)![i])).join(','));
    }
    writeFileSync(join(dir, 'new-dicom.csv'), dicomRows.join('\n') + '\n');
    const pd = await runCli(['predict', '--model', join(out, 'models', 'fitted-study.json'), '--patients', join(dir, 'new-dicom.csv'), '--dl-model', join(out, 'models', 'dl'), '--out', join(dir, 'preds-dicom.csv'), '--json']);
    expect(pd.code, pd.err.slice(-1500)).toBe(0);
    const gotD = JSON.parse(pd.out) as typeof got;
    const mineD = gotD.predictions.filter((p) => p.model === 'mmf-cox' && p.outcome === 'os');
    expect(new Set(mineD.map((p) => p.patientId))).toEqual(new Set(ext));
    for (const p of mineD) expect(Math.abs(p.linearPredictor - lp.get(p.patientId)!)).toBeLessThan(1e-9);
    // converted once into the cache beside the Grad-CAM folder
    expect(readdirSync(join(dir, 'images')).length).toBeGreaterThan(0);

    // A missing mask file: an error naming row, patient and column and the models that needed it
    // (not a bare warning followed by an "ensemble_dl_os is missing" error on a second run)
    const bad = rows.map((r, k) => (k === 1 ? r.split(',').map((v, j) => (cols[j] === 'mask_portal_venous' ? 'img/nope.nii.gz' : v)).join(',') : r));
    writeFileSync(join(dir, 'new-bad.csv'), bad.join('\n') + '\n');
    const pb = await runCli(['predict', '--model', join(out, 'models', 'fitted-study.json'), '--patients', join(dir, 'new-bad.csv'), '--dl-model', join(out, 'models', 'dl'), '--out', join(dir, 'preds-bad.csv')]);
    expect(pb.code).toBe(2);
    expect(pb.err).toMatch(new RegExp(`error \\[missing_file\\] at \\S*new-bad\\.csv\\.row\\.1\\.mask_portal_venous: patient ${ext[0]} \\(row 1\\): "mask_portal_venous": no file at .*\\(needed by [^)]*os/mmf-cox`));
    expect(pb.err).not.toMatch(/ensemble_dl_os" is missing/);
  }, 120_000);
});
