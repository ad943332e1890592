/**
 * Oracle tier (b), cross-implementation: the shared nibabel sample files read by `readNifti` agree with
 * what nibabel 5.0.0 reports (test/reference/imaging/nibabel-samples/expected.json, made by generate.py there).
 */
import { describe, expect, it } from 'vitest';
import { HccError } from '../../src/core/errors.js';
import { orientationCode } from '../../src/core/geometry.js';
import type { Vec3 } from '../../src/core/geometry.js';
import { indexToWorld, voxelIndex } from '../../src/core/volume.js';
import { readNifti } from '../../src/io/index.js';
import { expectClose, readLocalJson, sharedReferencePath } from '../helpers/reference.js';

interface Spot { ijk: [number, number, number]; value: number }
interface Frame { frame: number; sum: number; min: number; max: number; nonzero: number; spots: Spot[] }
interface Case {
  file: string; shape: number[]; dtype: string; sform_code: number; qform_code: number; pixdim: number[];
  scl_slope: number; scl_inter: number; affine_ras: number[]; qform_ras: number[]; axcodes_ras: string; frames: Frame[];
}
const ref = readLocalJson<{ tolerance: { affine_abs: number; qform_abs: number; sum_rel: number; sum_rel_scaled: number; value_rel_scaled: number }; cases: Case[] }>('imaging/nibabel-samples/expected.json');
const tol = ref.tolerance;

describe('readNifti on the nibabel sample files (vs nibabel 5.0.0)', () => {
  for (const c of ref.cases) {
    describe(c.file, () => {
      const path = sharedReferencePath(`imaging/nibabel/${c.file}`);
      const frames = c.shape.slice(3).reduce((a, b) => a * b, 1);
      for (const f of c.frames) {
        it(`frame ${f.frame}: shape, affine, world positions and voxel values`, () => {
          const r = readNifti(path, frames > 1 ? { frame: f.frame } : {});
          const scaled = c.scl_slope !== 1 || c.scl_inter !== 0;
          if (scaled) {
            expect(r.header.scaling).toEqual({ slope: c.scl_slope, inter: c.scl_inter });
            expect(r.volume.data).toBeInstanceOf(Float32Array);
          } else expect(r.header.scaling).toBeNull();
          expect(r.frames).toBe(frames);
          expect(r.header.version).toBe(c.file.includes('nifti2') ? 2 : 1);
          expect([...r.volume.shape]).toEqual(c.shape.slice(0, 3));
          expect(r.header.affineSource).toBe(c.sform_code > 0 ? 'sform' : 'qform');
          r.header.affineRas.forEach((x, i) => expectClose(x, c.affine_ras[i], { abs: tol.affine_abs }, `${c.file} affine[${i}]`));
          if (c.qform_code > 0) r.header.qformRas!.forEach((x, i) => expectClose(x, c.qform_ras[i], { abs: tol.qform_abs }, `${c.file} qform[${i}]`));
          // The LPS volume puts every voxel where nibabel's RAS affine does, with x and y negated.
          for (const s of f.spots) {
            const [i, j, k] = s.ijk;
            const a = c.affine_ras;
            const ras = [0, 1, 2].map((r) => a[r * 4] * i + a[r * 4 + 1] * j + a[r * 4 + 2] * k + a[r * 4 + 3]);
            const lps: Vec3 = [-ras[0], -ras[1], ras[2]];
            const p = indexToWorld(r.volume, [i, j, k]);
            p.forEach((x, d) => expectClose(x, lps[d], { abs: 1e-4 }, `${c.file} world of [${s.ijk}] axis ${d}`));
            const got = r.volume.data[voxelIndex(r.volume.shape, i, j, k)];
            if (scaled) expectClose(got, s.value, { rel: tol.value_rel_scaled }, `${c.file} value at [${s.ijk}]`);
            else expect(got, `${c.file} value at [${s.ijk}]`).toBe(s.value);
          }
          let sum = 0, min = Infinity, max = -Infinity, nonzero = 0;
          for (const v of r.volume.data) { sum += v; if (v < min) min = v; if (v > max) max = v; if (v !== 0) nonzero++; }
          expect(nonzero).toBe(f.nonzero);
          if (scaled) {
            expectClose(min, f.min, { rel: tol.value_rel_scaled }, `${c.file} min`);
            expectClose(max, f.max, { rel: tol.value_rel_scaled }, `${c.file} max`);
          } else {
            expect(min).toBe(f.min);
            expect(max).toBe(f.max);
          }
          expectClose(sum, f.sum, { rel: scaled ? tol.sum_rel_scaled : tol.sum_rel }, `${c.file} sum`);
          expect(orientationCode(r.volume.direction)).toBe(c.axcodes_ras);
          const spacing = [0, 1, 2].map((col) => Math.hypot(c.affine_ras[col], c.affine_ras[4 + col], c.affine_ras[8 + col]));
          r.volume.spacing.forEach((s, d) => expectClose(s, spacing[d], { abs: 1e-5 }, `${c.file} spacing ${d}`));
        });
      }
      if (frames > 1) {
        it('refuses to guess a frame of a 4-D file', () => {
          try {
            readNifti(path);
            expect.unreachable();
          } catch (e) {
            expect(e).toBeInstanceOf(HccError);
            expect((e as HccError).issues[0].code).toBe('multiple_frames');
            expect((e as HccError).issues[0].path[0]).toBe(path);
            expect((e as HccError).message).toContain(String(frames));
          }
        });
      }
    });
  }
  it('keeps the big-endian int16 of anatomical.nii as native Int16Array', () => {
    const r = readNifti(sharedReferencePath('imaging/nibabel/anatomical.nii'));
    expect(r.header.littleEndian).toBe(false);
    expect(r.volume.data).toBeInstanceOf(Int16Array);
  });
});
