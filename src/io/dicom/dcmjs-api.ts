import { createRequire } from 'node:module';

/**
 * The part of dcmjs (which ships no type declarations) this project uses, typed locally. dcmjs reads
 * and writes whole data sets; the reader itself uses dicom-parser (faster, see
 * docs/ts-stack-findings §1).
 */

/** One element in dcmjs's "denaturalised" dictionary form: `{ '00100010': { vr: 'PN', Value: [...] } }`. */
export interface DcmjsElement {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  _rawValue?: unknown;
}

/** A data set keyed by 8-hex-digit tag (upper case). */
export type DcmjsDict = Record<string, DcmjsElement>;

/** A read or built Part-10 object. */
export interface DcmjsDicomDict {
  meta: DcmjsDict;
  dict: DcmjsDict;
  write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
}

interface DcmjsData {
  DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string }): DcmjsDicomDict };
  DicomDict: new (meta: DcmjsDict) => DcmjsDicomDict;
  DicomMetaDictionary: {
    denaturalizeDataset(dataset: Record<string, unknown>): DcmjsDict;
    naturalizeDataset(dict: DcmjsDict): Record<string, unknown>;
  };
}

interface DcmjsModule {
  data: DcmjsData;
  log?: { setLevel?(level: string): void; level?: unknown };
}

const require = createRequire(import.meta.url);
let cached: DcmjsModule | undefined;

/** dcmjs, loaded once, with its logger silenced (its messages may quote element values). */
export function dcmjs(): DcmjsData {
  if (!cached) {
    cached = require('dcmjs') as DcmjsModule;
    cached.log?.setLevel?.('silent');
  }
  return cached.data;
}

/** Copy bytes into a standalone ArrayBuffer (dcmjs wants one). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}
