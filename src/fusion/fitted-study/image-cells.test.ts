import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueError, issueKey } from '../../core/issues.js';
import { tableFromColumns } from '../../core/table.js';
import { makeVolume } from '../../core/volume.js';
import type { ImagingRowsImport } from '../../io/index.js';
import { writeNifti } from '../../io/index.js';
import { absentImageColumns, emptyMaskIssue, fileIssueAtRow, imageCellIssues, importIssueAtRow } from './image-cells.js';

const noImport = (n: number, replaced: Map<string, string>[] = [], rowIssues: ReturnType<typeof issueError>[][] = []): ImagingRowsImport => ({
  replaced: Array.from({ length: n }, (_, i) => replaced[i] ?? new Map()),
  rowIssues: Array.from({ length: n }, (_, i) => rowIssues[i] ?? []),
  warnings: [],
  converted: 0,
  reused: 0,
  shared: 0,
  dicomRows: 0,
});

describe('image / mask cells of new patients: one issue per bad cell, naming row, patient and column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'image-cells-'));
  writeFileSync(join(dir, 'ct.nii.gz'), 'x');
  writeFileSync(join(dir, 'mask.nii.gz'), 'x');
  writeFileSync(join(dir, 'ct.png'), 'x');
  mkdirSync(join(dir, 'converted'));
  writeFileSync(join(dir, 'converted', 'mask-from-seg.nii.gz'), 'x');
  const cols = { images: ['image_pv'], masks: ['mask_pv'] };
  const opts = { source: 'new.csv', idColumn: 'patient_id', resolvePath: (c: string) => resolve(dir, c) };

  it('a missing mask file, an empty mask cell, an image of another format; good and DICOM-converted rows get their paths', () => {
    const t = tableFromColumns({
      patient_id: ['P1', 'P2', 'P3', 'P4', 'P5'],
      image_pv: ['ct.nii.gz', 'ct.nii.gz', 'ct.png', 'ct.nii.gz', 'ct.nii.gz'],
      mask_pv: ['gone.nii.gz', null, 'mask.nii.gz', 'mask.nii.gz', 'seg.dcm'],
    });
    const converted = new Map([['mask_pv', join(dir, 'converted', 'mask-from-seg.nii.gz')]]);
    const r = imageCellIssues(t, cols, noImport(5, [new Map(), new Map(), new Map(), new Map(), converted]), opts);
    expect(r.rowIssues.map((is) => is.map((i) => `${i.code}@${i.path.join('.')}`))).toEqual([
      ['missing_file@new.csv.row.1.mask_pv'],
      ['missing_value@new.csv.row.2.mask_pv'],
      ['bad_nifti@new.csv.row.3.image_pv'],
      [],
      [],
    ]);
    expect(r.rowIssues[0][0].message).toBe(`patient P1 (row 1): "mask_pv": no file at ${join(dir, 'gone.nii.gz')}`);
    expect(r.rowIssues[1][0].expected).toMatch(/tumour mask .*file/);
    expect(r.paths.slice(0, 3)).toEqual([null, null, null]);
    expect(r.paths[3]).toEqual(new Map([['image_pv', join(dir, 'ct.nii.gz')], ['mask_pv', join(dir, 'mask.nii.gz')]]));
    expect(r.paths[4]!.get('mask_pv')).toBe(join(dir, 'converted', 'mask-from-seg.nii.gz'));
  });

  it('the DICOM import\'s problems are re-rooted at the row, and the row\'s files are not checked again', () => {
    const t = tableFromColumns({ patient_id: ['P1'], image_pv: ['series/'], mask_pv: ['gone.nii.gz'] });
    const imp = issueError('dicom_unreadable', ['patient', 'P1', 'image_pv', '/data/series', 'slice', 3], 'patient P1, pv image series /data/series: slice 3 is truncated');
    const r = imageCellIssues(t, cols, noImport(1, [], [[imp]]), opts);
    expect(r.rowIssues[0].map((i) => [i.code, i.path, i.message])).toEqual([['dicom_unreadable', ['new.csv', 'row', 1, 'image_pv', '/data/series', 'slice', 3], 'patient P1 (row 1), pv image series /data/series: slice 3 is truncated']]);
    expect(importIssueAtRow(issueError('bad_option', ['x'], 'odd'), 'new.csv', 2, 'P9').message).toBe('patient P9 (row 2): odd');
  });

  it('absent image / mask columns: one missing_column issue per column, keyed by the column alone', () => {
    const t = tableFromColumns({ patient_id: ['P1'], image_pv: ['ct.nii.gz'] });
    const a = absentImageColumns(t, cols, 'new.csv', 'radiomics');
    const b = absentImageColumns(t, { images: ['image_pv'], masks: ['mask_pv'] }, 'new.csv', 'Ensemble-DL');
    expect(a.map((i) => `${i.code}@${i.path.join('.')}`)).toEqual(['missing_column@new.csv.mask_pv']);
    expect(b[0].path).toEqual(a[0].path);
  });
});

describe('fileIssueAtRow: a loader issue named by the column whose file failed', () => {
  const at = { source: 'new.csv', row: 3, id: 'P7', fileColumns: new Map([['/d/ct-art.nii.gz', 'image_arterial'], ['/d/mask.nii.gz', 'mask_portal_venous']]), maskColumn: 'mask_portal_venous', step: 'the Ensemble-DL model cannot read the images' };
  it('a file that is no NIfTI: the image column, not the file path', () => {
    const is = fileIssueAtRow(issueError('bad_nifti', ['P7', '/d/ct-art.nii.gz', 'header'], '/d/ct-art.nii.gz: file is 21 bytes, too short for a NIfTI header'), at);
    expect(is.path).toEqual(['new.csv', 'row', 3, 'image_arterial']);
    expect(is.message).toBe('patient P7 (row 3), "image_arterial": the Ensemble-DL model cannot read the images: /d/ct-art.nii.gz: file is 21 bytes, too short for a NIfTI header');
  });
  it('an empty tumour mask: the mask column; another issue keeps its own path after the row', () => {
    expect(fileIssueAtRow(issueError('empty_mask', ['P7', 'labels'], 'no voxel has label 2'), at).path).toEqual(['new.csv', 'row', 3, 'mask_portal_venous']);
    const other = fileIssueAtRow(issueError('out_of_range', ['P7', 'size'], 'too wide'), at);
    expect(other.path).toEqual(['new.csv', 'row', 3, 'size']);
    expect(other.message).toBe('patient P7 (row 3): the Ensemble-DL model cannot read the images: too wide');
  });
});

describe('emptyMaskIssue: an empty tumour mask is one issue on the mask column, whichever image step finds it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'empty-mask-'));
  const geom = { shape: [4, 4, 2] as [number, number, number], spacing: [1, 1, 2] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
  const mask = (name: string, labelled: Record<number, number>) => {
    const data = new Uint8Array(32);
    for (const [q, v] of Object.entries(labelled)) data[Number(q)] = v;
    writeNifti(join(dir, name), makeVolume({ ...geom, data }));
    return join(dir, name);
  };
  const at = { source: 'new.csv', row: 2, id: 'P2', maskColumn: 'mask_pv' };

  it('an all-zero mask: the same issue (code, path, message) for the radiomics label (any non-zero) and the Ensemble-DL labels', () => {
    const zero = mask('zero.nii.gz', {});
    const radiomics = emptyMaskIssue(zero, null, at);
    const deep = emptyMaskIssue(zero, [1, 2], at);
    expect(radiomics).toEqual({ code: 'empty_mask', severity: 'error', path: ['new.csv', 'row', 2, 'mask_pv'], message: 'patient P2 (row 2), "mask_pv": the tumour mask is empty: every voxel is 0', expected: 'a tumour mask with the tumour labelled', received: 'all voxels 0' });
    expect(deep).toEqual(radiomics);
  });

  it('a mask without the tumour label: an issue at the same place (one issueKey); a mask with it, or any voxel for null: none', () => {
    const liver = mask('liver.nii.gz', { 3: 1, 4: 1 });
    const a = emptyMaskIssue(liver, [2], at)!;
    expect(a.message).toBe('patient P2 (row 2), "mask_pv": the tumour mask has no voxel labelled 2');
    expect(issueKey(a)).toBe(issueKey(emptyMaskIssue(mask('zero2.nii.gz', {}), null, at)!));
    expect(emptyMaskIssue(liver, [1, 2], at)).toBeNull();
    expect(emptyMaskIssue(liver, null, at)).toBeNull();
  });

  it('an unreadable mask is left to the step\'s own issue', () => {
    writeFileSync(join(dir, 'broken.nii.gz'), 'not a nifti');
    expect(emptyMaskIssue(join(dir, 'broken.nii.gz'), null, at)).toBeNull();
  });
});
