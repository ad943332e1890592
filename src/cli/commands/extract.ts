import { join } from 'node:path';
import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { formatIssue } from '../../core/issues.js';
import { extractCohortFeaturesParallel, openStudyStore, radiomicFeaturesTable, resolveStudySettings, settingsCandidates, withCandidateColumns, writeTables } from '../../fusion/index.js';
import { emit } from '../shared.js';
import { studyProgressRenderer } from './study.js';
import { numberFlag } from './train-dl.js';
import { importStudyImages } from '../image-import.js';
import { loadStudyCohort } from './validate-manifest.js';

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
      const bar = flags.progress ? studyProgressRenderer() : undefined;
      const workers = flags.workers === undefined ? null : numberFlag('--workers', flags.workers, true);
      const features = await extractCohortFeaturesParallel(prepared, store, s, { workers, onPatient: bar ? (done, total, reused) => bar({ done, total, label: `radiomic features of patient ${done}/${total}`, reused }) : undefined });
      for (const w of features.warnings) process.stderr.write(formatIssue(w) + '\n');
      const table = radiomicFeaturesTable(prepared, cohort.split, features);
      const [file] = writeTables(join(flags.out, 'features'), [table]);
      const failed = table.rows.filter((r) => r[4] !== null).length;
      const summary = { file, patients: table.rows.length, extracted: features.computed, reused: features.reused, failed, features: table.columns.length - 5, phase: s.phase };
      emit(flags, { ...summary, warnings: features.warnings }, [], [`radiomic features (${s.phase}): ${summary.patients} patient(s) with images, ${summary.extracted} extracted, ${summary.reused} reused from the store, ${failed} without features`, `${summary.features} feature(s) per patient written to ${file}`, ...(importNote ? [importNote] : [])]);
    });
}
