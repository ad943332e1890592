import type { DcmjsDict, DcmjsElement } from '../dicom/dcmjs-api.js';
import { remapUid } from './keyed-hash.js';
import type { ProfileAction } from './profile-table.js';
import { BASIC_PROFILE, patternAction } from './profile-table.js';
import { shiftDicomDate } from './shift-date.js';

/** Per-patient replacement values and the secret key. */
export interface PatientKeys {
  readonly key: Uint8Array;
  readonly pseudonym: string;
  readonly dateOffsetDays: number;
}

/** What de-identifying one data set did. */
export interface DeidentifiedDataset {
  readonly dict: DcmjsDict;
  /** Original text values removed or replaced (for the log sanitiser; never written anywhere). */
  readonly removedValues: readonly string[];
  /** Original UID → replacement, for every UID replaced. */
  readonly uidMap: ReadonlyMap<string, string>;
  /** Count of elements per action taken: 'X', 'Z', 'D', 'U', 'shift', 'keep', 'private'. */
  readonly counts: Readonly<Record<string, number>>;
}

/** Text written to DeidentificationMethod (0012,0063). */
export const DEIDENTIFICATION_METHOD = 'DICOM PS3.15 E.1 Basic Application Level Confidentiality Profile; Retain Longitudinal Temporal Information with Modified Dates Option; mmf-hcc';

const DICOM_ROOT = '1.2.840.10008.';
const BINARY_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN']);
const PATIENT_NAME = '00100010';
const PATIENT_ID = '00100020';

function dummyFor(vr: string): unknown[] | undefined {
  switch (vr) {
    case 'PN':
      return [{ Alphabetic: 'ANONYMOUS' }];
    case 'DA':
      return ['19000101'];
    case 'TM':
      return ['000000'];
    case 'DT':
      return ['19000101000000'];
    case 'DS':
    case 'IS':
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD':
      return [0];
    case 'AS':
      return ['000Y'];
    case 'SQ':
      return [];
    default:
      return BINARY_VRS.has(vr) ? undefined : ['ANONYMOUS'];
  }
}

/** Text of every value of an element, recursing into sequence items. */
function collectText(el: DcmjsElement, out: string[]): void {
  for (const v of el.Value ?? []) {
    if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
    else if (v && typeof v === 'object' && !(v instanceof ArrayBuffer) && !ArrayBuffer.isView(v)) {
      if (el.vr === 'SQ') for (const child of Object.values(v as DcmjsDict)) collectText(child, out);
      else for (const part of Object.values(v as Record<string, unknown>)) if (typeof part === 'string') out.push(part);
    }
  }
}

class Walker {
  readonly removed: string[] = [];
  readonly uidMap = new Map<string, string>();
  readonly counts: Record<string, number> = {};
  constructor(private readonly keys: PatientKeys) {}

  private count(what: string): void {
    this.counts[what] = (this.counts[what] ?? 0) + 1;
  }

  uid(value: unknown): unknown {
    if (typeof value !== 'string' || value.trim() === '') return value;
    const v = value.trim();
    let m = this.uidMap.get(v);
    if (!m) this.uidMap.set(v, (m = remapUid(this.keys.key, v)));
    return m;
  }

  private remapUids(el: DcmjsElement): DcmjsElement {
    return { vr: el.vr, Value: (el.Value ?? []).map((v) => this.uid(v)) };
  }

  private shiftDates(el: DcmjsElement): DcmjsElement | null {
    const vr = el.vr as 'DA' | 'DT';
    const values: string[] = [];
    for (const v of el.Value ?? []) {
      const shifted = shiftDicomDate(String(v), this.keys.dateOffsetDays, vr);
      if (shifted === null) return null;
      values.push(shifted);
    }
    collectText(el, this.removed);
    return { vr: el.vr, Value: values };
  }

  private sequence(el: DcmjsElement): DcmjsElement {
    return { vr: 'SQ', Value: (el.Value ?? []).map((item) => this.dataset(item as DcmjsDict)) };
  }

  /** Apply one action; returns the new element or null to remove it. */
  private apply(tag: string, el: DcmjsElement, action: ProfileAction, temporal: boolean): DcmjsElement | null {
    if (temporal && (el.vr === 'DA' || el.vr === 'DT')) {
      this.count('shift');
      return this.shiftDates(el); // unparseable dates are removed
    }
    if (temporal && el.vr === 'TM') {
      this.count('keep');
      return el; // times of day are kept; only the date moves
    }
    switch (action) {
      case 'U':
        this.count('U');
        return el.vr === 'UI' ? this.remapUids(el) : null;
      case 'K':
      case 'C':
        this.count('keep');
        return el.vr === 'SQ' ? this.sequence(el) : el;
      case 'X/Z/U*':
        this.count('U');
        if (el.vr === 'SQ') return this.sequence(el);
        return el.vr === 'UI' ? this.remapUids(el) : null;
      case 'Z':
      case 'Z/D': {
        collectText(el, this.removed);
        this.count('Z');
        if (tag === PATIENT_NAME) return { vr: 'PN', Value: [{ Alphabetic: this.keys.pseudonym }] };
        if (tag === PATIENT_ID) return { vr: el.vr, Value: [this.keys.pseudonym] };
        return { vr: el.vr, Value: [] };
      }
      case 'D': {
        collectText(el, this.removed);
        this.count('D');
        const dummy = dummyFor(el.vr);
        return dummy ? { vr: el.vr, Value: dummy } : null;
      }
      default:
        // X, X/Z, X/D, X/Z/D: the CT Image IOD does not require any of these, so remove.
        collectText(el, this.removed);
        this.count('X');
        return null;
    }
  }

  element(tag: string, el: DcmjsElement): DcmjsElement | null {
    const byPattern = patternAction(tag);
    if (byPattern) {
      collectText(el, this.removed);
      this.count(parseInt(tag.slice(0, 4), 16) % 2 === 1 ? 'private' : 'X');
      return null;
    }
    const entry = BASIC_PROFILE.get(tag);
    if (entry) return this.apply(tag, el, entry.action, entry.temporal);
    // Not listed: kept by the Basic Profile, with three safety nets: sequences are cleaned
    // recursively, instance UIDs outside the DICOM root are remapped, and any other date is shifted.
    if (el.vr === 'SQ') return this.sequence(el);
    if (el.vr === 'UI' && (el.Value ?? []).some((v) => typeof v === 'string' && v.trim() !== '' && !v.trim().startsWith(DICOM_ROOT))) {
      this.count('U');
      return { vr: 'UI', Value: (el.Value ?? []).map((v) => (typeof v === 'string' && v.trim().startsWith(DICOM_ROOT) ? v : this.uid(v))) };
    }
    if (el.vr === 'DA' || el.vr === 'DT') {
      this.count('shift');
      return this.shiftDates(el);
    }
    this.count('keep');
    return el;
  }

  dataset(dict: DcmjsDict): DcmjsDict {
    const out: DcmjsDict = {};
    for (const [tag, el] of Object.entries(dict)) {
      const t = tag.toUpperCase();
      const next = this.element(t, el);
      if (next) out[t] = next;
    }
    return out;
  }
}

/**
 * Apply the DICOM PS3.15 Basic Application Level Confidentiality Profile (Table E.1-1, see
 * `profile-table.ts`) with the Retain Longitudinal Temporal Information with Modified Dates option
 * to a data set (dcmjs dictionary form), recursively through sequences:
 * identifying attributes removed (X) or emptied (Z) or given dummy values (D); PatientName and
 * PatientID replaced by the pseudonym; UIDs (U, and any instance UID outside the DICOM root)
 * replaced by `2.25.<HMAC>` UIDs, consistent for a key; dates (DA, DT) shifted by the patient's
 * offset in whole days with times kept; private attributes, curves and overlays removed; then
 * PatientIdentityRemoved = YES, DeidentificationMethod and its code sequence (DCM 113100, 113107)
 * and LongitudinalTemporalInformationModified = MODIFIED added. Pixel data are not inspected
 * (burned-in text is flagged by the reader from BurnedInAnnotation).
 * @see https://dicom.nema.org/medical/dicom/current/output/chtml/part15/chapter_e.html
 */
export function deidentifyDataset(dict: DcmjsDict, keys: PatientKeys): DeidentifiedDataset {
  const w = new Walker(keys);
  const out = w.dataset(dict);
  out[PATIENT_NAME] = { vr: 'PN', Value: [{ Alphabetic: keys.pseudonym }] };
  out[PATIENT_ID] = { vr: 'LO', Value: [keys.pseudonym] };
  out['00120062'] = { vr: 'CS', Value: ['YES'] };
  out['00120063'] = { vr: 'LO', Value: [DEIDENTIFICATION_METHOD.slice(0, 64)] };
  const code = (value: string, meaning: string): DcmjsDict => ({
    '00080100': { vr: 'SH', Value: [value] },
    '00080102': { vr: 'SH', Value: ['DCM'] },
    '00080104': { vr: 'LO', Value: [meaning] },
  });
  out['00120064'] = { vr: 'SQ', Value: [code('113100', 'Basic Application Confidentiality Profile'), code('113107', 'Retain Longitudinal Temporal Information Modified Dates Option')] };
  out['00280303'] = { vr: 'CS', Value: ['MODIFIED'] };
  return { dict: out, removedValues: w.removed, uidMap: w.uidMap, counts: w.counts };
}

/**
 * De-identify a Part-10 file meta group: MediaStorageSOPInstanceUID remapped like the SOP Instance
 * UID; source/sending/receiving AE titles and private information removed.
 */
export function deidentifyMeta(meta: DcmjsDict, keys: PatientKeys): DcmjsDict {
  const out: DcmjsDict = {};
  for (const [tag, el] of Object.entries(meta)) {
    const t = tag.toUpperCase();
    if (['00020016', '00020017', '00020018', '00020100', '00020102'].includes(t)) continue;
    out[t] = t === '00020003' ? { vr: 'UI', Value: (el.Value ?? []).map((v) => remapUid(keys.key, String(v))) } : el;
  }
  out['00020013'] = { vr: 'SH', Value: ['MMF-HCC-DEID'] };
  return out;
}
