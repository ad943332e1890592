import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import { makeVolume } from '../../core/volume.js';
import { writeDicomSeries } from '../dicom/write-dicom-series.js';
import { encodeNifti, writeNifti } from '../nifti/write-nifti.js';
import { readManifest } from './read-manifest.js';

const I3: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** A grid of shape `shape`, spacing `spacing`: an image (int16 ramp) or a mask (a 2x2x2 tumour of label 2, or all zero). */
function image(shape: Vec3, spacing: Vec3): ReturnType<typeof makeVolume<Int16Array>> {
  const n = shape[0] * shape[1] * shape[2];
  return makeVolume({ shape, spacing, origin: [0, 0, 0], direction: I3, data: Int16Array.from({ length: n }, (_, i) => (i % 200) - 100) });
}
function mask(shape: Vec3, spacing: Vec3, empty = false): ReturnType<typeof makeVolume<Uint8Array>> {
  const data = new Uint8Array(shape[0] * shape[1] * shape[2]);
  if (!empty) for (const k of [1, 2]) for (const j of [1, 2]) for (const i of [1, 2]) data[i + shape[0] * (j + shape[1] * k)] = 2;
  return makeVolume({ shape, spacing, origin: [0, 0, 0], direction: I3, data });
}

const SHAPE: Vec3 = [8, 6, 4];
const SPACING: Vec3 = [0.8, 0.6, 2];

/**
 * Seven patients, one phase: P1 fine (NIfTI), P2 a truncated .nii.gz image, P3 a mask on another
 * grid, P4 an all-zero mask, P5 a truncated uncompressed .nii image, P6 a DICOM series with a NIfTI
 * mask of another in-plane size, P7 a DICOM series with a NIfTI mask on its grid (fine).
 */
function cohort(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmf-image-files-'));
  mkdirSync(join(dir, 'img'));
  writeNifti(join(dir, 'img', 'ct.nii.gz'), image(SHAPE, SPACING));
  writeNifti(join(dir, 'img', 'm.nii.gz'), mask(SHAPE, SPACING));
  const gz = readFileSync(join(dir, 'img', 'ct.nii.gz'));
  writeFileSync(join(dir, 'img', 'trunc.nii.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
  writeNifti(join(dir, 'img', 'm-other.nii.gz'), mask([9, 6, 4], SPACING));
  writeNifti(join(dir, 'img', 'm-empty.nii.gz'), mask(SHAPE, SPACING, true));
  const raw = encodeNifti(image(SHAPE, SPACING));
  writeFileSync(join(dir, 'img', 'trunc.nii'), raw.subarray(0, raw.length - 10));
  for (const [name, seed] of [['dcm6', 6], ['dcm7', 7]] as const) {
    mkdirSync(join(dir, 'img', name));
    const slices = writeDicomSeries(image(SHAPE, SPACING), { studyInstanceUid: `1.2.826.0.1.${seed}`, seriesInstanceUid: `1.2.826.0.1.${seed}.1`, frameOfReferenceUid: `1.2.826.0.1.${seed}.2` });
    slices.forEach((s) => writeFileSync(join(dir, 'img', name, `${s.k + 1}.dcm`), s.bytes));
  }
  // x and y swapped: the same number of voxels, the wrong in-plane grid
  writeNifti(join(dir, 'img', 'm-swapped.nii.gz'), mask([6, 8, 4], [0.6, 0.8, 2]));
  const rows = [
    ['P1', 'img/ct.nii.gz', 'img/m.nii.gz'],
    ['P2', 'img/trunc.nii.gz', 'img/m.nii.gz'],
    ['P3', 'img/ct.nii.gz', 'img/m-other.nii.gz'],
    ['P4', 'img/ct.nii.gz', 'img/m-empty.nii.gz'],
    ['P5', 'img/trunc.nii', 'img/m.nii.gz'],
    ['P6', 'img/dcm6', 'img/m-swapped.nii.gz'],
    ['P7', 'img/dcm7', 'img/m.nii.gz'],
  ];
  const csv = ['patient_id,centre,split,os_time,os_event,image_arterial,mask_arterial', ...rows.map(([id, im, m], i) => `${id},A,training,${10 + i},${i % 2},${im},${m}`)].join('\n');
  writeFileSync(join(dir, 'p.csv'), csv);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ patients: 'p.csv', phases: ['arterial'], outcomes: ['os'], variables: [] }));
  return join(dir, 'manifest.json');
}

describe("readManifest with imageFiles: 'headers'", () => {
  const manifest = cohort();

  it('reports unreadable and truncated NIfTI files, masks off their grid and empty masks, on the cell naming the file', () => {
    const r = readManifest(manifest, { imageFiles: 'headers' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const got = r.issues.map((i) => [i.code, i.path.join('/')]);
    expect(got).toEqual([
      ['bad_nifti', 'p.csv/row/2/image_arterial'],
      ['grid_mismatch', 'p.csv/row/3/mask_arterial'],
      ['empty_mask', 'p.csv/row/4/mask_arterial'],
      ['bad_nifti', 'p.csv/row/5/image_arterial'],
      ['grid_mismatch', 'p.csv/row/6/mask_arterial'],
    ]);
    const [trunc, other, empty, rawTrunc, dicom] = r.issues;
    expect(trunc.message).toContain('trunc.nii.gz');
    expect(trunc.message).toMatch(/gzip stream is truncated or corrupt/);
    expect(other.received).toBe('shape [8, 6, 4] vs [9, 6, 4]');
    expect(empty.message).toMatch(/m-empty\.nii\.gz is empty: every voxel is 0/);
    expect(rawTrunc.message).toMatch(/trunc\.nii cannot be read: .*truncated/);
    expect(dicom.received).toBe('mask 6 x 8 voxels of 0.6 x 0.8 mm; series 8 x 6 (columns x rows) of 0.8 x 0.6 mm');
  });

  it("leaves those patients out with 'skip', as DICOM inputs that cannot be converted", () => {
    const r = readManifest(manifest, { imageFiles: 'headers', onInvalidRow: 'skip' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.table.cells.get('patient_id')).toEqual(['P1', 'P7']);
    expect(r.value.skipped.map((s) => s.patientId)).toEqual(['P2', 'P3', 'P4', 'P5', 'P6']);
  });

  it("checks only that the files exist by default ('exist')", () => {
    const r = readManifest(manifest);
    expect(r.ok).toBe(true);
  });
});
