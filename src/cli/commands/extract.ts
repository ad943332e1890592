import { join } from 'node:path';
import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { extractCohortFeaturesParallel, openStudyStore, radiomicFeaturesTable, resolveStudySettings, settingsCandidates, withCandidateColumns, writeTables } from '../../fusion/index.js';
import { emit } from '../shared.js';
import { progressLine } from '../progress.js';
import { printWarnings } from '../warning-lines.js';
import { numberFlag } from './train-dl.js';
import { importStudyImages } from '../image-import.js';
import { loadStudyCohort } from './validate-manifest.js';

/** Patients of an extraction by what happened to them; the three counts add up to `patients`. */
export interface ExtractionCounts {
  readonly patients: number;
  /** Features computed in this run. */
  readonly extracted: number;
  /** Features read from the study store (an earlier `mmf extract` or `mmf study`). */
  readonly reused: number;
  /** No features (unreadable image, empty mask, grid mismatch): the error column says why. */
  readonly failed: number;
}

/**
 * Count the patients of an extraction from their errors (null = features) and whether each was read
 * from the store, both in patient order. A patient without features counts as failed only, whether
 * its failure was just found or read from the store.
 */
export function extractionCounts(errors: readonly (string | number | null)[], reused: readonly boolean[]): ExtractionCounts {
  let extracted = 0;
  let fromStore = 0;
  let failed = 0;
  errors.forEach((e, k) => {
    if (e !== null) failed++;
    else if (reused[k] === true) fromStore++;
    else extracted++;
  });
  return { patients: errors.length, extracted, reused: fromStore, failed };
}

interface Flags {
  manifest: string;
  out: string;
  settings?: string;
  skipInvalid?: boolean;
  progress: boolean;
  workers?: string;
  json?: boolean;
}

/** `mmf extract`: the study's radiomic features, cached in the study store, plus a features CSV. */
export function register(program: Command): void {
  program
    .command('extract')
    .description(
      'Extract the radiomic features of every patient with an image and mask of settings.models.radiomics.phase (IBSI preset with the study overrides, tumour and optional peritumoural ring) into the study store of OUT, one object per patient keyed by the image and mask file hashes and the extraction settings: the same store and keys as `mmf study`, which then re-extracts nothing. Writes OUT/features/radiomic_features.csv (one row per patient: id, split, voxel counts, error, features). Runs whether or not the radiomics model is enabled in the settings.',
    )
    .requiredOption('--manifest <path>', 'manifest.json, a manifest CSV, or a cohort folder with image_<phase> / mask_<phase> columns')
    .requiredOption('--out <dir>', 'study folder (state/ and features/)')
    .option('--settings <file>', 'study settings JSON (default: the settings recorded in OUT, else the defaults)')
    .option('--skip-invalid', 'leave out patients with invalid rows (named in warnings) instead of stopping')
    .option('--no-progress', 'no progress bar on stderr')
    .option('--workers <n>', 'worker threads extracting patients in parallel (default: available cores; 1 = in this process; the results are the same)')
    .option('--json', 'write the summary (and file path) as JSON to stdout')
    .addHelpText('after', '\nExample:\n  mmf synth --patients 60 --seed 2 --out /tmp/cohort\n  mmf extract --manifest /tmp/cohort/synthetic-hcc-ici-seed2-n60 --out /tmp/study --settings radiomics.json\n')
    .action(async (flags: Flags) => {
      const { settings } = resolveStudySettings(flags.out, flags.settings);
      // DICOM series folders and SEG / RTSTRUCT masks → NIfTI in OUT/state/images (the same files as `mmf study`)
      const { cohort, note: importNote } = await importStudyImages(loadStudyCohort(flags.manifest, flags.skipInvalid), flags.out, flags.skipInvalid, flags.progress);
      const s = settings.models.radiomics;
      if (!cohort.table.cells.has(`image_${s.phase}`) || !cohort.table.cells.has(`mask_${s.phase}`)) {
        throw new HccError('E_INPUT', `the cohort has no image_${s.phase} / mask_${s.phase} columns: nothing to extract (settings.models.radiomics.phase = ${s.phase})`, {
          issues: [{ code: 'missing_column', severity: 'error', path: [flags.manifest, `image_${s.phase}`], message: `no image_${s.phase} / mask_${s.phase} columns`, expected: `image_${s.phase} and mask_${s.phase}`, received: cohort.table.columns.filter((c) => /^(image|mask)_/.test(c)).join(', ') || 'none' }],
        });
      }
      // The same prepared table as `mmf study`, so the store keys (image/mask hashes + settings) agree.
      const prepared = withCandidateColumns(cohort.table, settingsCandidates(settings)).table;
      const store = openStudyStore(flags.out);
      // Patients are alike: a bar with ETA, redrawn on a terminal, a line per finished tenth in a log.
      const bar = flags.progress ? progressLine('radiomic features') : undefined;
      const workers = flags.workers === undefined ? null : numberFlag('--workers', flags.workers, true);
      // Whether each patient (in cohort order, as the features table lists them) was read from the store.
      const reusedFlags: boolean[] = [];
      const features = await extractCohortFeaturesParallel(prepared, store, s, {
        workers,
        onPatient: (done, total, reused) => {
          reusedFlags[done - 1] = reused;
          bar?.(done, total, reused ? '(reused)' : '');
        },
      });
      const table = radiomicFeaturesTable(prepared, cohort.split, features);
      const [file] = writeTables(join(flags.out, 'features'), [table]);
      const errorAt = table.columns.indexOf('error');
      const counts = extractionCounts(table.rows.map((r) => r[errorAt] ?? null), reusedFlags);
      // Warnings to stderr, grouped (a problem repeated for many patients is one line).
      printWarnings(features.warnings, `the output of mmf extract --json ("warnings"); per patient, the error column of ${file}`);
      const summary = { file, ...counts, features: table.columns.length - 5, phase: s.phase };
      emit(flags, { ...summary, warnings: features.warnings }, [], [`radiomic features (${s.phase}): ${counts.patients} patient(s) with images: ${counts.extracted} extracted, ${counts.reused} reused from the store, ${counts.failed} without features${counts.failed ? ' (why: the error column of the features file)' : ''}`, `${summary.features} feature(s) per patient written to ${file}`, ...(importNote ? [importNote] : [])]);
    });
}
