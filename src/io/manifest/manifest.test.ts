import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestSchema } from './schema.js';
import { parseSplitValue, patientUniform, splitByCentre } from './split.js';
import { readManifest } from './read-manifest.js';
import { followUpBySplit } from './follow-up.js';
import { phasePresence } from './cohort-warnings.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmf-manifest-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const GOOD = [
  'patient_id,centre,split,os_time,os_event,pfs_time,pfs_event,age,sex',
  'P1,A,training,10,1,5,1,60,M',
  'P2,A,train,20,0,20,0,55,F',
  'P3,B,external_test,15,1,7,1,70,M',
].join('\n');

describe('manifest split rules', () => {
  it('reads split spellings and rejects unknown ones', () => {
    expect(parseSplitValue('Internal Validation')).toBe('internal_validation');
    expect(parseSplitValue('test')).toBe('external_test');
    expect(parseSplitValue('holdout')).toBeNull();
  });
  it('assigns by centre, with a hash fraction that does not depend on the cohort', () => {
    const rule = manifestSchema.shape.split.parse({ kind: 'by-centre', training: ['C1'], externalTest: ['C3'], internalValidationFraction: 0.3, seed: 7 });
    if (rule.kind !== 'by-centre') throw new Error('rule kind');
    expect(splitByCentre(rule, 'C3', 'X')).toBe('external_test');
    expect(splitByCentre(rule, 'C9', 'X')).toBeNull();
    const ids = Array.from({ length: 2000 }, (_, i) => `P${i}`);
    const internal = ids.filter((id) => splitByCentre(rule, 'C1', id) === 'internal_validation').length;
    expect(internal / ids.length).toBeGreaterThan(0.26);
    expect(internal / ids.length).toBeLessThan(0.34);
    expect(patientUniform(7, 'P5')).toBe(patientUniform(7, 'P5'));
    expect(patientUniform(7, 'P5')).not.toBe(patientUniform(8, 'P5'));
  });
});

describe('readManifest', () => {
  it('reads a bare CSV: canonical columns, inferred variables, counts per split', () => {
    const dir = folder({ 'patients.csv': GOOD });
    const r = readManifest(join(dir, 'patients.csv'));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.counts).toEqual({ training: 2, internal_validation: 0, external_test: 1 });
    expect(r.value.split).toEqual(['training', 'training', 'external_test']);
    expect(r.value.variables).toEqual([
      { column: 'age', kind: 'numeric', required: false },
      { column: 'sex', kind: 'categorical', required: false },
    ]);
    expect(r.value.table.cells.get('os_time')).toEqual(['10', '20', '15']);
    expect(Object.keys(r.value.inputs)).toEqual(['patients.csv']);
  });

  it('converts times to months from the declared unit', () => {
    const dir = folder({
      'p.csv': 'patient_id,centre,split,os_time,os_event,pfs_time,pfs_event\nP1,A,training,60.875,1,30.4375,1',
      'manifest.json': JSON.stringify({ patients: 'p.csv', timeUnit: 'days' }),
    });
    const r = readManifest(dir);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.sourceKind).toBe('json');
    expect(r.value.table.cells.get('os_time')).toEqual(['2']);
    expect(r.value.table.cells.get('pfs_time')).toEqual(['1']);
  });

  it('reports every problem at once: row, column, expected, found — including missing files', () => {
    const bad = [
      'patient_id,centre,split,os_time,os_event,pfs_time,pfs_event,age,image_arterial,mask_arterial',
      'P1,A,training,ten,1,5,1,60,img/p1.nii.gz,img/p1-mask.nii.gz',
      'P1,A,holdout,10,2,5,1,200,,',
      'P3,,external_test,-1,1,7,1,70,,',
      'P4,A,training,5,0,9,0,50,,',
    ].join('\n');
    const dir = folder({
      'patients.csv': bad,
      'img/p1.nii.gz': 'x',
      'manifest.json': JSON.stringify({ patients: 'patients.csv', variables: [{ column: 'age', kind: 'numeric', min: 18, max: 100 }] }),
    });
    const r = readManifest(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const got = r.issues.map((i) => ({ code: i.code, path: i.path }));
    expect(got).toEqual(
      expect.arrayContaining([
        { code: 'duplicate_id', path: ['patients.csv', 'row', 2, 'patient_id'] },
        { code: 'missing_value', path: ['patients.csv', 'row', 3, 'centre'] },
        { code: 'unknown_level', path: ['patients.csv', 'row', 2, 'split'] },
        { code: 'not_a_number', path: ['patients.csv', 'row', 1, 'os_time'] },
        { code: 'bad_event_code', path: ['patients.csv', 'row', 2, 'os_event'] },
        { code: 'negative_time', path: ['patients.csv', 'row', 3, 'os_time'] },
        { code: 'out_of_range', path: ['patients.csv', 'row', 4, 'pfs_time'] },
        { code: 'out_of_range', path: ['patients.csv', 'row', 2, 'age'] },
        { code: 'missing_file', path: ['patients.csv', 'row', 1, 'mask_arterial'] },
      ]),
    );
    expect(got).toHaveLength(9);
    const age = r.issues.find((i) => i.path[3] === 'age')!;
    expect(age).toMatchObject({ expected: '18 to 100', received: '200', severity: 'error' });
  });

  it("with onInvalidRow 'skip' leaves bad patients out, naming them in warnings", () => {
    const dir = folder({ 'p.csv': GOOD.replace('P2,A,train,20,0', 'P2,A,train,20,7') });
    const r = readManifest(join(dir, 'p.csv'), { onInvalidRow: 'skip' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.table.nRows).toBe(2);
    expect(r.value.skipped).toEqual([{ patientId: 'P2', row: 2 }]);
    // (the tiny cohort also gets small-centre warnings; the row warnings are those with a row)
    const rowWarnings = r.warnings.filter((w) => w.path[1] === 'row');
    expect(rowWarnings.map((w) => [w.code, w.severity, w.path])).toEqual([['bad_event_code', 'warning', ['p.csv', 'row', 2, 'os_event']]]);
    expect(rowWarnings[0].message).toContain('P2');
  });

  it('joins tables by patient id, naming the joined file and its own row in issues', () => {
    const dir = folder({
      'clin.csv': 'patient_id,centre,split,age\nP1,A,training,60\nP2,A,training,61\nP3,A,training,62',
      'out.csv': 'pid,os_m,os_event,pfs_m,pfs_event\nP3,4,1,2,1\nP1,10,1,x,1',
      'manifest.json': JSON.stringify({ patients: 'clin.csv', joins: [{ path: 'out.csv', patientId: 'pid', rename: { os_m: 'os_time', pfs_m: 'pfs_time' } }] }),
    });
    const r = readManifest(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // P2's absence is reported once (not again for each of its empty outcome cells).
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['missing_value', ['out.csv', 'pid', 'P2']],
      ['not_a_number', ['out.csv', 'row', 2, 'pfs_m']],
    ]);
  });

  it('reports missing tables and missing role columns before reading rows', () => {
    const dir = folder({ 'manifest.json': JSON.stringify({ patients: 'nope.csv', joins: [{ path: 'also-nope.csv' }] }) });
    const r = readManifest(dir);
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([
      ['missing_file', ['nope.csv']],
      ['missing_file', ['also-nope.csv']],
    ]);
    const dir2 = folder({ 'p.csv': 'patient_id,centre\nP1,A' });
    const r2 = readManifest(join(dir2, 'p.csv'));
    expect(r2.ok ? [] : r2.issues.map((i) => [i.code, i.path[1]])).toEqual([
      ['missing_column', 'split'],
      ['missing_column', 'os_time'],
      ['missing_column', 'os_event'],
      ['missing_column', 'pfs_time'],
      ['missing_column', 'pfs_event'],
    ]);
  });

  it('rejects a descriptor that breaks the schema, with the JSON path', () => {
    const dir = folder({ 'manifest.json': JSON.stringify({ patients: 'p.csv', timeUnit: 'fortnights', split: { kind: 'by-centre' } }) });
    const r = readManifest(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.every((i) => i.code === 'bad_option')).toBe(true);
    expect(r.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['manifest.timeUnit', 'manifest.split.training']));
    // what the schema expected and the value the file holds, not zod's internal code
    const unit = r.issues.find((i) => i.path.join('.') === 'manifest.timeUnit');
    expect(unit?.received).toBe('"fortnights"');
    expect(unit?.expected).toMatch(/^one of "days", .*"months"/);
    expect(r.issues.find((i) => i.path.join('.') === 'manifest.split.training')?.received).toBe('absent');
  });

  it('rejects keys a JSON descriptor does not know, with a suggestion, together with bad values', () => {
    const dir = folder({ 'manifest.json': JSON.stringify({ patients: 'p.csv', timeunit: 'days', split: { kind: 'by-centre', training: ['A'], externalTests: ['B'] }, joins: [{ path: 'o.csv', patientID: 'pid' }] }) });
    const r = readManifest(dir);
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path.join('.'), i.message.match(/did you mean "(.*)"/)?.[1]])).toEqual([
      ['unknown_key', 'manifest.timeunit', 'timeUnit'],
      ['unknown_key', 'manifest.split.externalTests', 'externalTest'],
      ['unknown_key', 'manifest.joins.0.patientID', 'patientId'],
    ]);
    if (!r.ok) expect(r.issues[0].message).toContain('manifest.json');
    const both = readManifest(folder({ 'manifest.json': JSON.stringify({ patients: 'p.csv', timeUnit: 'fortnights', colums: { centre: 'site' } }) }));
    expect(both.ok ? [] : both.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['bad_option', 'manifest.timeUnit'],
      ['unknown_key', 'manifest.colums'],
    ]);
  });

  it('reads a synthetic cohort folder by its file names, split by centre', () => {
    const dir = folder({
      'cohort.json': JSON.stringify({ synthetic: true, seed: 3, centres: ['C1', 'C2', 'C3'], config: { cohortName: 'synthetic-x' } }),
      'clinical.csv': 'patient_id,centre,age_years,sex\nS1,C1,60,M\nS2,C2,50,F\nS3,C3,70,M',
      'outcomes.csv': 'patient_id,os_months,os_event,pfs_months,pfs_event,pfs_event_type\nS1,10,1,4,1,progression\nS2,12,0,12,0,censored\nS3,3,1,3,1,death',
      'followup.csv': 'patient_id,scan_weeks,mrecist\nS1,7,PR\nS2,8,SD\nS3,6,NE',
    });
    const r = readManifest(dir);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value).toMatchObject({ name: 'synthetic-x', synthetic: true, sourceKind: 'synthetic-folder' });
    expect(r.value.split).toEqual(['training', 'internal_validation', 'external_test']);
    expect(r.value.table.cells.get('mrecist')).toEqual(['PR', 'SD', 'NE']);
    expect(r.value.table.cells.get('followup_weeks')).toEqual(['7', '8', '6']);
    expect(r.value.table.cells.get('pfs_time')).toEqual(['4', '12', '3']);
    expect(Object.keys(r.value.inputs).sort()).toEqual(['clinical.csv', 'followup.csv', 'outcomes.csv']);
  });

  it('reads an image / mask fallback column where the primary cell is empty, and names the cell used in issues', () => {
    const dir = folder({
      'p.csv': ['patient_id,centre,split,os_time,os_event,ct_dicom,ct_nifti,seg,seg_nifti', 'P1,A,training,10,1,dcm/P1,,,m1.nii.gz', 'P2,A,training,12,0,,ct2.nii.gz,m2.nii.gz,', 'P3,A,training,9,1,,,,m3.nii.gz'].join('\n'),
      'dcm/P1/1.dcm': 'x',
      'ct2.nii.gz': 'x',
      'm1.nii.gz': 'x',
      'm2.nii.gz': 'x',
      'm3.nii.gz': 'x',
      'study.json': JSON.stringify({ patients: 'p.csv', phases: ['portal_venous'], requireImages: true, outcomes: ['os'], variables: [], columns: { image: 'ct_dicom', imageFallback: 'ct_nifti', mask: 'seg', maskFallback: 'seg_nifti' } }),
    });
    const r = readManifest(join(dir, 'study.json'), { onInvalidRow: 'skip' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.table.cells.get('image_portal_venous')).toEqual([join(dir, 'dcm/P1'), join(dir, 'ct2.nii.gz')]);
    expect(r.value.table.cells.get('mask_portal_venous')).toEqual([join(dir, 'm1.nii.gz'), join(dir, 'm2.nii.gz')]);
    // P3 has neither image cell: reported on the fallback column, the one a person would fill in
    const miss = r.warnings.filter((w) => w.code === 'missing_value');
    expect(miss[0]?.path).toEqual(['p.csv', 'row', 3, 'ct_nifti']);
    // what each kind of cell may hold: a mask must be a file, an image may be a DICOM series folder
    expect(miss[0]?.expected).toBe('a path to a NIfTI file or a DICOM series folder');
    const writeMask = readManifest(join(folder({
      'p.csv': ['patient_id,centre,split,os_time,os_event,image_portal_venous,mask_portal_venous', 'P1,A,training,10,1,ct.nii.gz,'].join('\n'),
      'ct.nii.gz': 'x',
      'study.json': JSON.stringify({ patients: 'p.csv', phases: ['portal_venous'], requireImages: true, outcomes: ['os'], variables: [] }),
    }), 'study.json'));
    expect(writeMask.ok).toBe(false);
    if (!writeMask.ok) expect(writeMask.issues.find((i) => i.code === 'missing_value')?.expected).toBe('a path to a mask file: NIfTI, DICOM-SEG or RTSTRUCT');
  });

  it('keeps columns a user added to a synthetic clinical.csv, numeric or categorical by their values', () => {
    const dir = folder({
      'cohort.json': JSON.stringify({ synthetic: true, seed: 3, centres: ['C1', 'C2', 'C3'] }),
      'clinical.csv': 'patient_id,centre,age_years,my_grade,my_label\nS1,C1,60,1.5,low\nS2,C2,50,NA,high\nS3,C3,70,3,"a, b"',
      'outcomes.csv': 'patient_id,os_months,os_event,pfs_months,pfs_event\nS1,10,1,4,1\nS2,12,0,12,0\nS3,3,1,3,1',
      'followup.csv': 'patient_id,scan_weeks,mrecist\nS1,7,PR\nS2,8,SD\nS3,6,NE',
    });
    const r = readManifest(dir);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.table.cells.get('my_grade')).toEqual(['1.5', null, '3']);
    expect(r.value.table.cells.get('my_label')).toEqual(['low', 'high', 'a, b']);
    const kind = (c: string) => r.value.variables.find((v) => v.column === c)?.kind;
    expect([kind('my_grade'), kind('my_label'), kind('age_years')]).toEqual(['numeric', 'categorical', 'numeric']);
  });
});

describe('readManifest: names the file a missing column should come from, with did-you-mean', () => {
  it('checks join rename keys against the joined file, and suggests near column names', () => {
    const extra = Array.from({ length: 14 }, (_, k) => `lab${k + 1}`);
    const dir = folder({
      'p.csv': [`PatientID,Hospital,split,afp_ng_ml,${extra.join(',')}`, `P1,C1,training,5,${extra.map(() => 1).join(',')}`].join('\n'),
      'out.csv': 'pid,os_days,death,pfs_days,progression\nP1,300,1,200,1',
      'manifest.json': JSON.stringify({
        patients: 'p.csv',
        timeUnit: 'days',
        joins: [{ path: 'out.csv', patientId: 'pid', rename: { os_days: 'os_time', deaht: 'os_event', pfs_days: 'pfs_time', progression: 'pfs_event' } }],
        columns: { patientId: 'PatientID', centre: 'Hopsital' },
        variables: [{ column: 'afp', kind: 'numeric' }],
      }),
    });
    const r = readManifest(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const by = (code: string, path: string) => r.issues.find((i) => i.code === code && i.path.join('/') === path);
    // the rename typo is one mistake: reported once (unknown_key), not again as a missing os_event
    expect(r.issues.map((i) => [i.code, i.path.join('/')])).toEqual([
      ['unknown_key', 'out.csv/rename/deaht'],
      ['missing_column', 'p.csv/Hopsital'],
      ['missing_column', 'p.csv/afp'],
    ]);
    expect(by('unknown_key', 'out.csv/rename/deaht')!.message).toMatch(/renames column "deaht" to "os_event", but out\.csv has no column "deaht"; did you mean "death"\?/);
    expect(by('unknown_key', 'out.csv/rename/deaht')!.expected).toBe('a column of out.csv: pid, os_days, death, pfs_days, progression');
    const centre = by('missing_column', 'p.csv/Hopsital')!;
    // the typo is in manifest.columns: say so instead of "(or map the role in manifest.columns)"
    expect(centre.message).toContain('manifest.columns.centre names "Hopsital"; did you mean "Hospital" (p.csv)?');
    expect(centre.expected).not.toContain('map the role');
    expect(by('missing_column', 'p.csv/afp')!.message).toContain('manifest.variables names "afp"');
    // every column of every table, not the first 12 of the joined table
    expect(centre.received).toContain('lab14');
    expect(centre.received).toContain('out.csv has os_time, death, pfs_time, pfs_event');
    expect(by('missing_column', 'p.csv/afp')!.message).toContain('did you mean "afp_ng_ml" (p.csv)?');
  });
});

function outcomesCsv(unitTimes: number[], centre = 'A'): string {
  return ['patient_id,centre,split,os_time,os_event,pfs_time,pfs_event', ...unitTimes.map((t, i) => `P${i + 1},${centre},training,${t},${i % 2},${t},${i % 2}`)].join('\n');
}

describe('readManifest: times in the declared unit', () => {
  it('warns when the declared unit makes the times implausible, saying what was declared and found', () => {
    const days = [35, 120, 240, 365, 400, 512, 730, 900, 1100, 1500];
    const asMonths = readManifest(folder({ 'p.csv': outcomesCsv(days), 'm.json': JSON.stringify({ patients: 'p.csv', timeUnit: 'months' }) }) + '/m.json');
    if (!asMonths.ok) throw new Error(JSON.stringify(asMonths.issues));
    const w = asMonths.warnings.filter((x) => x.code === 'suspect_unit');
    expect(w.map((x) => x.path)).toEqual([['p.csv', 'os_time']]);
    // median of the 10 values = (400 + 512) / 2 = 456
    expect(w[0].received).toBe('median 456 months, maximum 1500 months over 10 patients');
    expect(w[0].message).toMatch(/OS times look too long for the declared timeUnit "months"/);
    // read as days: median 456 / 30.4375 = 14.98 months, maximum 1500 / 30.4375 = 49.28 months
    expect(w[0].message).toContain('as days: median 15, maximum 49.3 months');
    const asDays = readManifest(folder({ 'p.csv': outcomesCsv(days), 'm.json': JSON.stringify({ patients: 'p.csv', timeUnit: 'days' }) }) + '/m.json');
    expect(asDays.ok && asDays.warnings.filter((x) => x.code === 'suspect_unit')).toEqual([]);
    const months = [2, 4, 6, 9, 12, 15, 20, 26, 33, 41];
    const monthsAsDays = readManifest(folder({ 'p.csv': outcomesCsv(months), 'm.json': JSON.stringify({ patients: 'p.csv', timeUnit: 'days' }) }) + '/m.json');
    if (!monthsAsDays.ok) throw new Error(JSON.stringify(monthsAsDays.issues));
    const short = monthsAsDays.warnings.find((x) => x.code === 'suspect_unit')!;
    expect(short.message).toMatch(/OS times look too short for the declared timeUnit "days": median 13.5 days, maximum 41 days/);
    expect(short.message).toContain('as months: median 13.5, maximum 41 months');
  });

  it('prints PFS > OS in the file unit, rounded', () => {
    const dir = folder({ 'p.csv': 'patient_id,centre,split,os_time,os_event,pfs_time,pfs_event\nP1,A,training,100.123456,1,200.987654,1', 'm.json': JSON.stringify({ patients: 'p.csv', timeUnit: 'days' }) });
    const r = readManifest(join(dir, 'm.json'));
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path.join('/'), i.expected, i.received])).toEqual([['out_of_range', 'p.csv/row/1/pfs_time', 'PFS <= OS (100.1 days)', '201 days']]);
  });

  it('summarises follow-up per split in the declared unit', () => {
    const csv = ['patient_id,centre,split,os_time,os_event,pfs_time,pfs_event', 'P1,A,training,10,1,5,1', 'P2,A,training,40,0,30,1', 'P3,A,training,20,1,20,1', 'P4,B,external_test,7,1,7,1'].join('\n');
    const r = readManifest(join(folder({ 'p.csv': csv, 'm.json': JSON.stringify({ patients: 'p.csv', timeUnit: 'weeks' }) }), 'm.json'));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const rows = followUpBySplit(r.value.table, r.value.split, 'weeks').map((x) => [x.outcome, x.split, x.n, +x.median.toFixed(9), +x.min.toFixed(9), +x.max.toFixed(9)]);
    expect(rows).toEqual([
      ['os', 'training', 3, 20, 10, 40],
      ['os', 'external_test', 1, 7, 7, 7],
      ['pfs', 'training', 3, 20, 5, 30],
      ['pfs', 'external_test', 1, 7, 7, 7],
    ]);
  });
});

describe('readManifest: warnings about the valid cohort', () => {
  it('warns of a split without events, a small centre, a split rule naming an absent centre, images without masks and masks without images', () => {
    const rows = [
      ...Array.from({ length: 6 }, (_, i) => [`T${i + 1}`, 'C1', 10 + i, i % 2]),
      ['V1', 'C2', 12, 1],
      ['V2', 'C2', 14, 0],
      ...Array.from({ length: 5 }, (_, i) => [`E${i + 1}`, 'C3', 20 + i, 0]),
    ];
    // T1: image, no mask; T2: mask, no image
    const img = (id: unknown) => (id === 'T2' ? '' : 'ct.nii.gz');
    const msk = (id: unknown) => (id === 'T1' ? '' : 'm.nii.gz');
    const csv = ['patient_id,centre,os_time,os_event,image_arterial,mask_arterial', ...rows.map(([id, c, t, e]) => `${id},${c},${t},${e},${img(id)},${msk(id)}`)].join('\n');
    const dir = folder({
      'p.csv': csv,
      'ct.nii.gz': 'x',
      'm.nii.gz': 'x',
      'm.json': JSON.stringify({ patients: 'p.csv', outcomes: ['os'], phases: ['arterial'], variables: [], split: { kind: 'by-centre', training: ['C1', 'C5'], internalValidation: ['C2'], externalTest: ['C3'] } }),
    });
    const r = readManifest(join(dir, 'm.json'));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.warnings.map((w) => [w.code, w.path.join('/')])).toEqual([
      ['no_events', 'cohort/external_test/os_event'],
      ['too_few_rows', 'p.csv/centre/C2'],
      ['unknown_level', 'manifest/split/training/C5'],
      ['missing_value', 'p.csv/mask_arterial'],
    ]);
    expect(r.warnings[0].received).toBe('0 events of 5');
    expect(r.warnings[1].message).toContain('centre C2 has only 2 patient(s) (2 internal_validation)');
    expect(r.warnings[2].expected).toBe('a centre of the cohort: C1, C2, C3');
    // C5 is another centre, not a typo of C1: no did-you-mean
    expect(r.warnings[2].message).not.toContain('did you mean');
    expect(r.warnings[3].message).toBe('arterial phase: 1 patient(s) have an image but no mask (T1); 1 have a mask but no image (T2); the imaging stages cannot use this phase for them (11 patient(s) have both)');
    expect(phasePresence(r.value.table, ['arterial'])).toEqual([{ phase: 'arterial', image: 12, mask: 12, both: 11, imageOnly: ['T1'], maskOnly: ['T2'] }]);
  });
});
