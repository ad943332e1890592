import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { orientationCode } from '../../core/geometry.js';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import type { Volume, VoxelArray } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';
import { parseNifti, readNifti } from './read-nifti.js';
import { encodeNifti, writeNifti } from './write-nifti.js';

const dir = mkdtempSync(join(tmpdir(), 'nifti-rt-'));
const c = Math.cos(0.35), s = Math.sin(0.35);
const ORIENTATIONS: Record<string, Mat3> = {
  LPS: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  RAS: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
  LAS: [1, 0, 0, 0, -1, 0, 0, 0, 1],
  PIL: [0, 0, 1, 1, 0, 0, 0, -1, 0],
};

function ramp<T extends VoxelArray>(make: (n: number) => T, shape: Vec3, f: (i: number) => number): T {
  const a = make(shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < a.length; i++) a[i] = f(i);
  return a;
}

function synthetic<T extends VoxelArray>(data: T, direction: Mat3): Volume<T> {
  return makeVolume({ data, shape: [5, 4, 3], spacing: [0.75, 0.5, 2.5], origin: [-120.5, 33.25, -7], direction });
}

describe('writeNifti → readNifti round trip (synthetic volumes)', () => {
  for (const [code, direction] of Object.entries(ORIENTATIONS)) {
    for (const ext of ['.nii', '.nii.gz']) {
      it(`${code} ${ext}, anisotropic spacing: geometry and voxels exact`, () => {
        const v = synthetic(ramp((n) => new Int16Array(n), [5, 4, 3], (i) => i * 37 - 900), direction);
        const path = join(dir, `${code}${ext}`);
        writeNifti(path, v);
        if (ext.endsWith('.gz')) expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
        const r = readNifti(path);
        expect(orientationCode(r.volume.direction)).toBe(code);
        expect(r.volume.shape).toEqual(v.shape);
        expect(r.volume.spacing).toEqual(v.spacing);
        expect(r.volume.origin).toEqual(v.origin);
        expect(r.volume.direction.map((x) => x + 0)).toEqual(v.direction.map((x) => x + 0));
        expect(Array.from(r.volume.data)).toEqual(Array.from(v.data));
        expect(r.volume.data).toBeInstanceOf(Int16Array);
        expect(r.header.affineSource).toBe('sform');
        expect(r.warnings).toEqual([]);
      });
    }
  }

  it('non-identity (oblique) direction: NIfTI-2 keeps float64 geometry, NIfTI-1 to float32 precision', () => {
    const rot: Mat3 = [c, -s, 0, s * 0.6, c * 0.6, -0.8, s * 0.8, c * 0.8, 0.6];
    const v = synthetic(ramp((n) => new Float32Array(n), [5, 4, 3], (i) => Math.sqrt(i) - 2.5), rot);
    for (const version of [1, 2] as const) {
      const r = parseNifti(encodeNifti(v, { version }), `v${version}`);
      const tol = version === 2 ? 1e-13 : 2e-5;
      r.volume.direction.forEach((x, i) => expect(Math.abs(x - v.direction[i])).toBeLessThan(tol));
      r.volume.origin.forEach((x, i) => expect(Math.abs(x - v.origin[i])).toBeLessThan(tol * 200));
      r.volume.spacing.forEach((x, i) => expect(Math.abs(x - v.spacing[i])).toBeLessThan(tol));
      expect(Array.from(r.volume.data)).toEqual(Array.from(v.data));
      expect(r.header.version).toBe(version);
    }
  });

  it('the qform written alongside the sform describes the same grid (left- and right-handed)', () => {
    for (const direction of [ORIENTATIONS.LPS, ORIENTATIONS.LAS, [c, -s, 0, s, c, 0, 0, 0, -1] as Mat3]) {
      const r = parseNifti(encodeNifti(synthetic(new Uint8Array(60), direction), { version: 2 }), 'q');
      r.header.qformRas!.forEach((x, i) => expect(Math.abs(x - r.header.sformRas![i])).toBeLessThan(1e-12));
    }
  });

  it('keeps every voxel array type', () => {
    const makers: [string, (n: number) => VoxelArray][] = [
      ['Uint8Array', (n) => new Uint8Array(n)], ['Int16Array', (n) => new Int16Array(n)], ['Uint16Array', (n) => new Uint16Array(n)],
      ['Int32Array', (n) => new Int32Array(n)], ['Float32Array', (n) => new Float32Array(n)], ['Float64Array', (n) => new Float64Array(n)],
    ];
    for (const [name, make] of makers) {
      const v = synthetic(ramp(make, [5, 4, 3], (i) => (i * 7) % 50), ORIENTATIONS.RAS);
      const r = parseNifti(encodeNifti(v, { gzip: true }), name);
      expect(r.volume.data.constructor.name).toBe(name);
      expect(Array.from(r.volume.data)).toEqual(Array.from(v.data));
    }
  });
});
