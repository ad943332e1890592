import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../core/geometry.js';
import { makeVolume } from '../../core/volume.js';
import { writeDicomSeries, writeNifti } from '../../io/index.js';
import { HccError } from '../../core/errors.js';
import { loadStudyCohort, validateManifest, validateManifestWithDicom } from './validate-manifest.js';

/** Ten patients in days declared as months, one with an event code 7, one with an image but no mask. */
function manifest(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmf-validate-'));
  const days = [35, 120, 240, 365, 400, 512, 730, 900, 1100, 1500];
  const rows = days.map((t, i) => `P${i + 1},A,${i < 7 ? 'training' : 'external_test'},${t},${i === 2 ? 7 : i % 2},ct.nii.gz,${i === 4 ? '' : 'm.nii.gz'}`);
  writeFileSync(join(dir, 'p.csv'), ['patient_id,centre,split,os_time,os_event,image_arterial,mask_arterial', ...rows].join('\n'));
  writeFileSync(join(dir, 'ct.nii.gz'), 'x');
  writeFileSync(join(dir, 'm.nii.gz'), 'x');
  writeFileSync(join(dir, 'm.json'), JSON.stringify({ patients: 'p.csv', timeUnit: 'months', outcomes: ['os'], phases: ['arterial'], variables: [] }));
  return join(dir, 'm.json');
}

describe('validateManifest', () => {
  it('opens the NIfTI headers: files that are not NIfTI are errors on their cells', () => {
    const v = validateManifest(manifest());
    expect(v.ok).toBe(false);
    const errors = v.issues.map((i) => [i.code, i.path.join('/')]);
    expect(errors).toContainEqual(['bad_event_code', 'p.csv/row/3/os_event']);
    // "x" is too short for a NIfTI header: every image cell and every mask cell is named
    expect(errors.filter(([code, path]) => code === 'bad_nifti' && path.endsWith('image_arterial')).length).toBe(10);
    expect(errors.filter(([code, path]) => code === 'bad_nifti' && path.endsWith('mask_arterial')).length).toBe(9);
  });

  it('reports the unit warning and the image-without-mask warning alongside a row error', () => {
    const path = manifest();
    // one real image (P5), no masks: only the event-code error remains
    const dir = join(path, '..');
    const days = [35, 120, 240, 365, 400, 512, 730, 900, 1100, 1500];
    const rows = days.map((t, i) => `P${i + 1},A,${i < 7 ? 'training' : 'external_test'},${t},${i === 2 ? 7 : i % 2},${i === 4 ? 'ct.nii.gz' : ''},`);
    writeFileSync(join(dir, 'p.csv'), ['patient_id,centre,split,os_time,os_event,image_arterial,mask_arterial', ...rows].join('\n'));
    writeNifti(join(dir, 'ct.nii.gz'), makeVolume({ shape: [4, 4, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Int16Array(32) }));
    const v = validateManifest(path);
    expect(v.issues.map((i) => [i.code, i.path.join('/')])).toEqual([['bad_event_code', 'p.csv/row/3/os_event']]);
    // the lenient read's warnings minus its "patient P3 left out" copy of the error
    expect(v.warnings.map((w) => [w.code, w.path.join('/')])).toEqual([
      ['suspect_unit', 'p.csv/os_time'],
      ['missing_value', 'p.csv/mask_arterial'],
    ]);
    const s = v.summary!;
    expect(s.patients).toBe(9);
    // training without P3: 35, 120, 365, 400, 512, 730 months
    expect(s.followUp.find((r) => r.outcome === 'os' && r.split === 'training')).toMatchObject({ n: 6, median: 382.5, min: 35, max: 730, unit: 'months' });
    expect(s.phases).toEqual([{ phase: 'arterial', image: 1, mask: 0, both: 0, imageOnly: ['P5'], maskOnly: [] }]);
  });
});

describe('summariseCohort', () => {
  it('lists mask_labels once, under the other data present (not as an image or mask column)', () => {
    const path = manifest();
    const dir = join(path, '..');
    const days = [35, 120, 240, 365, 400, 512, 730, 900, 1100, 1500];
    const rows = days.map((t, i) => `P${i + 1},A,${i < 7 ? 'training' : 'external_test'},${t},${i % 2},,,${i < 4 ? '1=liver;2=tumour' : ''}`);
    writeFileSync(join(dir, 'p.csv'), ['patient_id,centre,split,os_time,os_event,image_arterial,mask_arterial,mask_labels', ...rows].join('\n'));
    const v = validateManifest(path);
    expect(v.ok).toBe(true);
    const json = JSON.stringify(v);
    expect(json.match(/"mask_labels"/g)).toHaveLength(1);
    expect(v.summary!.other).toEqual([{ column: 'mask_labels', present: 4 }]);
    expect(v.summary!.images.map((r) => r.column)).toEqual(['image_arterial', 'mask_arterial']);
  });
});

describe('validateManifestWithDicom: NIfTI masks beside DICOM series', () => {
  const I3 = [1, 0, 0, 0, 1, 0, 0, 0, 1] as const;
  const SHAPE: Vec3 = [8, 6, 4];
  const SPACING: Vec3 = [0.8, 0.6, 2];
  const mask = (shape: Vec3, origin: Vec3) => {
    const data = new Uint8Array(shape[0] * shape[1] * shape[2]);
    data[1 + shape[0] * (1 + shape[1])] = 2;
    return makeVolume({ shape, spacing: SPACING, origin, direction: [...I3], data });
  };
  /** One 8 x 6 x 4 series; P1 a mask of 5 slices, P2 one shifted 1 mm along z, P3 one on the series grid. */
  function dicomCohort(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-validate-grid-'));
    const ct = makeVolume({ shape: SHAPE, spacing: SPACING, origin: [0, 0, 0], direction: [...I3], data: Int16Array.from({ length: 8 * 6 * 4 }, (_, i) => (i % 200) - 100) });
    mkdirSync(join(dir, 'series'));
    for (const sl of writeDicomSeries(ct, { studyInstanceUid: '1.2.826.0.1.9', seriesInstanceUid: '1.2.826.0.1.9.1', frameOfReferenceUid: '1.2.826.0.1.9.2' })) writeFileSync(join(dir, 'series', `${sl.k + 1}.dcm`), sl.bytes);
    writeNifti(join(dir, 'm-5-slices.nii.gz'), mask([8, 6, 5], [0, 0, 0]));
    writeNifti(join(dir, 'm-shifted.nii.gz'), mask(SHAPE, [0, 0, 1]));
    writeNifti(join(dir, 'm-ok.nii.gz'), mask(SHAPE, [0, 0, 0]));
    const rows = [
      ['P1', 'm-5-slices.nii.gz'],
      ['P2', 'm-shifted.nii.gz'],
      ['P3', 'm-ok.nii.gz'],
    ].map(([id, m], i) => `${id},A,training,${10 + i},${i % 2},series,${m}`);
    writeFileSync(join(dir, 'p.csv'), ['patient_id,centre,split,os_time,os_event,image_arterial,mask_arterial', ...rows].join('\n'));
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ patients: 'p.csv', phases: ['arterial'], outcomes: ['os'], variables: [] }));
    return join(dir, 'm.json');
  }

  it('a mask off the converted series grid (slices, origin) is an error naming patient, row, column, expected and found', async () => {
    const path = dicomCohort();
    // the header checks compare only the in-plane size and pixel spacing of the series' first file
    expect(validateManifest(path).ok).toBe(true);
    const v = await validateManifestWithDicom(path);
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => [i.code, i.path.slice(0, 3).join('/')])).toEqual([
      ['grid_mismatch', 'patient/P1/mask_arterial'],
      ['grid_mismatch', 'patient/P2/mask_arterial'],
    ]);
    const [slices, shifted] = v.issues;
    expect(slices.message).toMatch(/^patient P1 \(row 1\), arterial mask \S+m-5-slices\.nii\.gz: not on the grid of its image series \S+series \(as converted; series vs mask: shape \[8, 6, 4\] vs \[8, 6, 5\]\)$/);
    expect(slices.received).toBe('shape [8, 6, 4] vs [8, 6, 5]');
    expect(slices.expected).toMatch(/^the image grid \(shape, spacing, origin, direction\) within 0\.001 mm/);
    expect(shifted.message).toMatch(/^patient P2 \(row 2\), /);
    expect(shifted.received).toMatch(/^origin \[0, 0, 0\] vs \[0, 0, 1\] mm/);
    expect(v.dicomPatients).toBe(2);
  });
});

describe('loadStudyCohort', () => {
  const thrown = (f: () => unknown): HccError => {
    try {
      f();
    } catch (e) {
      if (e instanceof HccError) return e;
      throw e;
    }
    throw new Error('did not throw');
  };
  const write = (rows: string[]): string => {
    const path = manifest();
    writeFileSync(join(path, '..', 'p.csv'), ['patient_id,centre,split,os_time,os_event,image_arterial,mask_arterial', ...rows].join('\n'));
    return path;
  };
  const days = [35, 120, 240, 365, 400, 512, 730, 900, 1100, 1500];

  it('stopping on row errors says that --skip-invalid leaves those patients out', () => {
    const path = write(days.map((t, i) => `P${i + 1},A,${i < 7 ? 'training' : 'external_test'},${t},${i === 2 ? 7 : i % 2},,`));
    const e = thrown(() => loadStudyCohort(path));
    expect(e.code).toBe('E_INPUT');
    expect(e.message).toContain('1 problem(s) in the input, on the rows of 1 patient(s)');
    expect(e.message).toContain('rerun with --skip-invalid to leave that patient out');
    expect(e.issues.map((i) => i.path.join('/'))).toEqual(['p.csv/row/3/os_event']);
    expect(loadStudyCohort(path, true).table.nRows).toBe(9);
  });

  it('does not offer --skip-invalid when it would not help (a table-level problem)', () => {
    const path = write(days.map((t, i) => `${i === 1 ? 'P1' : `P${i + 1}`},A,${i < 7 ? 'training' : 'external_test'},${t},${i % 2},,`));
    const e = thrown(() => loadStudyCohort(path));
    expect(e.issues.map((i) => i.code)).toContain('duplicate_id');
    expect(e.message).not.toContain('--skip-invalid');
  });
});
