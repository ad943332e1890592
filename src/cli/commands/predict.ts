import { existsSync, mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { HccError, throwIfErrors } from '../../core/errors.js';
import { formatIssue } from '../../core/issues.js';
import { readCsvFile } from '../../core/table.js';
import type { DerivedInputIssues, FittedRadiomicsModel, FittedStudy, PredictGradCamRow } from '../../fusion/index.js';
import { deepScoresForNewPatients, predictFittedStudy, predictionsTable, radiomicFeaturesForNewPatients, readFittedStudy, riskGroupRuleOf, tableToCsv, withEnsembleDlScores, writeFileAtomic } from '../../fusion/index.js';
import { dirname, join } from 'node:path';
import { emit, splitList } from '../shared.js';
import type { StagedFolder } from '../staged-folder.js';
import { stageFolder } from '../staged-folder.js';

interface Flags {
  model: string;
  patients: string;
  out?: string;
  idColumn?: string;
  models?: string;
  outcomes?: string;
  skipInvalid?: boolean;
  dlModel?: string;
  gradcamDir?: string;
  maskColumn?: string;
  images?: boolean;
  json?: boolean;
  digits: string;
}

/** `mmf predict`: score new patients with a fitted study. */
export function register(program: Command): void {
  program
    .command('predict')
    .description(
      'Score NEW patients with the models of a fitted study (models/fitted-study.json from `mmf train`), without the training data: per patient, outcome (OS, PFS) and model, the risk (linear predictor), the risk group by the training cut-off(s) and the predicted survival at the study horizons with a 95% CI. Every problem of the patients file (its images included) is reported at once with patient id, row and column (exit status 2); a failed prediction writes no output (no predictions CSV, no Grad-CAM overlays). Models that need the images (Ensemble-DL inputs of MMF, radiomics) are left out with a warning when their columns are absent and no --dl-model / --images is given, unless --models names them. Details per model below.',
    )
    .requiredOption('--model <file>', 'fitted study JSON written by `mmf train` (OUT/models/fitted-study.json)')
    .requiredOption('--patients <csv>', 'new patients: id column plus the models\' input columns')
    .option('--out <csv>', 'write the predictions CSV here (long format: patient_id, outcome, model, linear_predictor, risk_group, horizon_months, landmark_months (the mRECIST landmark model only: its horizons count from the landmark), survival, lower95, upper95, se_cumhaz, ensemble_dl_os, ensemble_dl_pfs: the Ensemble-DL scores MMF read, from --dl-model or as given, NA when neither)')
    .option('--id-column <name>', 'patient id column (default: patient_id)')
    .option('--models <ids>', 'only these models, comma-separated (e.g. mmf-cox,clinical)')
    .option('--outcomes <ids>', 'only these outcomes, comma-separated (os, pfs)')
    .option('--skip-invalid', 'score what can be scored; patients with a missing or invalid input are left out of that model with a warning')
    .option('--dl-model <dir>', 'Ensemble-DL model folder (the study\'s models/dl): score the patients\' images for MMF and write Grad-CAM overlays')
    .option('--mask-column <name>', 'with --dl-model: tumour mask column (default mask_<middle phase>, else mask)')
    .option('--gradcam-dir <dir>', 'with --dl-model: where the Grad-CAM overlays go (default: gradcam/ beside --out, or ./gradcam)')
    .option('--images', 'extract the radiomics model\'s features from the patients\' image_<phase> / mask_<phase> columns (paths relative to the CSV; NIfTI, or DICOM series folders and SEG / RTSTRUCT masks converted once into images/ beside --out, else beside --gradcam-dir, else ./images) with the study\'s saved extraction settings')
    .option('--json', 'write the predictions as JSON to stdout (scored[].riskGroups: each model\'s cut-offs, groups and rule; predictions[].ensembleDlOs / ensembleDlPfs)')
    .option('--digits <n>', 'significant digits in text tables', '3')
    .addHelpText('after', [
      '',
      'Models:',
      '  Cox-type (clinical benchmark, clinical scores, imaging score, MMF Cox): linear predictor centred at the training means (as the',
      '    study\'s predictions.csv), S(h) with a 95% CI on the log scale with the Tsiatis variance including the coefficients\' uncertainty',
      '    (as R survfit.coxph). Input columns are the raw ones (e.g. afp_ng_ml, not its log).',
      '  mmf-rsf (MMF random survival forest): linear_predictor is the forest\'s mortality (higher = worse), survival exp(-H(h|x)), no CI.',
      '  radiomics (LASSO-Cox on IBSI features): from the selected raw feature columns (tumour.<id> / ring.<id>, as in `mmf extract`\'s',
      '    features/radiomic_features.csv joined by patient id) plus the centre column when the study used ComBat (a training centre is',
      '    harmonised with its estimates; an unseen centre is refused, or scored unharmonised with a warning, as the study treated such',
      '    centres), or with --images from the image_<phase> / mask_<phase> columns, extracted with the study\'s saved settings.',
      '  mrecist (mRECIST landmark model): from the response category (mrecist: CR, PR, SD or PD; CR and PR pooled) and the week of that',
      '    scan (followup_weeks, at or before the landmark); predicts for a patient alive at the landmark, horizons counted from it',
      '    (landmark_months column). Patients without a response are left out of it with a warning unless --models names it.',
      '  Ensemble-DL (--dl-model, the study\'s models/dl): the patients\' CT (image_<phase> columns and the tumour mask column; NIfTI files,',
      '    or DICOM series folders with DICOM-SEG / RTSTRUCT masks and an optional mask_labels column such as 1=liver;2=tumour, converted',
      '    once into images/ beside the Grad-CAM folder) are scored by the members first, giving MMF\'s ensemble_dl_os / ensemble_dl_pfs',
      '    inputs (also in the ensemble_dl_os / ensemble_dl_pfs output columns), and each member\'s Grad-CAM overlay (NIfTI + PNG, with',
      '    its share inside the tumour) is written; the PNGs are enlarged to at least 384 px on the long side (a whole number of pixels',
      '    per voxel, nearest neighbour, keeping the voxel spacing\'s aspect ratio).',
      '  Risk groups: risk_group = the group of linear_predictor by the cut-off(s) learned on the training patients (median: high when',
      '    above it, else low; tertiles: low / intermediate / high); the text output lists each model\'s cut-off(s) and rule.',
      '',
      'Which inputs each model needs:',
      '  clinical benchmark, clinical scores: the clinical columns only.',
      '  imaging, MMF (mmf-cox, mmf-rsf): the clinical columns plus ensemble_dl_os / ensemble_dl_pfs, from --dl-model with the',
      '    image_<phase> and mask columns, or given as columns.',
      '  radiomics: its selected feature columns (from `mmf extract`), or --images with the image_<phase> / mask_<phase> columns.',
      '  mrecist: the mrecist and followup_weeks columns.',
      '  With clinical columns only, the clinical models are scored and the image-based models (and mrecist) are left out with a',
      '  warning saying what they need; name them in --models to make that an error, or pass --models clinical (e.g.) to score',
      '  only those without the warnings. A model named in --models, or whose absent column is not image-derived, is an error.',
      '',
      'Examples:',
      '  mmf train --manifest study/manifest.json --out /tmp/study --score-column imaging_score',
      '  mmf predict --model /tmp/study/models/fitted-study.json --patients new.csv --out preds.csv',
      '  mmf predict --model /tmp/study/models/fitted-study.json --patients new.csv --models mmf-cox --outcomes os --json',
      '  mmf predict --model /tmp/study/models/fitted-study.json --patients new-ct.csv --images --models radiomics --out preds.csv',
      '  mmf predict --model /tmp/study/models/fitted-study.json --patients new-ct.csv --images --dl-model /tmp/study/models/dl --out preds.csv',
      '',
    ].join('\n'))
    .action(async (flags: Flags) => {
      const fitted = readFittedStudy(flags.model);
      if (!existsSync(flags.patients)) throw new HccError('E_IO', `patients file ${flags.patients} does not exist`);
      if (flags.dlModel && !existsSync(join(flags.dlModel, 'ensemble.json'))) throw new HccError('E_IO', `--dl-model ${flags.dlModel} has no ensemble.json`);
      const gradCamDir = flags.gradcamDir ?? (flags.out ? join(dirname(flags.out), 'gradcam') : 'gradcam');
      // A failed prediction leaves no partial outputs: the Grad-CAM overlays, drawn before the whole
      // file is checked, are written beside their folder and moved into it only on success.
      const staged = flags.dlModel ? stageFolder(gradCamDir) : null;
      try {
        await predictAction(flags, fitted, gradCamDir, staged);
      } finally {
        staged?.discard();
      }
    });
}

/** The prediction itself; the Grad-CAM overlays go to `staged` (committed once every output is written). */
async function predictAction(flags: Flags, fitted: FittedStudy, gradCamDir: string, staged: StagedFolder | null): Promise<void> {
  let table = readCsvFile(flags.patients);
  const idColumn = flags.idColumn ?? fitted.patientIdColumn;
  const dlNotes: string[] = [];
  let gradCam: readonly PredictGradCamRow[] = [];
  // Every image problem (Ensemble-DL, radiomics) goes to predictFittedStudy with the table's own,
  // so the whole file is checked in one pass and a bad cell read by both steps is reported once.
  const derived: DerivedInputIssues[] = [];
  // one conversion folder for both steps (content-addressed: a DICOM input is converted once; a
  // cache, kept when the prediction fails so that the corrected file converts nothing again)
  const imageCacheDir = flags.out ? join(dirname(flags.out), 'images') : join(dirname(gradCamDir), 'images');
  let deepScored: number | null = null;
  if (flags.dlModel && staged) {
    const deep = await deepScoresForNewPatients(table, { modelDir: flags.dlModel, baseDir: dirname(flags.patients), idColumn, source: flags.patients, maskColumn: flags.maskColumn, gradCamDir: staged.dir, imageCacheDir });
    for (const w of deep.warnings) process.stderr.write(formatIssue(w) + '\n');
    table = deep.table;
    deepScored = deep.scored;
    // the paths the overlays will have once moved into place
    gradCam = deep.gradCam.map((g) => ({ ...g, png: g.png === null ? null : staged.finalPath(g.png), nifti: g.nifti === null ? null : staged.finalPath(g.nifti) }));
    derived.push(deep.derived);
  }
  const models = splitList(flags.models);
  const outcomes = splitList(flags.outcomes);
  if (flags.images) {
    const rad = fitted.models.filter((m): m is FittedRadiomicsModel => m.kind === 'radiomics' && (!models.length || models.includes(m.id)) && (!outcomes.length || outcomes.includes(m.outcome)));
    if (!rad.length) throw new HccError('E_OPTION', `--images: ${flags.model} has no radiomics model${models.length || outcomes.length ? ' among the chosen models / outcomes' : ''} (${fitted.notExported.filter((n) => n.model === 'radiomics').map((n) => n.reason).join('; ') || 'radiomics not enabled in the study'})`);
    const ex = await radiomicFeaturesForNewPatients(table, rad, { baseDir: dirname(flags.patients), idColumn, source: flags.patients, imageCacheDir });
    table = ex.table;
    derived.push(ex.derived);
    dlNotes.push(`radiomics: features of ${ex.extracted} of ${table.nRows} patient(s) extracted from their images (settings of the fitted study)`);
  }
  const r = predictFittedStudy(fitted, table, { source: flags.patients, idColumn, models: models.length ? models : undefined, outcomes: outcomes.length ? outcomes : undefined, skipInvalid: flags.skipInvalid, derived });
  if (!r.ok) throwIfErrors(`patients ${flags.patients}`, r.issues);
  if (!r.ok) throw new HccError('E_INTERNAL', 'prediction failed without issues');
  for (const w of r.warnings) process.stderr.write(formatIssue(w) + '\n');
  const predictions = withEnsembleDlScores(r.value.rows, table, idColumn);
  const nt = predictionsTable(predictions);
  if (flags.out) {
    mkdirSync(dirname(flags.out), { recursive: true });
    writeFileAtomic(flags.out, tableToCsv(nt));
  }
  staged?.commit();
  if (deepScored !== null) {
    const scales = [...new Set(gradCam.map((g) => g.pngScale))];
    dlNotes.unshift(
      `Ensemble-DL: ${deepScored} of ${table.nRows} patient(s) scored from their images (columns ensemble_dl_os / ensemble_dl_pfs); Grad-CAM overlays in ${gradCamDir}${scales.length ? ` (PNGs at ${scales.join(' / ')} pixels per voxel)` : ''}`,
      ...gradCam.map((g) => `Grad-CAM ${g.id} ${g.member}: ${(100 * g.massInTumour).toFixed(0)} % of the map in the tumour, peak ${g.peakInMargin ? 'inside' : 'outside'} tumour + 5 mm: ${g.png}`),
    );
  }
  // what each scored model's risk_group means: its training cut-off(s) and the rule, the cut-offs
  // with the table's digits (a score equal to its cut-off, common for scores with few values, reads equal)
  const digits = Number(flags.digits) || 3;
  const scored = r.value.models.map((s) => {
    const m = fitted.models.find((x) => x.id === s.model && x.outcome === s.outcome)!;
    return { ...s, riskGroups: riskGroupRuleOf(m, digits) };
  });
  const ruleLines = scored.filter((s) => s.scored > 0).map((s) => `  ${s.outcome}/${s.model}: ${s.riskGroups ? s.riskGroups.rule : 'no risk groups (the training cut-off put every training patient in one group, or could not be learned): risk_group is NA'}`);
  const notes = [
    `fitted study: ${fitted.cohort.name}${fitted.cohort.synthetic ? ' (SYNTHETIC)' : ''}, settings ${fitted.settingsHash.slice(0, 12)}, mmf-hcc ${fitted.software.version}; times in months`,
    ...r.value.models.map((m) => `${m.outcome}/${m.model}: ${m.scored} of ${table.nRows} patient(s) scored`),
    ...(flags.out ? [`predictions: ${flags.out}`] : []),
    ...dlNotes,
  ];
  // the text table shows the Ensemble-DL scores only when some patient has one (the CSV always has the columns)
  const dlShown = predictions.some((p) => p.ensembleDlOs !== null || p.ensembleDlPfs !== null);
  const keep = nt.columns.map((c, j) => (dlShown || !c.startsWith('ensemble_dl_') ? j : -1)).filter((j) => j >= 0);
  const textTable = { title: 'Predicted survival (95% CI)', columns: keep.map((j) => nt.columns[j]), rows: nt.rows.map((row) => keep.map((j) => row[j])) };
  emit(flags, { model: flags.model, settingsHash: fitted.settingsHash, scored, warnings: r.warnings, predictions, gradCam }, flags.out ? [] : [textTable], notes);
  if (!flags.json && ruleLines.length) process.stdout.write(`\nRisk groups (cut-offs learned on the training patients; risk_group = the group of linear_predictor):\n${ruleLines.join('\n')}\n`);
}
