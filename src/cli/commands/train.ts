import type { Command } from 'commander';
import type { Issue } from '../../core/issues.js';
import { clinicalOffsets, fitStudySteps, openStudyStore, resolveStudySettings, runDeepStage, summariseNotes, trainStudy, withDeepColumns } from '../../fusion/index.js';
import { formatNumber } from '../render.js';
import { printWarnings } from '../warning-lines.js';
import { deepProgressHooks } from './study.js';
import { emit } from '../shared.js';
import { studyProgressRenderer } from './study.js';
import type { StudyStepFlags } from './validate-manifest.js';
import { importStudyImages } from '../image-import.js';
import { loadStudyCohort } from './validate-manifest.js';

type Flags = StudyStepFlags;

/** `mmf train`: fit every study model on the training split and write models/fitted-study.json. */
export function register(program: Command): void {
  program
    .command('train')
    .description(
      'Fit every study model on the TRAINING split (clinical benchmark with its selection, clinical scores, mRECIST landmark, radiomics when enabled, imaging score and MMF Cox/forest with a score column) into the study store of OUT (the same keys as `mmf study`, so `mmf evaluate` or `mmf study` later recompute no fit), and write OUT/models/fitted-study.json: for each outcome and each Cox-type model (clinical benchmark, scores, mRECIST landmark, radiomics with its feature pipeline, imaging, MMF Cox) the variables with transforms and factor coding, coefficients, training means, coefficient covariance, the centred baseline cumulative hazard as a step function (and at the horizons) with what the survival CI needs, the training risk cut-offs; the MMF random survival forest with its trees; the settings hash, versions and input hashes: enough for `mmf predict` to score new patients without the training data (with the Ensemble-DL model folder OUT/models/dl when the study ran it).',
    )
    .requiredOption('--manifest <path>', 'manifest.json, a manifest CSV, or a cohort folder written by `mmf synth`')
    .requiredOption('--out <dir>', 'study folder (state/ and models/)')
    .option('--settings <file>', 'study settings JSON (default: the settings recorded in OUT, else the defaults)')
    .option('--score-column <column>', 'imaging risk-score column for MMF (overrides settings.models.mmf.scoreColumn)')
    .option('--skip-invalid', 'leave out patients with invalid rows (named in warnings) instead of stopping')
    .option('--no-progress', 'no progress bar on stderr')
    .option('--json', 'write the fitted-study summary as JSON to stdout')
    .option('--digits <n>', 'significant digits in text tables', '3')
    .addHelpText('after', '\nExample:\n  mmf synth --patients 300 --seed 7 --out /tmp/cohort --no-images\n  mmf train --manifest /tmp/cohort/synthetic-hcc-ici-seed7-n300 --out /tmp/study\n  mmf predict --model /tmp/study/models/fitted-study.json --patients /tmp/cohort/synthetic-hcc-ici-seed7-n300/clinical.csv --out /tmp/preds.csv\n')
    .action(async (flags: Flags) => {
      const { settings, source } = resolveStudySettings(flags.out, flags.settings, flags.scoreColumn);
      let cohort = loadStudyCohort(flags.manifest, flags.skipInvalid);
      let importNote: string | null = null;
      const earlier: Issue[] = [];
      if (settings.models.radiomics.enabled || settings.models.ensembleDl.enabled) {
        // DICOM series folders and SEG / RTSTRUCT masks → NIfTI in OUT/state/images (the same files and cohort as `mmf study`)
        ({ cohort, note: importNote } = await importStudyImages(cohort, flags.out, flags.skipInvalid, flags.progress));
      }
      if (settings.models.ensembleDl.enabled) {
        // The Ensemble-DL members are trained first (training split only); their scores are the imaging score MMF fuses.
        const store = openStudyStore(flags.out);
        const offsets = settings.models.ensembleDl.offset === 'clinical' ? clinicalOffsets(cohort, settings, store) : null;
        const deep = await runDeepStage(cohort, settings.models.ensembleDl, store, flags.out, deepProgressHooks(flags.progress), offsets);
        cohort = withDeepColumns(cohort, deep.columns);
        earlier.push(...deep.warnings);
      }
      const bar = flags.progress ? studyProgressRenderer() : undefined;
      const total = fitStudySteps(settings);
      let done = 0;
      const res = trainStudy(cohort, settings, flags.out, bar ? (label, reused) => bar({ done: ++done, total, label, reused }) : undefined);
      const f = res.fitted;
      // Cut-offs are joined into one cell, so they get --digits here (the table formats numbers only).
      const digits = Number(flags.digits) || 3;
      const rows = f.models.map((m) => [m.outcome, m.id, m.n, m.events, m.design.names.join(' + '), m.riskGroups ? m.riskGroups.cutoffs.map((x) => formatNumber(x, digits)).join(';') : 'NA']);
      const warnings = [...earlier, ...res.fits.warnings];
      // Warnings to stderr, grouped (a problem repeated for many patients is one line); `--json` has every one.
      printWarnings(warnings, 'the output of mmf train --json ("warnings")');
      const c = cohort.counts;
      const notes = [
        `cohort ${cohort.name}${cohort.synthetic ? ' (SYNTHETIC)' : ''}: training ${c.training} (models fitted on these only), internal validation ${c.internal_validation}, external test ${c.external_test}`,
        `settings: ${source} (hash ${f.settingsHash.slice(0, 12)})`,
        `state: ${res.stats.computed} step(s) computed, ${res.stats.reused} reused`,
        `fitted study: ${res.path}`,
        ...(importNote ? [importNote] : []),
        ...f.notExported.map((n) => `not exported: ${n.outcome}/${n.model}: ${n.reason}`),
        ...summariseNotes(res.fits.notes).map((n) => `note: ${n}`),
      ];
      emit(flags, { path: res.path, stats: res.stats, settingsHash: f.settingsHash, models: f.models.map((m) => ({ outcome: m.outcome, model: m.id, label: m.label, n: m.n, events: m.events, terms: m.design.names, cutoffs: m.riskGroups?.cutoffs ?? null })), notExported: f.notExported, notes: res.fits.notes, warnings }, [{ title: 'Fitted models (training split)', columns: ['outcome', 'model', 'n', 'events', 'terms', 'risk cut-off(s)'], rows }], notes);
    });
}
