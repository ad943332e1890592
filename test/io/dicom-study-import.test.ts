// The study's up-front image import: a manifest whose phase images are DICOM series folders and whose
// masks are DICOM-SEG / RTSTRUCT files goes through the radiomics stage as the NIfTI manifest does.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HccError } from '../../src/core/errors.js';
import type { StudyCohort } from '../../src/io/index.js';
import { importCohortImages, readManifest, readNifti } from '../../src/io/index.js';
import { importDicomMask } from '../../src/io/study/index.js';
import { parseMaskLabels } from '../../src/io/study/mask-label-map.js';
import { createSanitiser } from '../../src/io/deidentify/sanitiser.js';
import { extractCohortFeaturesParallel, openStudyStore, parseStudySettings } from '../../src/fusion/index.js';
import type { PatientImageFiles } from '../../src/synth/index.js';
import { writePatientImages } from '../../src/synth/index.js';
import { readCsvFile } from '../../src/core/table.js';
import { runCli } from '../helpers/cli.js';
import { validateManifest, validateManifestWithDicom } from '../../src/cli/commands/validate-manifest.js';
import { cohort } from '../synth/helpers.js';

const PHASES = ['arterial', 'portal_venous', 'delayed'] as const;
const LABELS = '1=liver;2=tumour;3=thrombus';
const N = 6;

/** Every patient gets DICOM series; masks as SEG or RTSTRUCT (half each by share); small grids. */
const c = cohort(N, 3, { config: { images: { scanners: {}, defaultScanner: { maskFormats: { nifti: 0, dicomSeg: 1, rtstruct: 1 } }, dicomCentre: null, dicomShareOthers: 1, spacingScale: 2.5, gzipLevel: 1 } } });
const dir = mkdtempSync(join(tmpdir(), 'mmf-dicom-study-'));
let files: PatientImageFiles[] = [];

type Row = Record<string, string>;
function writeManifest(name: string, rows: readonly Row[]): string {
  const cols = Object.keys(rows[0]);
  writeFileSync(join(dir, `${name}.csv`), [cols.join(','), ...rows.map((r) => cols.map((k) => r[k]).join(','))].join('\n') + '\n');
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ cohort: name, patients: `${name}.csv`, outcomes: [], requireImages: true, variables: [] }));
  return path;
}
function niftiRow(f: PatientImageFiles): Row {
  return { patient_id: f.patientId, centre: f.centre, split: 'training', ...Object.fromEntries(PHASES.flatMap((p) => [[`image_${p}`, f.nifti[p]], [`mask_${p}`, f.maskNifti]])) };
}
function dicomRow(f: PatientImageFiles, labels = LABELS, images = f.dicom!): Row {
  return { patient_id: f.patientId, centre: f.centre, split: 'training', ...Object.fromEntries(PHASES.flatMap((p) => [[`image_${p}`, images[p]], [`mask_${p}`, f.maskPath]])), mask_labels: labels };
}
function read(path: string, skip = false): StudyCohort {
  const r = readManifest(path, { onInvalidRow: skip ? 'skip' : 'stop' });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.value;
}
const cell = (co: StudyCohort, col: string, i: number) => co.table.cells.get(col)![i]!;

function dice(a: Uint8Array, b: Uint8Array, label: number): number {
  let inter = 0, na = 0, nb = 0;
  for (let v = 0; v < a.length; v++) {
    const x = a[v] === label, y = b[v] === label;
    if (x) na++;
    if (y) nb++;
    if (x && y) inter++;
  }
  return na + nb === 0 ? 1 : (2 * inter) / (na + nb);
}

let niftiCohort: StudyCohort;
let dicomCohort: StudyCohort;
let imported: Awaited<ReturnType<typeof importCohortImages>>;
const out = join(dir, 'study');

beforeAll(async () => {
  files = Array.from({ length: N }, (_, i) => writePatientImages(c, i, dir));
  niftiCohort = read(writeManifest('nifti', files.map(niftiRow)));
  dicomCohort = read(writeManifest('dicom', files.map((f) => dicomRow(f))));
  imported = await importCohortImages(dicomCohort, out);
}, 60_000);

describe('DICOM series + SEG / RTSTRUCT masks → NIfTI (importCohortImages)', () => {
  it('the synthetic cohort has both mask formats and DICOM for every patient', () => {
    const formats = new Set(files.map((f) => f.maskFormat));
    expect(formats).toEqual(new Set(['dicom-seg', 'rtstruct']));
    expect(files.every((f) => f.dicom !== null)).toBe(true);
    expect(imported.dicomPatients).toBe(N);
    // 3 series per patient; the mask once: the 3 phases share one grid and frame of reference, so the
    // second and third phases find the first one's conversion
    expect(imported.converted).toBe(N * 3 + N);
    expect(imported.reused).toBe(N * 2);
    expect(imported.shared).toBe(N * 2); // all of them within this run
  });

  it('converted CT voxels equal the NIfTI ones exactly (int16 HU) with the same geometry', () => {
    for (let i = 0; i < N; i++) {
      for (const p of PHASES) {
        const conv = readNifti(cell(imported.cohort, `image_${p}`, i));
        const ref = readNifti(cell(niftiCohort, `image_${p}`, i)).volume;
        expect(conv.header.datatype).toBe('int16');
        expect(conv.volume.shape).toEqual(ref.shape);
        expect(Buffer.from(conv.volume.data.buffer, conv.volume.data.byteOffset, conv.volume.data.byteLength).equals(Buffer.from(ref.data.buffer, ref.data.byteOffset, ref.data.byteLength))).toBe(true);
        conv.volume.origin.forEach((o, a) => expect(o).toBeCloseTo(ref.origin[a], 4));
        conv.volume.spacing.forEach((s, a) => expect(s).toBeCloseTo(ref.spacing[a], 5));
        // nothing from the DICOM header: the description names the converter only
        expect(conv.header.description).toBe('mmf-hcc dicom-series import');
      }
    }
  });

  it('SEG masks equal the NIfTI masks exactly; RTSTRUCT masks agree per label with Dice >= 0.99 (measured: 1.000 for every label and phase)', () => {
    let seg = 0, rt = 0;
    for (let i = 0; i < N; i++) {
      for (const p of PHASES) {
        const conv = readNifti(cell(imported.cohort, `mask_${p}`, i)).volume.data as Uint8Array;
        const ref = readNifti(cell(niftiCohort, `mask_${p}`, i)).volume.data as Uint8Array;
        if (files[i].maskFormat === 'dicom-seg') {
          seg++;
          expect(Buffer.from(conv).equals(Buffer.from(ref))).toBe(true);
        } else {
          rt++;
          for (const label of [1, 2, 3]) expect(dice(conv, ref, label), `${files[i].patientId} ${p} label ${label}`).toBeGreaterThanOrEqual(0.99);
        }
      }
    }
    expect(seg).toBeGreaterThan(0);
    expect(rt).toBeGreaterThan(0);
  });

  it('radiomic features extracted from the DICOM inputs equal those from the NIfTI inputs', async () => {
    const settings = parseStudySettings({ models: { radiomics: { enabled: true, phase: 'portal_venous', tumourLabel: 2, extraction: { families: ['morphology', 'statistics', 'glcm'], morphology: { autocorrelation: false }, texture: { aggregations: ['3d_averaged'] } } } } });
    if (!settings.ok) throw new Error('settings');
    const s = settings.value.models.radiomics;
    const a = await extractCohortFeaturesParallel(imported.cohort.table, openStudyStore(join(dir, 'fa')), s, { workers: 1 });
    const b = await extractCohortFeaturesParallel(niftiCohort.table, openStudyStore(join(dir, 'fb')), s, { workers: 1 });
    let compared = 0;
    for (let i = 0; i < N; i++) {
      const fa = a.rows[i]!, fb = b.rows[i]!;
      expect(fa.error).toBe(fb.error);
      expect(fa.tumourVoxels).toBe(fb.tumourVoxels);
      expect(Object.keys(fa.features).sort()).toEqual(Object.keys(fb.features).sort());
      for (const [k, v] of Object.entries(fb.features)) {
        // SEG: the same voxels and geometry, so the same numbers. RTSTRUCT: close (measured: identical
        // too, as the generator's contours pass through voxel centres and rasterise back exactly)
        if (files[i].maskFormat === 'dicom-seg') expect(fa.features[k], `${files[i].patientId} ${k}`).toBe(v);
        else expect(fa.features[k], `${files[i].patientId} ${k}`).toBeCloseTo(v, 6);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(N * 20);
  }, 30_000);

  it('a second run with the same output folder converts nothing (every file is found by its content hash)', async () => {
    const again = await importCohortImages(read(join(dir, 'dicom.json')), out);
    expect(again.converted).toBe(0);
    expect(again.reused).toBe(N * 3 * 2);
    expect(again.shared).toBe(0); // every one converted by the earlier run
    expect([...again.cohort.table.cells.get('image_arterial')!]).toEqual([...imported.cohort.table.cells.get('image_arterial')!]);
  });

  it('a non-image DICOM file sorting first in a series folder does not change a reused mask\'s key', async () => {
    // each phase folder gets the patient's RTSTRUCT as "000.dcm" (passed over by the series reader, as a
    // scout would be); on the rerun the frame of reference must come from the first image slice
    const i = files.findIndex((f) => f.maskFormat === 'rtstruct');
    const f = files[i];
    const folders = Object.fromEntries(PHASES.map((p) => {
      const to = join(dir, 'scout-first', p);
      cpSync(join(dir, f.dicom![p]), to, { recursive: true });
      cpSync(join(dir, f.maskPath), join(to, '000.dcm'));
      return [p, join('scout-first', p)];
    })) as Record<(typeof PHASES)[number], string>;
    const manifest = writeManifest('scout-first', [dicomRow(f, LABELS, folders)]);
    const target = join(dir, 'scout-first-out');
    const first = await importCohortImages(read(manifest), target);
    expect([first.converted, first.reused]).toEqual([4, 2]);
    const again = await importCohortImages(read(manifest), target);
    expect([again.converted, again.reused]).toEqual([0, 6]);
  });

  it('a mask is converted again for another grid or frame of reference, not for another image on the same grid', () => {
    const i = files.findIndex((f) => f.maskFormat === 'rtstruct');
    const v = readNifti(cell(imported.cohort, 'image_portal_venous', i)).volume;
    const grid = { shape: v.shape, spacing: v.spacing, origin: v.origin, direction: v.direction };
    const map = parseMaskLabels(LABELS).map!;
    const cache = join(dir, 'grid-key');
    const convert = (g: typeof grid, frame: string | null) => importDicomMask(join(dir, files[i].maskPath), 'rtstruct', { grid: g, frameOfReferenceUid: () => frame, name: 'the test image' }, map, cache, createSanitiser());
    const first = convert(grid, null);
    const same = convert({ ...grid }, null);
    const shifted = convert({ ...grid, origin: [v.origin[0] + v.spacing[0], v.origin[1], v.origin[2]] }, null);
    for (const r of [first, same, shifted]) if (!r.ok) throw new Error(r.issues.map((x) => x.message).join('; '));
    if (!first.ok || !same.ok || !shifted.ok) return;
    expect([first.reused, same.reused, shifted.reused]).toEqual([false, true, false]);
    expect(same.path).toBe(first.path);
    // the shifted grid's label map is the first one moved by one voxel along x
    const a = readNifti(first.path).volume.data, b = readNifti(shifted.path).volume.data;
    const [nx] = v.shape;
    let moved = 0, differ = 0;
    for (let k = 0; k < a.length - 1; k++) if (k % nx !== nx - 1) { if (b[k] === a[k + 1]) moved++; if (b[k] !== a[k]) differ++; }
    expect(differ).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(0.999 * (a.length - a.length / nx));
    const otherFrame = convert(grid, '1.2.3.4');
    expect(otherFrame.ok ? otherFrame.reused : 'not ok').not.toBe(true);
  });
});

describe('conversion problems are coded issues naming the patient, phase and path', () => {
  let broken: string;
  let badId: string;
  let rtId: string;
  beforeAll(() => {
    // a copy of patient 0's series with one slice file truncated
    const f0 = files[0];
    const copy = join(dir, 'broken-series');
    cpSync(join(dir, f0.dicom!.arterial), copy, { recursive: true });
    const victim = join(copy, readdirSync(copy).sort()[3]);
    writeFileSync(victim, readFileSync(victim).subarray(0, 300));
    badId = f0.patientId;
    const rtPatient = files.find((f) => f !== f0 && f.maskFormat === 'rtstruct')!;
    rtId = rtPatient.patientId;
    const rows = files.map((f) => {
      if (f === f0) return dicomRow(f, LABELS, { ...f.dicom!, arterial: copy });
      if (f === rtPatient) return dicomRow(f, '1=liver;2=tumor;3=thrombus'); // "Tumour" ROI is not in this map
      return dicomRow(f);
    });
    broken = writeManifest('broken', rows);
  });

  it("stop: E_INPUT with dicom_unreadable and unknown_label issues, no identifying value, and the other patients' files kept", async () => {
    const co = read(broken);
    let err: unknown = null;
    try {
      await importCohortImages(co, out);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HccError);
    // the way out is named: correct the files, or leave the patients out
    expect((err as HccError).message).toMatch(/2 patient\(s\) have DICOM images or masks that cannot be converted .*onInvalidRow 'skip' \(mmf: --skip-invalid\)/);
    const issues = (err as HccError).issues;
    const unreadable = issues.filter((i) => i.code === 'dicom_unreadable');
    expect(unreadable.length).toBeGreaterThan(0);
    expect(unreadable[0].path.slice(0, 3)).toEqual(['patient', badId, 'image_arterial']);
    expect(unreadable[0].message).toContain(`patient ${badId} (row 1), arterial image series ${join(dir, 'broken-series')}`);
    const unknown = issues.filter((i) => i.code === 'unknown_label');
    expect(unknown.length).toBe(3); // the same RTSTRUCT on each phase's grid
    expect(unknown[0].path.slice(0, 2)).toEqual(['patient', rtId]);
    // patient, column, the mask's path, then the reader's location: the file name is not repeated
    expect(unknown[0].path).toHaveLength(5);
    expect(unknown[0].path[4]).toBe('ROI');
    expect(unknown[0].path.filter((p) => typeof p === 'string' && p.endsWith('.dcm'))).toHaveLength(1);
    expect(unknown[0].message).toMatch(/ROI "Tumour" is not in the mask label map/);
    // the fake identity the generator wrote in the headers is not repeated
    const text = JSON.stringify(issues);
    const fakeName = readFileSync(join(dir, files[0].dicom!.portal_venous, readdirSync(join(dir, files[0].dicom!.portal_venous))[0])).toString('latin1').match(/MRN\d{8}/)?.[0];
    expect(fakeName).toBeDefined();
    expect(text).not.toContain(fakeName!);
    const uids = text.match(/\b\d+(?:\.\d+){2,}\b/g) ?? [];
    expect(uids.filter((u) => !u.startsWith('1.2.840.10008.'))).toEqual([]); // no UID but the DICOM-defined ones
  });

  it('skip: the two patients are left out with warnings; the others are reused from the earlier run', async () => {
    const r = await importCohortImages(read(broken), out, { onInvalidRow: 'skip' });
    expect([...r.leftOut].sort()).toEqual([badId, rtId].sort());
    expect(r.cohort.table.nRows).toBe(N - 2);
    expect(r.cohort.skipped.map((s) => s.patientId).sort()).toEqual([badId, rtId].sort());
    expect(r.warnings.some((w) => w.code === 'unknown_label' && w.message.startsWith('left out: patient'))).toBe(true);
    expect(r.converted).toBe(0); // the label map differs only for the left-out patient
    expect(r.reused).toBeGreaterThanOrEqual((N - 2) * 6);
  });

  it('validate-manifest runs the DICOM import in a temporary folder: its problems are errors before any study, and nothing is left behind', async () => {
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('mmf-validate-dicom-')).length;
    const bad = await validateManifestWithDicom(broken);
    expect(bad.ok).toBe(false);
    expect(bad.issues.some((i) => i.code === 'dicom_unreadable' && i.path[1] === badId)).toBe(true);
    expect(bad.issues.some((i) => i.code === 'unknown_label' && i.path[1] === rtId)).toBe(true);
    // the NIfTI-only checks alone pass the same manifest (the header checks do not open DICOM files)
    expect(validateManifest(broken).ok).toBe(true);
    const good = await validateManifestWithDicom(join(dir, 'dicom.json'));
    expect(good.ok).toBe(true);
    expect(good.dicomPatients).toBeGreaterThan(0);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('mmf-validate-dicom-')).length).toBe(before);
  });

  it('validate-manifest: an image folder without DICOM files, a mask folder and a malformed label map are row errors', () => {
    const empty = join(dir, 'empty-folder');
    cpSync(join(dir, files[1].nifti.arterial), join(empty, 'not-dicom.nii.gz'));
    const rows = [dicomRow(files[1], LABELS, { ...files[1].dicom!, arterial: empty }), { ...dicomRow(files[2]), mask_portal_venous: files[2].dicom!.portal_venous }, dicomRow(files[3], '1:liver')];
    const r = readManifest(writeManifest('invalid', rows));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const codes = r.issues.map((i) => `${i.code}:${i.path.join('/')}`);
    expect(codes.some((c) => c.startsWith('missing_file:') && c.includes('image_arterial'))).toBe(true);
    expect(r.issues.find((i) => i.code === 'missing_file')!.message).toMatch(/holds no DICOM file/);
    expect(codes.some((c) => c.startsWith('bad_dicom:') && c.includes('mask_portal_venous'))).toBe(true);
    expect(codes.some((c) => c.startsWith('bad_option:') && c.includes('mask_labels'))).toBe(true);
    // the valid DICOM manifest passes
    expect(readManifest(join(dir, 'dicom.json')).ok).toBe(true);
  });
});

describe('CLI: mmf validate-manifest and mmf extract read the DICOM manifest with no import step', () => {
  it('extract on the DICOM manifest writes the same features CSV as on the NIfTI manifest', async () => {
    const settings = join(dir, 'cli-settings.json');
    writeFileSync(settings, JSON.stringify({ models: { radiomics: { enabled: true, tumourLabel: 2, extraction: { families: ['morphology', 'statistics'], morphology: { autocorrelation: false } } } } }));
    expect((await runCli(['validate-manifest', join(dir, 'dicom.json')])).code).toBe(0);
    const run = async (m: string, o: string) => {
      const r = await runCli(['extract', '--manifest', join(dir, m), '--out', join(dir, o), '--settings', settings, '--workers', '1', '--no-progress', '--json']);
      expect(r.code, r.err).toBe(0);
      return readCsvFile((JSON.parse(r.out) as { file: string }).file);
    };
    const fromDicom = await run('dicom.json', 'cli-dicom');
    const fromNifti = await run('nifti.json', 'cli-nifti');
    expect(fromDicom.columns).toEqual(fromNifti.columns);
    expect(fromDicom.columns.filter((col) => col.startsWith('tumour.')).length).toBeGreaterThan(10);
    for (const col of fromNifti.columns) expect([...fromDicom.cells.get(col)!], col).toEqual([...fromNifti.cells.get(col)!]);
    expect(readdirSync(join(dir, 'cli-dicom', 'state', 'images')).length).toBe(N * 4);
  }, 30_000);
});
