import dicomParser from 'dicom-parser';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { CodecFrame } from './codecs.js';
import { decodeJpeg2000, decodeJpegBaseline, decodeJpegLossless, decodeJpegLs } from './codecs.js';
import type { ParsedDicomFile } from './parse-file.js';
import { decodeRleFrame } from './rle.js';
import { transferSyntaxInfo } from './transfer-syntax.js';

function fail(file: string, code: 'dicom_unsupported' | 'dicom_unreadable', message: string, received?: string): HccError {
  return new HccError('E_INPUT', `${file}: ${message}`, { issues: [issueError(code, ['file', file], message, received !== undefined ? { received } : {})] });
}

/** Compressed bytes of one frame of encapsulated pixel data. */
function encapsulatedFrame(parsed: ParsedDicomFile, frameIndex: number, isJpegFamily: boolean): Uint8Array {
  const { dataSet, header } = parsed;
  const px = dataSet.elements.x7fe00010;
  const fragments = px.fragments ?? [];
  if (fragments.length === 0) throw fail(header.file, 'dicom_unreadable', 'encapsulated pixel data has no fragments');
  if (header.numberOfFrames === 1) return new Uint8Array(dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, px, 0, fragments.length));
  if (px.basicOffsetTable && px.basicOffsetTable.length > 0) return new Uint8Array(dicomParser.readEncapsulatedImageFrame(dataSet, px, frameIndex));
  if (fragments.length === header.numberOfFrames) return new Uint8Array(dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, px, frameIndex, 1));
  if (isJpegFamily) {
    const table = dicomParser.createJPEGBasicOffsetTable(dataSet, px);
    return new Uint8Array(dicomParser.readEncapsulatedImageFrame(dataSet, px, frameIndex, table));
  }
  throw fail(header.file, 'dicom_unsupported', 'multi-frame encapsulated pixel data without an offset table');
}

/** Signed 16-bit words to values of `16 − s` stored bits (s = 16 − BitsStored, sign-extended). */
function signedWords(words: Int16Array, out: Int32Array, s: number): void {
  const n = out.length;
  if (s === 0) for (let i = 0; i < n; i++) out[i] = words[i];
  else for (let i = 0; i < n; i++) out[i] = (words[i] << (16 + s)) >> (16 + s);
}

/** Unsigned 16-bit words masked to BitsStored bits. */
function unsignedWords(words: Uint16Array, out: Int32Array, mask: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = words[i] & mask;
}

/**
 * Convert little-endian sample bytes to stored pixel values, keeping only the `bitsStored` low bits
 * and sign-extending them when PixelRepresentation is 1 (PS3.5 §8.1.1: bits above High Bit are not
 * part of the value).
 */
function toStoredValues(bytes: Uint8Array, bytesPerSample: number, nPixels: number, bitsStored: number, signed: boolean, bigEndian: boolean, target?: Int32Array): Int32Array {
  const out = target && target.length >= nPixels ? target.subarray(0, nPixels) : new Int32Array(nPixels);
  const shift = 32 - bitsStored;
  const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
  if (bytesPerSample === 2 && bitsStored <= 16 && !bigEndian && bytes.byteOffset % 2 === 0) {
    // The usual CT case: read 16-bit words through a typed view instead of a DataView (same values).
    if (signed) signedWords(new Int16Array(bytes.buffer, bytes.byteOffset, nPixels), out, shift - 16);
    else unsignedWords(new Uint16Array(bytes.buffer, bytes.byteOffset, nPixels), out, mask);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < nPixels; i++) {
    let raw: number;
    if (bytesPerSample === 1) raw = bytes[i];
    else if (bytesPerSample === 2) raw = view.getUint16(2 * i, !bigEndian);
    else raw = view.getUint32(4 * i, !bigEndian);
    out[i] = signed ? (raw << shift) >> shift : bitsStored >= 32 ? raw : raw & mask;
  }
  return out;
}

/**
 * Decode frame `frameIndex` of a grey-scale image to stored values (before rescale), for every
 * supported transfer syntax: native (little/big endian, deflated), RLE, JPEG-LS, JPEG 2000,
 * JPEG lossless (process 14) and 8-bit JPEG baseline. Throws `HccError` with a `dicom_unsupported`
 * or `dicom_unreadable` issue naming the file when the frame cannot be decoded.
 * With `target` (length >= Rows x Columns) the values are written into it and a view of its first
 * Rows x Columns elements is returned, so a caller decoding many slices can reuse one buffer.
 */
export async function decodeFrame(parsed: ParsedDicomFile, frameIndex = 0, target?: Int32Array): Promise<Int32Array> {
  const { header, dataSet } = parsed;
  const file = header.file;
  const tsInfo = transferSyntaxInfo(header.transferSyntaxUid);
  if (!tsInfo) throw fail(file, 'dicom_unsupported', `transfer syntax ${header.transferSyntaxUid} is not supported`, header.transferSyntaxUid);
  if (header.samplesPerPixel !== 1) throw fail(file, 'dicom_unsupported', `only grey-scale images are supported (SamplesPerPixel ${header.samplesPerPixel})`, String(header.samplesPerPixel));
  if (![8, 16, 32].includes(header.bitsAllocated)) throw fail(file, 'dicom_unsupported', `BitsAllocated ${header.bitsAllocated} is not supported`, String(header.bitsAllocated));
  const px = dataSet.elements.x7fe00010;
  if (!px) throw fail(file, 'dicom_unreadable', 'no pixel data');
  const nPixels = header.rows * header.columns;
  const signed = header.pixelRepresentation === 1;
  if (tsInfo.encoding === 'native') {
    const bps = header.bitsAllocated / 8;
    const frameBytes = nPixels * bps;
    const start = px.dataOffset + frameIndex * frameBytes;
    if (start + frameBytes > dataSet.byteArray.length || (px.length > 0 && (frameIndex + 1) * frameBytes > px.length)) {
      throw fail(file, 'dicom_unreadable', `pixel data holds ${px.length} bytes, frame ${frameIndex} needs bytes up to ${(frameIndex + 1) * frameBytes} (truncated)`);
    }
    return toStoredValues(dataSet.byteArray.subarray(start, start + frameBytes), bps, nPixels, header.bitsStored, signed, tsInfo.bigEndian, target);
  }
  const isJpeg = tsInfo.encoding.startsWith('jpeg') && tsInfo.encoding !== 'jpeg2000';
  const encoded = encapsulatedFrame(parsed, frameIndex, isJpeg);
  let frame: CodecFrame;
  try {
    switch (tsInfo.encoding) {
      case 'rle':
        frame = { bytes: decodeRleFrame(encoded, header.rows, header.columns, 1, header.bitsAllocated), width: header.columns, height: header.rows, bitsPerSample: header.bitsAllocated, componentCount: 1 };
        break;
      case 'jpeg-ls':
        frame = await decodeJpegLs(encoded);
        break;
      case 'jpeg2000':
        frame = await decodeJpeg2000(encoded);
        break;
      case 'jpeg-lossless':
        frame = await decodeJpegLossless(encoded, header.bitsAllocated);
        break;
      case 'jpeg-baseline':
        frame = await decodeJpegBaseline(encoded);
        break;
      case 'jpeg-extended':
        // 12-bit JPEG (process 4) needs a 12-bit libjpeg build; none is published as a maintained npm codec.
        throw fail(file, 'dicom_unsupported', `${tsInfo.name} (12-bit lossy JPEG) has no decoder installed; convert the series (e.g. gdcmconv --raw) before import`, tsInfo.uid);
    }
  } catch (e) {
    if (e instanceof HccError) throw e;
    const why = e instanceof Error ? e.message : typeof e === 'number' ? `codec error ${e}` : String(e);
    throw fail(file, 'dicom_unreadable', `${tsInfo.name} frame ${frameIndex} could not be decoded: ${why}`);
  }
  if (frame.width !== header.columns || frame.height !== header.rows || frame.componentCount !== 1) {
    throw fail(file, 'dicom_unreadable', `decoded frame is ${frame.width}x${frame.height}x${frame.componentCount}, header says ${header.columns}x${header.rows}x1`);
  }
  const bps = tsInfo.encoding === 'rle' ? header.bitsAllocated / 8 : frame.bitsPerSample <= 8 ? 1 : 2;
  if (frame.bytes.length < nPixels * bps) throw fail(file, 'dicom_unreadable', `decoded frame has ${frame.bytes.length} bytes, expected ${nPixels * bps}`);
  return toStoredValues(frame.bytes, bps, nPixels, Math.min(header.bitsStored, bps * 8), signed, false, target);
}
