import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { readHeader } from 'nifti-reader-js';
import { HccError } from '../../core/errors.js';
import type { Issue, IssueCode } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { Volume, VolumeGrid } from '../../core/volume.js';
import { makeGrid, makeVolume } from '../../core/volume.js';
import type { NiftiAffine } from './nifti-affine.js';
import { qformAffine, rasAffineToLps } from './nifti-affine.js';
import type { NiftiScaling } from './nifti-datatypes.js';
import { SUPPORTED_NIFTI_DATATYPES, decodeVoxels, niftiDatatype, niftiDatatypeName } from './nifti-datatypes.js';

/** Options for {@link readNifti} / {@link parseNifti}. */
export interface ReadNiftiOptions {
  /**
   * Which 3-D frame of a 4-D (or higher) file to return, 0-based over dims 4..7 in file order.
   * Required when the file has more than one frame: without it a `multiple_frames` error lists the count.
   */
  readonly frame?: number;
  /** Largest |cos| between two index axes accepted as orthogonal (default 1e-4); above it: `sheared_affine`. */
  readonly shearTolerance?: number;
}

/** Where the grid geometry came from (NIfTI-1 §"3 methods"): sform (METHOD 3), qform (METHOD 2) or pixdim only (METHOD 1). */
export type NiftiAffineSource = 'sform' | 'qform' | 'pixdim';

/** Header facts kept with a read volume. */
export interface NiftiHeaderInfo {
  readonly version: 1 | 2;
  readonly datatype: string;
  readonly datatypeCode: number;
  /** dim[1..dim[0]]. */
  readonly dims: readonly number[];
  /** pixdim[0..7] as stored (pixdim[0] is qfac). */
  readonly pixdim: readonly number[];
  readonly sformCode: number;
  readonly qformCode: number;
  readonly affineSource: NiftiAffineSource;
  /** The affine used, RAS+ mm, 3×4 row-major, after spatial-unit conversion. */
  readonly affineRas: NiftiAffine;
  /** Stored sform / qform affines (RAS+, file units), null when their code is 0. */
  readonly sformRas: NiftiAffine | null;
  readonly qformRas: NiftiAffine | null;
  /** Scaling applied to the voxels, null when none (scl_slope 0, NaN, or exactly 1 with inter 0). */
  readonly scaling: NiftiScaling | null;
  readonly spatialUnit: 'mm' | 'm' | 'um' | 'unknown';
  readonly littleEndian: boolean;
  readonly voxOffset: number;
  readonly description: string;
}

/** A read NIfTI image. */
export interface ReadNiftiResult {
  readonly volume: Volume;
  readonly header: NiftiHeaderInfo;
  /** Number of 3-D frames in the file (product of dims 4..7). */
  readonly frames: number;
  /** The frame returned. */
  readonly frame: number;
  readonly warnings: readonly Issue[];
}

function fail(source: string, code: IssueCode, field: string, message: string, detail: { expected?: string; received?: string } = {}): never {
  throw new HccError('E_INPUT', `${source}: ${message}`, { issues: [issueError(code, [source, field], `${source}: ${message}`, detail)] });
}

/**
 * Read a NIfTI-1 or NIfTI-2 file (`.nii` or `.nii.gz`, gzip detected from the bytes) into one LPS
 * volume. Geometry follows the NIfTI standard: sform when `sform_code > 0`, else qform when
 * `qform_code > 0`, else pixdim only (no orientation; warned). RAS+ is converted to LPS by negating
 * the x and y rows of the affine. Voxel scaling `scl_slope`/`scl_inter` is applied (see
 * `decodeVoxels` for the output array type). Throws `HccError` `E_IO` when the file cannot be read and
 * `E_INPUT` with one coded issue (`bad_nifti`, `unsupported_datatype`, `zero_spacing`,
 * `sheared_affine`, `multiple_frames`) naming the file otherwise.
 * The fixed header fields are parsed by nifti-reader-js 0.8.0 (extensions ignored); gunzip is
 * node:zlib; sform rows, the sform/qform choice (the library prefers the qform) and voxel decoding
 * are done here.
 * @see nibabel `load(...).affine` (`get_best_affine`), nifti1.h
 */
export function readNifti(path: string, options: ReadNiftiOptions = {}): ReadNiftiResult {
  let file: { bytes: Uint8Array; release: () => void };
  try {
    file = readFileReleasable(path);
  } catch (e) {
    throw new HccError('E_IO', `${path}: cannot read NIfTI file (${(e as Error).message})`, { cause: e });
  }
  try {
    return parseNifti(file.bytes, path, options);
  } finally {
    file.release();
  }
}

/**
 * Read a whole file. A gzip file goes into a resizable ArrayBuffer that `release` shrinks to 0 bytes,
 * which returns its memory at once: the compressed bytes are garbage as soon as they are inflated,
 * and waiting for the collector to free them would add their size to the peak of whatever is
 * allocated next (e.g. a resampled copy). Other files are read into a plain buffer that the
 * returned volume may view without a copy, so `release` leaves them alone.
 */
/** ES2024 resizable ArrayBuffer (Node >= 20), typed here because the project's lib is older. */
type ResizableArrayBufferCtor = new (byteLength: number, options: { maxByteLength: number }) => ArrayBuffer & { resize(byteLength: number): void };

function readFileReleasable(path: string): { bytes: Uint8Array; release: () => void } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(2);
    const gz = readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
    const rab = gz ? new (ArrayBuffer as unknown as ResizableArrayBufferCtor)(size, { maxByteLength: size }) : null;
    const bytes = new Uint8Array(rab ?? new ArrayBuffer(size));
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { bytes: off === size ? bytes : bytes.subarray(0, off), release: rab ? () => rab.resize(0) : () => undefined };
  } finally {
    closeSync(fd);
  }
}

/** Parse NIfTI bytes (optionally gzip-compressed); `source` names the file in errors. See {@link readNifti}. */
export function parseNifti(input: Uint8Array, source: string, options: ReadNiftiOptions = {}): ReadNiftiResult {
  let bytes = input;
  if (isGzip(bytes)) {
    try {
      // One output chunk sized from the gzip footer (ISIZE, uncompressed size mod 2^32) avoids
      // collecting 16 KiB chunks and concatenating them: half the peak memory, faster. A wrong ISIZE
      // (multi-member gzip, > 4 GiB) only costs speed, never correctness.
      const isize = bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true) : 0;
      bytes = isize >= 348 ? gunzipSync(bytes, { chunkSize: isize + 65536 }) : gunzipSync(bytes);
    } catch (e) {
      fail(source, 'bad_nifti', 'gzip', `gzip stream is truncated or corrupt (${(e as Error).message})`, { expected: 'a complete .nii.gz file' });
    }
  }
  const h = interpretHeader(bytes, source, options, bytes.length);
  const { dt, frameBytes, warnings } = h;
  const start = h.voxOffset + h.frame * frameBytes;
  const raw = h.frames > 1 ? new Uint8Array(bytes.subarray(start, start + frameBytes)) : bytes.subarray(start, start + frameBytes);
  const decoded = decodeVoxels(raw, dt, h.header.littleEndian, h.header.scaling);
  if (decoded.nonFinite > 0) warnings.push(issueWarning('non_finite', [source, 'data'], `${source}: ${decoded.nonFinite} voxel(s) are NaN or infinite`, { received: `${decoded.nonFinite} voxels` }));
  if (decoded.inexact64 > 0) warnings.push(issueWarning('out_of_range', [source, 'data'], `${source}: ${decoded.inexact64} 64-bit integer voxel(s) exceed 2^53 and were rounded`));
  const volume = makeVolume({ data: decoded.data, shape: h.grid.shape, spacing: h.grid.spacing, origin: h.grid.origin, direction: h.grid.direction }, source);
  return { volume, header: h.header, frames: h.frames, frame: h.frame, warnings };
}

/** A NIfTI file's voxel grid and header, read without its voxels ({@link readNiftiGrid}). */
export interface NiftiGridResult {
  readonly grid: VolumeGrid;
  readonly header: NiftiHeaderInfo;
  readonly frames: number;
  readonly warnings: readonly Issue[];
}

/**
 * The voxel grid (shape and LPS geometry) and header of a NIfTI file, read from its first bytes
 * only: a `.nii.gz` is inflated just far enough for the header, so learning an image's grid costs
 * microseconds instead of decoding every voxel. The header is checked as {@link readNifti} checks it
 * (same coded errors). The voxel data is not read; with `checkData` its length is checked too, still
 * without inflating a `.nii.gz` whose gzip footer (ISIZE) gives exactly the length the header
 * describes (any other file is read as {@link readNifti} reads it, with its coded errors for a
 * truncated or corrupt file). `frame` is not needed: a 4-D file's frames share one grid.
 */
export function readNiftiGrid(path: string, options: Omit<ReadNiftiOptions, 'frame'> & { readonly checkData?: boolean } = {}): NiftiGridResult {
  let head: Uint8Array;
  try {
    head = readHeaderBytes(path);
  } catch (e) {
    if (e instanceof HccError) throw e;
    throw new HccError('E_IO', `${path}: cannot read NIfTI file (${(e as Error).message})`, { cause: e });
  }
  const h = interpretHeader(head, path, { ...options, frame: undefined, anyFrame: true }, null);
  if (options.checkData) checkDataLength(path, head, h, options);
  return { grid: h.grid, header: h.header, frames: h.frames, warnings: h.warnings };
}

/**
 * Throws the reader's coded error when the voxel data the header `h` describes is not all in the
 * file: an uncompressed file must be long enough; a gzip file whose footer gives exactly the needed
 * length is complete, and only otherwise (a truncated stream, whose last bytes are not a footer;
 * trailing bytes; several members; > 4 GiB) is it inflated whole to decide.
 */
function checkDataLength(path: string, head: Uint8Array, h: InterpretedHeader, options: Omit<ReadNiftiOptions, 'frame'>): void {
  const needed = h.voxOffset + h.frames * h.frameBytes;
  const fd = openSync(path, 'r');
  let size: number;
  let first = new Uint8Array(2);
  const footer = new Uint8Array(4);
  try {
    size = fstatSync(fd).size;
    first = first.subarray(0, readSync(fd, first, 0, 2, 0));
    if (size >= 18) readSync(fd, footer, 0, 4, size - 4);
  } finally {
    closeSync(fd);
  }
  if (!isGzip(first)) {
    if (size < needed) interpretHeader(head, path, { ...options, frame: undefined, anyFrame: true }, size);
    return;
  }
  if (size >= 18 && new DataView(footer.buffer).getUint32(0, true) === needed % 2 ** 32) return;
  readNifti(path, { ...options, frame: 0 });
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The first bytes of a NIfTI file, inflated when gzip: at least the 540 bytes of a NIfTI-2 header when the file has them. */
function readHeaderBytes(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let want = Math.min(size, 4096);
    for (;;) {
      const buf = new Uint8Array(want);
      const n = readSync(fd, buf, 0, want, 0);
      const bytes = buf.subarray(0, n);
      if (!isGzip(bytes)) return bytes;
      let out: Uint8Array;
      try {
        // Z_SYNC_FLUSH: inflate what the prefix holds without requiring the end of the stream.
        out = gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      } catch (e) {
        return fail(path, 'bad_nifti', 'gzip', `gzip stream is corrupt (${(e as Error).message})`, { expected: 'a .nii.gz file' });
      }
      if (out.length >= 540 || want >= size) return out;
      want = Math.min(size, want * 4);
    }
  } finally {
    closeSync(fd);
  }
}

/** Everything the header says, checked; `dataLength` (bytes after inflation) checks the voxel block, null skips that. */
interface InterpretedHeader {
  readonly header: NiftiHeaderInfo;
  readonly grid: VolumeGrid;
  readonly dt: NonNullable<ReturnType<typeof niftiDatatype>>;
  readonly frames: number;
  readonly frame: number;
  readonly voxOffset: number;
  readonly frameBytes: number;
  readonly warnings: Issue[];
}

function interpretHeader(bytes: Uint8Array, source: string, options: ReadNiftiOptions & { anyFrame?: boolean }, dataLength: number | null): InterpretedHeader {
  if (bytes.length < 348) fail(source, 'bad_nifti', 'header', `file is ${bytes.length} bytes, too short for a NIfTI header (348 bytes for NIfTI-1, 540 for NIfTI-2)`, { expected: '>= 348 bytes', received: `${bytes.length} bytes` });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizeLe = dv.getInt32(0, true), sizeBe = dv.getInt32(0, false);
  const version: 1 | 2 = sizeLe === 348 || sizeBe === 348 ? 1 : sizeLe === 540 || sizeBe === 540 ? 2 : fail(source, 'bad_nifti', 'sizeof_hdr', 'not a NIfTI file: sizeof_hdr is neither 348 (NIfTI-1) nor 540 (NIfTI-2)', { expected: '348 or 540', received: `${sizeLe} (little-endian) / ${sizeBe} (big-endian)` });
  const headerSize = version === 1 ? 348 : 540;
  if (bytes.length < headerSize) fail(source, 'bad_nifti', 'header', `file is ${bytes.length} bytes, shorter than the ${headerSize}-byte NIfTI-${version} header`, { received: `${bytes.length} bytes` });
  const magic = String.fromCharCode(...bytes.subarray(version === 1 ? 344 : 4, version === 1 ? 347 : 7));
  if (magic === 'ni1' || magic === 'ni2') fail(source, 'bad_nifti', 'magic', `is the header of a .hdr/.img pair (magic "${magic}"); only single-file .nii/.nii.gz is supported — convert it (e.g. nibabel: nib.save(nib.load(f), 'x.nii.gz'))`, { expected: `"n+${version}"`, received: `"${magic}"` });
  if (magic !== `n+${version}`) fail(source, 'bad_nifti', 'magic', `NIfTI magic string is "${magic.replace(/[^ -~]/g, '?')}"`, { expected: `"n+${version}"`, received: magic });

  const hdr = parseHeaderWithLibrary(bytes, headerSize, source);
  const le = hdr.littleEndian;
  const dim0 = hdr.dims[0];
  if (!(dim0 >= 1 && dim0 <= 7)) fail(source, 'bad_nifti', 'dim', `dim[0] = ${dim0} is not a number of dimensions between 1 and 7`, { expected: '1..7', received: String(dim0) });
  const dims = hdr.dims.slice(1, dim0 + 1).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 1)) fail(source, 'bad_nifti', 'dim', `dimensions [${dims.join(', ')}] must be positive integers`, { received: dims.join('x') });
  const shape: [number, number, number] = [dims[0] ?? 1, dims[1] ?? 1, dims[2] ?? 1];
  const frames = dims.slice(3).reduce((a, b) => a * b, 1);

  const dt = niftiDatatype(hdr.datatypeCode);
  if (dt === null) fail(source, 'unsupported_datatype', 'datatype', `voxel datatype ${niftiDatatypeName(hdr.datatypeCode)} is not supported`, { expected: SUPPORTED_NIFTI_DATATYPES, received: `${niftiDatatypeName(hdr.datatypeCode)} (${hdr.datatypeCode})` });
  if (hdr.numBitsPerVoxel !== dt.bytes * 8) fail(source, 'bad_nifti', 'bitpix', `bitpix ${hdr.numBitsPerVoxel} contradicts datatype ${dt.name}`, { expected: String(dt.bytes * 8), received: String(hdr.numBitsPerVoxel) });

  let frame = 0;
  if (frames > 1) {
    // No command has a frame option: a 4-D file must be split into 3-D files first (library callers
    // may pass `options.frame`).
    if (options.frame === undefined && options.anyFrame !== true) fail(source, 'multiple_frames', 'dim', `has ${frames} 3-D frames (dims [${dims.join(', ')}]); mmf reads one 3-D volume per file: split the 4-D file into 3-D files first (FSL: fslsplit <file>; Python nibabel: nib.four_to_three(nib.load(<file>))) and give the path of the frame you want`, { expected: 'a 3-D image (one volume per file)', received: `${frames} frames` });
    frame = options.frame ?? 0;
  }
  if (options.frame !== undefined && (!Number.isInteger(options.frame) || options.frame < 0 || options.frame >= frames)) {
    fail(source, 'multiple_frames', 'frame', `frame ${options.frame} does not exist; the file has ${frames} frame(s)`, { expected: `0..${frames - 1}`, received: String(options.frame) });
  }

  const voxOffset = Number(hdr.vox_offset);
  if (!(voxOffset >= headerSize) || !Number.isInteger(voxOffset)) fail(source, 'bad_nifti', 'vox_offset', `vox_offset ${voxOffset} points inside the header`, { expected: `an integer >= ${headerSize}`, received: String(voxOffset) });
  const voxels = shape[0] * shape[1] * shape[2];
  const frameBytes = voxels * dt.bytes;
  const needed = voxOffset + frames * frameBytes;
  if (dataLength !== null && dataLength < needed) fail(source, 'bad_nifti', 'data', `is truncated: the header describes ${frames * frameBytes} bytes of voxel data from offset ${voxOffset}, but the file has only ${Math.max(0, (dataLength ?? 0) - voxOffset)}`, { expected: `${needed} bytes`, received: `${dataLength} bytes` });

  const warnings: Issue[] = [];
  const pixdim = hdr.pixDims.map(Number);
  const units = hdr.xyzt_units & 7;
  const spatialUnit = units === 1 ? 'm' : units === 2 ? 'mm' : units === 3 ? 'um' : 'unknown';
  const unitScale = units === 1 ? 1000 : units === 3 ? 0.001 : 1;
  if (spatialUnit === 'unknown') warnings.push(issueWarning('inferred_value', [source, 'xyzt_units'], `${source}: spatial unit not stored; millimetres assumed`));

  const sformRas = hdr.sform_code > 0 ? readSrows(dv, version, le) : null;
  const qformRas = hdr.qform_code > 0 ? qformAffine({ b: hdr.quatern_b, c: hdr.quatern_c, d: hdr.quatern_d, qx: hdr.qoffset_x, qy: hdr.qoffset_y, qz: hdr.qoffset_z }, pixdim) : null;
  let affineSource: NiftiAffineSource;
  let affine: NiftiAffine;
  if (sformRas !== null) {
    affineSource = 'sform';
    affine = sformRas;
    if (qformRas !== null && qformRas.some((x, i) => Math.abs(x - sformRas[i]) > 1e-3)) {
      warnings.push(issueWarning('inferred_value', [source, 'qform'], `${source}: sform and qform differ; the sform was used (NIfTI standard)`));
    }
  } else {
    for (let c = 1; c <= 3; c++) {
      if (!(pixdim[c] > 0) || !Number.isFinite(pixdim[c])) fail(source, 'zero_spacing', `pixdim[${c}]`, `pixdim[${c}] = ${pixdim[c]}: the voxel size along ${'ijk'[c - 1]} must be positive`, { expected: '> 0', received: String(pixdim[c]) });
    }
    if (qformRas !== null) {
      affineSource = 'qform';
      affine = qformRas;
    } else {
      affineSource = 'pixdim';
      affine = [pixdim[1], 0, 0, 0, 0, pixdim[2], 0, 0, 0, 0, pixdim[3], 0];
      warnings.push(issueWarning('inferred_value', [source, 'sform_code'], `${source}: neither sform nor qform is set; orientation unknown, RAS axes and origin 0 assumed (NIfTI METHOD 1; nibabel would centre the grid instead)`));
    }
  }
  affine = affine.map((x) => x * unitScale);
  const geo = rasAffineToLps(affine, source, options.shearTolerance);
  if ('issues' in geo) {
    const first = geo.issues[0];
    throw new HccError('E_INPUT', first.message, { issues: geo.issues });
  }

  const slope = Number(hdr.scl_slope), inter = Number(hdr.scl_inter);
  const scaling = Number.isFinite(slope) && slope !== 0 && !(slope === 1 && (inter === 0 || !Number.isFinite(inter))) ? { slope, inter: Number.isFinite(inter) ? inter : 0 } : null;
  const header: NiftiHeaderInfo = {
    version, datatype: dt.name, datatypeCode: dt.code, dims, pixdim, sformCode: hdr.sform_code, qformCode: hdr.qform_code,
    affineSource, affineRas: affine, sformRas, qformRas, scaling, spatialUnit, littleEndian: le, voxOffset, description: hdr.description,
  };
  return { header, grid: makeGrid({ shape, ...geo.geometry }, source), dt, frames, frame, voxOffset, frameBytes, warnings };
}

/** The library's header object: only the fields used here. */
interface LibraryHeader {
  littleEndian: boolean;
  dims: number[];
  datatypeCode: number;
  numBitsPerVoxel: number;
  pixDims: number[];
  vox_offset: number;
  scl_slope: number;
  scl_inter: number;
  xyzt_units: number;
  qform_code: number;
  sform_code: number;
  quatern_b: number;
  quatern_c: number;
  quatern_d: number;
  qoffset_x: number;
  qoffset_y: number;
  qoffset_z: number;
  description: string;
}

function parseHeaderWithLibrary(bytes: Uint8Array, headerSize: number, source: string): LibraryHeader {
  // Only the fixed header is handed over (extensions are not needed), as its own ArrayBuffer.
  const ab = new Uint8Array(bytes.subarray(0, headerSize)).buffer; // a copy (Buffer#slice would be a view)
  try {
    return readHeader(ab) as unknown as LibraryHeader;
  } catch (e) {
    return fail(source, 'bad_nifti', 'header', `header cannot be parsed (${(e as Error).message})`);
  }
}

/** srow_x, srow_y, srow_z (float32 at byte 280 in NIfTI-1, float64 at 400 in NIfTI-2). */
function readSrows(dv: DataView, version: 1 | 2, le: boolean): NiftiAffine {
  const out: number[] = [];
  for (let i = 0; i < 12; i++) out.push(version === 1 ? dv.getFloat32(280 + 4 * i, le) : dv.getFloat64(400 + 8 * i, le));
  return out;
}
