import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedReferencePath } from '../../../test/helpers/reference.js';
import { FORBIDDEN, SEEDED, seededSeries } from '../../../test/helpers/seeded-dicom.js';
import { dcmjs, toArrayBuffer } from '../dicom/dcmjs-api.js';
import { deidentifyDicomBytes } from './deidentify-file.js';
import { dateOffsetFor, pseudonymFor, remapUid } from './keyed-hash.js';
import { BASIC_PROFILE, patternAction } from './profile-table.js';
import { createSanitiser } from './sanitiser.js';
import { shiftDicomDate } from './shift-date.js';

const KEY = new Uint8Array(32).fill(7);
const KEYS = { key: KEY, pseudonym: pseudonymFor(KEY, SEEDED.PatientID), dateOffsetDays: dateOffsetFor(KEY, SEEDED.PatientID) };

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}
function read(bytes: Uint8Array) {
  const { DicomMessage, DicomMetaDictionary } = dcmjs();
  const r = DicomMessage.readFile(toArrayBuffer(bytes));
  return { meta: DicomMetaDictionary.naturalizeDataset(r.meta) as Record<string, any>, ds: DicomMetaDictionary.naturalizeDataset(r.dict) as Record<string, any>, dict: r.dict };
}

describe('PS3.15 Table E.1-1 transcription', () => {
  it('holds the Basic Profile rows with their action codes', () => {
    expect(BASIC_PROFILE.size).toBe(456);
    const a = (tag: string) => BASIC_PROFILE.get(tag)?.action;
    expect([a('00100010'), a('00100020'), a('00100030'), a('00080050'), a('00080090')]).toEqual(['Z', 'Z', 'Z', 'Z', 'Z']);
    expect([a('00080018'), a('0020000D'), a('0020000E'), a('00200052')]).toEqual(['U', 'U', 'U', 'U']);
    expect([a('00080080'), a('00081070'), a('00081140'), a('00181030')]).toEqual(['X/Z/D', 'X/Z/D', 'X/Z/U*', 'X/D']);
    expect(BASIC_PROFILE.get('00080020')?.temporal).toBe(true);
    expect(BASIC_PROFILE.get('00100030')?.temporal).toBe(false); // birth date is not shifted: it is removed
    expect([patternAction('00091001'), patternAction('50003000'), patternAction('60004000'), patternAction('00280010')]).toEqual(['X', 'X', 'X', null]);
  });
});

describe('deidentifyDicomBytes on seeded files (no seeded value survives anywhere in the bytes)', () => {
  const slices = seededSeries();
  const outputs = slices.map((s) => deidentifyDicomBytes(s.bytes, KEYS));

  it('the seeded input really contains the identifiers (the check can fail)', () => {
    const text = latin1(slices[0].bytes);
    for (const v of FORBIDDEN) expect(text).toContain(v);
  });

  it('none of the seeded strings, name parts, dates or UIDs appear in any output file', () => {
    for (const o of outputs) {
      const text = latin1(o.bytes);
      for (const v of FORBIDDEN) expect(text, v).not.toContain(v);
    }
  });

  it('replaces name and ID by the pseudonym, marks the data set, and shifts dates keeping times', () => {
    const { ds } = read(outputs[0].bytes);
    expect(ds.PatientID).toBe(KEYS.pseudonym);
    expect(ds.PatientName).toEqual([{ Alphabetic: KEYS.pseudonym }]);
    expect(ds.PatientIdentityRemoved).toBe('YES');
    expect(ds.DeidentificationMethod).toMatch(/PS3\.15 E\.1 Basic/);
    expect(ds.DeidentificationMethodCodeSequence.map((c: any) => c.CodeValue)).toEqual(['113100', '113107']);
    expect(ds.LongitudinalTemporalInformationModified).toBe('MODIFIED');
    expect(ds.StudyDate).toBe(shiftDicomDate(SEEDED.StudyDate, KEYS.dateOffsetDays, 'DA'));
    expect(ds.SeriesDate).toBe(shiftDicomDate(SEEDED.SeriesDate, KEYS.dateOffsetDays, 'DA'));
    expect(ds.StudyTime).toBe('101530');
    expect(ds.PatientBirthDate ?? '').toBe('');
    expect(ds.InstitutionName).toBeUndefined();
    expect(ds.OtherPatientIDsSequence).toBeUndefined();
    expect(ds.PatientSex ?? '').toBe(''); // Z: zero length
    expect(outputs[0].counts.X).toBeGreaterThanOrEqual(6);
  });

  it('remaps UIDs consistently across the series, in sequences and in the meta group', () => {
    const all = outputs.map((o) => read(o.bytes));
    const study = new Set(all.map((r) => r.ds.StudyInstanceUID));
    const series = new Set(all.map((r) => r.ds.SeriesInstanceUID));
    const frame = new Set(all.map((r) => r.ds.FrameOfReferenceUID));
    expect([study.size, series.size, frame.size]).toEqual([1, 1, 1]);
    expect([...study][0]).toBe(remapUid(KEY, SEEDED.StudyInstanceUID));
    expect([...study][0]).toMatch(/^2\.25\.\d{1,39}$/);
    const sops = all.map((r) => r.ds.SOPInstanceUID);
    expect(new Set(sops).size).toBe(3);
    all.forEach((r, k) => {
      expect(r.meta.MediaStorageSOPInstanceUID).toBe(r.ds.SOPInstanceUID);
      expect(r.ds.SOPInstanceUID).toBe(remapUid(KEY, slices[k].sopInstanceUid));
      expect(r.ds.ReferencedImageSequence[0].ReferencedSOPInstanceUID).toBe(remapUid(KEY, SEEDED.ReferencedUid));
      expect(r.ds.ReferencedImageSequence[0].ReferencedSOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.2'); // class UIDs kept
    });
    // pixel data untouched
    const before = read(slices[0].bytes).dict['7FE00010'].Value![0] as ArrayBuffer;
    const after = all[0].dict['7FE00010'].Value![0] as ArrayBuffer;
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
  });

  it('a different key gives different pseudonyms and UIDs (the key is the secret)', () => {
    const other = new Uint8Array(32).fill(9);
    expect(pseudonymFor(other, SEEDED.PatientID)).not.toBe(KEYS.pseudonym);
    expect(remapUid(other, SEEDED.StudyInstanceUID)).not.toBe(remapUid(KEY, SEEDED.StudyInstanceUID));
  });

  it('removes private tags and identifiers from a real vendor file (pydicom CT_small, GE private groups)', () => {
    const bytes = new Uint8Array(readFileSync(sharedReferencePath('imaging/pydicom/CT_small.dcm')));
    const before = read(bytes);
    expect(Object.keys(before.dict).some((t) => parseInt(t.slice(0, 4), 16) % 2 === 1)).toBe(true);
    const out = deidentifyDicomBytes(bytes, KEYS);
    const after = read(out.bytes);
    expect(Object.keys(after.dict).filter((t) => parseInt(t.slice(0, 4), 16) % 2 === 1)).toEqual([]);
    const text = latin1(out.bytes);
    for (const v of ['CompressedSamples', 'ABCD1234', '1234ABCD', before.ds.StudyInstanceUID, before.ds.SOPInstanceUID, before.ds.StudyDate]) expect(text, String(v)).not.toContain(v);
    expect(after.ds.Rows).toBe(128);
    expect(after.ds.ImagePositionPatient).toEqual(before.ds.ImagePositionPatient); // geometry kept
  });
});

describe('shiftDicomDate (tier a: hand-checked calendar arithmetic)', () => {
  it.each([
    ['20240301', -1, 'DA', '20240229'],
    ['20230301', -1, 'DA', '20230228'],
    ['20000101', -365, 'DA', '19990101'],
    ['20230917101530.123456+0200', -10, 'DT', '20230907101530.123456'],
    ['2023091', -1, 'DA', null],
    ['20230230', -1, 'DA', null],
  ] as const)('%s shifted by %s days (%s) -> %s', (v, d, vr, want) => {
    expect(shiftDicomDate(v, d, vr)).toBe(want);
  });
});

describe('createSanitiser', () => {
  it('redacts names, name parts and IDs, maps known UIDs and hides unknown ones', () => {
    const s = createSanitiser();
    s.addSecrets(['Testperson^Ingrid', 'HOSP-778899', 'M']);
    s.addUidMap(new Map([['1.3.6.1.4.1.99999.7.7.2', '2.25.42']]));
    const out = s.text('series 1.3.6.1.4.1.99999.7.7.2 of TESTPERSON ingrid (HOSP-778899) in /data/testperson/x.dcm, ref 1.3.6.1.4.1.5.6.7, class 1.2.840.10008.5.1.4.1.1.2, M mode');
    expect(out).toBe('series 2.25.42 of [redacted] [redacted] ([redacted]) in /data/[redacted]/x.dcm, ref [uid], class 1.2.840.10008.5.1.4.1.1.2, M mode');
    const issue = s.issue({ code: 'missing_slice', severity: 'error', path: ['series', '1.3.6.1.4.1.99999.7.7.2', 'file', 'Ingrid/1.dcm'], message: 'gap', received: 'Ingrid' });
    expect(issue.path).toEqual(['series', '2.25.42', 'file', '[redacted]/1.dcm']);
    expect(issue.received).toBe('[redacted]');
  });

  it('hides the three-component UUID form 2.25.<decimal> too, but not short version-like numbers', () => {
    const s = createSanitiser();
    s.addUidMap(new Map([['2.25.329800735698586629295641978511506172918', '2.25.77777777']]));
    const out = s.text('study 2.25.329800735698586629295641978511506172918, series 2.25.1234567890123, R 4.2.2, spacing 0.7.5');
    expect(out).toBe('study 2.25.77777777, series [uid], R 4.2.2, spacing 0.7.5');
  });
});
