import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { makeVolume } from '../../core/volume.js';
import { sharedReferencePath } from '../../../test/helpers/reference.js';
import { readNifti, readNiftiGrid } from './read-nifti.js';
import { encodeNifti } from './write-nifti.js';

const dir = mkdtempSync(join(tmpdir(), 'nifti-grid-'));

/** A rotated, anisotropic 40×30×20 volume of random-ish voxels (so gzip cannot shrink the data to nothing). */
function volume(): ReturnType<typeof makeVolume> {
  const c = Math.cos(0.3), s = Math.sin(0.3);
  const data = new Int16Array(40 * 30 * 20);
  let x = 12345;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    data[i] = (x >> 16) - 1000;
  }
  return makeVolume({ data, shape: [40, 30, 20], spacing: [0.8, 0.8, 2.5], origin: [-100.5, 20.25, 33], direction: [c, -s, 0, s, c, 0, 0, 0, 1] });
}

function write(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('readNiftiGrid', () => {
  it('gives the grid and header readNifti gives, for .nii and .nii.gz, without reading the voxels', () => {
    const v = volume();
    const raw = encodeNifti(v);
    for (const p of [write('a.nii', raw), write('a.nii.gz', gzipSync(raw))]) {
      const full = readNifti(p);
      const g = readNiftiGrid(p);
      expect(g.grid.shape).toEqual(full.volume.shape);
      expect(g.grid.spacing).toEqual(full.volume.spacing);
      expect(g.grid.origin).toEqual(full.volume.origin);
      expect(g.grid.direction).toEqual(full.volume.direction);
      expect(g.header).toEqual(full.header);
      expect(g.frames).toBe(1);
    }
    // the gzip file is much larger than what the header needs: only a prefix is read
    expect(statSync(join(dir, 'a.nii.gz')).size).toBeGreaterThan(20_000);
  });

  it('reads the grid of a file whose voxel data is truncated (the header is all it needs)', () => {
    const raw = encodeNifti(volume());
    const p = write('cut.nii.gz', gzipSync(raw).subarray(0, 3000));
    expect(() => readNifti(p)).toThrow(HccError);
    expect(readNiftiGrid(p).grid.shape).toEqual([40, 30, 20]);
  });

  it('reports the same coded errors as readNifti for a bad header, and E_IO for a missing file', () => {
    const raw = encodeNifti(volume());
    const bad = new Uint8Array(raw);
    new DataView(bad.buffer).setInt32(0, 999, true); // sizeof_hdr
    for (const p of [write('bad.nii', bad), write('bad.nii.gz', gzipSync(bad))]) {
      try {
        readNiftiGrid(p);
        throw new Error('expected an error');
      } catch (e) {
        expect(e).toBeInstanceOf(HccError);
        expect((e as HccError).code).toBe('E_INPUT');
        expect((e as HccError).issues[0].code).toBe('bad_nifti');
        expect((e as HccError).message).toContain(p);
      }
    }
    const short = write('short.nii', raw.subarray(0, 100));
    expect(() => readNiftiGrid(short)).toThrow(/too short for a NIfTI header/);
    const notGzip = write('junk.nii.gz', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]));
    expect(() => readNiftiGrid(notGzip)).toThrow(HccError);
    try {
      readNiftiGrid(join(dir, 'missing.nii.gz'));
      throw new Error('expected an error');
    } catch (e) {
      expect((e as HccError).code).toBe('E_IO');
    }
  });

  it('accepts a 4-D file without a frame (its frames share the grid)', () => {
    const raw = new Uint8Array(encodeNifti(volume()));
    const dv = new DataView(raw.buffer);
    dv.setInt16(40, 4, true); // dim[0]
    dv.setInt16(48, 2, true); // dim[4] = 2 frames (the data holds one: the grid reader does not read data)
    const p = write('four.nii', raw);
    expect(() => readNifti(p)).toThrow(/3-D frames/);
    const g = readNiftiGrid(p);
    expect(g.frames).toBe(2);
    expect(g.grid.shape).toEqual([40, 30, 20]);
  });
});

describe('readNiftiGrid on nibabel\'s sample files (../shared/reference/imaging/nibabel)', () => {
  it('matches readNifti on every sample, 4-D ones through their first frame', () => {
    const folder = sharedReferencePath('imaging/nibabel');
    const files = readdirSync(folder).filter((f) => /\.nii(\.gz)?$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const p = join(folder, f);
      const g = readNiftiGrid(p);
      const full = readNifti(p, g.frames > 1 ? { frame: 0 } : {});
      expect(g.grid, f).toEqual({ shape: full.volume.shape, spacing: full.volume.spacing, origin: full.volume.origin, direction: full.volume.direction });
      expect(g.header, f).toEqual(full.header);
      expect(g.frames, f).toBe(full.frames);
    }
  });
});
