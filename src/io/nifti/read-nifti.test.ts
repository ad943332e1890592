import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { makeVolume } from '../../core/volume.js';
import { parseNifti, readNifti } from './read-nifti.js';
import { encodeNifti } from './write-nifti.js';

const base = makeVolume({ data: new Float64Array(24), shape: [4, 3, 2], spacing: [1.5, 2, 3], origin: [10, 20, 30], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
const SOURCE = 'case.nii';

/** A NIfTI-1 file with `base`'s header, then `datatype`/`bitpix` patched and `voxels` as data. */
function niftiWith(datatype: number, bitpix: number, voxels: Uint8Array, patch?: (v: DataView) => void): Uint8Array {
  const header = encodeNifti(base).slice(0, 352);
  const v = new DataView(header.buffer);
  v.setInt16(70, datatype, true);
  v.setInt16(72, bitpix, true);
  patch?.(v);
  const out = new Uint8Array(352 + voxels.length);
  out.set(header);
  out.set(voxels, 352);
  return out;
}

function expectIssue(f: () => unknown, code: string, pattern?: RegExp): HccError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HccError);
    const err = e as HccError;
    expect(err.code).toBe('E_INPUT');
    expect(err.issues[0].code).toBe(code);
    expect(err.issues[0].path[0]).toBe(SOURCE);
    expect(err.message).toContain(SOURCE);
    if (pattern) expect(err.message).toMatch(pattern);
    return err;
  }
  throw new Error(`expected an ${code} error`);
}

describe('parseNifti datatypes and scaling', () => {
  const values = [-3, -1, 0, 1, 2, 100, 127, -128];
  const n = 24;
  const fill = (bytes: number, set: (v: DataView, i: number, x: number) => void) => {
    const b = new Uint8Array(n * bytes);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < n; i++) set(dv, i, values[i % values.length]);
    return b;
  };
  it('decodes int8 to Int16Array, uint32/int64/uint64 to Float64Array exactly', () => {
    const cases: [number, number, Uint8Array, string, number[]][] = [
      [256, 8, fill(1, (v, i, x) => v.setInt8(i, x)), 'Int16Array', values],
      [768, 32, fill(4, (v, i, x) => v.setUint32(4 * i, x + 128, true)), 'Float64Array', values.map((x) => x + 128)],
      [1024, 64, fill(8, (v, i, x) => v.setBigInt64(8 * i, BigInt(x) * 10n ** 12n, true)), 'Float64Array', values.map((x) => x * 1e12)],
      [1280, 64, fill(8, (v, i, x) => v.setBigUint64(8 * i, BigInt(x + 128), true)), 'Float64Array', values.map((x) => x + 128)],
    ];
    for (const [code, bitpix, bytes, type, expected] of cases) {
      const r = parseNifti(niftiWith(code, bitpix, bytes), SOURCE);
      expect(r.volume.data.constructor.name).toBe(type);
      expect(Array.from(r.volume.data.slice(0, 8))).toEqual(expected);
    }
  });
  it('applies integer scaling exactly into Int16 (CT-style slope 1, intercept -1024)', () => {
    const bytes = fill(2, (v, i, x) => v.setUint16(2 * i, x + 1024, true));
    const r = parseNifti(niftiWith(512, 16, bytes, (v) => { v.setFloat32(112, 1, true); v.setFloat32(116, -1024, true); }), SOURCE);
    expect(r.volume.data).toBeInstanceOf(Int16Array);
    expect(Array.from(r.volume.data.slice(0, 8))).toEqual(values);
    expect(r.header.scaling).toEqual({ slope: 1, inter: -1024 });
  });
  it('applies fractional scaling into Float32; scl_slope 0 means no scaling', () => {
    const bytes = fill(2, (v, i, x) => v.setInt16(2 * i, x, true));
    const scaled = parseNifti(niftiWith(4, 16, bytes, (v) => { v.setFloat32(112, 0.5, true); v.setFloat32(116, 10, true); }), SOURCE);
    expect(scaled.volume.data).toBeInstanceOf(Float32Array);
    expect(Array.from(scaled.volume.data.slice(0, 8))).toEqual(values.map((x) => x * 0.5 + 10));
    const unscaled = parseNifti(niftiWith(4, 16, bytes, (v) => { v.setFloat32(112, 0, true); v.setFloat32(116, 10, true); }), SOURCE);
    expect(unscaled.header.scaling).toBeNull();
    expect(Array.from(unscaled.volume.data.slice(0, 8))).toEqual(values);
  });
  it('warns about NaN voxels instead of passing them on silently', () => {
    const bytes = new Uint8Array(n * 4);
    new DataView(bytes.buffer).setFloat32(4, NaN, true);
    const r = parseNifti(niftiWith(16, 32, bytes), SOURCE);
    expect(r.warnings.map((w) => w.code)).toContain('non_finite');
  });
  it('uses the qform when sform_code is 0, and pixdim alone (with a warning) when both are 0', () => {
    const bytes = new Uint8Array(n * 8);
    const q = parseNifti(niftiWith(64, 64, bytes, (v) => v.setInt16(254, 0, true)), SOURCE);
    expect(q.header.affineSource).toBe('qform');
    expect(q.volume.origin).toEqual([10, 20, 30]);
    expect(q.volume.spacing).toEqual([1.5, 2, 3]);
    const p = parseNifti(niftiWith(64, 64, bytes, (v) => { v.setInt16(254, 0, true); v.setInt16(252, 0, true); }), SOURCE);
    expect(p.header.affineSource).toBe('pixdim');
    expect(p.volume.origin).toEqual([0, 0, 0]);
    expect(p.volume.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(p.warnings.some((w) => w.code === 'inferred_value' && /METHOD 1/.test(w.message))).toBe(true);
  });
  it('converts metre and micron units to millimetres', () => {
    const bytes = new Uint8Array(n * 8);
    const m = parseNifti(niftiWith(64, 64, bytes, (v) => v.setUint8(123, 1)), SOURCE);
    expect(m.volume.spacing).toEqual([1500, 2000, 3000]);
    expect(m.header.spatialUnit).toBe('m');
  });
});

describe('parseNifti coded errors naming the file', () => {
  const good = encodeNifti(base);
  it('truncated .nii and .nii.gz', () => {
    expectIssue(() => parseNifti(good.subarray(0, good.length - 5), SOURCE), 'bad_nifti', /truncated/);
    expectIssue(() => parseNifti(good.subarray(0, 200), SOURCE), 'bad_nifti', /too short/);
    const gz = gzipSync(good);
    expectIssue(() => parseNifti(gz.subarray(0, gz.length - 20), SOURCE), 'bad_nifti', /gzip/);
  });
  it('not NIfTI at all, and a .hdr/.img header', () => {
    expectIssue(() => parseNifti(new Uint8Array(400).fill(7), SOURCE), 'bad_nifti', /sizeof_hdr/);
    const pair = good.slice();
    pair.set([0x6e, 0x69, 0x31, 0], 344);
    expectIssue(() => parseNifti(pair, SOURCE), 'bad_nifti', /\.hdr\/\.img/);
  });
  it('unsupported datatype (complex64, rgb24)', () => {
    expectIssue(() => parseNifti(niftiWith(32, 64, new Uint8Array(24 * 8)), SOURCE), 'unsupported_datatype', /complex64/);
    expectIssue(() => parseNifti(niftiWith(128, 24, new Uint8Array(24 * 3)), SOURCE), 'unsupported_datatype', /rgb24/);
  });
  it('zero pixdim when the geometry comes from the qform', () => {
    const bytes = new Uint8Array(24 * 8);
    const err = expectIssue(() => parseNifti(niftiWith(64, 64, bytes, (v) => { v.setInt16(254, 0, true); v.setFloat32(84, 0, true); }), SOURCE), 'zero_spacing', /pixdim\[2\]/);
    expect(err.issues[0].path).toEqual([SOURCE, 'pixdim[2]']);
  });
  it('zero-length sform column', () => {
    expectIssue(() => parseNifti(niftiWith(64, 64, new Uint8Array(24 * 8), (v) => { v.setFloat32(280, 0, true); }), SOURCE), 'zero_spacing', /axis i/);
  });
  it('sheared sform is reported with the angle', () => {
    // srow_x[1] = 0.2: axis j leans into x (j column (0.2, 2, 0) is not orthogonal to i).
    const err = expectIssue(() => parseNifti(niftiWith(64, 64, new Uint8Array(24 * 8), (v) => v.setFloat32(284, 0.2, true)), SOURCE), 'sheared_affine', /shear.*meet at 84\.\d+°/);
    expect(err.issues[0].path).toEqual([SOURCE, 'affine']);
  });
  it('4-D: a missing or out-of-range frame', () => {
    const four = good.slice();
    const v = new DataView(four.buffer);
    v.setInt16(40, 4, true);
    v.setInt16(48, 2, true); // two frames, but data for one: truncated
    expectIssue(() => parseNifti(four, SOURCE, { frame: 1 }), 'bad_nifti', /truncated/);
    // no command has a frame option: the message says to split the file, and names no such option
    const err = expectIssue(() => parseNifti(four, SOURCE), 'multiple_frames', /2 3-D frames .*split the 4-D file into 3-D files first/);
    expect(err.message).not.toMatch(/frame option/);
    expect(err.issues[0].expected).toBe('a 3-D image (one volume per file)');
    expectIssue(() => parseNifti(good, SOURCE, { frame: 3 }), 'multiple_frames', /frame 3/);
  });
  it('a missing file is E_IO naming the path', () => {
    expect(() => readNifti('/nonexistent/x.nii.gz')).toThrow(expect.objectContaining({ code: 'E_IO', message: expect.stringContaining('/nonexistent/x.nii.gz') }));
  });
});
