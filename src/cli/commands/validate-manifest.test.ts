import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeVolume } from '../../core/volume.js';
import { writeNifti } from '../../io/index.js';
import { HccError } from '../../core/errors.js';
import { loadStudyCohort, validateManifest } from './validate-manifest.js';

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
