import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { HccError, throwIfErrors } from '../../core/errors.js';
import type { NamedTable, StudySettingsInput } from '../../fusion/index.js';
import { parseStudySettings, syntheticRecovery, tableToRecords } from '../../fusion/index.js';
import type { CohortPreparation, SynthConfig } from '../../synth/index.js';
import { cohortFolderNameFor, defaultGeneSetFile, parseSynthConfig, reuseOrWriteCohort } from '../../synth/index.js';
import { emit } from '../shared.js';
import { bundledLungPath, runAnalysis } from './analyse.js';
import { runStudyPipeline } from './study.js';
import { progressRenderer } from './synth.js';
import { printWarnings } from '../warning-lines.js';
import { loadStudyCohort } from './validate-manifest.js';

interface DemoFlags {
  out: string;
  patients?: string;
  seed: string;
  quick?: boolean;
  lung?: boolean;
  progress: boolean;
  report: boolean;
  json?: boolean;
  digits: string;
}

/** Study settings of the demo: every model on, the Ensemble-DL stage and radiomics included. */
export function demoSettings(quick: boolean): StudySettingsInput {
  return {
    models: {
      // label 2 = tumour in the synthetic masks (1 = liver, 3 = thrombus)
      radiomics: { enabled: true, tumourLabel: 2, maxFeatures: quick ? 20 : 40 },
      ensembleDl: { enabled: true, training: quick ? { epochs: 6, patience: 3 } : {}, ...(quick ? { crossFitFolds: 2 } : {}) },
    },
    evaluation: { bootstrapResamples: quick ? 200 : 1000 },
  };
}

function rowsOf(t: readonly NamedTable[], name: string): Record<string, string | number | null>[] {
  const tab = t.find((x) => x.name === name);
  return tab ? tableToRecords(tab) : [];
}

/** The demo's headline numbers (external test cohort): C per model, MMF vs clinical, recovery of the generator's signal. */
export function demoHeadline(tables: readonly NamedTable[], outcome: string) {
  const disc = rowsOf(tables, 'discrimination').filter((r) => r.outcome === outcome && r.cohort === 'external_test');
  const cmp = rowsOf(tables, 'comparisons').find((r) => r.outcome === outcome && r.cohort === 'external_test' && r.model === 'clinical');
  return {
    outcome,
    models: disc.map((r) => ({ model: String(r.model), n: r.n, events: r.events, c: r.c_index, lower: r.ci_lower, upper: r.ci_upper })),
    recovery: syntheticRecovery(tables, outcome),
    mmfVsClinical: cmp ? { difference: cmp.difference, pCompareC: cmp.p, pBootstrap: cmp.boot_p } : null,
  };
}

/** "n patients, k deaths" of the external test centre, from the clinical benchmark's row. */
function externalSize(h: ReturnType<typeof demoHeadline>): string {
  const row = h.models.find((m) => m.model === 'clinical') ?? h.models[0];
  return row ? `${row.n} patients, ${row.events} ${h.outcome === 'os' ? 'deaths' : 'events'}` : 'no patients';
}

/** What the demo says about its cohort: reused (with when it was generated) or generated (and why). */
export function demoCohortLine(p: CohortPreparation): string {
  const r = p.record;
  return p.status === 'reused'
    ? `synthetic cohort: reused ${p.dir} (${r.patients} patients, seed ${r.seed}, generated ${r.generatedAt}; ${r.files.length} files checked against their SHA-256 in ${p.seconds.toFixed(1)} s)`
    : `synthetic cohort: generated ${p.dir} (${r.patients} patients, seed ${r.seed}, ${p.seconds.toFixed(0)} s)`;
}

/** Options of {@link prepareDemoCohort}. */
export interface PrepareDemoCohortOptions {
  readonly patients: number;
  readonly seed: number;
  readonly progress: boolean;
  /** Generator settings (default: the defaults; tests pass small images). */
  readonly config?: SynthConfig;
  /** Where the lines go (default stderr), with --no-progress too. */
  readonly log?: (line: string) => void;
}

/**
 * The demo's cohort in `<out>/cohort/<name>`: reused when an earlier run there generated it
 * completely with the same settings, seed, sizes and code (every file checked against the
 * generator's completion record), else cleared and generated again. Says which on `log`.
 */
export function prepareDemoCohort(out: string, o: PrepareDemoCohortOptions): CohortPreparation {
  const log = o.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const config = o.config ?? parseSynthConfig({});
  const dir = join(out, 'cohort', cohortFolderNameFor(config, o.seed, o.patients));
  const request = { patients: o.patients, centres: 4, seed: o.seed, config, images: true, geneSetFile: config.rnaseq.geneSetFile ?? defaultGeneSetFile() };
  const prep = reuseOrWriteCohort(request, dir, {
    onProgress: o.progress ? progressRenderer() : undefined,
    onGenerate: (reason) => log(`synthetic cohort: generating ${dir} (${reason})`),
  });
  log(demoCohortLine(prep));
  return prep;
}

/** The Ensemble-DL stage's parts, in seconds (`DeepStageResult.seconds`). */
interface DeepSeconds { readonly load: number; readonly ensemble: number; readonly scoring: number; readonly crossFit: number; readonly gradCam: number }

/**
 * The demo's time line. A stage reused whole from an earlier run in the folder took no time in this
 * one: its stored parts are that earlier run's, so they are not printed as this run's.
 */
export function demoTimeLine(t: Readonly<Record<string, number>>, ds: DeepSeconds | null, deepReused: boolean, cohortReused = false): string {
  const parts = ds && !deepReused ? `: ensemble training ${ds.ensemble.toFixed(0)} s, cross-fitting ${ds.crossFit.toFixed(0)} s, images, scoring and Grad-CAM ${(ds.load + ds.scoring + ds.gradCam).toFixed(0)} s` : '';
  const deep = `Ensemble-DL stage ${deepReused ? 'reused from an earlier run, ' : ''}${t.deep_stage_s.toFixed(0)} s${parts}`;
  const cohort = cohortReused ? `cohort reused (checked in ${t.generate_s.toFixed(0)} s)` : `generate ${t.generate_s.toFixed(0)} s`;
  return `time: ${cohort}, study ${t.study_s.toFixed(0)} s (${deep}; models and evaluation ${t.models_and_evaluation_s.toFixed(0)} s, the rest radiomics, report and genomics)`;
}

/** `mmf demo`: the main job on a synthetic cohort, generated once per folder and settings. */
export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'The main job, end to end, on a generated SYNTHETIC multicentre cohort (the true risk kept apart, for evaluation only): generate clinical data, outcomes, RNA-seq and 3-phase CT with tumour masks; extract IBSI radiomic features; train the Ensemble-DL members on the training centres; fit the clinical benchmark, clinical scores, mRECIST, radiomics, Ensemble-DL and MMF on training only; evaluate on internal validation and the external centre; write the report (HTML + Markdown, SVG figures, Grad-CAM gallery, genomics) and every number as CSV/JSON. Default 859 patients (about 25 minutes on 2 cores); --quick runs 160 patients with short training (about 2 minutes). A rerun into the same --out reuses the cohort when an earlier run generated it completely with the same settings, seed, size and code (every file checked against the generator\'s completion record; otherwise it is generated again from scratch) and every finished study step. --lung runs the 30-second survival-only analysis of the bundled NCCTG lung data instead.',
    )
    .option('--out <dir>', 'output folder', 'out/demo')
    .option('--patients <n>', 'patients to generate (default 859, or 160 with --quick)')
    .option('--seed <n>', 'seed of the cohort, the models and the bootstrap', '7')
    .option('--quick', 'small cohort and short training: the whole pipeline in a few minutes')
    .option('--lung', 'survival-only analysis of the bundled NCCTG lung data (R survival::lung) instead')
    .option('--no-progress', 'no progress bars on stderr')
    .option('--no-report', "skip the report (OUT/study/report); an earlier run's report there is removed")
    .option('--json', 'print the summary as JSON')
    .option('--digits <n>', 'significant digits in text tables', '3')
    .addHelpText('after', '\nExamples:\n  mmf demo                     # full demo, report in out/demo/study/report/report.html\n  mmf demo --quick --out /tmp/demo\n  mmf demo --lung --out out/lung')
    .action(async (f: DemoFlags) => {
      if (f.lung) {
        await runAnalysis(bundledLungPath(), { time: 'time', event: 'status', group: 'sex', covariates: ['age', 'sex', 'ph.ecog'], horizons: [182.625, 365.25, 730.5], timeUnit: 'days' }, f.out, !!f.json);
        return;
      }
      const quick = Boolean(f.quick);
      const patients = Number(f.patients ?? (quick ? 160 : 859));
      const seed = Number(f.seed);
      if (!Number.isInteger(patients) || patients < 40) throw new HccError('E_OPTION', `--patients "${f.patients}" must be an integer >= 40`);
      if (!Number.isInteger(seed)) throw new HccError('E_OPTION', `--seed "${f.seed}" must be an integer`);
      const out = resolve(f.out);
      mkdirSync(out, { recursive: true });
      const timings: Record<string, number> = {};
      // A rerun into the same folder reuses a cohort generated completely by the same settings and code.
      const prep = prepareDemoCohort(out, { patients, seed, progress: f.progress });
      const cohortDir = prep.dir;
      const cohortReused = prep.status === 'reused';
      timings.generate_s = prep.seconds;
      const parsed = parseStudySettings({ ...demoSettings(quick), seed });
      if (!parsed.ok) throwIfErrors('demo settings', parsed.issues);
      if (!parsed.ok) throw new HccError('E_INTERNAL', 'demo settings failed without issues');
      // Read as every study command reads a manifest (NIfTI headers checked, warnings grouped on stderr).
      const cohort = loadStudyCohort(cohortDir);
      const t0 = Date.now();
      const studyDir = join(out, 'study');
      const { result, reportNotes } = await runStudyPipeline(cohortDir, cohort, parsed.value, studyDir, { progress: f.progress, report: f.report });
      timings.study_s = (Date.now() - t0) / 1000;
      printWarnings(result.warnings, `${join(studyDir, 'results', 'results.json')} ("warnings")${f.report ? " and the report's notes" : ''}`);
      timings.deep_stage_s = result.seconds.deepStage;
      // The stage's parts: #6's "the whole ensemble trains in under 20 minutes" is the ensemble's own training; cross-fitting is the study's.
      const ds = result.deep?.seconds ?? null;
      const deepReused = result.deep?.reused === true;
      // A stage reused whole has the parts of the run that computed it: not this run's times.
      if (ds && !deepReused) Object.assign(timings, { deep_load_s: ds.load, deep_ensemble_training_s: ds.ensemble, deep_scoring_s: ds.scoring, deep_cross_fit_s: ds.crossFit, deep_grad_cam_s: ds.gradCam });
      timings.models_and_evaluation_s = result.seconds.study;
      const headline = parsed.value.outcomes.map((o) => demoHeadline(result.tables, o));
      const cams = rowsOf(result.tables, 'gradcam_summary');
      const cohortGeneration = { status: prep.status, reason: prep.reason, generatedAt: prep.record.generatedAt, files: prep.record.files.length, seconds: prep.seconds };
      const summary = { cohort: cohortDir, cohortGeneration, study: studyDir, patients, seed, quick, timings, state: result.stats, headline, gradCam: cams, deep: result.deep?.summary ?? null, imageImport: result.imageImport, notes: reportNotes };
      writeFileSync(join(out, 'demo-summary.json'), JSON.stringify(summary, null, 1) + '\n');
      const os = headline.find((h) => h.outcome === 'os');
      emit(f, summary, headline.map((h) => ({ title: `${h.outcome.toUpperCase()}: Harrell's C on the external test centre (synthetic)`, columns: ['model', 'n', 'events', 'C', 'lower', 'upper'], rows: h.models.map((m) => [m.model, m.n, m.events, m.c, m.lower, m.upper]) })), [
        `cohort: ${cohortDir} (SYNTHETIC, ${patients} patients, seed ${seed}; ${cohortReused ? `reused, generated ${prep.record.generatedAt}` : 'generated by this run'})`,
        ...(os ? [`OS, external test centre (${externalSize(os)}):${quick ? ' (--quick: 160 patients and short training, so the targets, set for the full demo, are not expected to be met)' : ''}`] : []),
        ...(os && os.recovery.mmfRecovery !== null ? [`OS: MMF recovers ${(100 * os.recovery.mmfRecovery).toFixed(0)} % of the true risk's discrimination above chance (target >= 90 %)`] : []),
        ...(os && os.recovery.imagingRecovery !== null ? [`OS: Ensemble-DL recovers ${(100 * os.recovery.imagingRecovery).toFixed(0)} % of the true imaging risk's discrimination above chance (target >= 70 %)`] : []),
        ...(os?.mmfVsClinical ? [`OS: MMF vs clinical benchmark, external test: C difference ${Number(os.mmfVsClinical.difference) >= 0 ? '+' : ''}${Number(os.mmfVsClinical.difference).toFixed(3)} (MMF − clinical), compareC p = ${Number(os.mmfVsClinical.pCompareC).toPrecision(2)}, bootstrap p = ${Number(os.mmfVsClinical.pBootstrap).toPrecision(2)}`] : []),
        ...cams.map((c) => `Grad-CAM ${c.member}: peak in tumour or 5 mm margin for ${(100 * Number(c.share_peak_in_margin)).toFixed(0)} % of external patients`),
        demoTimeLine(timings, ds, deepReused, cohortReused),
        `state: ${result.stats.computed} step(s) computed, ${result.stats.reused} reused from an earlier run in ${join(studyDir, 'state')} (a repeated or interrupted run in this folder reuses every finished step)`,
        ...reportNotes,
        `summary: ${join(out, 'demo-summary.json')}`,
      ]);
    });
}
