import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unreadablePatient } from './extract-patient.js';

// DICOM inputs are converted to NIfTI before any extraction (study, extract, predict --images): the
// error of a path that is still not NIfTI names which file and why, and says nothing about DICOM.
describe('unreadablePatient: which file and why', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unreadable-'));
  const img = join(dir, 'ct.nii.gz');
  const msk = join(dir, 'mask.nii.gz');
  writeFileSync(img, 'x');
  writeFileSync(msk, 'x');
  writeFileSync(join(dir, 'ct.mha'), 'x');
  mkdirSync(join(dir, 'folder'));

  it('null when both are NIfTI files', () => {
    expect(unreadablePatient('P1', img, msk)).toBeNull();
  });

  it('a missing mask names the mask, a folder or another format the image', () => {
    expect(unreadablePatient('P1', img, join(dir, 'gone.nii.gz'))!.error).toBe(`the mask ${join(dir, 'gone.nii.gz')} does not exist`);
    expect(unreadablePatient('P1', join(dir, 'folder'), msk)!.error).toBe(`the image ${join(dir, 'folder')} is a folder, not a NIfTI file`);
    const other = unreadablePatient('P1', join(dir, 'ct.mha'), msk)!;
    expect(other.error).toBe(`the image ${join(dir, 'ct.mha')} is not a NIfTI file (.nii / .nii.gz)`);
    expect(other.error).not.toMatch(/DICOM/);
    expect(other.features).toEqual({});
  });
});
