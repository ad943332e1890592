import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { makeVolume } from '../../core/volume.js';
import { readNifti } from './read-nifti.js';
import { encodeNifti } from './write-nifti.js';

// readNifti frees a .nii.gz file's compressed bytes as soon as they are inflated (a resizable buffer
// shrunk to 0). The returned voxels must not live in that buffer, and plain .nii files (whose voxels
// are a view of the file's bytes) must not be released at all.

const dir = mkdtempSync(join(tmpdir(), 'mmf-nifti-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = 6 * 5 * 4;
const data = new Int16Array(n);
for (let i = 0; i < n; i++) data[i] = (i * 37) % 1999 - 1000;
const vol = makeVolume({ data, shape: [6, 5, 4], spacing: [0.8, 0.8, 2], origin: [-10, 5, 30], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });

function readBoth(name: string, bytes: Uint8Array) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return readNifti(path).volume;
}

describe('readNifti memory handling', () => {
  it('.nii.gz: voxels are intact after the compressed bytes are released, and not in a resizable buffer', () => {
    const v = readBoth('a.nii.gz', gzipSync(encodeNifti(vol)));
    expect(v.data).toBeInstanceOf(Int16Array);
    expect(v.data.length).toBe(n);
    expect(Array.from(v.data)).toEqual(Array.from(data));
    expect((v.data.buffer as ArrayBuffer & { resizable?: boolean }).resizable ?? false).toBe(false);
  });

  it('.nii: voxels (a view of the file bytes) are intact', () => {
    const v = readBoth('b.nii', encodeNifti(vol));
    expect(Array.from(v.data)).toEqual(Array.from(data));
    expect(v.origin).toEqual(vol.origin);
  });

  it('a truncated .nii.gz still fails with a coded error naming the file (buffer released on the error path too)', () => {
    const gz = gzipSync(encodeNifti(vol));
    const path = join(dir, 'c.nii.gz');
    writeFileSync(path, gz.subarray(0, gz.length - 40));
    let err: unknown;
    try {
      readNifti(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HccError);
    expect((err as HccError).issues[0].code).toBe('bad_nifti');
    expect((err as HccError).issues[0].path).toEqual([path, 'gzip']);
    // and a following read of a good file is unaffected
    expect(Array.from(readBoth('d.nii.gz', gzipSync(encodeNifti(vol))).data)).toEqual(Array.from(data));
  });

  it('a missing file is E_IO naming the path', () => {
    const path = join(dir, 'missing.nii.gz');
    expect(() => readNifti(path)).toThrow(HccError);
    try {
      readNifti(path);
    } catch (e) {
      expect((e as HccError).code).toBe('E_IO');
      expect((e as HccError).message).toContain(path);
    }
  });
});
