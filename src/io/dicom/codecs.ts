import { createRequire } from 'node:module';

/**
 * Thin wrappers over the maintained WebAssembly codecs (Cornerstone's builds of CharLS, OpenJPEG and
 * libjpeg-turbo, and rii-mango's JPEG Lossless decoder). Each returns little-endian sample bytes and
 * the codec's frame description; the caller checks them against the DICOM header. Codecs load
 * lazily, once per process, from node_modules (no network).
 */

/** A decoded frame as the codec reports it. */
export interface CodecFrame {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly componentCount: number;
}

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  delete(): void;
}
type WasmModule = Record<string, new () => WasmDecoder>;

const require = createRequire(import.meta.url);
const loaded = new Map<string, Promise<WasmModule>>();

function loadWasm(pkg: string): Promise<WasmModule> {
  let p = loaded.get(pkg);
  if (!p) {
    const factory = require(pkg) as (opts: { print: (s: string) => void; printErr: (s: string) => void }) => Promise<WasmModule>;
    // OpenJPEG prints progress lines on stdout; nothing from a codec may reach the logs.
    p = factory({ print: () => undefined, printErr: () => undefined });
    loaded.set(pkg, p);
  }
  return p;
}

async function runWasm(pkg: string, className: string, encoded: Uint8Array): Promise<CodecFrame> {
  const mod = await loadWasm(pkg);
  const decoder = new mod[className]();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const bytes = decoder.getDecodedBuffer().slice(); // copy out of the wasm heap before delete()
    return { bytes, width: info.width, height: info.height, bitsPerSample: info.bitsPerSample, componentCount: info.componentCount };
  } finally {
    decoder.delete();
  }
}

/** JPEG-LS (CharLS). */
export function decodeJpegLs(encoded: Uint8Array): Promise<CodecFrame> {
  return runWasm('@cornerstonejs/codec-charls/decodewasmjs', 'JpegLSDecoder', encoded);
}

/** JPEG 2000 (OpenJPEG). */
export function decodeJpeg2000(encoded: Uint8Array): Promise<CodecFrame> {
  return runWasm('@cornerstonejs/codec-openjpeg/decodewasmjs', 'J2KDecoder', encoded);
}

/** 8-bit JPEG baseline (libjpeg-turbo). */
export function decodeJpegBaseline(encoded: Uint8Array): Promise<CodecFrame> {
  return runWasm('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', 'JPEGDecoder', encoded);
}

interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): ArrayBuffer | Uint8Array | Uint16Array;
  /** Frame size as the decoder names it (it has no width/height fields). */
  xDim: number;
  yDim: number;
  precision: number;
  numComp: number;
}

/** JPEG Lossless process 14 (jpeg-lossless-decoder-js). */
export async function decodeJpegLossless(encoded: Uint8Array, bitsAllocated: number): Promise<CodecFrame> {
  const mod = (await import('jpeg-lossless-decoder-js' as string)) as { Decoder: new () => LosslessDecoder };
  const decoder = new mod.Decoder();
  const copy = encoded.slice();
  const out = decoder.decode(copy.buffer, 0, copy.byteLength, bitsAllocated <= 8 ? 1 : 2);
  const view = out instanceof ArrayBuffer ? new Uint8Array(out) : new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  return { bytes: view.slice(), width: decoder.xDim, height: decoder.yDim, bitsPerSample: decoder.precision, componentCount: decoder.numComp };
}
