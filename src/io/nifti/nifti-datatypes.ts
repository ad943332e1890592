import type { VoxelArray } from '../../core/volume.js';

/** A NIfTI voxel storage type this reader decodes. */
export interface NiftiDatatype {
  /** NIfTI `datatype` code (nifti1.h `DT_*`). */
  readonly code: number;
  readonly name: 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';
  /** Bytes per voxel. */
  readonly bytes: number;
  readonly isInteger: boolean;
}

const SUPPORTED: readonly NiftiDatatype[] = [
  { code: 2, name: 'uint8', bytes: 1, isInteger: true },
  { code: 4, name: 'int16', bytes: 2, isInteger: true },
  { code: 8, name: 'int32', bytes: 4, isInteger: true },
  { code: 16, name: 'float32', bytes: 4, isInteger: false },
  { code: 64, name: 'float64', bytes: 8, isInteger: false },
  { code: 256, name: 'int8', bytes: 1, isInteger: true },
  { code: 512, name: 'uint16', bytes: 2, isInteger: true },
  { code: 768, name: 'uint32', bytes: 4, isInteger: true },
  { code: 1024, name: 'int64', bytes: 8, isInteger: true },
  { code: 1280, name: 'uint64', bytes: 8, isInteger: true },
];

/** Names of NIfTI datatypes that exist but are not images of one real number per voxel. */
const UNSUPPORTED_NAMES: Readonly<Record<number, string>> = {
  0: 'unknown', 1: 'binary (1 bit)', 32: 'complex64', 128: 'rgb24', 1536: 'float128', 1792: 'complex128', 2048: 'complex256', 2304: 'rgba32',
};

/** The datatype for a code, or null when this reader does not decode it. */
export function niftiDatatype(code: number): NiftiDatatype | null {
  return SUPPORTED.find((d) => d.code === code) ?? null;
}

/** Human name of any datatype code (for messages). */
export function niftiDatatypeName(code: number): string {
  return niftiDatatype(code)?.name ?? UNSUPPORTED_NAMES[code] ?? `code ${code}`;
}

/** Codes this reader decodes, for messages. */
export const SUPPORTED_NIFTI_DATATYPES = SUPPORTED.map((d) => `${d.name} (${d.code})`).join(', ');

/** Linear intensity scaling `value = raw · slope + inter` (NIfTI `scl_slope`, `scl_inter`). */
export interface NiftiScaling {
  readonly slope: number;
  readonly inter: number;
}

/** What decoding found, besides the voxels. */
export interface DecodedVoxels {
  readonly data: VoxelArray;
  /** Voxels that are NaN or ±Infinity (float sources only). */
  readonly nonFinite: number;
  /** 64-bit integers whose magnitude exceeds 2^53 (rounded when converted to Float64). */
  readonly inexact64: number;
}

/**
 * Turn raw voxel bytes into a typed array, honouring byte order and scaling.
 *
 * Output type without scaling: uint8→Uint8Array, int8→Int16Array, int16→Int16Array,
 * uint16→Uint16Array, int32→Int32Array, uint32/int64/uint64→Float64Array, float32→Float32Array,
 * float64→Float64Array (all exact except 64-bit integers beyond 2^53).
 * With scaling (`raw · slope + inter`): when the source is integer and slope and inter are integers,
 * the smallest of Int16Array/Int32Array that holds the scaled range (exact; typical for CT stored with
 * slope 1, intercept −1024); otherwise Float32Array for sources of at most 16 bits or float32, and
 * Float64Array for 32/64-bit integer and float64 sources.
 *
 * When the bytes are little-endian, aligned and need no conversion, the result is a view on `bytes`
 * (no copy); callers must not reuse `bytes`.
 */
export function decodeVoxels(bytes: Uint8Array, dt: NiftiDatatype, littleEndian: boolean, scaling: NiftiScaling | null): DecodedVoxels {
  const n = bytes.length / dt.bytes;
  const raw = rawArray(bytes, dt, littleEndian, n);
  let nonFinite = 0;
  let inexact64 = 0;
  if (!dt.isInteger) {
    for (let i = 0; i < n; i++) if (!Number.isFinite(raw[i])) nonFinite++;
  } else if (dt.bytes === 8) {
    for (let i = 0; i < n; i++) if (Math.abs(raw[i]) > 2 ** 53) inexact64++;
  }
  if (scaling === null) return { data: raw, nonFinite, inexact64 };
  const { slope, inter } = scaling;
  let out: VoxelArray;
  if (dt.isInteger && Number.isInteger(slope) && Number.isInteger(inter)) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const a = lo * slope + inter, b = hi * slope + inter;
    const min = Math.min(a, b), max = Math.max(a, b);
    if (min >= -32768 && max <= 32767) out = new Int16Array(n);
    else if (min >= -2147483648 && max <= 2147483647) out = new Int32Array(n);
    else out = new Float64Array(n);
  } else if (dt.bytes <= 2 || dt.name === 'float32') out = new Float32Array(n);
  else out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = raw[i] * slope + inter;
  return { data: out, nonFinite, inexact64 };
}

function rawArray(bytes: Uint8Array, dt: NiftiDatatype, le: boolean, n: number): VoxelArray {
  const aligned = (bytes.byteOffset % dt.bytes) === 0;
  const buf = bytes.buffer as ArrayBuffer;
  if (le && aligned) {
    switch (dt.name) {
      case 'uint8': return new Uint8Array(buf, bytes.byteOffset, n);
      case 'int16': return new Int16Array(buf, bytes.byteOffset, n);
      case 'uint16': return new Uint16Array(buf, bytes.byteOffset, n);
      case 'int32': return new Int32Array(buf, bytes.byteOffset, n);
      case 'float32': return new Float32Array(buf, bytes.byteOffset, n);
      case 'float64': return new Float64Array(buf, bytes.byteOffset, n);
      default: break;
    }
  }
  const view = new DataView(buf, bytes.byteOffset, bytes.byteLength);
  switch (dt.name) {
    case 'uint8': return new Uint8Array(bytes);
    case 'int8': { const o = new Int16Array(n); for (let i = 0; i < n; i++) o[i] = view.getInt8(i); return o; }
    case 'int16': { const o = new Int16Array(n); for (let i = 0; i < n; i++) o[i] = view.getInt16(2 * i, le); return o; }
    case 'uint16': { const o = new Uint16Array(n); for (let i = 0; i < n; i++) o[i] = view.getUint16(2 * i, le); return o; }
    case 'int32': { const o = new Int32Array(n); for (let i = 0; i < n; i++) o[i] = view.getInt32(4 * i, le); return o; }
    case 'uint32': { const o = new Float64Array(n); for (let i = 0; i < n; i++) o[i] = view.getUint32(4 * i, le); return o; }
    case 'int64': { const o = new Float64Array(n); for (let i = 0; i < n; i++) o[i] = Number(view.getBigInt64(8 * i, le)); return o; }
    case 'uint64': { const o = new Float64Array(n); for (let i = 0; i < n; i++) o[i] = Number(view.getBigUint64(8 * i, le)); return o; }
    case 'float32': { const o = new Float32Array(n); for (let i = 0; i < n; i++) o[i] = view.getFloat32(4 * i, le); return o; }
    case 'float64': { const o = new Float64Array(n); for (let i = 0; i < n; i++) o[i] = view.getFloat64(8 * i, le); return o; }
  }
}
