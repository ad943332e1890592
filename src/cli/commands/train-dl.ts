import type { Command } from 'commander';
import { Option } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { formatIssue } from '../../core/issues.js';
import type { BuiltDeepDataset, DeepDataset, MemberKind, PatientList, TrainProgress, TumourStackSpecInput } from '../../deep/index.js';
import {
  buildDeepDatasetLazy,
  combinerSummary,
  loadListedPatient,
  patientListFromCohort,
  readPatientList,
  saveEnsembleBundle,
  subsetDeepDataset,
  trainEnsemble,
  MEMBER_KINDS,
} from '../../deep/index.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest } from '../../io/index.js';
import { emit } from '../shared.js';
import { progressBar } from '../progress.js';
import { drawTrainProgress } from '../train-progress.js';
import { importStudyImages } from '../image-import.js';

// ---- helpers shared by train-dl, predict-dl and gradcam ------------------------------------------

/** Flags describing the patient list and how stacks are cut. */
export interface PatientListFlags {
  phases: string;
  id: string;
  mask: string;
  time: string;
  event: string;
  pfsTime?: string;
  pfsEvent: string;
  split?: string;
  tumourLabel: string;
  size: string;
  slices: string;
  spreadSlices: string;
  views: string;
  window: string;
  maskChannel: boolean;
  contextMm: string;
  fit: string;
  referenceLabels?: string;
  backend: string;
  manifest?: boolean;
  maskPhase?: string;
  imageCache?: string;
}

/** Add the patient-list flags (`--phases`, `--mask`, `--time`, ...) and `--backend`. */
export function addPatientListOptions(cmd: Command, stackFlags = true): Command {
  cmd
    .addOption(new Option('--phases <names>', 'phase columns holding NIfTI paths, in channel order').default('arterial,portal,delayed'))
    .addOption(new Option('--id <column>', 'patient id column').default('patient'))
    .addOption(new Option('--mask <column>', 'tumour mask (NIfTI label map) path column').default('mask'))
    .addOption(new Option('--time <column>', 'OS time column (days)').default('time'))
    .addOption(new Option('--event <column>', 'OS event column (0/1)').default('event'))
    .addOption(new Option('--pfs-time <column>', 'PFS time column (enables the PFS head and score)'))
    .addOption(new Option('--pfs-event <column>', 'PFS event column').default('pfs_event'))
    .addOption(new Option('--tumour-label <n>', 'mask label of the tumour').default('2'))
    .addOption(new Option('--backend <name>', 'tfjs backend: wasm (default), cpu, or any registered faster one').default('wasm'))
    .option('--manifest', 'the argument is a study manifest (JSON descriptor, see docs/study-pipeline.md): phases, images, masks, outcomes and split come from it')
    .option('--mask-phase <phase>', 'with --manifest: whose mask_<phase> holds the tumour (default: the middle phase)')
    .option('--image-cache <dir>', 'with --manifest: where DICOM series and SEG / RTSTRUCT masks are converted to NIfTI once (content-addressed; default: mmf-hcc-image-cache in the system temp folder)');
  if (stackFlags) {
    cmd
      .addOption(new Option('--split <column>', 'split column: rows valued validation/valid/internal_validation are the validation set, test/external rows are skipped'))
      .addOption(new Option('--size <px>', 'stack height and width in voxels').default('48'))
      .addOption(new Option('--slices <n>', 'adjacent slices per stack (odd)').default('3'))
      .addOption(new Option('--views <n>', 'stacks per patient (odd): the adjacent slices re-centred at n levels over the middle 60 % of the index lesion; training draws one per patient and epoch, prediction averages their scores').default('1'))
      .addOption(new Option('--spread-slices <n>', 'more slices spread evenly over the whole tumour, appended after the adjacent ones (read by --region-stats; the trunk keeps to the adjacent ones)').default('0'))
      .addOption(new Option('--window <lo,hi>', 'HU window mapped to [0, 1]').default('-100,240'))
      .option('--no-mask-channel', 'do not add the tumour mask as a channel (on by default)')
      .addOption(new Option('--context-mm <mm>', 'keep voxels within this many mm of the tumour, blank the rest ("none" keeps the whole crop)').default('5'))
      .addOption(new Option('--fit <how>', 'in-plane box: native (--size voxels at the CT spacing) or tumour (the tumour box + 10 mm, resampled to --size)').choices(['native', 'tumour']).default('native'))
      .addOption(new Option('--reference-labels <list>', 'normalise each phase to these mask labels (e.g. 1 = liver: mean 100 HU, SD 20) before windowing'));
  }
  return cmd;
}

/** Parse a numeric flag (integer when asked). @throws HccError `E_OPTION` naming the flag. */
export function numberFlag(flag: string, value: string, integer = false): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new HccError('E_OPTION', `${flag} "${value}" is not ${integer ? 'an integer' : 'a number'}`, { issues: [issueError('bad_option', [flag], `${flag} must be ${integer ? 'an integer' : 'a finite number'}`, { expected: integer ? 'an integer' : 'a number', received: value })] });
  }
  return v;
}

/**
 * Read the patients named on the command line: a patient-list CSV with the flags' column names, or
 * (with `--manifest`) a study manifest via io's `readManifest`, whose phases then replace `phases`.
 */
export async function readListFromFlags(path: string, f: PatientListFlags, phases: readonly string[]): Promise<{ list: PatientList; phases: string[] }> {
  if (f.manifest) {
    const r = readManifest(path, { imageFiles: 'headers' });
    if (!r.ok) throw new HccError('E_INPUT', `${path}: not a valid study manifest`, { issues: r.issues });
    for (const w of r.warnings) process.stderr.write(formatIssue(w) + '\n');
    // DICOM series folders and SEG / RTSTRUCT masks → NIfTI first, as the study does.
    const { cohort } = await importStudyImages(r.value, f.imageCache ?? join(tmpdir(), 'mmf-hcc-image-cache'), false, true);
    return patientListFromCohort(cohort, f.maskPhase);
  }
  return { list: readPatientList(path, { phases, id: f.id, mask: f.mask, time: f.time, event: f.event, pfsTime: f.pfsTime, pfsEvent: f.pfsEvent, split: f.split }), phases: [...phases] };
}

/** Load every listed patient (one at a time) into stacks, with a progress bar. */
export function loadStacks(list: PatientList, rows: readonly number[], stack: TumourStackSpecInput & { labels: number[] }, label: string): BuiltDeepDataset {
  const labels: Record<number, string> = Object.fromEntries(stack.labels.map((l) => [l, `label${l}`]));
  const built = buildDeepDatasetLazy(rows.length, (i) => {
    const r = list.rows[rows[i]];
    const p = loadListedPatient(r, labels);
    return list.hasOs ? p : { ...p, os: { time: 0, event: 0 } };
  }, stack, { hasPfs: list.hasPfs, onPatient: (d, t) => progressBar(label, d, t) });
  for (const w of built.warnings) process.stderr.write(formatIssue(w) + '\n');
  return built;
}

/** Stack spec from the flags. */
export function stackFromFlags(f: PatientListFlags, phases: string[]): TumourStackSpecInput & { labels: number[] } {
  const size = numberFlag('--size', f.size, true);
  const win = f.window.split(',').map((v) => numberFlag('--window', v));
  if (win.length !== 2) throw new HccError('E_OPTION', `--window "${f.window}" must be two numbers lo,hi`);
  const contextMm = f.contextMm === 'none' ? null : numberFlag('--context-mm', f.contextMm);
  const reference = f.referenceLabels === undefined ? null : { labels: f.referenceLabels.split(',').map((v) => numberFlag('--reference-labels', v, true)) };
  return { phases, labels: [numberFlag('--tumour-label', f.tumourLabel, true)], size: [size, size], slices: numberFlag('--slices', f.slices, true), spreadSlices: numberFlag('--spread-slices', f.spreadSlices, true), views: numberFlag('--views', f.views, true), windowHu: [win[0], win[1]], maskChannel: f.maskChannel, contextMm, fit: f.fit as 'native' | 'tumour', reference };
}

const VALID = new Set(['validation', 'valid', 'internal_validation', 'internal']);
const TEST = new Set(['test', 'external', 'external_test']);

// ---- train-dl ---------------------------------------------------------------------------------------

interface TrainDlFlags extends PatientListFlags {
  out: string;
  members: string;
  epochs: string;
  batchSize: string;
  lr: string;
  seed: string;
  patience: string;
  augment: string;
  roiGate: string;
  regionStats: string;
  widths: string;
  headWidth: string;
  combiner: string;
  combinerData: string;
  workers: string;
  json?: boolean;
  digits: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('train-dl')
    .description('Train the Ensemble-DL members (2.5-D CNN, autoencoder, M3T) with Cox heads on tumour-centred CT stacks, fit the ensemble combiner, save the model folder.')
    .argument('<patients.csv>', 'one row per patient: id, one NIfTI path per phase, tumour mask path, OS time/event (paths relative to the CSV)')
    .requiredOption('--out <dir>', 'model folder to write (ensemble.json + member checkpoints)')
    .addOption(new Option('--members <kinds>', 'members to train: cnn25d, autoencoder, m3t').default('cnn25d'))
    .addOption(new Option('--epochs <n>', 'epochs per member').default('30'))
    .addOption(new Option('--batch-size <n>', 'batch size').default('16'))
    .addOption(new Option('--lr <x>', 'Adam learning rate').default('0.001'))
    .addOption(new Option('--seed <n>', 'seed (member k uses seed + k)').default('1'))
    .addOption(new Option('--patience <n>', 'early stopping on validation C-index').default('8'))
    .addOption(new Option('--augment <kind>', 'augmentation: flip (left-right) or dihedral (the 8 in-plane symmetries)').choices(['none', 'flip', 'dihedral']).default('flip'))
    .addOption(new Option('--roi-gate <how>', 'zero the last activations outside the kept context: off, max (cells touching it) or mean (cells weighted by their share of it)').choices(['off', 'max', 'mean']).default('mean'))
    .addOption(new Option('--region-stats <width>', 'per-slice conv of this width whose tumour and ring mean and SD over every slice (spread ones included) join the features; needs the mask channel; 0 = off').default('0'))
    .addOption(new Option('--widths <list>', 'channel widths of the stem and blocks (one 2×2 pooling between each)').default('16,32,48'))
    .addOption(new Option('--head-width <n>', 'width of the Grad-CAM layer / feature vector').default('64'))
    .addOption(new Option('--combiner <kind>', 'ensemble combiner: mean of standardised member scores, cox (multivariable Cox on them) or rsf (random survival forest on them, 300 trees, seeded with --seed)').choices(['cox', 'mean', 'rsf']).default('mean'))
    .addOption(new Option('--combiner-data <set>', 'patients the cox / rsf combiner is fitted on: training (optimistic: members score their own training patients) or validation').choices(['training', 'validation']).default('training'))
    .addOption(new Option('--workers <n>', 'train members in parallel worker threads (needs the built package; 1 = in this process)').default('1'))
    .option('--json', 'write JSON (full precision) instead of a text table')
    .option('--digits <n>', 'significant digits in text tables', '4');
  addPatientListOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  mmf train-dl cohort/patients.csv --out models/dl --members cnn25d,autoencoder,m3t --split split
  mmf train-dl patients.csv --out models/dl --phases arterial,portal --size 48 --epochs 10 --pfs-time pfs_time
  mmf train-dl patients.csv --out models/dl --members cnn25d,autoencoder,m3t --combiner rsf --split split

Progress goes to stderr. Predict with \`mmf predict-dl\`, explain with \`mmf gradcam\`.`);
  cmd.action(async (csv: string, f: TrainDlFlags) => {
    const { list, phases } = await readListFromFlags(csv, f, f.phases.split(',').map((s) => s.trim()).filter(Boolean));
    const stack = stackFromFlags(f, phases);
    const kinds = f.members.split(',').map((s) => s.trim()).filter(Boolean);
    for (const k of kinds) if (!(MEMBER_KINDS as readonly string[]).includes(k)) throw new HccError('E_OPTION', `--members: unknown member "${k}" (${MEMBER_KINDS.join(', ')})`);
    if (!list.hasOs) throw new HccError('E_INPUT', `${csv}: training needs the OS columns ${f.time} and ${f.event}`);
    const trainRows: number[] = [];
    const validRows: number[] = [];
    list.rows.forEach((r, i) => {
      const s = (r.split ?? '').toLowerCase().replace(/[- ]/g, '_');
      if (VALID.has(s)) validRows.push(i);
      else if (!TEST.has(s)) trainRows.push(i);
    });
    if (trainRows.length < 2) throw new HccError('E_INPUT', `${csv}: need at least 2 training patients, got ${trainRows.length}`);
    const built = loadStacks(list, [...trainRows, ...validRows], stack, 'loading');
    const all = built.dataset;
    const train = subsetDeepDataset(all, trainRows.map((_, k) => k));
    const valid: DeepDataset | null = validRows.length ? subsetDeepDataset(all, validRows.map((_, k) => trainRows.length + k)) : null;
    const bar = (member: string, p: TrainProgress) => drawTrainProgress('', member, p);
    const trained = await trainEnsemble(train, valid, built.spec, {
      members: kinds as MemberKind[],
      backend: f.backend,
      seed: numberFlag('--seed', f.seed, true),
      epochs: numberFlag('--epochs', f.epochs, true),
      batchSize: numberFlag('--batch-size', f.batchSize, true),
      learningRate: numberFlag('--lr', f.lr),
      patience: numberFlag('--patience', f.patience, true),
      augment: f.augment as 'none' | 'flip' | 'dihedral',
      roiGate: f.roiGate as 'off' | 'max' | 'mean',
      regionStats: numberFlag('--region-stats', f.regionStats, true),
      widths: f.widths.split(',').map((w) => numberFlag('--widths', w, true)),
      headWidth: numberFlag('--head-width', f.headWidth, true),
      combiner: f.combiner as 'cox' | 'mean' | 'rsf',
      combinerData: f.combinerData as 'training' | 'validation',
      workers: numberFlag('--workers', f.workers, true),
    }, { onProgress: bar });
    const path = saveEnsembleBundle(f.out, built.spec, trained.members, { os: trained.ensemble.os, pfs: trained.ensemble.pfs });
    const combiner = { kind: f.combiner };
    const valid2 = valid;
    const ensValidC = trained.summary.ensemble.validC;
    const summary = {
      model: path,
      nTrain: train.n,
      nValid: valid2?.n ?? 0,
      members: trained.summary.members,
      combiner: { fittedOn: trained.summary.combinerFittedOn, os: combinerSummary(trained.ensemble.os), pfs: trained.ensemble.pfs ? combinerSummary(trained.ensemble.pfs) : null },
      ensemble: trained.summary.ensemble,
    };
    emit(f, summary, [
      { title: 'Members (OS C-index, Harrell)', columns: ['member', 'epochs', 'best epoch', 'valid C', 'train C'], rows: summary.members.map((m) => [m.name, m.epochsRun, m.bestEpoch + 1, m.bestValidC, m.trainC]) },
      { title: `Ensemble-DL (${combiner.kind} combiner, fitted on ${trained.summary.combinerFittedOn} patients)`, columns: ['cohort', 'n', 'OS C'], rows: [['training', train.n, summary.ensemble.trainC], ...(valid2 ? [['validation', valid2.n, ensValidC] as const] : [])] },
    ], [`model written to ${path}`]);
  });
}
