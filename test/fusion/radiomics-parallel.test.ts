// The study's radiomic feature extraction on worker threads gives the serial result bit for bit: the
// same records in the same rows, the same store objects (the worker count is in no key), the same
// progress calls, warnings and stop error; finished patients are stored when the run stops. The
// worker runs from its TypeScript source through test-only module hooks (ts-worker/).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HccError } from '../../src/core/errors.js';
import type { Table } from '../../src/core/table.js';
import { makeVolume } from '../../src/core/volume.js';
import type { CohortFeatures, RadiomicsModelSettings, StudyStore } from '../../src/fusion/index.js';
import { extractCohortFeatures, extractCohortFeaturesParallel, openStudyStore, radiomicsExtractionSettings, radiomicsModelSettingsSchema } from '../../src/fusion/index.js';
import { PATIENT_FEATURES_KIND, patientFeaturesMaterial } from '../../src/fusion/radiomics-model/extract-patient.js';
import { readManifest, readNifti, writeNifti } from '../../src/io/index.js';
import { writeTinyImageCohort } from './tiny-image-cohort.js';

const dir = mkdtempSync(join(tmpdir(), 'radiomics-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const workerUrl = new URL('./ts-worker/extract-worker.mjs', import.meta.url);
const extraction = { families: ['morphology', 'statistics', 'intensity_histogram', 'glcm'], morphology: { autocorrelation: false }, texture: { aggregations: ['3d_averaged'] } };
const settings = (over: Record<string, unknown> = {}): RadiomicsModelSettings => radiomicsModelSettingsSchema.parse({ enabled: true, extraction, peritumouralMm: 2, ...over });

function cohortTable(sub: string, edit?: (cohortDir: string, csv: string) => string): Table {
  const d = join(dir, sub);
  const { manifest } = writeTinyImageCohort(d, { perCentre: [4, 2, 2] });
  if (edit) writeFileSync(join(d, 'patients.csv'), edit(d, readFileSync(join(d, 'patients.csv'), 'utf8')));
  const c = readManifest(manifest);
  if (!c.ok) throw new Error(JSON.stringify(c.issues));
  return c.value.table;
}

/** Every feature value, voxel count and label compared with Object.is (bit-identical, -0 and NaN included). */
function expectIdentical(a: CohortFeatures, b: CohortFeatures): void {
  expect(b.rows.length).toBe(a.rows.length);
  a.rows.forEach((ra, i) => {
    const rb = b.rows[i];
    if (ra === null) return expect(rb).toBeNull();
    expect(rb).not.toBeNull();
    expect(rb!.patientId).toBe(ra.patientId);
    expect(rb!.error).toBe(ra.error);
    expect([rb!.tumourVoxels, rb!.ringVoxels, rb!.maskLabels]).toEqual([ra.tumourVoxels, ra.ringVoxels, ra.maskLabels]);
    expect(Object.keys(rb!.features)).toEqual(Object.keys(ra.features));
    for (const [k, v] of Object.entries(ra.features)) expect(Object.is(rb!.features[k], v), `${ra.patientId} ${k}: ${rb!.features[k]} vs ${v}`).toBe(true);
  });
  expect(b.warnings).toEqual(a.warnings);
  expect(b.extraction).toEqual(a.extraction);
}

const storedKeys = (store: StudyStore) => store.entries().filter((e) => e.kind === PATIENT_FEATURES_KIND).map((e) => e.key).sort();
const progress = () => {
  const calls: [number, number, boolean][] = [];
  return { calls, on: (d: number, t: number, r: boolean) => void calls.push([d, t, r]) };
};
function caught(f: () => unknown): Promise<unknown> {
  return Promise.resolve().then(f).then(() => null, (e: unknown) => e);
}

describe('radiomic feature extraction on worker threads', () => {
  const table = cohortTable('good');
  const s = settings();

  it('gives the serial records, store objects and progress calls, and reuses the store', async () => {
    const serialStore = openStudyStore(join(dir, 'serial'));
    const ps = progress();
    const serial = extractCohortFeatures(table, serialStore, s, ps.on);
    expect(serial.computed).toBe(8);
    expect(Object.keys(serial.rows[0]!.features).length).toBeGreaterThan(100);
    expect(Object.keys(serial.rows[0]!.features).some((k) => k.startsWith('ring.'))).toBe(true);

    const parStore = openStudyStore(join(dir, 'parallel'));
    const pp = progress();
    const par = await extractCohortFeaturesParallel(table, parStore, s, { workers: 2, workerUrl, onPatient: pp.on });
    expectIdentical(serial, par);
    expect([par.computed, par.reused]).toEqual([8, 0]);
    expect(pp.calls).toEqual(ps.calls);
    expect(pp.calls.map((c) => c[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // same keys whatever the worker count, so each path reuses the other's objects
    expect(storedKeys(parStore)).toEqual(storedKeys(serialStore));
    expect(parStore.stats).toEqual(serialStore.stats);
    const again = await extractCohortFeaturesParallel(table, serialStore, s, { workers: 2, workerUrl });
    expectIdentical(serial, again);
    expect([again.computed, again.reused]).toEqual([0, 8]);

    // three objects removed: those three are extracted again, the other five read from the store
    const ids = table.cells.get('patient_id')!;
    const imgs = table.cells.get('image_portal_venous')!;
    const msks = table.cells.get('mask_portal_venous')!;
    const ex = radiomicsExtractionSettings(s);
    for (const r of [1, 4, 6]) {
      const key = parStore.keyOf(PATIENT_FEATURES_KIND, patientFeaturesMaterial(imgs[r]!, msks[r]!, s, ex));
      const p = join(parStore.dir, 'objects', key.slice(0, 2), `${key}.json`);
      expect(existsSync(p), ids[r]!).toBe(true);
      rmSync(p);
    }
    const pr = progress();
    const partial = await extractCohortFeaturesParallel(table, parStore, s, { workers: 2, workerUrl, onPatient: pr.on });
    expectIdentical(serial, partial);
    expect([partial.computed, partial.reused]).toEqual([3, 5]);
    expect(pr.calls.map((c) => c[2])).toEqual([true, false, true, true, false, true, false, true]);
  });

  it('falls back to the serial path from TypeScript sources (no compiled worker) and on workers = 1', async () => {
    const serial = extractCohortFeatures(table, openStudyStore(join(dir, 'serial')), s);
    expectIdentical(serial, await extractCohortFeaturesParallel(table, openStudyStore(join(dir, 'serial')), s, { workers: 2 }));
    expectIdentical(serial, await extractCohortFeaturesParallel(table, openStudyStore(join(dir, 'serial')), s, { workers: 1, workerUrl }));
    const bad = (await caught(() => extractCohortFeaturesParallel(table, openStudyStore(join(dir, 'serial')), s, { workers: 0 }))) as HccError;
    expect(bad).toBeInstanceOf(HccError);
    expect(bad.code).toBe('E_OPTION');
  });

  it('a worker that dies fails the run with E_INTERNAL instead of hanging', async () => {
    const e = (await caught(() => extractCohortFeaturesParallel(table, openStudyStore(join(dir, 'crash')), s, { workers: 2, workerUrl: new URL('./ts-worker/bad-worker.mjs', import.meta.url) }))) as HccError;
    expect(e).toBeInstanceOf(HccError);
    expect(e.code).toBe('E_INTERNAL');
    expect(e.message).toMatch(/radiomics: patient P00[12]: radiomics worker exited with code 3/);
  });
});

describe('patients without features on worker threads', () => {
  // P003: empty mask (an error in the worker); P005: image is not a NIfTI file (caught before any
  // worker; a .dcm file would now be refused by the manifest check itself, so a non-image file name);
  // P006: a corrupt .nii.gz (unreadable in the worker).
  const table = cohortTable('bad', (d, csv) => {
    const m = readNifti(join(d, 'img', 'P003_mask.nii.gz')).volume;
    writeNifti(join(d, 'img', 'P003_mask.nii.gz'), makeVolume({ shape: m.shape, spacing: m.spacing, origin: m.origin, direction: m.direction, data: new Uint8Array(m.data.length) }));
    writeFileSync(join(d, 'img', 'P006_bad.nii.gz'), 'not a nifti file');
    writeFileSync(join(d, 'img', 'P005_pv.raw'), 'not an image this stage reads');
    return csv.replace('img/P005_pv.nii.gz', 'img/P005_pv.raw').replace('img/P006_pv.nii.gz', 'img/P006_bad.nii.gz');
  });

  it('skip: the same records and empty_mask warnings, in cohort order', async () => {
    const s = settings();
    const ps = progress();
    const serial = extractCohortFeatures(table, openStudyStore(join(dir, 'skip-s')), s, ps.on);
    expect(serial.warnings.filter((w) => w.code === 'empty_mask').map((w) => w.path[1])).toEqual(['P003', 'P005', 'P006']);
    const pp = progress();
    const par = await extractCohortFeaturesParallel(table, openStudyStore(join(dir, 'skip-p')), s, { workers: 2, workerUrl, onPatient: pp.on });
    expectIdentical(serial, par);
    expect(pp.calls).toEqual(ps.calls);
    expect([par.computed, par.reused]).toEqual([serial.computed, serial.reused]);
    expect(par.computed).toBe(7); // P005 never reaches the store
  });

  it('stop: the same E_INPUT error for the first patient without features; patients before it are stored', async () => {
    const s = settings({ onImageError: 'stop' });
    const serialStore = openStudyStore(join(dir, 'stop-s'));
    const ps = progress();
    const se = (await caught(() => extractCohortFeatures(table, serialStore, s, ps.on))) as HccError;
    const parStore = openStudyStore(join(dir, 'stop-p'));
    const pp = progress();
    const pe = (await caught(() => extractCohortFeaturesParallel(table, parStore, s, { workers: 2, workerUrl, onPatient: pp.on }))) as HccError;
    expect(se).toBeInstanceOf(HccError);
    expect(pe).toBeInstanceOf(HccError);
    expect([pe.code, pe.message, pe.issues]).toEqual([se.code, se.message, se.issues]);
    expect(se.code).toBe('E_INPUT');
    expect(se.issues[0]).toMatchObject({ code: 'empty_mask', path: ['radiomics', 'P003'] });
    expect(pp.calls).toEqual(ps.calls);
    expect(ps.calls).toHaveLength(3);
    // P001–P003 stored by both (P003's featureless record too); the parallel run may have finished one more
    const serialKeys = storedKeys(serialStore);
    expect(serialKeys).toHaveLength(3);
    const parKeys = storedKeys(parStore);
    for (const k of serialKeys) expect(parKeys).toContain(k);
    expect(parKeys.length).toBeLessThanOrEqual(4);
  });

  it('stop at a patient known before extraction (not NIfTI): patients queued before it are still extracted and stored', async () => {
    // P004's image is not NIfTI: with two workers busy on P001 / P002, P003 waits in the queue when
    // P004 is reached; it must still be extracted, as serially, before the run stops at P004.
    const t = cohortTable('bad4', (d, csv) => {
      writeFileSync(join(d, 'img', 'P004_pv.raw'), 'not an image this stage reads');
      return csv.replace('img/P004_pv.nii.gz', 'img/P004_pv.raw');
    });
    const s = settings({ onImageError: 'stop' });
    const serialStore = openStudyStore(join(dir, 'stop4-s'));
    const se = (await caught(() => extractCohortFeatures(t, serialStore, s))) as HccError;
    const parStore = openStudyStore(join(dir, 'stop4-p'));
    const pp = progress();
    const pe = (await caught(() => extractCohortFeaturesParallel(t, parStore, s, { workers: 2, workerUrl, onPatient: pp.on }))) as HccError;
    expect(se).toBeInstanceOf(HccError);
    expect([pe.code, pe.message, pe.issues]).toEqual([se.code, se.message, se.issues]);
    expect(se.message).toMatch(/^radiomics: patient P004: the image \S*P004_pv\.raw is not a NIfTI file \(\.nii \/ \.nii\.gz\)$/);
    expect(se.message).not.toMatch(/DICOM/);
    expect(pp.calls).toEqual([[1, 8, false], [2, 8, false], [3, 8, false], [4, 8, false]]);
    expect(storedKeys(parStore)).toEqual(storedKeys(serialStore));
    expect(storedKeys(parStore)).toHaveLength(3);
  });
});
