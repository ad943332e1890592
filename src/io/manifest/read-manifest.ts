import { basename, resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { HccError } from '../../core/errors.js';
import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, issueWarning, ok } from '../../core/issues.js';
import { sha256 } from '../../core/provenance.js';
import type { Table } from '../../core/table.js';
import { parseCsvText } from '../../core/table.js';
import { joinTables } from './join-tables.js';
import type { LoadedDescriptor } from './load-descriptor.js';
import { loadManifestDescriptor } from './load-descriptor.js';
import type { ManifestDescriptor, Split, VariableSpec } from './schema.js';
import { MONTHS_PER_UNIT, SPLITS } from './schema.js';
import { checkRows } from './validate-rows.js';
import { checkImagingFiles } from './image-files.js';
import { cohortWarnings } from './cohort-warnings.js';
import { timeUnitWarnings } from './follow-up.js';

/** A checked cohort: one row per patient in a table with canonical column names. */
export interface StudyCohort {
  readonly name: string;
  /** True only when the manifest says the cohort was generated. */
  readonly synthetic: boolean;
  readonly source: string;
  readonly sourceKind: LoadedDescriptor['kind'];
  readonly baseDir: string;
  readonly descriptor: ManifestDescriptor;
  /**
   * Columns: patient_id, centre, split, os_time, os_event, pfs_time, pfs_event (months; 0/1),
   * followup_weeks, mrecist, rna_sample_id (when given), image_<phase>, mask_<phase> (absolute
   * paths, when given), the clinical variables and the score columns.
   */
  readonly table: Table;
  readonly split: readonly Split[];
  readonly variables: readonly VariableSpec[];
  readonly scores: readonly string[];
  /** Patients per split. */
  readonly counts: Readonly<Record<Split, number>>;
  /** Patients left out (onInvalidRow 'skip'), with their issues downgraded to warnings. */
  readonly skipped: readonly { readonly patientId: string | null; readonly row: number }[];
  /** SHA-256 of the descriptor (when a file) and of every table read, keyed by file name. */
  readonly inputs: Readonly<Record<string, string>>;
}

/** Options of `readManifest`. */
export interface ReadManifestOptions {
  /** A patient with a row-level error stops the run ('stop', default) or is left out with a warning ('skip'). */
  readonly onInvalidRow?: 'stop' | 'skip';
  /**
   * How far image and mask files are checked: 'exist' (default: the path exists and is of a usable
   * kind) or 'headers' (also every NIfTI header read, masks on their image's grid, small masks not
   * empty: `checkImagingFiles`; about 1 s per thousand patients).
   */
  readonly imageFiles?: 'exist' | 'headers';
}

/** Columns the manifest gives roles to (not clinical variables when variables are inferred). */
function roleColumns(d: ManifestDescriptor, all: readonly string[]): Set<string> {
  const c = d.columns;
  const roles = new Set<string>([c.patientId, c.centre, c.osTime, c.osEvent, c.pfsTime, c.pfsEvent, c.followupWeeks, c.mrecist, c.rnaSampleId, ...d.scores]);
  if (d.split.kind === 'column') roles.add(d.split.column);
  for (const p of d.phases) {
    for (const t of [c.image, c.mask, c.imageFallback, c.maskFallback]) if (t !== undefined) roles.add(t.replace('{phase}', p));
  }
  for (const col of all) if (/^(image|mask)_/.test(col)) roles.add(col);
  return roles;
}

/** Kinds of undeclared variables: numeric when every present value parses as a number. */
function inferVariables(columns: Map<string, (string | null)[]>, roles: Set<string>): VariableSpec[] {
  const out: VariableSpec[] = [];
  for (const [name, cells] of columns) {
    if (roles.has(name)) continue;
    const present = cells.filter((c): c is string => c !== null);
    const numeric = present.length > 0 && present.every((c) => Number.isFinite(Number(c)));
    out.push(numeric ? { column: name, kind: 'numeric', required: false } : { column: name, kind: 'categorical', required: false });
  }
  return out;
}

function readTable(path: string, issues: Issue[], role: string): { table: Table | null; hash: string | null } {
  if (!existsSync(path)) {
    issues.push(issueError('missing_file', [basename(path)], `${role} table ${path} does not exist`, { expected: 'an existing CSV file', received: 'no such file' }));
    return { table: null, hash: null };
  }
  const text = readFileSync(path, 'utf8');
  try {
    return { table: parseCsvText(text, path), hash: sha256(text) };
  } catch (err) {
    if (err instanceof HccError) issues.push(...err.issues);
    else throw err;
    return { table: null, hash: null };
  }
}

/**
 * Read and validate a cohort manifest (see `loadManifestDescriptor` for what `path` may be) before
 * any long work starts. Every problem is collected and returned at once: missing or unreadable
 * tables, missing columns, and per patient (file, row, column, expected, found) invalid ids,
 * centres, splits, times, events, PFS > OS, responses, clinical values out of range, and image or
 * mask files that do not exist (with `imageFiles: 'headers'`, also unreadable NIfTI files, masks off
 * their image's grid and empty masks). Warnings about the valid cohort follow: implausible times for
 * the declared unit (`timeUnitWarnings`), splits without events, small centres, split rules naming
 * absent centres, images without masks and masks without images (`cohortWarnings`).
 */
export function readManifest(path: string, options: ReadManifestOptions = {}): Result<StudyCohort> {
  const c = checkManifest(path, options);
  return 'failed' in c ? fail(c.failed) : cohortOf(c, options.onInvalidRow === 'skip');
}

/**
 * {@link readManifest} both ways from one pass over the tables and files: `strict` as with
 * `onInvalidRow: 'stop'` and `lenient` as with `'skip'` (what a validation reports, and what
 * `--skip-invalid` would keep), without reading or checking anything twice.
 */
export function readManifestBoth(path: string, options: Omit<ReadManifestOptions, 'onInvalidRow'> = {}): { strict: Result<StudyCohort>; lenient: Result<StudyCohort> } {
  const c = checkManifest(path, options);
  if ('failed' in c) return { strict: fail(c.failed), lenient: fail(c.failed) };
  const strict = cohortOf(c, false);
  return { strict, lenient: strict.ok ? strict : cohortOf(c, true) };
}

/** Everything a manifest read checked, before patients with row errors are kept out or stop it. */
interface CheckedManifest {
  readonly loaded: LoadedDescriptor;
  readonly inputs: Record<string, string>;
  readonly joined: ReturnType<typeof joinTables>['joined'];
  readonly variables: VariableSpec[];
  readonly checked: ReturnType<typeof checkRows>;
  readonly tableIssues: Issue[];
  readonly rowErrors: ReturnType<typeof checkRows>['issues'];
  readonly warnings: Issue[];
}

function checkManifest(path: string, options: Omit<ReadManifestOptions, 'onInvalidRow'>): CheckedManifest | { failed: Issue[] } {
  const { loaded, issues: descriptorIssues } = loadManifestDescriptor(path);
  if (!loaded) return { failed: descriptorIssues };
  const d = loaded.descriptor;
  const issues: Issue[] = [];
  const inputs: Record<string, string> = {};
  if (loaded.kind === 'json') inputs[basename(loaded.source)] = sha256(readFileSync(loaded.source));
  const patients = readTable(resolve(loaded.baseDir, d.patients), issues, 'patients');
  if (patients.hash) inputs[basename(d.patients)] = patients.hash;
  const joins: { spec: ManifestDescriptor['joins'][number]; table: Table }[] = [];
  for (const spec of d.joins) {
    const t = readTable(resolve(loaded.baseDir, spec.path), issues, 'joined');
    if (t.table) joins.push({ spec, table: t.table });
    if (t.hash) inputs[basename(spec.path)] = t.hash;
  }
  if (!patients.table || issues.length) return { failed: issues };
  const { joined, issues: joinIssues } = joinTables(patients.table, d.columns.patientId, joins);
  const variables = d.variables ?? inferVariables(joined.columns, roleColumns(d, [...joined.columns.keys()]));
  const checked = checkRows(joined, d, loaded.baseDir, variables, MONTHS_PER_UNIT[d.timeUnit]);
  if (options.imageFiles === 'headers') checked.issues.push(...checkImagingFiles(checked.imaging, joined.patientIds.length));
  const tableIssues = [...joinIssues.filter((i) => i.severity === 'error'), ...checked.issues.filter((p) => p.patient < 0 && p.issue.severity === 'error').map((p) => p.issue)];
  const rowErrors = checked.issues.filter((p) => p.patient >= 0 && p.issue.severity === 'error');
  const warnings = [...joinIssues.filter((i) => i.severity === 'warning'), ...checked.issues.filter((p) => p.issue.severity === 'warning').map((p) => p.issue)];
  return { loaded, inputs, joined, variables, checked, tableIssues, rowErrors, warnings };
}

/** The cohort of a checked manifest: stops on row errors, or (`skip`) leaves those patients out with warnings. */
function cohortOf(c: CheckedManifest, skip: boolean): Result<StudyCohort> {
  const { loaded, inputs, joined, variables, checked, tableIssues, rowErrors } = c;
  const d = loaded.descriptor;
  const warnings = [...c.warnings];
  if (tableIssues.length || (!skip && rowErrors.length)) return fail([...tableIssues, ...rowErrors.map((p) => p.issue)]);
  const bad = new Set(rowErrors.map((p) => p.patient));
  const keep: number[] = [];
  for (let i = 0; i < joined.patientIds.length; i++) if (!bad.has(i)) keep.push(i);
  for (const p of rowErrors) {
    const id = joined.patientIds[p.patient];
    warnings.push(issueWarning(p.issue.code, p.issue.path, `patient ${id ?? `row ${p.patient + 1}`} left out: ${p.issue.message}`, { expected: p.issue.expected, received: p.issue.received }));
  }
  if (keep.length === 0) return fail([issueError('empty_data', [basename(d.patients)], 'no patient is left after validation', { expected: 'at least one valid patient', received: '0' })]);
  const cells = new Map<string, (string | null)[]>();
  for (const [name, col] of checked.values) cells.set(name, keep.map((i) => col[i]));
  const split = keep.map((i) => checked.split[i]!);
  const counts = Object.fromEntries(SPLITS.map((s) => [s, split.filter((x) => x === s).length])) as Record<Split, number>;
  const table: Table = { source: loaded.source, columns: [...cells.keys()], nRows: keep.length, cells };
  const fileOf = (column: string) => joined.sources.get(column)?.file ?? basename(d.patients);
  const timeSource = (column: string) => {
    const src = joined.sources.get(column);
    return src ? { file: src.file, column: src.column } : undefined;
  };
  warnings.push(
    ...timeUnitWarnings(table, d.timeUnit, { os: timeSource(d.columns.osTime), pfs: timeSource(d.columns.pfsTime) }),
    ...cohortWarnings({ table, split, descriptor: d, fileOf }),
  );
  return ok(
    {
      name: d.cohort,
      synthetic: d.synthetic,
      source: loaded.source,
      sourceKind: loaded.kind,
      baseDir: loaded.baseDir,
      descriptor: d,
      table,
      split,
      variables,
      scores: d.scores,
      counts,
      skipped: [...bad].sort((a, b) => a - b).map((i) => ({ patientId: joined.patientIds[i], row: i + 1 })),
      inputs,
    },
    warnings,
  );
}
