import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Issue, IssueCode } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import type { ColumnSource, JoinedColumns } from './join-tables.js';
import { cellPath } from './join-tables.js';
import type { ManifestDescriptor, Split, VariableSpec } from './schema.js';
import { manifestColumnsSchema, SPLITS } from './schema.js';

const DEFAULT_COLUMNS: Readonly<Record<string, unknown>> = manifestColumnsSchema.parse({});
import { parseSplitValue, splitByCentre } from './split.js';
import { didYouMean } from '../../core/did-you-mean.js';
import { suggestColumn } from './suggest-column.js';
import { formatTime } from './follow-up.js';
import type { ImagingCell, ImagingCells } from './image-files.js';
import type { ImagingPathKind } from '../study/imaging-path.js';
import { classifyImagingPath } from '../study/imaging-path.js';
import { MASK_LABELS_COLUMN, parseMaskLabels } from '../study/mask-label-map.js';

/** mRECIST overall response values accepted in a manifest (NE = not evaluable). */
export const RESPONSE_VALUES = ['CR', 'PR', 'SD', 'PD', 'NE'] as const;

/** One issue tied to the patient it concerns (index into the patients table; -1 = the whole table). */
export interface PatientIssue {
  readonly patient: number;
  readonly issue: Issue;
}

/** Values checked per patient, ready to be written into the cohort table. */
export interface CheckedRows {
  readonly split: (Split | null)[];
  /** Canonical column → values (times in months, image paths absolute). */
  readonly values: Map<string, (string | null)[]>;
  readonly issues: PatientIssue[];
  /** The image and mask cells that passed (an existing path of a usable kind), for the header checks. */
  readonly imaging: ImagingCells;
}

function numberOf(cell: string): number {
  const v = Number(cell);
  return cell.trim() === '' ? NaN : v;
}

/** Context shared by the row checks. */
interface Ctx {
  readonly joined: JoinedColumns;
  readonly n: number;
  readonly out: PatientIssue[];
  /** The manifest key that named a column (see {@link manifestKeyOf}). */
  readonly namedBy?: (column: string) => string | null;
}

/** The patient has no row in the column's table and that was already reported. */
function absent(src: ColumnSource, i: number): boolean {
  return src.rows[i] === 0 && src.absenceReported;
}

function source(ctx: Ctx, column: string): ColumnSource | null {
  return ctx.joined.sources.get(column) ?? null;
}

/**
 * A role or variable column that no table has. The issue names the file the column should come from:
 * the joined table whose `rename` maps a column to it (and that column is absent there), else the
 * table holding the nearest column name (did-you-mean), else the patients table; `received` lists
 * every column of the tables concerned.
 */
function missingColumn(ctx: Ctx, column: string, role: string): void {
  const tables = ctx.joined.tables;
  const push = (issue: Issue) => ctx.out.push({ patient: -1, issue });
  // a join renaming an absent column to this one: that rename key is already reported
  // (`unknown_key` from joinTables, with its did-you-mean); one mistake, one issue
  if (tables.some((t) => Object.keys(t.rename).some((k) => t.rename[k] === column && !t.columns.includes(k)))) return;
  // names as the cohort sees them (after rename), per file
  const named = tables.map((t) => ({ file: t.file, names: t.columns.filter((c) => c !== t.idColumn || t === tables[0]).map((c) => t.rename[c] ?? c) }));
  const guess = suggestColumn(column, named.flatMap((t) => t.names));
  const home = guess === null ? named[0] : named.find((t) => t.names.includes(guess))!;
  const files = named.map((t) => t.file);
  const key = ctx.namedBy?.(column) ?? null;
  const where = `${files.length > 1 ? `${files.slice(0, -1).join(', ')} or ${files[files.length - 1]}` : files[0] ?? 'the patients table'}`;
  // the name came from the manifest (e.g. manifest.columns.centre): the typo is there, so say so
  const message = key ? `no column "${column}" (${role}) in ${where}: ${key} names "${column}"${didYouMean(guess, home?.file)}` : `no column "${column}" (${role}) in ${where}${didYouMean(guess, home?.file)}`;
  push(
    issueError('missing_column', [home?.file ?? 'patients', column], message, {
      expected: key ? `a column "${column}" (as ${key} names it), or ${key} set to a column of the tables` : `a column "${column}" (or map the role in manifest.columns)`,
      received: named.map((t) => `${t.file} has ${t.names.join(', ')}`).join('; '),
    }),
  );
}

/**
 * The manifest key that set `column` to a name of the user's choosing: `manifest.columns.<role>` when
 * that role's column is not its default, `manifest.split.column` likewise, `manifest.variables` for a
 * declared clinical variable; null for a default name (the column may be mapped in manifest.columns).
 */
function manifestKeyOf(d: ManifestDescriptor, column: string): string | null {
  const cols = d.columns as Readonly<Record<string, unknown>>;
  for (const [k, v] of Object.entries(cols)) if (v === column && DEFAULT_COLUMNS[k] !== v) return `manifest.columns.${k}`;
  if (d.split.kind === 'column' && d.split.column === column && column !== 'split') return 'manifest.split.column';
  if (d.variables?.some((v) => v.column === column)) return 'manifest.variables';
  return null;
}

/** Times (in `unitScale` months per unit) and 0/1 events of one outcome. */
function checkOutcome(ctx: Ctx, timeCol: string, eventCol: string, unitScale: number, required: boolean, values: Map<string, (string | null)[]>, prefix: 'os' | 'pfs'): void {
  const tSrc = source(ctx, timeCol);
  const eSrc = source(ctx, eventCol);
  if (!tSrc || !eSrc) {
    if (required) {
      if (!tSrc) missingColumn(ctx, timeCol, `${prefix.toUpperCase()} time`);
      if (!eSrc) missingColumn(ctx, eventCol, `${prefix.toUpperCase()} event`);
    }
    return;
  }
  const t = ctx.joined.columns.get(timeCol)!;
  const e = ctx.joined.columns.get(eventCol)!;
  const times: (string | null)[] = new Array(ctx.n).fill(null);
  const events: (string | null)[] = new Array(ctx.n).fill(null);
  for (let i = 0; i < ctx.n; i++) {
    const tc = t[i];
    const ec = e[i];
    if (absent(tSrc, i) || absent(eSrc, i)) continue;
    if (tc === null) ctx.out.push({ patient: i, issue: issueError('missing_value', cellPath(tSrc, i, ctx.joined.patientIds[i]), `${prefix.toUpperCase()} time is missing`, { expected: 'a time >= 0', received: 'empty' }) });
    else {
      const v = numberOf(tc);
      if (!Number.isFinite(v)) ctx.out.push({ patient: i, issue: issueError('not_a_number', cellPath(tSrc, i, ctx.joined.patientIds[i]), `${prefix.toUpperCase()} time is not a number`, { expected: 'a time >= 0', received: JSON.stringify(tc) }) });
      else if (v < 0) ctx.out.push({ patient: i, issue: issueError('negative_time', cellPath(tSrc, i, ctx.joined.patientIds[i]), `${prefix.toUpperCase()} time is negative`, { expected: 'a time >= 0', received: tc }) });
      else times[i] = String(v * unitScale);
    }
    if (ec === null) ctx.out.push({ patient: i, issue: issueError('missing_value', cellPath(eSrc, i, ctx.joined.patientIds[i]), `${prefix.toUpperCase()} event is missing`, { expected: '0 (censored) or 1 (event)', received: 'empty' }) });
    else if (ec !== '0' && ec !== '1') ctx.out.push({ patient: i, issue: issueError('bad_event_code', cellPath(eSrc, i, ctx.joined.patientIds[i]), `${prefix.toUpperCase()} event must be 0 or 1`, { expected: '0 (censored) or 1 (event)', received: JSON.stringify(ec) }) });
    else events[i] = ec;
  }
  values.set(`${prefix}_time`, times);
  values.set(`${prefix}_event`, events);
}

function checkVariable(ctx: Ctx, v: VariableSpec, values: Map<string, (string | null)[]>): void {
  const src = source(ctx, v.column);
  if (!src) {
    missingColumn(ctx, v.column, 'clinical variable');
    return;
  }
  const cells = ctx.joined.columns.get(v.column)!;
  for (let i = 0; i < ctx.n; i++) {
    const c = cells[i];
    if (c === null) {
      if (v.required && !absent(src, i)) ctx.out.push({ patient: i, issue: issueError('missing_value', cellPath(src, i, ctx.joined.patientIds[i]), `required variable "${v.column}" is missing`, { expected: v.kind === 'numeric' ? 'a number' : (v.levels ?? ['a value']).join(', '), received: 'empty' }) });
      continue;
    }
    if (v.kind === 'numeric') {
      const x = numberOf(c);
      if (!Number.isFinite(x)) ctx.out.push({ patient: i, issue: issueError('not_a_number', cellPath(src, i, ctx.joined.patientIds[i]), `variable "${v.column}" is not a number`, { expected: 'a number', received: JSON.stringify(c) }) });
      else if ((v.min !== undefined && x < v.min) || (v.max !== undefined && x > v.max)) {
        ctx.out.push({ patient: i, issue: issueError('out_of_range', cellPath(src, i, ctx.joined.patientIds[i]), `variable "${v.column}" is outside its plausible range`, { expected: `${v.min ?? '-Inf'} to ${v.max ?? 'Inf'}`, received: c }) });
      }
    } else if (v.levels && !v.levels.includes(c)) {
      ctx.out.push({ patient: i, issue: issueError('unknown_level', cellPath(src, i, ctx.joined.patientIds[i]), `variable "${v.column}" has an unknown level`, { expected: v.levels.join(', '), received: JSON.stringify(c) }) });
    }
  }
  values.set(v.column, [...cells]);
}

function checkSplit(ctx: Ctx, d: ManifestDescriptor, centres: (string | null)[]): (Split | null)[] {
  const split: (Split | null)[] = new Array(ctx.n).fill(null);
  const rule = d.split;
  if (rule.kind === 'column') {
    const src = source(ctx, rule.column);
    if (!src) {
      missingColumn(ctx, rule.column, 'split');
      return split;
    }
    const cells = ctx.joined.columns.get(rule.column)!;
    for (let i = 0; i < ctx.n; i++) {
      const c = cells[i];
      const s = c === null ? null : parseSplitValue(c);
      if (s === null) ctx.out.push({ patient: i, issue: issueError(c === null ? 'missing_value' : 'unknown_level', cellPath(src, i, ctx.joined.patientIds[i]), 'unknown split', { expected: SPLITS.join(', '), received: c === null ? 'empty' : JSON.stringify(c) }) });
      split[i] = s;
    }
    return split;
  }
  const cSrc = source(ctx, d.columns.centre);
  for (let i = 0; i < ctx.n; i++) {
    const c = centres[i];
    const id = ctx.joined.patientIds[i];
    if (c === null || id === null || !cSrc) continue;
    split[i] = splitByCentre(rule, c, id);
    if (split[i] === null) {
      const named = [...rule.training, ...rule.internalValidation, ...rule.externalTest];
      ctx.out.push({ patient: i, issue: issueError('unknown_level', cellPath(cSrc, i, ctx.joined.patientIds[i]), `centre "${c}" is not named by the by-centre split rule`, { expected: named.join(', '), received: c }) });
    }
  }
  return split;
}

function checkImages(ctx: Ctx, d: ManifestDescriptor, baseDir: string, values: Map<string, (string | null)[]>): ImagingCells {
  const cells: { image: Map<string, (ImagingCell | null)[]>; mask: Map<string, (ImagingCell | null)[]> } = { image: new Map(), mask: new Map() };
  const root = resolve(baseDir, d.imageRoot);
  // one classification per path (a mask column shared by the phases names each file three times)
  const kinds = new Map<string, ImagingPathKind>();
  const kindOf = (abs: string): ImagingPathKind => {
    let k = kinds.get(abs);
    if (k === undefined) kinds.set(abs, (k = classifyImagingPath(abs)));
    return k;
  };
  for (const phase of d.phases) {
    for (const [kind, template, fallbackTemplate] of [['image', d.columns.image, d.columns.imageFallback], ['mask', d.columns.mask, d.columns.maskFallback]] as const) {
      const col = template.replace('{phase}', phase);
      const fbCol = fallbackTemplate?.replace('{phase}', phase);
      const primary = source(ctx, col);
      const fallback = fbCol === undefined ? null : source(ctx, fbCol);
      if (!primary && !fallback) {
        if (d.requireImages) missingColumn(ctx, col, `${kind} path of the ${phase} phase`);
        continue;
      }
      const primaryCells = primary ? ctx.joined.columns.get(col)! : null;
      const fallbackCells = fallback ? ctx.joined.columns.get(fbCol!)! : null;
      const out: (string | null)[] = new Array(ctx.n).fill(null);
      const used: (ImagingCell | null)[] = new Array(ctx.n).fill(null);
      for (let i = 0; i < ctx.n; i++) {
        // the column's own cell, else the fallback column's (the issue then names the cell used)
        const own = primaryCells?.[i] ?? null;
        const c = own ?? fallbackCells?.[i] ?? null;
        const src = (own === null && fallbackCells ? fallback : primary) ?? fallback!;
        if (c === null) {
          if (d.requireImages) ctx.out.push({ patient: i, issue: issueError('missing_value', cellPath(src, i, ctx.joined.patientIds[i]), `no ${kind} path for the ${phase} phase`, { expected: kind === 'mask' ? 'a path to a mask file: NIfTI, DICOM-SEG or RTSTRUCT' : 'a path to a NIfTI file or a DICOM series folder', received: 'empty' }) });
          continue;
        }
        const abs = isAbsolute(c) ? c : resolve(root, c);
        if (!existsSync(abs)) ctx.out.push({ patient: i, issue: issueError('missing_file', cellPath(src, i, ctx.joined.patientIds[i]), `${kind} file of the ${phase} phase does not exist`, { expected: `an existing file or folder (relative paths start at ${root})`, received: c }) });
        else {
          const problem = imagingPathProblem(kindOf(abs), kind, phase);
          if (problem) ctx.out.push({ patient: i, issue: issueError(problem.code, cellPath(src, i, ctx.joined.patientIds[i]), problem.message, { expected: problem.expected, received: c }) });
          else {
            out[i] = abs;
            used[i] = { path: abs, kind: kindOf(abs), where: cellPath(src, i, ctx.joined.patientIds[i]) };
          }
        }
      }
      values.set(`${kind}_${phase}`, out);
      cells[kind].set(phase, used);
    }
  }
  checkMaskLabels(ctx, values);
  return { phases: d.phases, image: cells.image, mask: cells.mask };
}

/** What is wrong with an existing image or mask path of this kind, or null (NIfTI, a DICOM series folder, a SEG / RTSTRUCT mask, or another file left to the reader). */
function imagingPathProblem(found: ImagingPathKind, kind: 'image' | 'mask', phase: string): { code: IssueCode; message: string; expected: string } | null {
  if (kind === 'image') {
    if (found === 'empty-folder') return { code: 'missing_file', message: `image folder of the ${phase} phase holds no DICOM file`, expected: 'a NIfTI file or a folder with the DICOM files of one series' };
    if (found === 'dicom-seg' || found === 'rtstruct' || found === 'dicom-other') return { code: 'dicom_unsupported', message: `image of the ${phase} phase is a single DICOM file; give the folder of its series`, expected: 'a NIfTI file or a DICOM series folder' };
    return null;
  }
  if (found === 'dicom-series' || found === 'empty-folder') return { code: 'bad_dicom', message: `mask of the ${phase} phase is a folder`, expected: 'a mask file: NIfTI, DICOM-SEG or RTSTRUCT' };
  if (found === 'dicom-other') return { code: 'bad_dicom', message: `mask of the ${phase} phase is a DICOM file that is neither a Segmentation (SEG) nor an RT Structure Set (or cannot be read)`, expected: 'a mask file: NIfTI, DICOM-SEG or RTSTRUCT' };
  return null;
}

/** The optional `mask_labels` column (label map of DICOM-SEG / RTSTRUCT masks, `1=liver;2=tumour`): each value must parse. */
function checkMaskLabels(ctx: Ctx, values: Map<string, (string | null)[]>): void {
  copyOptional(ctx, MASK_LABELS_COLUMN, MASK_LABELS_COLUMN, values, (c, i, src) => {
    const parsed = parseMaskLabels(c);
    if (parsed.error === null) return c;
    ctx.out.push({ patient: i, issue: issueError('bad_option', cellPath(src, i, ctx.joined.patientIds[i]), `mask label map is malformed: ${parsed.error}`, { expected: 'label=name entries separated by ";", e.g. 1=liver;2=tumour;3=thrombus', received: JSON.stringify(c) }) });
    return null;
  });
}

function copyOptional(ctx: Ctx, from: string, to: string, values: Map<string, (string | null)[]>, check?: (cell: string, i: number, src: ColumnSource) => string | null): void {
  const src = source(ctx, from);
  if (!src) return;
  const cells = ctx.joined.columns.get(from)!;
  values.set(to, cells.map((c, i) => (c === null ? null : check ? check(c, i, src) : c)));
}

/**
 * Check every patient row of the joined manifest tables and convert the role columns to the
 * cohort's canonical columns (times in months). Every problem is collected with the file, 1-based
 * row and column where a person can find it, what was expected and what was found.
 */
export function checkRows(joined: JoinedColumns, d: ManifestDescriptor, baseDir: string, variables: readonly VariableSpec[], monthsPerUnit: number): CheckedRows {
  const n = joined.patientIds.length;
  const ctx: Ctx = { joined, n, out: [], namedBy: (column) => manifestKeyOf(d, column) };
  const values = new Map<string, (string | null)[]>();
  values.set('patient_id', [...joined.patientIds]);
  const cSrc = source(ctx, d.columns.centre);
  const centres: (string | null)[] = cSrc ? [...joined.columns.get(d.columns.centre)!] : new Array(n).fill(null);
  if (!cSrc) missingColumn(ctx, d.columns.centre, 'centre');
  else centres.forEach((c, i) => c === null && ctx.out.push({ patient: i, issue: issueError('missing_value', cellPath(cSrc, i, ctx.joined.patientIds[i]), 'centre is missing', { expected: 'a centre id', received: 'empty' }) }));
  values.set('centre', centres);
  const split = checkSplit(ctx, d, centres);
  values.set('split', [...split]);
  checkOutcome(ctx, d.columns.osTime, d.columns.osEvent, monthsPerUnit, d.outcomes.includes('os'), values, 'os');
  checkOutcome(ctx, d.columns.pfsTime, d.columns.pfsEvent, monthsPerUnit, d.outcomes.includes('pfs'), values, 'pfs');
  const os = values.get('os_time');
  const pfs = values.get('pfs_time');
  const pfsSrc = source(ctx, d.columns.pfsTime);
  if (os && pfs && pfsSrc) {
    // compared in months; printed as the file writes them, in its unit
    const osRaw = joined.columns.get(d.columns.osTime)!;
    const pfsRaw = joined.columns.get(d.columns.pfsTime)!;
    for (let i = 0; i < n; i++) {
      if (os[i] !== null && pfs[i] !== null && Number(pfs[i]) > Number(os[i]) * (1 + 1e-9)) {
        let osText = formatTime(numberOf(osRaw[i]!), d.timeUnit);
        let pfsText = formatTime(numberOf(pfsRaw[i]!), d.timeUnit);
        if (osText === pfsText) [osText, pfsText] = [`${osRaw[i]!.trim()} ${d.timeUnit}`, `${pfsRaw[i]!.trim()} ${d.timeUnit}`]; // rounding hid the difference
        ctx.out.push({ patient: i, issue: issueError('out_of_range', cellPath(pfsSrc, i, ctx.joined.patientIds[i]), `PFS time (${pfsText}) is longer than OS time (${osText})`, { expected: `PFS <= OS (${osText})`, received: pfsText }) });
      }
    }
  }
  copyOptional(ctx, d.columns.followupWeeks, 'followup_weeks', values, (c, i, src) => {
    const w = numberOf(c);
    if (Number.isFinite(w) && w >= 0) return String(w);
    ctx.out.push({ patient: i, issue: issueError('not_a_number', cellPath(src, i, ctx.joined.patientIds[i]), 'follow-up scan time must be weeks >= 0', { expected: 'weeks >= 0', received: JSON.stringify(c) }) });
    return null;
  });
  copyOptional(ctx, d.columns.mrecist, 'mrecist', values, (c, i, src) => {
    const r = c.trim().toUpperCase();
    if ((RESPONSE_VALUES as readonly string[]).includes(r)) return r;
    ctx.out.push({ patient: i, issue: issueError('unknown_level', cellPath(src, i, ctx.joined.patientIds[i]), 'unknown mRECIST response', { expected: RESPONSE_VALUES.join(', '), received: JSON.stringify(c) }) });
    return null;
  });
  copyOptional(ctx, d.columns.rnaSampleId, 'rna_sample_id', values);
  for (const v of variables) if (!values.has(v.column)) checkVariable(ctx, v, values);
  for (const s of d.scores) {
    const src = source(ctx, s);
    if (!src) {
      missingColumn(ctx, s, 'risk score');
      continue;
    }
    copyOptional(ctx, s, s, values, (c, i, sc) => {
      const x = numberOf(c);
      if (Number.isFinite(x)) return c;
      ctx.out.push({ patient: i, issue: issueError('not_a_number', cellPath(sc, i, ctx.joined.patientIds[i]), `score "${s}" is not a number`, { expected: 'a finite number', received: JSON.stringify(c) }) });
      return null;
    });
    const missing = values.get(s)!.filter((c) => c === null).length;
    if (missing) ctx.out.push({ patient: -1, issue: issueWarning('missing_value', [src.file, src.column], `score "${s}" is missing for ${missing} patient(s); models using it leave them out`, { expected: 'a score for every patient', received: `${missing} empty` }) });
  }
  const imaging = checkImages(ctx, d, baseDir, values);
  return { split, values, issues: ctx.out, imaging };
}
