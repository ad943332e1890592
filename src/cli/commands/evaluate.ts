import type { Command } from 'commander';
import { join } from 'node:path';
import { resolveStudySettings, runFullStudy, summariseNotes } from '../../fusion/index.js';
import { printWarnings } from '../warning-lines.js';
import { deepProgressHooks } from './study.js';
import { emit } from '../shared.js';
import { studyProgressRenderer } from './study.js';
import type { StudyStepFlags } from './validate-manifest.js';
import { loadStudyCohort } from './validate-manifest.js';

type Flags = StudyStepFlags;

/** `mmf evaluate`: the study's evaluation tables, reusing the fits in the study store. */
export function register(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Evaluate every study model on training, internal validation and external test and write OUT/results (*.csv, results.json, settings.json, provenance.json): C-index with CI, compareC against the reference, td-AUC, Brier/IBS, calibration, decision curves, risk groups with training cut-offs, subgroups. Fits already in the study store (from `mmf train` or `mmf study`) are reused, not recomputed; the settings default to those recorded in OUT. No report (see `mmf report`).',
    )
    .requiredOption('--manifest <path>', 'manifest.json, a manifest CSV, or a cohort folder written by `mmf synth`')
    .requiredOption('--out <dir>', 'study folder')
    .option('--settings <file>', 'study settings JSON (default: the settings recorded in OUT, else the defaults)')
    .option('--score-column <column>', 'imaging risk-score column for MMF (overrides settings.models.mmf.scoreColumn)')
    .option('--skip-invalid', 'leave out patients with invalid rows (named in warnings) instead of stopping')
    .option('--no-progress', 'no progress bar on stderr')
    .option('--json', 'write the results (JSON) to stdout instead of the summary table')
    .option('--digits <n>', 'significant digits in text tables', '3')
    .addHelpText('after', '\nExample:\n  mmf synth --patients 300 --seed 7 --out /tmp/cohort --no-images\n  mmf train --manifest /tmp/cohort/synthetic-hcc-ici-seed7-n300 --out /tmp/study\n  mmf evaluate --manifest /tmp/cohort/synthetic-hcc-ici-seed7-n300 --out /tmp/study\n  mmf report --out /tmp/study\n')
    .action(async (flags: Flags) => {
      const { settings, source } = resolveStudySettings(flags.out, flags.settings, flags.scoreColumn);
      const cohort = loadStudyCohort(flags.manifest, flags.skipInvalid);
      // With the Ensemble-DL stage on, its stored scores are reused (trained by `mmf train` or `mmf study`).
      const result = await runFullStudy(cohort, settings, { outDir: flags.out, onProgress: flags.progress ? studyProgressRenderer() : undefined, deepHooks: deepProgressHooks(flags.progress) });
      const disc = result.tables.find((t) => t.name === 'discrimination');
      const col = (name: string) => disc?.columns.indexOf(name) ?? -1;
      const rows = (disc?.rows ?? []).map((r) => [r[col('outcome')], r[col('model')], r[col('cohort')], r[col('n')], r[col('events')], r[col('c_index')], r[col('ci_lower')], r[col('ci_upper')]]);
      // Warnings to stderr, grouped (a problem repeated for many patients is one line); every one stays in results.json.
      printWarnings(result.warnings, `${join(flags.out, 'results', 'results.json')} ("warnings")`);
      const notes = [`settings: ${source}`, `state: ${result.stats.computed} step(s) computed, ${result.stats.reused} reused; results in ${flags.out}/results`, ...summariseNotes(result.notes).map((n) => `note: ${n}`)];
      emit(flags, { stats: result.stats, files: result.files, notes: result.notes, warnings: result.warnings, tables: Object.fromEntries(result.tables.map((t) => [t.name, t])) }, [{ title: "Harrell's C (95% CI)", columns: ['outcome', 'model', 'cohort', 'n', 'events', 'C', 'lower', 'upper'], rows }], notes);
    });
}
