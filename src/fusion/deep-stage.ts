import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HccError } from '../core/errors.js';
import type { Issue } from '../core/issues.js';
import { issueError, issueWarning } from '../core/issues.js';
import { sha256File } from '../core/provenance.js';
import type { Table } from '../core/table.js';
import type { BuiltDeepDataset, DeepDataset, LoadedEnsemble, PatientListRow, TrainProgress } from '../deep/index.js';
import { buildDeepDatasetLazy, initDeepEngine, loadEnsembleBundle, loadListedPatient, predictEnsemble, saveEnsembleBundle, subsetDeepDataset, trainEnsemble } from '../deep/index.js';
import type { DeepGradCamRow } from './deep-grad-cam.js';
import { writeMemberGradCams } from './deep-grad-cam.js';
import type { StudyCohort } from '../io/index.js';
import type { EnsembleDlSettings } from './deep-stage-settings.js';
import type { StudyStore } from './store.js';
import type { DeepOffsets } from './deep-offsets.js';
import type { CrossFitFoldCache, CrossFitScores } from './deep-cross-fit.js';
import { crossFitScores } from './deep-cross-fit.js';
import { storeMemberCache } from './deep-member-cache.js';

/** Days per month of the manifest's month-based times (365.25 / 12). */
const DAYS_PER_MONTH = 30.4375;

/** What the Ensemble-DL stage gives the study. */
export interface DeepStageResult {
  /** Score columns by name (one value per cohort row, null where the patient was not scored): ensemble_dl_os, ensemble_dl_pfs, dl_<member>_os. */
  readonly columns: Readonly<Record<string, (number | null)[]>>;
  readonly modelDir: string;
  readonly summary: unknown;
  /** K-fold cross-fitting of the training patients' scores (`crossFitFolds`), null when off. */
  readonly crossFit?: { readonly folds: number; readonly oofC: number } | null;
  /** Penultimate features of every scored patient, member-prefixed names (`<member>:f<k>`). */
  readonly features: { readonly ids: string[]; readonly names: string[]; readonly matrix: number[][] };
  readonly gradCam: readonly DeepGradCamRow[];
  readonly gradCamDir: string | null;
  readonly warnings: readonly Issue[];
  /**
   * Wall-clock seconds of the stage's parts when it was computed (a reused stage gives the original
   * run's): loading the images, training the ensemble, scoring every patient, cross-fitting, Grad-CAM.
   */
  readonly seconds?: { readonly load: number; readonly ensemble: number; readonly scoring: number; readonly crossFit: number; readonly gradCam: number };
  /** SHA-256 of every file of the model folder's bundle when the stage was computed: a reused stage needs the same bundle there. */
  readonly bundle?: Readonly<Record<string, string>>;
  readonly reused: boolean;
  readonly key: string;
}

/** Progress callbacks of the stage. */
export interface DeepStageHooks {
  onLoad?(done: number, total: number): void;
  onTrain?(member: string, p: TrainProgress): void;
  onGradCam?(done: number, total: number): void;
  /** A part kept from an interrupted run of the same stage is reused instead of trained again ('ensemble', 'fold 2/5'). */
  onReuse?(part: string): void;
}

interface Candidate {
  readonly row: number;
  readonly list: PatientListRow;
}

function cellOf(table: Table, col: string, i: number): string | null {
  return table.cells.get(col)?.[i] ?? null;
}

/** Patients with images and a tumour mask; the others as issues naming the patient and column. */
function candidates(cohort: StudyCohort, s: EnsembleDlSettings): { rows: Candidate[]; issues: Issue[]; maskPhase: string; hasPfs: boolean } {
  const phases = [...cohort.descriptor.phases];
  const maskPhase = s.maskPhase ?? phases[Math.floor(phases.length / 2)];
  const t = cohort.table;
  const hasPfs = t.cells.has('pfs_time') && t.cells.has('pfs_event');
  const rows: Candidate[] = [];
  const issues: Issue[] = [];
  for (let i = 0; i < t.nRows; i++) {
    const id = cellOf(t, 'patient_id', i) ?? `row${i + 1}`;
    const phasePaths: Record<string, string> = {};
    let missing = false;
    for (const col of [...phases.map((p) => `image_${p}`), `mask_${maskPhase}`]) {
      const path = cellOf(t, col, i);
      if (path === null || !existsSync(path)) {
        missing = true;
        issues.push(issueError(path === null ? 'missing_value' : 'missing_file', ['patient', id, col], `patient ${id}: ${path === null ? `no ${col}` : `${col} file ${path} does not exist`}`, { expected: 'an image file', received: path ?? 'empty' }));
      } else if (col.startsWith('image_')) phasePaths[col.slice(6)] = path;
    }
    if (missing) continue;
    const num = (c: string) => Number(cellOf(t, c, i) ?? Number.NaN);
    const os = { time: num('os_time') * DAYS_PER_MONTH, event: num('os_event') };
    const pfs = { time: num('pfs_time') * DAYS_PER_MONTH, event: num('pfs_event') };
    rows.push({ row: i, list: { id, phasePaths, maskPath: cellOf(t, `mask_${maskPhase}`, i) as string, os, ...(hasPfs ? { pfs } : {}), split: cohort.split[i] ?? null } });
  }
  return { rows, issues, maskPhase, hasPfs };
}

/** The stack spec of the stage (phases from the manifest). */
function stackOf(cohort: StudyCohort, s: EnsembleDlSettings) {
  return { ...s.stack, phases: [...cohort.descriptor.phases] };
}

function outcomeOk(d: DeepDataset, k: number): boolean {
  return Number.isFinite(d.os.time[k]) && (d.os.event[k] === 0 || d.os.event[k] === 1);
}

/**
 * The study's Ensemble-DL stage: cut tumour stacks for every patient with images and a mask, train
 * the members on the TRAINING split (early stopping on internal validation), fit the combiner, score
 * every patient, export penultimate features, and compute Grad-CAM on the external-test patients
 * (peak and mass inside the tumour / its margin, PNG slices for a gallery). Patients lacking images or
 * with unreadable ones are skipped with a coded warning, or stop the run (`onMissing`). The result is
 * kept in the study store under a key of the settings, the patients' outcomes and splits and the
 * SHA-256 of every image file, so a rerun reuses it; the model folder is `<out>/models/dl`.
 */
export async function runDeepStage(cohort: StudyCohort, settings: EnsembleDlSettings, store: StudyStore, outDir: string, hooks: DeepStageHooks = {}, offsets: DeepOffsets | null = null): Promise<DeepStageResult> {
  const cand = candidates(cohort, settings);
  const warnings: Issue[] = [];
  if (cand.issues.length && settings.onMissing === 'stop') throw new HccError('E_INPUT', `${cand.issues.length} problem(s) with images or masks for the Ensemble-DL stage`, { issues: cand.issues });
  for (const is of cand.issues) warnings.push({ ...is, severity: 'warning' });
  const stack = stackOf(cohort, settings);
  const material = {
    settings,
    stack,
    maskPhase: cand.maskPhase,
    patients: cand.rows.map((c) => ({ id: c.list.id, split: c.list.split, os: c.list.os, pfs: c.list.pfs ?? null, files: [...Object.values(c.list.phasePaths), c.list.maskPath].map((f) => sha256File(f)), ...(offsets ? { offset: [offsets.os[c.row], offsets.pfs ? offsets.pfs[c.row] : null] } : {}) })),
  };
  const key = store.keyOf('deep', material);
  const modelDir = join(outDir, 'models', 'dl');
  const gradCamDir = settings.gradCam.enabled ? join(outDir, 'gradcam') : null;
  const prior = store.get<Omit<DeepStageResult, 'reused' | 'key' | 'warnings'> & { warnings: Issue[] }>(key);
  // Reused whole only while models/dl still holds the bundle it was computed with (another run into the
  // same folder may have replaced it: its scores, Grad-CAM and `mmf predict` would then disagree).
  if (prior && prior.value.bundle && bundleMatches(modelDir, prior.value.bundle)) return { ...prior.value, warnings: [...prior.value.warnings], reused: true, key };

  const clock = { t: Date.now() };
  const lap = () => {
    const now = Date.now();
    const s = (now - clock.t) / 1000;
    clock.t = now;
    return s;
  };
  const labels: Record<number, string> = Object.fromEntries(stack.labels.map((l) => [l, `label${l}`]));
  const aux = auxLabels(cohort, cand.rows.map((c) => c.row), settings.auxColumns, warnings);
  const built: BuiltDeepDataset = buildDeepDatasetLazy(cand.rows.length, (i) => ({ ...loadListedPatient(cand.rows[i].list, labels), aux: aux.labelsOf(cand.rows[i].row) }), stack, {
    hasPfs: cand.hasPfs,
    auxNames: aux.heads.map((h) => h.name),
    skipFailures: settings.onMissing === 'skip',
    idOf: (i) => cand.rows[i].list.id,
    onPatient: hooks.onLoad,
  });
  for (const sk of built.skipped) warnings.push(...sk.issues.map((is) => ({ ...is, severity: 'warning' as const, message: `skipped by the Ensemble-DL stage: ${is.message}` })));
  warnings.push(...built.warnings);
  const d0 = built.dataset;
  const candidateOf = (k: number) => cand.rows[built.sourceIndex[k]];
  const rowOf = (k: number) => candidateOf(k).row;
  const d: DeepDataset = offsets
    ? { ...d0, os: { ...d0.os, offset: Float64Array.from({ length: d0.n }, (_, k) => offsets.os[rowOf(k)]) }, ...(d0.pfs && offsets.pfs ? { pfs: { ...d0.pfs, offset: Float64Array.from({ length: d0.n }, (_, k) => offsets.pfs![rowOf(k)]) } } : {}) }
    : d0;
  const splitOf = (k: number) => candidateOf(k).list.split;
  const trainRows: number[] = [];
  const validRows: number[] = [];
  for (let k = 0; k < d.n; k++) {
    if (!outcomeOk(d, k)) continue;
    if (splitOf(k) === 'training') trainRows.push(k);
    else if (splitOf(k) === 'internal_validation') validRows.push(k);
  }
  if (trainRows.length < 10) throw new HccError('E_INPUT', `the Ensemble-DL stage needs at least 10 training patients with images, got ${trainRows.length}`, { issues: [issueError('too_few_rows', ['split', 'training'], 'too few training patients with images', { expected: '>= 10', received: String(trainRows.length) })] });
  const train = subsetDeepDataset(d, trainRows);
  const valid = validRows.length ? subsetDeepDataset(d, validRows) : null;
  if (!valid) warnings.push(issueWarning('too_few_rows', ['split', 'internal_validation'], 'no internal-validation patients with images: members train for the full epochs without early stopping'));
  const training = settings.training.combinerData === 'validation' && (!valid || valid.n < 10) ? { ...settings.training, combinerData: 'training' as const } : settings.training;
  const loadS = lap();
  // An interrupted run keeps its finished parts: the trained ensemble (its bundle in models/dl, checked
  // by hash against what the store recorded), each finished cross-fitting fold and, within an unfinished
  // ensemble or fold, each finished member.
  const part = (name: string, extra: Record<string, unknown> = {}) => ({ stage: key, part: name, ...extra });
  const keptEnsemble = store.get<{ summary: unknown; files: Record<string, string> }>(store.keyOf('deep-part', part('ensemble')))?.value ?? null;
  let summary: unknown;
  if (keptEnsemble && bundleMatches(modelDir, keptEnsemble.files)) {
    summary = keptEnsemble.summary;
    hooks.onReuse?.('ensemble');
    // Nothing is trained before the bundle is loaded: the engine must be started here.
    await initDeepEngine({ backend: training.backend });
  } else {
    const trained = await trainEnsemble(train, valid, built.spec, { ...training, auxHeads: aux.heads }, { onProgress: hooks.onTrain, memberCache: storeMemberCache(store, part('ensemble'), 'ensemble'), onReuse: (m) => hooks.onReuse?.(`ensemble member ${m}`) });
    mkdirSync(modelDir, { recursive: true });
    saveEnsembleBundle(modelDir, built.spec, trained.members, { os: trained.ensemble.os, pfs: trained.ensemble.pfs });
    summary = trained.summary;
    store.put('deep-part', 'ensemble-dl: trained ensemble', part('ensemble'), { summary, files: bundleHashes(modelDir) });
  }
  const ensembleS = lap();
  const model: LoadedEnsemble = loadEnsembleBundle(modelDir);
  const pred = predictEnsemble(model, d);
  const scoringS = lap();
  const folds = settings.crossFitFolds;
  const foldCache: CrossFitFoldCache = {
    get: (f) => {
      const v = store.get<{ os: number[]; pfs: number[] | null }>(store.keyOf('deep-part', part('fold', { fold: f, folds })))?.value ?? null;
      if (v) hooks.onReuse?.(`fold ${f + 1}/${folds}`);
      return v;
    },
    put: (f, scores) => void store.put('deep-part', `ensemble-dl: cross-fitting fold ${f + 1}/${folds}`, part('fold', { fold: f, folds }), scores),
    members: (f) => storeMemberCache(store, part('fold', { fold: f, folds }), `cross-fitting fold ${f + 1}/${folds}`),
    onMemberReuse: (f, m) => hooks.onReuse?.(`fold ${f + 1}/${folds} member ${m}`),
  };
  const crossFit: CrossFitScores | null = folds >= 2 ? await crossFitScores(d, trainRows, valid, built.spec, { ...training, auxHeads: aux.heads }, folds, hooks.onTrain, foldCache) : null;
  const crossFitS = lap();

  const n = cohort.table.nRows;
  const col = () => new Array<number | null>(n).fill(null);
  const columns: Record<string, (number | null)[]> = { ensemble_dl_os: col(), ...(pred.pfs ? { ensemble_dl_pfs: col() } : {}) };
  for (const m of pred.members) columns[`dl_${m.name}_os`] = col();
  for (let k = 0; k < d.n; k++) {
    const row = rowOf(k);
    columns.ensemble_dl_os[row] = pred.os[k];
    if (pred.pfs) columns.ensemble_dl_pfs[row] = pred.pfs[k];
    for (const m of pred.members) columns[`dl_${m.name}_os`][row] = m.p.os[k];
  }
  // Training patients get their out-of-fold ensemble scores (what MMF is fitted on); members' columns stay the full models'.
  if (crossFit) {
    trainRows.forEach((k, i) => {
      const row = rowOf(k);
      columns.ensemble_dl_os[row] = crossFit.os[i];
      if (crossFit.pfs && columns.ensemble_dl_pfs) columns.ensemble_dl_pfs[row] = crossFit.pfs[i];
    });
  }
  const names = pred.members.flatMap((m) => Array.from({ length: m.p.featureDim }, (_, j) => `${m.name}:f${j}`));
  const matrix = Array.from({ length: d.n }, (_, k) => pred.members.flatMap((m) => Array.from(m.p.features.subarray(k * m.p.featureDim, (k + 1) * m.p.featureDim))));
  const features = { ids: [...(d.ids ?? [])], names, matrix };

  const ext: number[] = [];
  for (let k = 0; k < d.n; k++) if (splitOf(k) === 'external_test') ext.push(k);
  const gradRows = gradCamDir
    ? writeMemberGradCams(model, built, ext, (k) => loadListedPatient(candidateOf(k).list, labels), pred.os, { dir: gradCamDir, background: stack.phases[Math.floor(stack.phases.length / 2)], labels: stack.labels, marginMm: settings.gradCam.marginMm, nifti: false, onPatient: hooks.onGradCam })
    : [];
  const seconds = { load: loadS, ensemble: ensembleS, scoring: scoringS, crossFit: crossFitS, gradCam: lap() };
  const value = { columns, modelDir, summary, crossFit: crossFit ? { folds: crossFit.folds, oofC: crossFit.oofC } : null, features, gradCam: gradRows, gradCamDir, warnings, seconds, bundle: bundleHashes(modelDir) };
  // The stored (normalised) value, so a fresh run gives exactly what a reused one will.
  const stored = store.put('deep', `ensemble-dl (${d.n} patients)`, material, value).value;
  return { ...stored, reused: false, key };
}

/** The cohort with the stage's score columns added to its table (as text, like every manifest cell). */
export function withDeepColumns(cohort: StudyCohort, columns: Readonly<Record<string, (number | null)[]>>): StudyCohort {
  const cells = new Map(cohort.table.cells);
  const added: string[] = [];
  // Sorted: a stored result comes back with its keys sorted, and the column order is part of the study's data key.
  for (const [name, values] of Object.entries(columns).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!cells.has(name)) added.push(name);
    cells.set(name, values.map((v) => (v === null || !Number.isFinite(v) ? null : String(v))));
  }
  return { ...cohort, table: { ...cohort.table, columns: [...cohort.table.columns, ...added], cells } };
}

/**
 * Class labels of the auxiliary columns: levels seen among TRAINING patients (sorted), index per level;
 * missing or unseen values are −1 (masked in the loss). Columns absent or with fewer than 2 training
 * levels are left out with a warning.
 */
function auxLabels(cohort: StudyCohort, rows: readonly number[], columns: readonly string[], warnings: Issue[]): { heads: { name: string; classes: number }[]; labelsOf(row: number): Record<string, number> } {
  const heads: { name: string; classes: number; index: Map<string, number> }[] = [];
  for (const col of columns) {
    const cells = cohort.table.cells.get(col);
    if (!cells) {
      warnings.push(issueWarning('missing_column', ['settings', 'models', 'ensembleDl', 'auxColumns', col], `auxiliary head column "${col}" is not in the cohort and is left out`));
      continue;
    }
    const levels = [...new Set(rows.filter((r) => cohort.split[r] === 'training').map((r) => cells[r]).filter((v): v is string => v !== null))].sort();
    if (levels.length < 2) {
      warnings.push(issueWarning('constant_covariate', ['settings', 'models', 'ensembleDl', 'auxColumns', col], `auxiliary head column "${col}" has fewer than 2 levels among training patients and is left out`));
      continue;
    }
    heads.push({ name: col, classes: levels.length, index: new Map(levels.map((l, k) => [l, k])) });
  }
  return {
    heads: heads.map(({ name, classes }) => ({ name, classes })),
    labelsOf: (row) => Object.fromEntries(heads.map((h) => [h.name, h.index.get(cohort.table.cells.get(h.name)![row] ?? '') ?? -1])),
  };
}

/** SHA-256 of every file of an ensemble bundle folder (ensemble.json and the members' checkpoints). */
function bundleHashes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((f) => f === 'ensemble.json' || f.startsWith('member-')).sort().map((f) => [f, sha256File(join(dir, f))]));
}

/** Whether `dir` holds exactly the bundle whose hashes were recorded (not another run's). */
function bundleMatches(dir: string, files: Readonly<Record<string, string>>): boolean {
  if (!existsSync(join(dir, 'ensemble.json'))) return false;
  const now = bundleHashes(dir);
  const names = Object.keys(files);
  return names.length > 0 && names.length === Object.keys(now).length && names.every((f) => now[f] === files[f]);
}
