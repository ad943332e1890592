// The study's Ensemble-DL stage on a tiny image cohort: scores for every patient with images, coded
// warnings naming the patients it could not score, Grad-CAM on the external test centre, the store
// making a rerun free, and the whole study fusing the score (MMF) without re-training.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { HccError } from '../../src/core/errors.js';
import { clinicalOffsets, openStudyStore, parseStudySettings, runDeepStage, runFullStudy, withDeepColumns } from '../../src/fusion/index.js';
import type { StudySettings } from '../../src/fusion/index.js';
import { readManifest, writeNifti } from '../../src/io/index.js';
import { makeVolume } from '../../src/core/volume.js';
import { writeTinyImageCohort } from './tiny-image-cohort.js';

const dir = mkdtempSync(join(tmpdir(), 'deep-stage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { manifest, latent } = writeTinyImageCohort(dir, { perCentre: [24, 8, 8] });
// P003 (training): empty mask; P037 (external): image file corrupt (the manifest check sees a file; reading it fails).
writeNifti(join(dir, 'img', 'P003_mask.nii.gz'), makeVolume({ shape: [20, 20, 10], spacing: [2, 2, 2.5], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Uint8Array(4000) }));
writeFileSync(join(dir, 'img', 'P037_pv.nii.gz'), 'not a NIfTI file');

function settings(extra: Record<string, unknown> = {}): StudySettings {
  const r = parseStudySettings({
    seed: 3,
    models: {
      mrecist: { enabled: false },
      mmf: { forest: { enabled: false } },
      ensembleDl: {
        enabled: true,
        stack: { size: [16, 16], slices: 3, labels: [1], contextMm: 4 },
        training: { members: ['cnn25d'], epochs: 2, batchSize: 8, widths: [4, 8, 8], headWidth: 8, workers: 1 },
        gradCam: { galleryPatients: 2 },
        crossFitFolds: 0,
        ...extra,
      },
    },
    evaluation: { reference: 'mmf-cox', bootstrapResamples: 50 },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('runDeepStage', async () => {
  const read = readManifest(manifest);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const cohort = read.value;
  const out = join(dir, 'study');
  const s = settings();
  const first = await runDeepStage(cohort, s.models.ensembleDl, openStudyStore(out), out);

  it('scores every patient with images; the others are null and named in coded warnings', () => {
    const ids = cohort.table.cells.get('patient_id')!;
    const os = first.columns.ensemble_dl_os;
    expect(os.length).toBe(40);
    ids.forEach((id, i) => {
      if (id === 'P003' || id === 'P037') expect(os[i]).toBeNull();
      else expect(Number.isFinite(os[i])).toBe(true);
    });
    expect(first.columns.ensemble_dl_pfs.filter((v) => v !== null).length).toBe(38);
    expect(first.columns.dl_cnn25d_os).toBeDefined();
    expect(first.warnings.find((w) => w.path[0] === 'P037')?.message).toMatch(/skipped by the Ensemble-DL stage/);
    expect(first.warnings.find((w) => w.path[0] === 'P003')?.code).toBe('empty_mask');
    expect(first.warnings.every((w) => w.severity === 'warning')).toBe(true);
  });

  it('exports penultimate features and Grad-CAM of the external patients with PNG overlays', () => {
    expect(first.features.ids.length).toBe(38);
    expect(first.features.names).toEqual(Array.from({ length: 8 }, (_, k) => `cnn25d:f${k}`));
    expect(first.features.matrix.every((r) => r.length === 8 && r.every(Number.isFinite))).toBe(true);
    expect(first.gradCam.length).toBe(7); // 8 external, one without image
    for (const g of first.gradCam) {
      expect(g.massInMargin).toBeGreaterThanOrEqual(g.massInTumour);
      expect(g.massInMargin).toBeLessThanOrEqual(1 + 1e-9);
      expect(existsSync(g.png!)).toBe(true);
    }
    expect(existsSync(join(out, 'models', 'dl', 'ensemble.json'))).toBe(true);
  });

  it('reuses the stored result on a rerun (same scores, nothing trained), giving the same cohort table', async () => {
    const again = await runDeepStage(cohort, s.models.ensembleDl, openStudyStore(out), out);
    expect(again.reused).toBe(true);
    // the parts' times come back as the run that computed them measured them
    const parts = Object.values(first.seconds ?? {});
    expect(parts).toHaveLength(5);
    expect(parts.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
    expect(first.seconds!.ensemble).toBeGreaterThan(0);
    expect(again.seconds).toEqual(first.seconds);
    expect(again.columns.ensemble_dl_os).toEqual(first.columns.ensemble_dl_os);
    // the stored object comes back with its keys in another order; the table (part of every study key) must not change
    const t1 = withDeepColumns(cohort, first.columns).table;
    const t2 = withDeepColumns(cohort, again.columns).table;
    expect(t2.columns).toEqual(t1.columns);
    expect([...t2.cells.keys()]).toEqual([...t1.cells.keys()]);
  });

  it('a fresh result comes back exactly as a reused one will (same keys in the same order)', async () => {
    const again = await runDeepStage(cohort, s.models.ensembleDl, openStudyStore(out), out);
    const { reused: _a, ...fresh } = first;
    const { reused: _b, ...kept } = again;
    expect(JSON.stringify(kept)).toBe(JSON.stringify(fresh));
  });

  it('is computed again when models/dl no longer holds the bundle it was computed with (another run replaced it)', async () => {
    const dl = join(out, 'models', 'dl');
    const bin = join(dl, readdirSync(dl).find((f) => f.endsWith('.bin'))!);
    const original = readFileSync(bin);
    const changed = Buffer.from(original);
    changed[0] ^= 1;
    writeFileSync(bin, changed);
    const trained: string[] = [];
    const reused: string[] = [];
    const again = await runDeepStage(cohort, s.models.ensembleDl, openStudyStore(out), out, { onTrain: (m) => trained.push(m), onReuse: (p) => reused.push(p) });
    expect(again.reused).toBe(false);
    // the bundle is rebuilt from the member this folder's store kept (not trained again, not taken from models/dl)
    expect(trained).toEqual([]);
    expect(reused).toEqual(['ensemble member cnn25d']);
    // the folder holds the original bundle once more
    expect(readFileSync(bin).equals(original)).toBe(true);
    expect(again.columns.ensemble_dl_os).toEqual(first.columns.ensemble_dl_os);
  });

  it("stops with every problem named when onMissing is 'stop'", async () => {
    const stop = settings({ onMissing: 'stop' });
    try {
      await runDeepStage(cohort, stop.models.ensembleDl, openStudyStore(join(dir, 'stop')), join(dir, 'stop'));
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(HccError);
      expect((e as HccError).code).toBe('E_INPUT');
      expect((e as HccError).message).toMatch(/P003/);
    }
  });

  it('feeds MMF in the full study: Ensemble-DL and MMF rows, deep tables, same stored scores', async () => {
    const res = await runFullStudy(cohort, s, { outDir: out });
    expect(res.deep?.reused).toBe(true);
    // a rerun of the same study: nothing computed, the reused Ensemble-DL stage counted among the reused objects
    const again = await runFullStudy(cohort, s, { outDir: out });
    expect(again.stats.computed).toBe(0);
    expect(again.stats.reused).toBe(res.stats.reused + res.stats.computed);
    // every object the folder holds is reused once, the stage's own included (its parts and members are kept only while it runs)
    const stored = new Set(readFileSync(join(out, 'state', 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { key: string; kind: string }).filter((e) => e.kind !== 'deep-part' && e.kind !== 'deep-member').map((e) => e.key));
    expect(stored.size).toBeGreaterThan(1);
    expect(again.stats.reused).toBe(stored.size);
    const models = res.tables.find((t) => t.name === 'models')!;
    const labels = models.rows.filter((r) => r[0] === 'os').map((r) => [r[1], r[2]]);
    expect(labels).toContainEqual(['imaging', 'Ensemble-DL']);
    expect(labels.map((l) => l[0])).toContain('mmf-cox');
    for (const name of ['deep_members', 'gradcam_scores', 'gradcam_summary', 'tripod_ai']) expect(res.tables.find((t) => t.name === name)?.rows.length).toBeGreaterThan(0);
    expect(res.gallery?.items.length).toBe(2);
    // age, the tiny cohort's only clinical candidate, carries no signal: no clinical benchmark is fitted
    // (a warning, not a crash) and MMF is the Ensemble-DL score alone.
    expect(labels.some((l) => l[0] === 'clinical')).toBe(false);
    expect(res.warnings.some((w) => /no clinical candidate passed the univariable screen/.test(w.message))).toBe(true);
    const coef = res.tables.find((t) => t.name === 'model_coefficients')!;
    const terms = coef.rows.filter((r) => r[0] === 'os' && r[1] === 'mmf-cox').map((r) => r[2]);
    expect(terms).toEqual(['ensemble_dl_os']);
    writeFileSync(join(dir, 'done'), '');
  });
});

describe('runDeepStage with auxiliary clinical heads', async () => {
  const read = readManifest(manifest);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  // a three-level grade column (as a categorical clinical variable would be)
  const ids = read.value.table.cells.get('patient_id')!;
  const grade = ids.map((_, i) => (i % 3 === 0 ? 'G1' : i % 3 === 1 ? 'G2' : i === 4 ? null : 'G3'));
  const cohort = { ...read.value, table: { ...read.value.table, columns: [...read.value.table.columns, 'grade'], cells: new Map([...read.value.table.cells, ['grade', grade]]) } };
  const out = join(dir, 'aux');
  const s = settings({ auxColumns: ['grade', 'no_such_column'] });
  const res = await runDeepStage(cohort, s.models.ensembleDl, openStudyStore(out), out);

  it('adds one softmax head per usable column (levels from training patients) and warns about the others', () => {
    const member = JSON.parse(readFileSync(join(out, 'models', 'dl', 'member-cnn25d.json'), 'utf8')) as { spec: { auxHeads: { name: string; classes: number }[] }; history: { parts: Record<string, number> }[] };
    expect(member.spec.auxHeads).toEqual([{ name: 'grade', classes: 3 }]);
    expect(Object.keys(member.history[0].parts)).toContain('aux.grade');
    expect(Number.isFinite(member.history[0].parts['aux.grade'])).toBe(true);
    expect(res.warnings.find((w) => w.code === 'missing_column')?.path).toContain('no_such_column');
  });
});

describe("runDeepStage with offset 'clinical' (members learn the risk beyond the clinical benchmark)", async () => {
  const read = readManifest(manifest);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  // a clinical marker carrying the cohort's latent risk, so the clinical benchmark selects it
  const ids0 = read.value.table.cells.get('patient_id')!;
  const marker = ids0.map((id) => String(latent.get(String(id)) ?? 0));
  const cohort = { ...read.value, table: { ...read.value.table, columns: [...read.value.table.columns, 'marker'], cells: new Map([...read.value.table.cells, ['marker', marker]]) } };
  const out = join(dir, 'offset');
  const r = parseStudySettings({
    seed: 3,
    models: {
      mrecist: { enabled: false },
      clinical: { candidates: [{ column: 'marker' }] },
      mmf: { forest: { enabled: false } },
      ensembleDl: { enabled: true, offset: 'clinical', crossFitFolds: 0, stack: { size: [16, 16], slices: 3, labels: [1], contextMm: 4 }, training: { members: ['cnn25d'], epochs: 2, batchSize: 8, widths: [4, 8, 8], headWidth: 8, workers: 1 }, gradCam: { enabled: false } },
    },
    evaluation: { bootstrapResamples: 0 },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const s = r.value;
  const store = openStudyStore(out);
  const offsets = clinicalOffsets(cohort, s, store);
  const plain = await runDeepStage(cohort, s.models.ensembleDl, store, out);
  const withOffset = await runDeepStage(cohort, s.models.ensembleDl, store, out, {}, offsets);

  it("the offsets are the clinical benchmark's centred linear predictor, fitted on training patients only", async () => {
    expect(offsets).not.toBeNull();
    const full = await runFullStudy(cohort, s, { outDir: out });
    expect(full.deep?.reused).toBe(true); // the study computes the same offsets, so it reuses the stage
    const pred = full.tables.find((t) => t.name === 'predictions')!.rows.filter((r) => r[0] === 'os' && r[1] === 'clinical');
    const risk = new Map(pred.map((r) => [String(r[2]), Number(r[4])]));
    const ids = cohort.table.cells.get('patient_id')!;
    expect(risk.size).toBeGreaterThan(30);
    ids.forEach((id, i) => expect(offsets!.os[i]).toBeCloseTo(risk.get(String(id)) ?? 0, 12));
    // centred on the training patients: their mean offset is 0
    const train = cohort.split.map((sp, i) => (sp === 'training' ? i : -1)).filter((i) => i >= 0);
    expect(Math.abs(train.reduce((a, i) => a + offsets!.os[i], 0) / train.length)).toBeLessThan(1e-9);
  });

  it('changes what the members are trained on: a separate stored result with different scores', () => {
    expect(withOffset.reused).toBe(false);
    expect(withOffset.key).not.toBe(plain.key);
    const a = plain.columns.ensemble_dl_os, b = withOffset.columns.ensemble_dl_os;
    expect(a.some((v, i) => v !== null && b[i] !== null && Math.abs(v - b[i]!) > 1e-6)).toBe(true);
  });
});

describe('runDeepStage with crossFitFolds (out-of-fold scores for the training patients)', async () => {
  const read = readManifest(manifest);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const cohort = read.value;
  const plainOut = join(dir, 'xfit-plain');
  const out = join(dir, 'xfit');
  const plain = await runDeepStage(cohort, settings({ gradCam: { enabled: false } }).models.ensembleDl, openStudyStore(plainOut), plainOut);
  const xfit = await runDeepStage(cohort, settings({ gradCam: { enabled: false }, crossFitFolds: 2 }).models.ensembleDl, openStudyStore(out), out);

  it('replaces only the training patients\' ensemble scores, by scores from ensembles that did not see them', () => {
    expect(xfit.crossFit?.folds).toBe(2);
    expect(Number.isFinite(xfit.crossFit?.oofC)).toBe(true);
    let changed = 0;
    cohort.split.forEach((sp, i) => {
      const a = plain.columns.ensemble_dl_os[i], b = xfit.columns.ensemble_dl_os[i];
      if (a === null) return expect(b).toBeNull();
      if (sp === 'training') { if (Math.abs(a - b!) > 1e-9) changed++; }
      else expect(b).toBe(a); // the full ensemble (same seeds) scores validation and external patients
      // members' own columns always come from the full models
      expect(xfit.columns.dl_cnn25d_os[i]).toBe(plain.columns.dl_cnn25d_os[i]);
    });
    expect(changed).toBeGreaterThan(15);
  });

  it('resumes an interrupted run: the trained ensemble and the finished folds are reused, giving the same scores', async () => {
    const resumed = join(dir, 'xfit-resumed');
    const st = settings({ gradCam: { enabled: false }, crossFitFolds: 2 }).models.ensembleDl;
    // Interrupted during the second fold's training (as a killed process would be).
    await expect(
      runDeepStage(cohort, st, openStudyStore(resumed), resumed, {
        onTrain: (label) => {
          if (label.startsWith('fold 2/2')) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const reused: string[] = [];
    const trained: string[] = [];
    // A new process: the deep engine not started (the resumed run trains nothing before loading the ensemble).
    tf.engine().reset();
    const again = await runDeepStage(cohort, st, openStudyStore(resumed), resumed, { onReuse: (p) => reused.push(p), onTrain: (label) => trained.push(label) });
    expect(reused).toEqual(['ensemble', 'fold 1/2']);
    expect(new Set(trained.map((l) => l.split(' ').slice(0, 2).join(' ')))).toEqual(new Set(['fold 2/2']));
    expect(again.columns).toEqual(xfit.columns);
    expect(again.crossFit).toEqual(xfit.crossFit);
    // Another run's bundle in models/dl is not taken for this one's: a changed file is retrained.
    const other = join(dir, 'xfit-other');
    await runDeepStage(cohort, st, openStudyStore(other), other, { onTrain: (label) => { if (label.startsWith('fold 1/2')) throw new Error('interrupted'); } }).catch(() => undefined);
    writeFileSync(join(other, 'models', 'dl', 'ensemble.json'), readFileSync(join(other, 'models', 'dl', 'ensemble.json'), 'utf8') + ' ');
    const seen: string[] = [];
    await runDeepStage(cohort, st, openStudyStore(other), other, { onReuse: (p) => seen.push(p) });
    // the bundle is rebuilt from this folder's own finished member (kept in its store), not taken from models/dl
    expect(seen).toEqual(['ensemble member cnn25d']);
  });

  it('resumes an ensemble interrupted between its members: finished members are reused, the rest trained, same scores', async () => {
    const two = (extra: Record<string, unknown> = {}) => settings({ gradCam: { enabled: false }, crossFitFolds: 2, training: { members: ['cnn25d', 'autoencoder'], epochs: 2, batchSize: 8, widths: [4, 8, 8], headWidth: 8, workers: 1 }, ...extra }).models.ensembleDl;
    const whole = join(dir, 'members-whole');
    const reference = await runDeepStage(cohort, two(), openStudyStore(whole), whole);
    const cut = join(dir, 'members-cut');
    const interruptAt = async (label: string) =>
      expect(runDeepStage(cohort, two(), openStudyStore(cut), cut, { onTrain: (l) => { if (l === label) throw new Error('interrupted'); } })).rejects.toThrow('interrupted');
    // killed while the full ensemble's second member trains
    await interruptAt('autoencoder');
    const reused: string[] = [];
    const trained = new Set<string>();
    // killed again while the second fold's second member trains
    await expect(
      runDeepStage(cohort, two(), openStudyStore(cut), cut, {
        onReuse: (p) => reused.push(p),
        onTrain: (l) => {
          trained.add(l);
          if (l === 'fold 2/2 autoencoder') throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect(reused).toEqual(['ensemble member cnn25d']);
    expect(trained.has('cnn25d')).toBe(false);
    expect(trained.has('autoencoder')).toBe(true);
    // a member checkpoint cut short on disk is not trusted: that member is trained again
    const members = join(cut, 'state', 'deep-members');
    const bins = readdirSync(members).filter((f) => f.endsWith('.bin'));
    expect(bins.length).toBe(5); // ensemble 2, fold 1: 2, fold 2: 1
    const reusedLast: string[] = [];
    const trainedLast = new Set<string>();
    tf.engine().reset();
    const again = await runDeepStage(cohort, two(), openStudyStore(cut), cut, { onReuse: (p) => reusedLast.push(p), onTrain: (l) => trainedLast.add(l) });
    expect(reusedLast).toEqual(['ensemble', 'fold 1/2', 'fold 2/2 member cnn25d']);
    expect([...trainedLast]).toEqual(['fold 2/2 autoencoder']);
    expect(again.columns).toEqual(reference.columns);
    expect(again.crossFit).toEqual(reference.crossFit);
    // the same again from a folder whose kept member checkpoint was cut short: retrained, same scores
    const cut2 = join(dir, 'members-cut2');
    await expect(runDeepStage(cohort, two(), openStudyStore(cut2), cut2, { onTrain: (l) => { if (l === 'autoencoder') throw new Error('interrupted'); } })).rejects.toThrow('interrupted');
    const kept = readdirSync(join(cut2, 'state', 'deep-members')).filter((f) => f.endsWith('.bin'));
    expect(kept.length).toBe(1);
    const bin = join(cut2, 'state', 'deep-members', kept[0]);
    writeFileSync(bin, readFileSync(bin).subarray(0, 100));
    const reused2: string[] = [];
    const again2 = await runDeepStage(cohort, two(), openStudyStore(cut2), cut2, { onReuse: (p) => reused2.push(p) });
    expect(reused2).toEqual([]);
    expect(again2.columns).toEqual(reference.columns);
  });

  it('rejects a single fold', () => {
    const r = parseStudySettings({ models: { ensembleDl: { enabled: true, crossFitFolds: 1 } } });
    expect(r.ok).toBe(false);
  });
});
