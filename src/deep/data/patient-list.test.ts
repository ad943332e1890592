import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HccError } from '../../core/errors.js';
import { readPatientList } from './patient-list.js';
import { subsetDeepDataset } from './subset.js';

const dir = mkdtempSync(join(tmpdir(), 'patient-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const fail = (f: () => unknown): HccError => {
  try {
    f();
  } catch (e) {
    return e as HccError;
  }
  throw new Error('did not throw');
};

describe('readPatientList', () => {
  it('resolves relative paths against the CSV folder and keeps absolute ones; reads OS, PFS and split', () => {
    const csv = write('ok.csv', 'patient,art,portal,mask,time,event,pt,pe,split\nA,a.nii.gz,/abs/p.nii.gz,m.nii.gz,100,1,50,1,training\nB,sub/b.nii,b2.nii,mb.nii,200,0,80,0,validation\n');
    const l = readPatientList(csv, { phases: ['arterial', 'portal'], phaseColumns: { arterial: 'art' }, pfsTime: 'pt', pfsEvent: 'pe', split: 'split' });
    expect(l.rows.map((r) => r.id)).toEqual(['A', 'B']);
    expect(l.rows[0].phasePaths).toEqual({ arterial: join(dir, 'a.nii.gz'), portal: '/abs/p.nii.gz' });
    expect(l.rows[1].maskPath).toBe(join(dir, 'mb.nii'));
    expect(l.rows[1].os).toEqual({ time: 200, event: 0 });
    expect(l.rows[0].pfs).toEqual({ time: 50, event: 1 });
    expect(l.rows.map((r) => r.split)).toEqual(['training', 'validation']);
    expect([l.hasOs, l.hasPfs]).toEqual([true, true]);
    const noOutcome = readPatientList(write('pred.csv', 'patient,arterial,mask\nA,a.nii,m.nii\n'), { phases: ['arterial'] });
    expect(noOutcome.hasOs).toBe(false);
    expect(noOutcome.rows[0].os).toBeUndefined();
  });

  it('collects every problem with code and path', () => {
    const e1 = fail(() => readPatientList(write('cols.csv', 'patient,arterial,time,event\nA,a.nii,1,1\n'), { phases: ['arterial', 'portal'] }));
    expect(e1.code).toBe('E_INPUT');
    expect(e1.issues.map((i) => [i.code, i.path])).toEqual([['missing_column', ['mask']], ['missing_column', ['portal']]].map(([c, p]) => [c, expect.arrayContaining(p as string[])]));
    const e2 = fail(() => readPatientList(write('vals.csv', 'patient,arterial,mask,time,event\nA,a.nii,m.nii,-3,2\nA,,m.nii,5,1\n'), { phases: ['arterial'] }));
    expect(e2.issues.map((i) => [i.code, i.path])).toEqual([
      ['bad_event_code', ['row', 1, 'event']],
      ['negative_time', ['row', 1, 'time']],
    ]);
    const e3 = fail(() => readPatientList(write('rows.csv', 'patient,arterial,mask,time,event\nA,a.nii,m.nii,3,1\nA,,m.nii,5,1\n'), { phases: ['arterial'] }));
    expect(e3.issues.map((i) => [i.code, i.path])).toEqual([
      ['duplicate_id', ['row', 2, 'patient']],
      ['missing_value', ['row', 2, 'arterial']],
    ]);
  });
});

describe('subsetDeepDataset', () => {
  it('takes rows in the given order with images, outcomes, aux labels and ids', () => {
    const d = { n: 3, height: 1, width: 2, channels: 1, images: Float32Array.of(1, 2, 3, 4, 5, 6), os: { time: Float64Array.of(10, 20, 30), event: Uint8Array.of(1, 0, 1) }, aux: { g: Int32Array.of(0, 1, -1) }, ids: ['a', 'b', 'c'] };
    const s = subsetDeepDataset(d, [2, 0]);
    expect(Array.from(s.images)).toEqual([5, 6, 1, 2]);
    expect(Array.from(s.os.time)).toEqual([30, 10]);
    expect(Array.from(s.aux!.g)).toEqual([-1, 0]);
    expect(s.ids).toEqual(['c', 'a']);
    expect(s.pfs).toBeUndefined();
    expect(() => subsetDeepDataset(d, [3])).toThrow(/outside 0…2/);
  });
});
