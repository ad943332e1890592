import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { HccError, throwIfErrors } from '../../core/errors.js';
import type { FigureRenderer, StudyProgress, StudySettings } from '../../fusion/index.js';
import { forestPlotSpec, kmPlotSpec, renderSvg } from '../../report/index.js';
import type { DeepStageHooks, FullStudyResult } from '../../fusion/index.js';
import type { StudyCohort } from '../../io/index.js';
import { parseStudySettings, readStudySettings, removeStudyReport, runFullStudy, summariseNotes, trainStudy, writeStudyReport } from '../../fusion/index.js';
import { progressLine, stepProgress } from '../progress.js';
import { printWarnings } from '../warning-lines.js';
import { drawTrainProgress } from '../train-progress.js';
import { runStudyGenomics } from './study-genomics.js';
import { imageImportNote } from '../image-import.js';
import { loadStudyCohort } from './validate-manifest.js';
import { emit } from '../shared.js';

interface StudyFlags {
  manifest: string;
  settings?: string;
  out: string;
  scoreColumn?: string;
  skipInvalid?: boolean;
  deep?: boolean;
  progress: boolean;
  report: boolean;
  json?: boolean;
  digits: string;
}

/**
 * Progress bar on stderr: steps done and elapsed time; reused steps are marked. No ETA: the steps
 * take very different times (one radiomics or deep-learning step outlasts all the model fits), so
 * a mean time per step would mislead; the long steps draw their own bars with ETAs.
 */
export function studyProgressRenderer(stream: NodeJS.WriteStream = process.stderr): (p: StudyProgress) => void {
  const line = progressLine('study', { stream, offTerminal: 'every', eta: false });
  return (p) => line(p.done, p.total, `${p.label}${p.reused ? ' (reused)' : ''}`);
}

/** Draw the study report's figures with the report stage's specs (fusion cannot import the report stage). */
export const renderStudyFigure: FigureRenderer = async (f) => {
  let spec;
  if (f.kind === 'km') spec = kmPlotSpec(f.curves, f.options);
  else if (f.kind === 'forest') {
    const base = forestPlotSpec(f.rows, { title: f.options.title, width: f.options.width }) as unknown as { config?: Record<string, unknown> };
    spec = { ...base, config: { ...(base.config ?? {}), axisY: { labelLimit: f.options.labelLimit } } } as unknown as Parameters<typeof renderSvg>[0];
  } else spec = f.spec;
  return { svg: await renderSvg(spec), spec };
};

function loadSettings(flags: StudyFlags): StudySettings {
  const r = flags.settings ? readStudySettings(flags.settings) : parseStudySettings({});
  if (!r.ok) throwIfErrors(`settings ${flags.settings ?? '(defaults)'}`, r.issues);
  if (!r.ok) throw new HccError('E_INTERNAL', 'settings failed without issues');
  let s = r.value;
  if (flags.scoreColumn) s = { ...s, models: { ...s.models, mmf: { ...s.models.mmf, scoreColumn: flags.scoreColumn } } };
  if (flags.deep) s = { ...s, models: { ...s.models, ensembleDl: { ...s.models.ensembleDl, enabled: true } } };
  return s;
}

/** The line for a part of the Ensemble-DL stage an interrupted run had finished. */
function reuseLine(part: string): void {
  process.stderr.write(`deep: ${part} kept from an interrupted run, reused\n`);
}

/**
 * Hooks of the Ensemble-DL stage: with `progress`, bars (loading stacks and Grad-CAM with ETAs, training
 * per member with ETA; in a log a line per tenth or per epoch); with or without, a line for each part an
 * interrupted run had finished, so a resumed run says what it did not train again (`--no-progress` too).
 */
export function deepProgressHooks(progress = true): DeepStageHooks {
  if (!progress) return { onReuse: reuseLine };
  const load = stepProgress('deep: loading stacks');
  const gradCam = stepProgress('deep: grad-cam');
  return {
    onLoad: (d, t) => load(d, t),
    onTrain: (member, p) => drawTrainProgress('deep: ', member, p),
    onGradCam: (d, t) => gradCam(d, t),
    onReuse: reuseLine,
  };
}

/** What `runStudyPipeline` produced. */
export interface StudyPipelineOutput {
  readonly result: FullStudyResult;
  readonly reportNotes: string[];
}

/** The line for a run without a report that removed an earlier run's report (null when there was none). */
export function noReportLine(outDir: string, removed: readonly string[]): string | null {
  if (!removed.length) return null;
  const parts = [
    ...['report.html', 'report.md'].filter((f) => removed.includes(`report/${f}`)),
    ...(removed.some((f) => f.startsWith('report/figures/')) ? ['figures'] : []),
    ...(removed.some((f) => f.startsWith('report/genomics/')) ? ['genomics section'] : []),
  ];
  return `report: --no-report, so the earlier run's report in ${join(outDir, 'report')} (${removed.length} file(s): ${parts.join(', ')}) was removed: it did not match these results`;
}

/**
 * The whole study on a validated cohort, as `mmf study` and `mmf demo` run it: the Ensemble-DL stage
 * (when enabled), every model and evaluation (`runFullStudy`), the report with its explainability
 * sections, and the genomics section when the cohort has RNA-seq. Without a report, an earlier run's
 * report in the folder is removed (only the report writer's files), so it cannot be read as this run's.
 */
export async function runStudyPipeline(manifestPath: string, cohort: StudyCohort, settings: StudySettings, outDir: string, options: { progress: boolean; report: boolean; skipInvalid?: boolean }): Promise<StudyPipelineOutput> {
  const result = await runFullStudy(cohort, settings, {
    outDir,
    onProgress: options.progress ? studyProgressRenderer() : undefined,
    deepHooks: deepProgressHooks(options.progress),
    // Per-patient bars with ETAs: redrawn on a terminal, a line per finished tenth in a log.
    onRadiomicsPatient: options.progress ? stepProgress('radiomic features') : undefined,
    onImportPatient: options.progress ? stepProgress('DICOM import') : undefined,
    onInvalidRow: options.skipInvalid ? 'skip' : 'stop',
  });
  const reportNotes: string[] = [];
  const imp = result.imageImport;
  if (imp && imp.dicomPatients > 0) reportNotes.push(imageImportNote(imp));
  // The fitted models for scoring new patients (`mmf predict`): every fit is reused from the store.
  const fitted = trainStudy(result.cohort, settings, outDir);
  reportNotes.push(`fitted study for new patients: ${fitted.path}${result.deep ? ` (with the Ensemble-DL model ${result.deep.modelDir})` : ''}`);
  if (options.report) {
    const provenance: unknown = JSON.parse(readFileSync(join(outDir, 'results', 'provenance.json'), 'utf8'));
    const rep = await writeStudyReport(result, settings, result.cohort, provenance, outDir, renderStudyFigure, result.deep ? { correlation: result.correlation, gallery: result.gallery } : null);
    reportNotes.push(`report: ${rep.html} (and report.md, ${Object.keys(rep.figures).length} SVG figures)`);
    const g = await runStudyGenomics(manifestPath, result, settings.evaluation.reference, outDir, settings.seed);
    reportNotes.push(g.note);
  } else {
    const line = noReportLine(outDir, removeStudyReport(outDir));
    if (line) reportNotes.push(line);
  }
  return { result, reportNotes };
}

/** `mmf study`: validate a cohort manifest, then fit and evaluate every comparator and MMF, resumably. */
export function register(program: Command): void {
  program
    .command('study')
    .description(
      'Run the study on a cohort: validate the manifest (every problem reported at once, before any long work), fit on the TRAINING split only the clinical benchmark (univariable screen + backward AIC), the clinical scores (ALBI, CRAFITY, BCLC, Child-Pugh), mRECIST at a landmark, the imaging score and MMF (Cox and random survival forest) when a score column is set, then evaluate all of them on training, internal validation and external test (C-index with CI, compareC against MMF, td-AUC, Brier/IBS, calibration, decision curves, risk groups with training cut-offs). State is kept in OUT/state so an interrupted or repeated run reuses what was computed; tables go to OUT/results; a report (self-contained HTML and Markdown with SVG figures: KM by risk group, subgroup forest, C-index chart, calibration, decision curves, model card) to OUT/report. The radiomics comparator (IBSI features, optional ComBat, LASSO-Cox) runs when settings.models.radiomics.enabled and the cohort has image/mask columns. With --deep (settings.models.ensembleDl) the Ensemble-DL members are trained on the training split first and their OS/PFS scores are the imaging score MMF fuses; Grad-CAM of the external patients, deep vs radiomic feature correlations and a Grad-CAM gallery join the report. OUT/models/fitted-study.json scores new patients (`mmf predict`). For a synthetic cohort the generator\'s true risk (and its imaging part) are added as marked ceiling rows.',
    )
    .requiredOption('--manifest <path>', 'manifest.json, a manifest CSV, or a cohort folder written by `mmf synth`')
    .option('--settings <file>', 'study settings JSON (defaults: docs/study-pipeline.md)')
    .requiredOption('--out <dir>', 'output folder (state/ and results/)')
    .option('--score-column <column>', 'imaging risk-score column for MMF (overrides settings.models.mmf.scoreColumn)')
    .option('--skip-invalid', 'leave out patients with invalid rows (named in warnings) instead of stopping')
    .option('--deep', 'run the Ensemble-DL stage (settings.models.ensembleDl; needs image and mask columns): its OS/PFS scores become the imaging score MMF fuses')
    .option('--no-progress', 'no progress bar on stderr')
    .option('--no-report', "skip the report (OUT/report/report.html and report.md with SVG figures); an earlier run's report there is removed")
    .option('--json', 'write the full results (JSON) to stdout instead of the summary table')
    .option('--digits <n>', 'significant digits in text tables', '3')
    .addHelpText('after', '\nExample:\n  mmf synth --patients 300 --seed 7 --out /tmp/cohort --no-images\n  mmf study --manifest /tmp/cohort/synthetic-hcc-ici-seed7-n300 --out /tmp/study\n')
    .action(async (flags: StudyFlags) => {
      if (!existsSync(flags.manifest)) {
        throw new HccError('E_IO', `manifest ${flags.manifest} does not exist`);
      }
      const settings = loadSettings(flags);
      const cohort = loadStudyCohort(flags.manifest, flags.skipInvalid);
      const { result, reportNotes: reportNote } = await runStudyPipeline(flags.manifest, cohort, settings, flags.out, { progress: flags.progress, report: flags.report, skipInvalid: flags.skipInvalid });
      const disc = result.tables.find((t) => t.name === 'discrimination')!;
      const col = (name: string) => disc.columns.indexOf(name);
      const summaryRows = disc.rows.map((r) => [r[col('outcome')], r[col('model')], r[col('cohort')], r[col('n')], r[col('events')], r[col('c_index')], r[col('ci_lower')], r[col('ci_upper')]]);
      const c = result.cohort.counts;
      // Warnings to stderr, grouped (a problem repeated for many patients is one line); every one stays in results.json and the report.
      printWarnings(result.warnings, `${join(flags.out, 'results', 'results.json')} ("warnings")${flags.report ? " and the report's notes" : ''}`);
      const notes = [
        `cohort ${cohort.name}${cohort.synthetic ? ' (SYNTHETIC)' : ''}: training ${c.training}, internal validation ${c.internal_validation}, external test ${c.external_test}`,
        `state: ${result.stats.computed} step(s) computed, ${result.stats.reused} reused; results in ${flags.out}/results`,
        ...reportNote,
        ...summariseNotes(result.notes).map((n) => `note: ${n}`),
      ];
      emit(flags, { cohort: { name: cohort.name, counts: c }, stats: result.stats, notes: result.notes, reportNotes: reportNote, warnings: result.warnings, tables: Object.fromEntries(result.tables.map((t) => [t.name, t])) }, [{ title: "Harrell's C (95% CI)", columns: ['outcome', 'model', 'cohort', 'n', 'events', 'C', 'lower', 'upper'], rows: summaryRows }], notes);
    });
}
