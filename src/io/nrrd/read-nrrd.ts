/**
 * NRRD reader (teem NRRD0001–NRRD0005): attached or detached single data file, `raw` or `gzip`
 * encoding, 3-D scalar images. Geometry from `space directions` / `space origin` (or the legacy
 * `spacings` field) is converted to the project's LPS volume.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { HccError } from '../../core/errors.js';
import type { Mat3, Vec3 } from '../../core/geometry.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { Volume, VoxelArray } from '../../core/volume.js';
import { makeVolume } from '../../core/volume.js';

/** Header facts kept with a read NRRD volume. */
export interface NrrdHeaderInfo {
  /** Magic version, e.g. `NRRD0004`. */
  readonly magic: string;
  /** NRRD `type` normalised to one name (`int16`, `uint8`, `float32`, …). */
  readonly type: string;
  readonly sizes: readonly number[];
  readonly encoding: 'raw' | 'gzip';
  readonly littleEndian: boolean;
  /** The `space` field as written (empty when absent). */
  readonly space: string;
  /** Detached data file, null when the data follow the header. */
  readonly dataFile: string | null;
  /** All `key: value` fields as written (lower-cased keys). */
  readonly fields: Readonly<Record<string, string>>;
}

/** A read NRRD image. */
export interface ReadNrrdResult {
  readonly volume: Volume;
  readonly header: NrrdHeaderInfo;
  readonly warnings: readonly Issue[];
}

interface TypeInfo {
  readonly name: string;
  readonly bytes: number;
}

const TYPES: Readonly<Record<string, TypeInfo>> = (() => {
  const t: Record<string, TypeInfo> = {};
  const add = (name: string, bytes: number, aliases: string[]): void => {
    for (const a of aliases) t[a] = { name, bytes };
  };
  add('int8', 1, ['signed char', 'int8', 'int8_t']);
  add('uint8', 1, ['uchar', 'unsigned char', 'uint8', 'uint8_t']);
  add('int16', 2, ['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t']);
  add('uint16', 2, ['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t']);
  add('int32', 4, ['int', 'signed int', 'int32', 'int32_t']);
  add('uint32', 4, ['uint', 'unsigned int', 'uint32', 'uint32_t']);
  add('float32', 4, ['float']);
  add('float64', 8, ['double']);
  return t;
})();

function fail(source: string, field: string, message: string, detail: { expected?: string; received?: string } = {}): never {
  throw new HccError('E_INPUT', `${source}: ${message}`, { issues: [issueError('bad_nrrd', [source, field], `${source}: ${message}`, detail)] });
}

/** Parse `(a,b,c)` into numbers; `none` gives null. */
function parseVector(text: string): number[] | null {
  const t = text.trim();
  if (t === 'none') return null;
  const m = /^\(([^)]*)\)$/.exec(t);
  if (!m) return [Number.NaN];
  return m[1].split(',').map((x) => Number(x.trim()));
}

/** Split `space directions` into its per-axis vectors. */
function splitVectors(text: string): string[] {
  return text.trim().split(/\s+(?=\(|none)/);
}

/**
 * Read a NRRD file (`.nrrd` attached, or `.nhdr` with one detached `data file`) into an LPS volume.
 * World = origin + Σ_c index_c · direction_c, with the `space directions` vectors split into
 * spacing (their norms) and unit directions; RAS spaces are converted by negating x and y.
 * Voxel types: int8/uint8/int16/uint16/int32/float32/float64 are kept, uint32 becomes Float64Array,
 * int8 becomes Int16Array. Throws `E_IO` when a file cannot be read and `E_INPUT` with a `bad_nrrd`
 * (or `unsupported_datatype`) issue naming the file and field otherwise.
 * @see http://teem.sourceforge.net/nrrd/format.html
 */
export function readNrrd(path: string): ReadNrrdResult {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new HccError('E_IO', `${path}: cannot read NRRD file (${(e as Error).message})`, { cause: e });
  }
  return parseNrrd(bytes, path, (name) => {
    const p = resolve(dirname(path), name);
    try {
      return readFileSync(p);
    } catch (e) {
      throw new HccError('E_IO', `${path}: cannot read detached data file ${p} (${(e as Error).message})`, { cause: e });
    }
  });
}

/**
 * Parse NRRD bytes; `source` names the file in errors, `readDataFile` loads a detached data file
 * (absent: detached headers are rejected). See {@link readNrrd}.
 */
export function parseNrrd(bytes: Uint8Array, source: string, readDataFile?: (name: string) => Uint8Array): ReadNrrdResult {
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (!/^NRRD000[1-5]$/.test(magic)) fail(source, 'magic', `not a NRRD file (magic "${magic.replace(/[^ -~]/g, '?')}")`, { expected: 'NRRD0001..NRRD0005' });
  // Header: lines up to the first empty line (or end of file for a detached header).
  const fields: Record<string, string> = {};
  let pos = 0;
  let dataStart = -1;
  let firstLine = true;
  while (pos < bytes.length) {
    let end = bytes.indexOf(0x0a, pos);
    if (end < 0) end = bytes.length;
    let line = Buffer.from(bytes.subarray(pos, end)).toString('latin1');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    pos = end + 1;
    if (firstLine) {
      firstLine = false;
      continue;
    }
    if (line === '') {
      dataStart = pos;
      break;
    }
    if (line.startsWith('#')) continue;
    const kv = /^([^:]+):=(.*)$/.exec(line);
    if (kv) continue; // key/value pairs carry no geometry
    const f = /^([^:]+):\s?(.*)$/.exec(line);
    if (!f) fail(source, 'header', `header line "${line.slice(0, 60)}" is not "field: value"`);
    fields[f[1].trim().toLowerCase()] = f[2].trim();
  }
  const warnings: Issue[] = [];
  const need = (k: string): string => fields[k] ?? fail(source, k, `required field "${k}" is missing`);
  const type = TYPES[need('type').toLowerCase()];
  if (type === undefined) {
    throw new HccError('E_INPUT', `${source}: NRRD type "${fields.type}" is not supported`, {
      issues: [issueError('unsupported_datatype', [source, 'type'], `NRRD type "${fields.type}" is not supported`, { expected: 'an integer or float scalar type (not block, int64)', received: fields.type })],
    });
  }
  const dimension = Number(need('dimension'));
  const sizes = need('sizes').split(/\s+/).map(Number);
  if (!(dimension >= 1 && dimension <= 3) || sizes.length !== dimension || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    fail(source, 'sizes', `only 1- to 3-D scalar images are supported (dimension ${dimension}, sizes ${fields.sizes})`, { expected: 'dimension <= 3 with positive integer sizes', received: `${dimension}: ${fields.sizes}` });
  }
  const shape: Vec3 = [sizes[0], sizes[1] ?? 1, sizes[2] ?? 1];
  const enc = need('encoding').toLowerCase();
  const encoding: 'raw' | 'gzip' = enc === 'raw' ? 'raw' : enc === 'gzip' || enc === 'gz' ? 'gzip' : fail(source, 'encoding', `encoding "${enc}" is not supported`, { expected: 'raw or gzip', received: enc });
  const endian = (fields.endian ?? 'little').toLowerCase();
  if (type.bytes > 1 && endian !== 'little' && endian !== 'big') fail(source, 'endian', `endian "${endian}" must be little or big`);
  const littleEndian = endian !== 'big';

  // Geometry.
  const space = (fields.space ?? '').toLowerCase();
  const ras = space === 'right-anterior-superior' || space === 'ras';
  const lps = space === 'left-posterior-superior' || space === 'lps';
  if (space !== '' && !ras && !lps) warnings.push(issueWarning('inferred_value', [source, 'space'], `${source}: space "${space}" treated as LPS`));
  const spacing: number[] = [1, 1, 1];
  const direction: number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  let origin: number[] = [0, 0, 0];
  if (fields['space directions'] !== undefined) {
    const vecs = splitVectors(fields['space directions']).map(parseVector).filter((v) => v !== null) as number[][];
    if (vecs.length !== dimension || vecs.some((v) => v.length !== 3 || !v.every(Number.isFinite))) {
      fail(source, 'space directions', `space directions "${fields['space directions']}" must give one 3-vector per axis`, { expected: `${dimension} vectors like (0.5,0,0)` });
    }
    vecs.forEach((v, c) => {
      const w = ras ? [-v[0], -v[1], v[2]] : v;
      const n = Math.hypot(w[0], w[1], w[2]);
      if (!(n > 0)) fail(source, 'space directions', `space direction of axis ${c} has zero length`, { expected: 'a non-zero vector', received: `(${v.join(',')})` });
      spacing[c] = n;
      for (let r = 0; r < 3; r++) direction[r * 3 + c] = w[r] / n + 0; // + 0 turns −0 into 0
    });
  } else if (fields.spacings !== undefined) {
    const s = fields.spacings.split(/\s+/).map(Number);
    s.forEach((x, c) => {
      if (c < 3 && Number.isFinite(x) && x > 0) spacing[c] = x;
    });
    warnings.push(issueWarning('inferred_value', [source, 'spacings'], `${source}: no space directions; identity orientation and origin 0 assumed`));
  }
  if (fields['space origin'] !== undefined) {
    const o = parseVector(fields['space origin']);
    if (o === null || o.length !== 3 || !o.every(Number.isFinite)) fail(source, 'space origin', `space origin "${fields['space origin']}" is not a 3-vector`);
    origin = ras ? [-o[0] + 0, -o[1] + 0, o[2]] : o;
  }

  // Data.
  let payload: Uint8Array;
  const dataFile = fields['data file'] ?? fields.datafile ?? null;
  if (dataFile !== null) {
    if (/^LIST|%/.test(dataFile) || dataFile.split(/\s+/).length > 1) fail(source, 'data file', 'multi-file detached data is not supported', { received: dataFile });
    if (!readDataFile) fail(source, 'data file', 'detached data file cannot be read from memory', { received: dataFile });
    payload = readDataFile(dataFile);
  } else {
    if (dataStart < 0) fail(source, 'data', 'header has no blank line ending it and no data file');
    payload = bytes.subarray(dataStart);
  }
  const lineSkip = Number(fields['line skip'] ?? 0);
  for (let l = 0; l < lineSkip; l++) {
    const e = payload.indexOf(0x0a);
    payload = payload.subarray(e < 0 ? payload.length : e + 1);
  }
  if (encoding === 'gzip') {
    try {
      payload = gunzipSync(payload);
    } catch (e) {
      fail(source, 'data', `gzip data are truncated or corrupt (${(e as Error).message})`);
    }
  }
  const n = shape[0] * shape[1] * shape[2];
  const nBytes = n * type.bytes;
  const byteSkip = Number(fields['byte skip'] ?? 0);
  const skip = byteSkip === -1 ? payload.length - nBytes : byteSkip;
  if (!(skip >= 0) || payload.length - skip < nBytes) {
    fail(source, 'data', `holds ${Math.max(0, payload.length - Math.max(0, skip))} data bytes, but sizes ${sizes.join('x')} of ${type.name} need ${nBytes}`, { expected: `${nBytes} bytes`, received: `${payload.length} bytes` });
  }
  const data = decode(payload.subarray(skip, skip + nBytes), type, littleEndian, n);
  const volume = makeVolume({ data, shape, spacing: spacing as unknown as Vec3, origin: origin as unknown as Vec3, direction: direction as unknown as Mat3 }, source);
  return { volume, header: { magic, type: type.name, sizes, encoding, littleEndian, space: fields.space ?? '', dataFile, fields }, warnings };
}

function decode(raw: Uint8Array, type: TypeInfo, le: boolean, n: number): VoxelArray {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (type.name) {
    case 'uint8':
      return Uint8Array.from(raw);
    case 'int8': {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getInt8(i);
      return out;
    }
    case 'int16': {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getInt16(2 * i, le);
      return out;
    }
    case 'uint16': {
      const out = new Uint16Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getUint16(2 * i, le);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getInt32(4 * i, le);
      return out;
    }
    case 'uint32': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getUint32(4 * i, le);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat32(4 * i, le);
      return out;
    }
    default: {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = dv.getFloat64(8 * i, le);
      return out;
    }
  }
}
