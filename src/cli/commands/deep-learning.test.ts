// mmf train-dl / predict-dl / gradcam end to end on a tiny generated NIfTI set with a planted signal:
// tumour brightness u sets the hazard exp(3u).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../../../test/helpers/cli.js';
import { createRng } from '../../core/rng.js';
import { makeVolume } from '../../core/volume.js';
import { writeNifti } from '../../io/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-dl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCohort(n: number, seed: number): string {
  const rng = createRng(seed);
  const geo = { shape: [24, 24, 5] as [number, number, number], spacing: [1, 1, 2] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
  const lines = ['patient,arterial,portal,mask,time,event,split'];
  for (let p = 0; p < n; p++) {
    const u = rng.uniform();
    const ci = 7 + Math.floor(rng.uniform() * 10), cj = 7 + Math.floor(rng.uniform() * 10);
    const art = new Int16Array(24 * 24 * 5), por = new Int16Array(art.length), mask = new Uint8Array(art.length);
    for (let k = 0; k < 5; k++) for (let j = 0; j < 24; j++) for (let i = 0; i < 24; i++) {
      const v = i + 24 * (j + 24 * k);
      const tum = Math.abs(i - ci) <= 2 && Math.abs(j - cj) <= 2 && Math.abs(k - 2) <= 1;
      mask[v] = tum ? 2 : 1;
      art[v] = Math.round((tum ? 40 + 160 * u : 60) + 10 * rng.normal());
      por[v] = Math.round((tum ? 60 + 80 * u : 90) + 10 * rng.normal());
    }
    writeNifti(join(dir, `p${p}_art.nii.gz`), makeVolume({ ...geo, data: art }));
    writeNifti(join(dir, `p${p}_por.nii.gz`), makeVolume({ ...geo, data: por }));
    writeNifti(join(dir, `p${p}_mask.nii.gz`), makeVolume({ ...geo, data: mask }));
    const t = Math.max(1, Math.round((-Math.log(1 - rng.uniform()) / Math.exp(3 * u)) * 400));
    const ev = rng.uniform() < 0.85 ? 1 : 0;
    lines.push(`P${p},p${p}_art.nii.gz,p${p}_por.nii.gz,p${p}_mask.nii.gz,${t},${ev},${p < n * 0.75 ? 'training' : 'validation'}`);
  }
  const csv = join(dir, 'patients.csv');
  writeFileSync(csv, lines.join('\n') + '\n');
  return csv;
}

const csv = writeCohort(32, 4);
const model = join(dir, 'model');
const common = ['--phases', 'arterial,portal', '--size', '16', '--slices', '3'];
const trainArgs = ['train-dl', csv, '--out', model, ...common, '--members', 'cnn25d,m3t', '--widths', '8,16', '--head-width', '16', '--epochs', '6', '--batch-size', '8', '--lr', '0.01', '--split', 'split', '--seed', '3', '--augment', 'none', '--combiner', 'cox', '--json'];

describe('mmf train-dl / predict-dl / gradcam', async () => {
  const trained = await run(trainArgs);

  it('train-dl trains two members, fits the Cox combiner on training patients and writes the model folder', () => {
    expect(trained.err).not.toMatch(/error/i);
    expect(trained.code).toBe(0);
    const j = JSON.parse(trained.out);
    expect([j.nTrain, j.nValid]).toEqual([24, 8]);
    expect(j.members.map((m: { name: string }) => m.name)).toEqual(['cnn25d', 'm3t']);
    expect(j.combiner.os.kind).toBe('cox');
    expect(j.combiner.os.diagnostics.n).toBe(24);
    expect(j.ensemble.trainC).toBeGreaterThan(0.6);
    expect(readdirSync(model).sort()).toEqual(['ensemble.json', 'member-cnn25d.bin', 'member-cnn25d.json', 'member-m3t.bin', 'member-m3t.json']);
    expect(trained.err).toMatch(/cnn25d epoch 6\/6 \[#+\] 3\/3/);
  });

  it('predict-dl scores every patient reproducibly and exports features', async () => {
    const feats = join(dir, 'features.csv');
    const a = await run(['predict-dl', csv, '--model', model, '--phases', 'arterial,portal', '--features', feats, '--json']);
    expect(a.code).toBe(0);
    const j = JSON.parse(a.out);
    expect(j.n).toBe(32);
    expect(j.patients[5].patient).toBe('P5');
    expect(Number.isFinite(j.patients[5].ensembleOs)).toBe(true);
    expect(j.concordance.ensembleOs).toBeGreaterThan(0.55);
    const lines = readFileSync(feats, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1 + 32 * 2);
    expect(lines[0].split(',')).toHaveLength(2 + 16);
    const b = await run(['predict-dl', csv, '--model', model, '--json']);
    expect(JSON.parse(b.out).patients).toEqual(j.patients);
    const text = await run(['predict-dl', csv, '--model', model]);
    expect(text.out).toContain('Ensemble-DL risk scores');
  });

  it('gradcam writes NIfTI overlays and PNG slices per member and scores them against the tumour', async () => {
    const out = join(dir, 'cams');
    const r = await run(['gradcam', csv, '--model', model, '--out', out, '--member', 'cnn25d', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.patients).toHaveLength(32);
    expect(j.summary[0].member).toBe('cnn25d');
    expect(j.summary[0].peakInMargin).toBeGreaterThanOrEqual(0);
    expect(existsSync(join(out, 'cnn25d', 'P0_gradcam.nii.gz'))).toBe(true);
    expect(j.patients[0].pngPaths).toHaveLength(3);
  });

  it('train-dl --manifest reads phases, images, masks, outcomes (months → days) and split from a study manifest', async () => {
    const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const lines = ['patient_id,centre,split,os_time,os_event,pfs_time,pfs_event,image_arterial,image_portal_venous,mask_portal_venous'];
    for (const [id, art, por, mask, t, ev, split] of rows) lines.push([id, 'A', split === 'training' ? 'training' : 'internal_validation', (Number(t) / 30.4375).toFixed(4), ev, (Number(t) / 60.875).toFixed(4), ev, art, por, mask].join(','));
    writeFileSync(join(dir, 'study.csv'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'study.json'), JSON.stringify({ patients: 'study.csv', phases: ['arterial', 'portal_venous'], timeUnit: 'months', cohort: 'tiny' }));
    const out = join(dir, 'model-manifest');
    const r = await run(['train-dl', join(dir, 'study.json'), '--manifest', '--out', out, '--size', '16', '--members', 'cnn25d', '--widths', '8,16', '--head-width', '16', '--epochs', '1', '--batch-size', '8', '--json']);
    expect(r.err).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect([j.nTrain, j.nValid]).toEqual([24, 8]);
    expect(j.combiner.pfs).not.toBeNull();
    const bundle = JSON.parse(readFileSync(join(out, 'ensemble.json'), 'utf8'));
    expect(bundle.stack.phases).toEqual(['arterial', 'portal_venous']);
    const p = await run(['predict-dl', join(dir, 'study.json'), '--manifest', '--model', out, '--json']);
    expect(p.code).toBe(0);
    expect(JSON.parse(p.out).patients[0].ensemblePfs).toEqual(expect.any(Number));
    const mismatch = await run(['predict-dl', join(dir, 'study.json'), '--manifest', '--model', model]);
    expect(mismatch.err).toContain("phases arterial, portal_venous differ from the model's arterial, portal");
  });

  it('--help shows examples; bad flags and lists are errors naming the problem', async () => {
    for (const c of ['train-dl', 'predict-dl', 'gradcam']) {
      const h = await run([c, '--help']);
      expect(h.out).toContain('Examples:');
    }
    const bad = await run(['train-dl', csv, '--out', join(dir, 'x'), ...common, '--members', 'resnet']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('unknown member "resnet"');
    const badRef = await run(['train-dl', csv, '--out', join(dir, 'x'), ...common, '--reference-labels', '1,liver']);
    expect(badRef.code).toBe(2);
    expect(badRef.err).toContain('--reference-labels "liver" is not an integer');
    const noMask = await run(['predict-dl', csv, '--model', model, '--mask', 'seg']);
    expect(noMask.code).toBe(2);
    expect(noMask.err).toContain('seg');
    const noModel = await run(['predict-dl', csv, '--model', join(dir, 'nope')]);
    expect(noModel.err).toContain('train one with `mmf train-dl`');
  });
});
