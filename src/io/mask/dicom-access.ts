import dicomParserModule from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';

// dicom-parser ships a UMD bundle: Node's ESM loader exposes it as the default export only.
const dicomParser = dicomParserModule as unknown as typeof import('dicom-parser');

/** Transfer syntaxes the mask readers accept (pixel data of SEG must be native, not encapsulated). */
export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';

/** A parsed DICOM object plus how it was read. */
export interface ParsedDicom {
  readonly dataSet: DataSet;
  readonly transferSyntaxUid: string;
  /** False for files without the Part-10 preamble and meta header (e.g. pydicom's rtstruct.dcm). */
  readonly hasPart10Header: boolean;
  readonly source: string;
}

function fileError(source: string, problem: string, cause?: unknown): HccError {
  return new HccError('E_INPUT', `${source}: ${problem}`, { issues: [issueError('bad_dicom', [source], problem, { expected: 'a readable DICOM object' })], cause });
}

/**
 * Parse DICOM bytes with dicom-parser. Files without the 128-byte preamble and "DICM" prefix are
 * accepted: their transfer syntax is guessed from the first element (an explicit VR shows two
 * upper-case letters at bytes 4–5; otherwise implicit VR little endian, the DICOM default).
 * Throws `HccError` `E_INPUT` (issue `bad_dicom`, path [source]) when the bytes cannot be parsed.
 */
export function parseDicomBytes(bytes: Uint8Array, source: string): ParsedDicom {
  if (bytes.length < 8) throw fileError(source, `file is too short to be DICOM (${bytes.length} bytes)`);
  const hasPart10Header = bytes.length > 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
  let dataSet: DataSet;
  let transferSyntaxUid: string;
  try {
    if (hasPart10Header) {
      dataSet = dicomParser.parseDicom(bytes);
      transferSyntaxUid = (dataSet.string('x00020010') ?? '').trim();
    } else {
      const isUpper = (b: number): boolean => b >= 0x41 && b <= 0x5a;
      transferSyntaxUid = isUpper(bytes[4]) && isUpper(bytes[5]) ? EXPLICIT_VR_LITTLE_ENDIAN : IMPLICIT_VR_LITTLE_ENDIAN;
      dataSet = dicomParser.parseDicom(bytes, { TransferSyntaxUID: transferSyntaxUid });
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : typeof e === 'string' ? e : 'unknown parser error';
    throw fileError(source, `cannot parse DICOM (${why}); the file may be truncated or not DICOM`, e);
  }
  return { dataSet, transferSyntaxUid, hasPart10Header, source };
}

/** dicom-parser tag key ('x0020000d') of group, element. */
export function tagKey(group: number, element: number): string {
  return 'x' + group.toString(16).padStart(4, '0') + element.toString(16).padStart(4, '0');
}

/** Items of a sequence attribute (empty when absent). */
export function sequenceItems(ds: DataSet, tag: string): DataSet[] {
  const el: Element | undefined = ds.elements[tag];
  if (!el || !el.items) return [];
  return el.items.map((it) => it.dataSet).filter((d): d is DataSet => d !== undefined);
}

/** First item of a sequence, if any. */
export function firstItem(ds: DataSet | undefined, tag: string): DataSet | undefined {
  return ds ? sequenceItems(ds, tag)[0] : undefined;
}

/** Trimmed string value, undefined when absent or empty. */
export function textValue(ds: DataSet | undefined, tag: string): string | undefined {
  if (!ds || !ds.elements[tag]) return undefined;
  const s = ds.string(tag);
  if (s === undefined) return undefined;
  const t = s.replace(/\0/g, '').trim();
  return t === '' ? undefined : t;
}

/** Backslash-separated decimal/integer strings (DS, IS) as numbers; [] when absent. */
export function decimalValues(ds: DataSet | undefined, tag: string): number[] {
  const el = ds?.elements[tag];
  if (!ds || !el || el.length === 0) return [];
  const s = ds.string(tag);
  if (s === undefined) return [];
  const parts = s.replace(/\0/g, '').split('\\').map((p) => p.trim());
  return parts.filter((p) => p !== '').map(Number);
}

/**
 * Read a DICOM unsigned short (US) value (Rows, Columns, BitsAllocated…); undefined when absent.
 * For implicit-VR files this still works: the value is 2 binary bytes.
 */
export function ushortValue(ds: DataSet | undefined, tag: string): number | undefined {
  const el = ds?.elements[tag];
  if (!ds || !el || el.length < 2) return undefined;
  return ds.uint16(tag);
}

/**
 * An integer stored as IS text or as binary US/UL (SegmentNumber is US, NumberOfFrames IS).
 * `vr` is the attribute's dictionary VR, needed for implicit-VR files where the element carries none.
 */
export function integerValue(ds: DataSet | undefined, tag: string, vr: 'IS' | 'US' | 'UL'): number | undefined {
  const el = ds?.elements[tag];
  if (!ds || !el || el.length === 0) return undefined;
  const actual = el.vr ?? vr;
  if (actual === 'UL') return ds.uint32(tag);
  if (actual === 'US') return ds.uint16(tag);
  const n = Number(textValue(ds, tag));
  return textValue(ds, tag) !== undefined && Number.isFinite(n) ? n : undefined;
}

/** The raw bytes of an attribute's value (a view, not a copy). */
export function valueBytes(ds: DataSet, tag: string): Uint8Array | undefined {
  const el = ds.elements[tag];
  if (!el) return undefined;
  const end = Math.min(el.dataOffset + el.length, ds.byteArray.length);
  return new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, Math.max(0, end - el.dataOffset));
}
