import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { HccError, throwIfErrors } from '../../core/errors.js';
import type { Issue, Result } from '../../core/issues.js';
import { issueKey } from '../../core/issues.js';
import type { FollowUpRow, PhasePresence, StudyCohort } from '../../io/index.js';
import { followUpBySplit, importCohortImages, roundForMessage, phasePresence, readManifestBoth, SPLITS } from '../../io/index.js';
import { stepProgress } from '../progress.js';
import { emit } from '../shared.js';
import { printWarnings } from '../warning-lines.js';

/** Flags shared by the study step commands that work on a manifest and a study folder (`mmf train`, `mmf evaluate`). */
export interface StudyStepFlags {
  manifest: string;
  out: string;
  settings?: string;
  scoreColumn?: string;
  skipInvalid?: boolean;
  progress: boolean;
  json?: boolean;
  digits: string;
}

/**
 * Read and validate a manifest for a study command, NIfTI headers included (`imageFiles: 'headers'`),
 * before any long work: `E_IO` when absent, `E_INPUT` with every issue when invalid; warnings to stderr.
 */
export function loadStudyCohort(manifest: string, skipInvalid = false): StudyCohort {
  if (!existsSync(manifest)) throw new HccError('E_IO', `manifest ${manifest} does not exist`);
  const { strict, lenient } = readManifestBoth(manifest, { imageFiles: 'headers' });
  const r = skipInvalid ? lenient : strict;
  if (!r.ok && !skipInvalid) throwWithSkipInvalidHint(manifest, r.issues, lenient);
  if (!r.ok) throwIfErrors(`manifest ${manifest}`, r.issues);
  if (!r.ok) throw new HccError('E_INTERNAL', 'manifest failed without issues');
  printWarnings(r.warnings, `mmf validate-manifest ${manifest} --json ("warnings")`);
  return r.value;
}

/**
 * `E_INPUT` with the manifest's errors whose message says that `--skip-invalid` leaves the patients
 * with invalid rows out, when it would (the lenient read, `skipped`, keeps someone); returns when it
 * would not (a table-level problem, or no patient left), for the plain error.
 */
function throwWithSkipInvalidHint(manifest: string, issues: readonly Issue[], skipped: Result<StudyCohort>): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (!errors.length) return;
  if (!skipped.ok || skipped.value.skipped.length === 0) return;
  const n = skipped.value.skipped.length;
  throw new HccError('E_INPUT', `manifest ${manifest}: ${errors.length} problem(s) in the input, on the rows of ${n} patient(s); correct them, or rerun with --skip-invalid to leave ${n === 1 ? 'that patient' : 'those patients'} out (each named in a warning)`, { issues: errors });
}

/** What a manifest holds: patients per centre and split, events, images and masks present. */
export interface ManifestSummary {
  readonly cohort: string;
  readonly synthetic: boolean;
  readonly patients: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly byCentre: readonly { centre: string; training: number; internal_validation: number; external_test: number; total: number }[];
  readonly events: readonly { outcome: string; split: string; n: number; events: number }[];
  readonly images: readonly { column: string; present: number }[];
  /** Per phase: patients with the image, the mask, both, and the ids of those with only one. */
  readonly phases: readonly PhasePresence[];
  /** Median and range of the OS / PFS times per split, in the manifest's time unit. */
  readonly followUp: readonly FollowUpRow[];
  readonly other: readonly { column: string; present: number }[];
  readonly variables: readonly string[];
  readonly scores: readonly string[];
}

/** Columns summarised as "other data present" (follow-up, RNA, the mask label maps), not as images. */
const OTHER_COLUMNS: readonly string[] = ['followup_weeks', 'mrecist', 'rna_sample_id', 'mask_labels'];

/** Summarise a checked cohort (the valid patients). */
export function summariseCohort(c: StudyCohort): ManifestSummary {
  const t = c.table;
  const centre = t.cells.get('centre') ?? [];
  const centres = [...new Set(centre.map((x) => x ?? 'NA'))].sort();
  const byCentre = centres.map((name) => {
    const row = { centre: name, training: 0, internal_validation: 0, external_test: 0, total: 0 };
    c.split.forEach((s, i) => {
      if ((centre[i] ?? 'NA') !== name) return;
      row[s]++;
      row.total++;
    });
    return row;
  });
  const events = (['os', 'pfs'] as const).flatMap((o) => {
    const tm = t.cells.get(`${o}_time`);
    const ev = t.cells.get(`${o}_event`);
    if (!tm || !ev) return [];
    return SPLITS.map((s) => {
      let n = 0;
      let e = 0;
      c.split.forEach((x, i) => {
        if (x !== s || tm[i] === null || ev[i] === null) return;
        n++;
        if (ev[i] === '1') e++;
      });
      return { outcome: o, split: s, n, events: e };
    });
  });
  const present = (col: string) => ({ column: col, present: (t.cells.get(col) ?? []).filter((v) => v !== null).length });
  return {
    cohort: c.name,
    synthetic: c.synthetic,
    patients: t.nRows,
    counts: c.counts,
    byCentre,
    events,
    // mask_labels starts like a mask column but holds label maps, not files: it is listed under `other`
    images: t.columns.filter((col) => /^(image|mask)_/.test(col) && !OTHER_COLUMNS.includes(col)).map(present),
    phases: phasePresence(t, c.descriptor.phases),
    followUp: followUpBySplit(t, c.split, c.descriptor.timeUnit),
    other: OTHER_COLUMNS.filter((col) => t.cells.has(col)).map(present),
    variables: c.variables.map((v) => v.column),
    scores: c.scores,
  };
}

/** What `mmf validate-manifest` reports. */
export interface ManifestValidation {
  readonly ok: boolean;
  readonly manifest: string;
  /** Every error (empty when ok). */
  readonly issues: readonly Issue[];
  /** Warnings about the cohort; with row errors, those of the patients without them (not copies of the errors). */
  readonly warnings: readonly Issue[];
  /** The valid patients (with row errors: those without), null when a table-level error leaves none. */
  readonly summary: ManifestSummary | null;
}

/**
 * Validate a manifest as `mmf validate-manifest` does: every error of a strict read (NIfTI headers
 * included); with errors, the summary and warnings of a read that skips the rows in error, so the
 * warnings about the cohort (units, events, centres, images without masks) are not lost.
 */
export function validateManifest(manifest: string): ManifestValidation {
  return readForValidation(manifest).validation;
}

/**
 * {@link validateManifest}, then the DICOM checks the study runs in its import (a missing or
 * unreadable slice, several series in one folder, SEG frames or RTSTRUCT contours off the image, a
 * NIfTI mask off the grid of its converted series, ROI names not in `mask_labels`, another frame of
 * reference): the DICOM inputs of the patients without
 * row errors are converted in a temporary folder, deleted afterwards, and every problem is an error
 * here as it would stop the study. A cohort without DICOM inputs converts nothing.
 */
export async function validateManifestWithDicom(manifest: string, options: { onProgress?: (done: number, total: number) => void } = {}): Promise<ManifestValidation & { readonly dicomPatients: number }> {
  const { validation, cohort } = readForValidation(manifest);
  if (!cohort) return { ...validation, dicomPatients: 0 };
  const tmp = mkdtempSync(join(tmpdir(), 'mmf-validate-dicom-'));
  try {
    const imp = await importCohortImages(cohort, tmp, { onInvalidRow: 'stop', onProgress: options.onProgress });
    return { ...validation, warnings: [...validation.warnings, ...imp.warnings], dicomPatients: imp.dicomPatients };
  } catch (e) {
    if (!(e instanceof HccError) || e.code !== 'E_INPUT' || e.issues.length === 0) throw e;
    const issues = [...validation.issues, ...e.issues.filter((i) => i.severity === 'error')];
    return { ...validation, ok: false, issues, dicomPatients: new Set(e.issues.map((i) => String(i.path[1]))).size };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The validation and the cohort of the patients without row errors (null when a table-level error leaves none). */
function readForValidation(manifest: string): { validation: ManifestValidation; cohort: StudyCohort | null } {
  // One pass gives both reads: with row errors, summarise the patients that pass (table-level errors leave nothing to summarise).
  const { strict, lenient } = readManifestBoth(manifest, { imageFiles: 'headers' });
  const issues: Issue[] = strict.ok ? [] : [...strict.issues];
  const summary = lenient.ok ? summariseCohort(lenient.value) : null;
  // the lenient read's warnings, without its copies of the strict read's errors ("patient X left out: ...")
  const errorKeys = new Set(issues.map(issueKey));
  const warnings = strict.ok ? strict.warnings : lenient.ok ? lenient.warnings.filter((w) => !errorKeys.has(issueKey(w))) : [];
  return { validation: { ok: strict.ok, manifest, issues, warnings, summary }, cohort: lenient.ok ? lenient.value : null };
}

interface Flags {
  json?: boolean;
  dicom: boolean;
  progress: boolean;
}

/** `mmf validate-manifest`: validate a cohort manifest only, with a summary. */
export function register(program: Command): void {
  program
    .command('validate-manifest')
    .description(
      'Validate a cohort manifest without running anything: every problem at once (file, row, column, expected, found: missing tables or columns with a did-you-mean, join renames of columns a table lacks, bad ids, unknown splits or centres, times, events, PFS > OS, out-of-range values, unknown levels, image/mask files that do not exist, image folders without DICOM files, masks that are folders or DICOM objects other than SEG / RTSTRUCT, malformed mask_labels, unreadable or truncated NIfTI files, masks off their image\'s grid, empty masks, and the DICOM import\'s checks: missing or unreadable slices, SEG frames or RTSTRUCT contours off the image, NIfTI masks off the grid of their converted DICOM series, ROI names not in mask_labels), then warnings (times implausible for the declared unit, splits without events, centres under 5 patients, split rules naming absent centres, images without masks and masks without images) and a summary of the valid patients (per centre and split, OS/PFS events and follow-up per split, images and masks per phase). Exit status 2 when there is any error (the summary then covers the patients without row errors).',
    )
    .argument('<manifest>', 'manifest.json, a manifest CSV, or a cohort folder written by `mmf synth`')
    .option('--json', 'write { ok, issues, warnings, summary } as JSON to stdout')
    .option('--no-dicom', 'skip the DICOM checks (they convert the DICOM series and SEG / RTSTRUCT masks in a temporary folder, as the study would: about 11 s for 469 patients)')
    .option('--no-progress', 'do not draw the DICOM check progress bar on stderr')
    .addHelpText('after', '\nExample:\n  mmf synth --patients 200 --seed 3 --out /tmp/cohort --no-images\n  mmf validate-manifest /tmp/cohort/synthetic-hcc-ici-seed3-n200\n  mmf validate-manifest study/manifest.json --json > check.json\n')
    .action(async (manifest: string, flags: Flags) => {
      if (!existsSync(manifest)) throw new HccError('E_IO', `manifest ${manifest} does not exist`);
      const value = flags.dicom ? await validateManifestWithDicom(manifest, { onProgress: flags.progress ? stepProgress('DICOM check') : undefined }) : validateManifest(manifest);
      const { summary, issues, warnings } = value;
      if (flags.json) emit({ json: true }, value, []);
      else {
        const tables = summary
          ? [
              { title: `Patients per centre and split${value.ok ? '' : ' (patients without row errors)'}`, columns: ['centre', 'training', 'internal_validation', 'external_test', 'total'], rows: summary.byCentre.map((r) => [r.centre, r.training, r.internal_validation, r.external_test, r.total]) },
              { title: 'Events per outcome and split', columns: ['outcome', 'split', 'n', 'events'], rows: summary.events.map((r) => [r.outcome, r.split, r.n, r.events]) },
              ...(summary.followUp.length ? [{ title: `Follow-up: observed OS / PFS time per split (${summary.followUp[0].unit}, as in the manifest)`, columns: ['outcome', 'split', 'n', 'median', 'min', 'max'], rows: summary.followUp.map((r) => [r.outcome, r.split, r.n, roundForMessage(r.median), roundForMessage(r.min), roundForMessage(r.max)]) }] : []),
              ...(summary.phases.length ? [{ title: 'Images and masks per phase (patients)', columns: ['phase', 'image', 'mask', 'both', 'image only', 'mask only'], rows: summary.phases.map((p) => [p.phase, p.image, p.mask, p.both, p.imageOnly.length, p.maskOnly.length]) }] : []),
              ...(summary.other.length ? [{ title: 'Other data present', columns: ['column', 'patients'], rows: summary.other.map((r) => [r.column, r.present]) }] : []),
            ]
          : [];
        const dicom = 'dicomPatients' in value ? (value as { dicomPatients: number }).dicomPatients : null;
        const notes = summary ? [`cohort ${summary.cohort}${summary.synthetic ? ' (SYNTHETIC)' : ''}: ${summary.patients} patient(s); variables ${summary.variables.join(', ') || '(none)'}; scores ${summary.scores.join(', ') || '(none)'}${dicom === null ? '; DICOM checks skipped (--no-dicom)' : dicom > 0 ? `; DICOM inputs of ${dicom} patient(s) converted and checked in a temporary folder` : ''}`] : [];
        printWarnings(warnings, `mmf validate-manifest ${manifest} --json ("warnings")`);
        emit({}, value, tables, [...notes, value.ok ? `manifest is valid${warnings.length ? ` (${warnings.length} warning(s) on stderr)` : ''}` : `manifest has ${issues.length} problem(s) (listed on stderr)`]);
      }
      if (!value.ok) throw new HccError('E_INPUT', `manifest ${manifest}: ${issues.length} problem(s)`, { issues });
    });
}
