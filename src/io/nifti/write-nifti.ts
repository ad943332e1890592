import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { HccError } from '../../core/errors.js';
import type { Volume, VoxelArray } from '../../core/volume.js';
import { lpsToRasAffine, rasRotationAndQfac, rotationToQuaternion } from './nifti-affine.js';

/** Options for {@link encodeNifti} / {@link writeNifti}. */
export interface WriteNiftiOptions {
  /** NIfTI-1 (float32 geometry, default) or NIfTI-2 (float64 geometry: exact round trip of any double). */
  readonly version?: 1 | 2;
  /** gzip the output (default: true when the path ends in `.gz`; `encodeNifti` default false). */
  readonly gzip?: boolean;
  /** zlib level 0..9 (default 6). */
  readonly gzipLevel?: number;
  /** sform_code and qform_code written (default 1, NIFTI_XFORM_SCANNER_ANAT). */
  readonly xformCode?: number;
  /** Header `descrip` text (ASCII, at most 79 characters). */
  readonly description?: string;
}

function datatypeOf(data: VoxelArray): { code: number; bytes: number } {
  if (data instanceof Uint8Array) return { code: 2, bytes: 1 };
  if (data instanceof Int16Array) return { code: 4, bytes: 2 };
  if (data instanceof Int32Array) return { code: 8, bytes: 4 };
  if (data instanceof Float32Array) return { code: 16, bytes: 4 };
  if (data instanceof Float64Array) return { code: 64, bytes: 8 };
  if (data instanceof Uint16Array) return { code: 512, bytes: 2 };
  throw new HccError('E_INTERNAL', 'encodeNifti: unsupported voxel array type');
}

/**
 * Encode a volume as a single-file NIfTI (little-endian, magic `n+1`/`n+2`, no extensions). The LPS
 * geometry is written as RAS+ (x and y rows negated) in both the sform (srow = affine) and the qform
 * (quaternion of the rotation, pixdim[0] = qfac = −1 for left-handed grids); units mm; scl_slope 1,
 * scl_inter 0; the voxel array type becomes the datatype (uint8, int16, int32, uint16, float32, float64).
 */
export function encodeNifti(volume: Volume, options: WriteNiftiOptions = {}): Uint8Array {
  const version = options.version ?? 1;
  const dt = datatypeOf(volume.data);
  const headerSize = version === 1 ? 348 : 540;
  const voxOffset = version === 1 ? 352 : 544;
  const dataBytes = volume.data.length * dt.bytes;
  const out = new Uint8Array(voxOffset + dataBytes);
  const v = new DataView(out.buffer);
  const affine = lpsToRasAffine(volume);
  const { rotation, qfac } = rasRotationAndQfac(volume);
  const q = rotationToQuaternion(rotation);
  const code = options.xformCode ?? 1;
  const dims = [3, volume.shape[0], volume.shape[1], volume.shape[2], 1, 1, 1, 1];
  const pixdim = [qfac, volume.spacing[0], volume.spacing[1], volume.spacing[2], 1, 1, 1, 1];
  const desc = (options.description ?? '').replace(/[^ -~]/g, '?').slice(0, 79);
  const ascii = (at: number, s: string) => { for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i); };
  v.setInt32(0, headerSize, true);
  if (version === 1) {
    dims.forEach((d, i) => v.setInt16(40 + 2 * i, d, true));
    v.setInt16(70, dt.code, true);
    v.setInt16(72, dt.bytes * 8, true);
    pixdim.forEach((p, i) => v.setFloat32(76 + 4 * i, p, true));
    v.setFloat32(108, voxOffset, true);
    v.setFloat32(112, 1, true);
    v.setFloat32(116, 0, true);
    out[123] = 2; // xyzt_units: mm
    ascii(148, desc);
    v.setInt16(252, code, true);
    v.setInt16(254, code, true);
    [q.b, q.c, q.d, affine[3], affine[7], affine[11]].forEach((x, i) => v.setFloat32(256 + 4 * i, x, true));
    affine.forEach((x, i) => v.setFloat32(280 + 4 * i, x, true));
    ascii(344, 'n+1\0');
  } else {
    ascii(4, 'n+2\0\r\n\x1a\n');
    v.setInt16(12, dt.code, true);
    v.setInt16(14, dt.bytes * 8, true);
    dims.forEach((d, i) => v.setBigInt64(16 + 8 * i, BigInt(d), true));
    pixdim.forEach((p, i) => v.setFloat64(104 + 8 * i, p, true));
    v.setBigInt64(168, BigInt(voxOffset), true);
    v.setFloat64(176, 1, true);
    v.setFloat64(184, 0, true);
    ascii(240, desc);
    v.setInt32(344, code, true);
    v.setInt32(348, code, true);
    [q.b, q.c, q.d, affine[3], affine[7], affine[11]].forEach((x, i) => v.setFloat64(352 + 8 * i, x, true));
    affine.forEach((x, i) => v.setFloat64(400 + 8 * i, x, true));
    v.setInt32(500, 2, true); // xyzt_units: mm
  }
  // Voxels: typed arrays are little-endian on every platform Node supports (x64, arm64).
  out.set(new Uint8Array(volume.data.buffer, volume.data.byteOffset, dataBytes), voxOffset);
  return options.gzip ? gzipSync(out, { level: options.gzipLevel ?? 6 }) : out;
}

/** Write a volume to `path` as NIfTI; gzip when the name ends in `.gz` (see {@link encodeNifti}). */
export function writeNifti(path: string, volume: Volume, options: WriteNiftiOptions = {}): void {
  const bytes = encodeNifti(volume, { ...options, gzip: options.gzip ?? path.endsWith('.gz') });
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new HccError('E_IO', `${path}: cannot write NIfTI file (${(e as Error).message})`, { cause: e });
  }
}
