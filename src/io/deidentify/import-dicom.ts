import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import type { DcmjsDict } from '../dicom/dcmjs-api.js';
import { dcmjs, toArrayBuffer } from '../dicom/dcmjs-api.js';
import { parseDicomBytes } from '../dicom/parse-file.js';
import type { ReadDicomFolderOptions } from '../dicom/read-dicom-folder.js';
import { readDicomFolder } from '../dicom/read-dicom-folder.js';
import { writeNifti } from '../nifti/write-nifti.js';
import type { DeidentifiedDataset } from './deidentify-dataset.js';
import { DEIDENTIFICATION_METHOD, deidentifyDataset } from './deidentify-dataset.js';
import { remapUid } from './keyed-hash.js';
import type { PseudonymTable } from './pseudonym-table.js';
import { pseudonymEntry, tableKey } from './pseudonym-table.js';
import type { Sanitiser } from './sanitiser.js';
import { createSanitiser } from './sanitiser.js';

/** Options of `importDicomFolder`. */
export interface ImportDicomOptions extends ReadDicomFolderOptions {
  /** Output folder for volumes and sidecars (created). */
  readonly outDir: string;
  /** Pseudonym table to use and extend (the caller stores it, apart from `outDir`). */
  readonly table: PseudonymTable;
}

/** Report of one series, with nothing identifying in it. */
export interface ImportedSeriesReport {
  /** Replacement SeriesInstanceUID (or the sanitised label when the series failed before reading). */
  readonly series: string;
  readonly status: 'written' | 'failed';
  readonly pseudonym?: string;
  readonly slices: number;
  readonly shape?: readonly number[];
  readonly spacingMm?: readonly number[];
  readonly storage?: 'int16' | 'float32';
  readonly unit?: string;
  readonly transferSyntaxUids?: readonly string[];
  readonly lossyCompression?: boolean;
  /** Paths relative to `outDir`. */
  readonly outputs: readonly string[];
  readonly issues: readonly Issue[];
}

/** Report of an import. */
export interface ImportDicomReport {
  readonly filesScanned: number;
  readonly series: readonly ImportedSeriesReport[];
  /** Sanitised issues of files outside any series (unreadable, non-image). */
  readonly fileIssues: readonly Issue[];
  readonly volumeFormat: 'nifti';
}

const BULK_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN']);

/** DICOM JSON model (PS3.18 F.2) of a dcmjs dictionary, without bulk data. */
function toDicomJson(dict: DcmjsDict): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const tag of Object.keys(dict).sort()) {
    const el = dict[tag];
    if (BULK_VRS.has(el.vr) || tag === '7FE00010') continue;
    const value = el.vr === 'SQ' ? (el.Value ?? []).map((item) => toDicomJson(item as DcmjsDict)) : el.Value;
    out[tag] = value && value.length ? { vr: el.vr, Value: value } : { vr: el.vr };
  }
  return out;
}

/** The data set of a file in dcmjs form; files dcmjs rejects (no Part-10 preamble) are rebuilt from dicom-parser's text attributes. */
function readDict(path: string): DcmjsDict {
  const bytes = new Uint8Array(readFileSync(path));
  try {
    return dcmjs().DicomMessage.readFile(toArrayBuffer(bytes)).dict;
  } catch {
    const { dataSet } = parseDicomBytes(bytes, path);
    const dict: DcmjsDict = {};
    for (const [key, el] of Object.entries(dataSet.elements)) {
      const tag = key.slice(1).toUpperCase();
      if (tag.startsWith('0002') || tag === '7FE00010' || el.items || el.length > 1024) continue;
      const text = dataSet.string(key);
      // Implicit-VR files carry no VR: everything readable is kept as text (LO) and then de-identified by tag.
      if (text !== undefined && /^[\x20-\x7e]*$/.test(text)) dict[tag] = { vr: el.vr ?? (tag === '00100010' ? 'PN' : 'LO'), Value: text.split('\\') };
    }
    return dict;
  }
}

function deidentifyFirstSlice(path: string, table: PseudonymTable): { result: DeidentifiedDataset; patientId: string } {
  const read = { dict: readDict(path) };
  const str = (tag: string): string => {
    const v = read.dict[tag]?.Value?.[0];
    if (v && typeof v === 'object') return String((v as { Alphabetic?: string }).Alphabetic ?? '');
    return v === undefined ? '' : String(v);
  };
  const patientId = str('00100020') || str('00100010') || str('0020000D');
  const entry = pseudonymEntry(table, patientId);
  const result = deidentifyDataset(read.dict, { key: tableKey(table), pseudonym: entry.pseudonym, dateOffsetDays: entry.dateOffsetDays });
  return { result, patientId };
}

/**
 * Import a folder of DICOM files: read and assemble every series (`readDicomFolder`), de-identify
 * (PS3.15 Basic Profile with modified dates, `deidentifyDataset`), and write per series
 * `<outDir>/<pseudonym>/<new SeriesInstanceUID>.nii.gz` plus a `.json` sidecar (geometry, replacement
 * UIDs of the slices, de-identified header of the first slice without bulk data). Every message in
 * the report passes the sanitiser. The pseudonym table is extended in place; the caller writes it
 * (never into `outDir`). Throws `E_OPTION` when `outDir` lies inside the input folder.
 */
export async function importDicomFolder(inputDir: string, options: ImportDicomOptions): Promise<{ report: ImportDicomReport; sanitiser: Sanitiser }> {
  const outDir = resolve(options.outDir);
  const rel = relative(resolve(inputDir), outDir);
  if (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep))) throw new HccError('E_OPTION', 'the output folder must not be inside the input folder');
  const read = await readDicomFolder(inputDir, options);
  const sanitiser = createSanitiser();
  const key = tableKey(options.table);
  const reports: ImportedSeriesReport[] = [];
  const pending: (() => ImportedSeriesReport)[] = [];
  for (const s of read.series) {
    const allUids = new Map<string, string>();
    if (!s.result.ok) {
      for (const f of s.files.slice(0, 1)) {
        try {
          const { result } = deidentifyFirstSlice(join(inputDir, f), options.table);
          sanitiser.addSecrets(result.removedValues);
          sanitiser.addUidMap(result.uidMap);
        } catch {
          // header unreadable by dcmjs: the UID pass of the sanitiser still hides its UIDs
        }
      }
      allUids.set(s.seriesInstanceUid, remapUid(key, s.seriesInstanceUid));
      sanitiser.addUidMap(allUids);
      const issues = s.result.issues;
      pending.push(() => ({ series: sanitiser.text(s.label), status: 'failed', slices: s.files.length, outputs: [], issues: issues.map((i) => sanitiser.issue(i)) }));
      continue;
    }
    const v = s.result.value;
    const { result } = deidentifyFirstSlice(join(inputDir, v.files[0]), options.table);
    sanitiser.addSecrets(result.removedValues);
    sanitiser.addUidMap(result.uidMap);
    for (const u of [v.seriesInstanceUid, v.studyInstanceUid, v.frameOfReferenceUid, ...v.sopInstanceUids]) if (u) allUids.set(u, remapUid(key, u));
    sanitiser.addUidMap(allUids);
    const pseudonym = String((result.dict['00100020'].Value ?? [''])[0]);
    const newSeries = allUids.get(v.seriesInstanceUid)!;
    const dir = join(outDir, pseudonym);
    mkdirSync(dir, { recursive: true });
    const niftiRel = `${pseudonym}/${newSeries}.nii.gz`;
    const jsonRel = `${pseudonym}/${newSeries}.json`;
    writeNifti(join(outDir, niftiRel), v.volume, { description: 'mmf-hcc de-identified DICOM import' });
    const warnings = s.result.warnings;
    const sidecar = {
      format: 'mmf-hcc-series',
      pseudonym,
      studyInstanceUid: allUids.get(v.studyInstanceUid) ?? null,
      seriesInstanceUid: newSeries,
      frameOfReferenceUid: allUids.get(v.frameOfReferenceUid) ?? null,
      modality: v.modality,
      unit: v.unit,
      storage: v.volume.data instanceof Int16Array ? 'int16' : 'float32',
      shape: v.volume.shape,
      spacingMm: v.volume.spacing,
      originMm: v.volume.origin,
      direction: v.volume.direction,
      frame: 'LPS',
      sopInstanceUids: v.sopInstanceUids.map((u) => allUids.get(u)),
      transferSyntaxUids: v.transferSyntaxUids,
      lossyCompression: v.lossyCompression,
      deidentification: { method: DEIDENTIFICATION_METHOD, datesShifted: true },
      header: toDicomJson(result.dict),
    };
    pending.push(() => {
      const w = warnings.map((i) => sanitiser.issue(i));
      writeFileSync(join(outDir, jsonRel), JSON.stringify({ ...sidecar, warnings: w }, null, 1) + '\n');
      return {
        series: newSeries,
        status: 'written',
        pseudonym,
        slices: v.files.length,
        shape: v.volume.shape,
        spacingMm: v.volume.spacing,
        storage: sidecar.storage as 'int16' | 'float32',
        unit: v.unit,
        transferSyntaxUids: v.transferSyntaxUids,
        lossyCompression: v.lossyCompression,
        outputs: [niftiRel, jsonRel],
        issues: w,
      };
    });
  }
  // Messages are sanitised only after every series contributed its secrets and UIDs.
  for (const make of pending) reports.push(make());
  const report: ImportDicomReport = {
    filesScanned: read.filesScanned,
    series: reports,
    fileIssues: read.fileIssues.map((i) => sanitiser.issue(i)),
    volumeFormat: 'nifti',
  };
  return { report, sanitiser };
}
