import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Issue } from '../core/issues.js';
import type { StudyCohort } from '../io/index.js';
import type { CohortImagesImport } from '../io/index.js';
import { importCohortImages } from '../io/index.js';
import type { DeepStageHooks, DeepStageResult } from './deep-stage.js';
import { runDeepStage, withDeepColumns } from './deep-stage.js';
import { clinicalOffsets } from './deep-offsets.js';
import type { NamedTable } from './evaluate.js';
import type { DeepRadiomicCorrelation, GradCamGallery } from './explain/index.js';
import { deepRadiomicCorrelation, gradCamGallery, radiomicFeaturesFromCohort } from './explain/index.js';
import type { CohortFeatures } from './radiomics-model/index.js';
import { extractCohortFeaturesParallel } from './radiomics-model/index.js';
import { explainabilityTables } from './report/explain-sections.js';
import type { RunStudyOptions, StudyRunResult } from './run-study.js';
import { runStudy } from './run-study.js';
import type { StudySettings } from './settings.js';
import { openStudyStore } from './store.js';
import { writeFileAtomic } from './write-tables.js';

/** `path` relative to `base` when it lies inside it, else as it is. */
function relativeTo(base: string, path: string): string {
  const r = relative(resolve(base), resolve(path));
  return r !== '' && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}

/** File (in results/) keeping the explainability inputs of a run for `readExplainability`. */
export const EXPLAIN_FILE = 'explainability.json';

/**
 * The explainability inputs of an earlier run (correlation, Grad-CAM gallery rebuilt from the PNGs and
 * the `gradcam_scores` table), or null when the run had no Ensemble-DL stage.
 */
export function readExplainability(outDir: string, tables: readonly NamedTable[]): { correlation: DeepRadiomicCorrelation | null; gallery: GradCamGallery | null } | null {
  const path = join(outDir, 'results', EXPLAIN_FILE);
  if (!existsSync(path)) return null;
  const saved = JSON.parse(readFileSync(path, 'utf8')) as { correlation: DeepRadiomicCorrelation | null; gradCamDir: string | null; galleryMember: string | null; galleryPatients: number };
  let gallery: GradCamGallery | null = null;
  const scores = tables.find((t) => t.name === 'gradcam_scores');
  // Stored relative to the study folder (absolute in files of earlier versions), so a moved or copied
  // study finds its own overlays; an absolute folder that no longer exists falls back to <out>/gradcam.
  const dir = saved.gradCamDir === null ? null : isAbsolute(saved.gradCamDir) && existsSync(saved.gradCamDir) ? saved.gradCamDir : join(outDir, isAbsolute(saved.gradCamDir) ? 'gradcam' : saved.gradCamDir);
  if (dir && saved.galleryMember && scores && existsSync(join(dir, saved.galleryMember))) {
    const col = (c: string) => scores.columns.indexOf(c);
    const rows = scores.rows.filter((r) => r[col('member')] === saved.galleryMember).map((r) => ({ id: String(r[col('patient_id')]), risk: Number(r[col('risk')]), tumourMass: Number(r[col('mass_in_tumour')]), cohort: 'external_test' }));
    gallery = gradCamGallery({ dir: join(dir, saved.galleryMember), scores: rows, maxPatients: saved.galleryPatients, cohort: 'external_test' });
  }
  return { correlation: saved.correlation, gallery };
}

/** Options of `runFullStudy`. */
export interface FullStudyOptions extends Omit<RunStudyOptions, 'extraTables' | 'extraWarnings' | 'radiomicFeatures'> {
  readonly deepHooks?: DeepStageHooks;
  /** Worker threads of the radiomic feature extraction (null / absent = available cores; 1 = in this thread). Not a study setting: it changes no result and no store key. */
  readonly radiomicsWorkers?: number | null;
  /**
   * A patient whose DICOM images or masks cannot be converted by the up-front image import stops the
   * run ('stop', default) or is left out with warnings ('skip'), as the manifest's invalid rows.
   */
  readonly onInvalidRow?: 'stop' | 'skip';
  /** Per-patient progress of the up-front DICOM import. */
  readonly onImportPatient?: (done: number, total: number) => void;
}

/** What the up-front image import of a run did (DICOM series and SEG / RTSTRUCT masks → NIfTI in `<out>/state/images`). */
export type ImageImportSummary = Pick<CohortImagesImport, 'dicomPatients' | 'converted' | 'reused' | 'shared' | 'leftOut' | 'dir'>;

/** A full run: the study's result plus the Ensemble-DL stage and the explainability inputs. */
export interface FullStudyResult extends StudyRunResult {
  /** The cohort the models saw (with the Ensemble-DL score columns when that stage ran). */
  readonly cohort: StudyCohort;
  readonly deep: DeepStageResult | null;
  readonly correlation: DeepRadiomicCorrelation | null;
  readonly gallery: GradCamGallery | null;
  /** Wall-clock seconds of the Ensemble-DL stage (0 when reused or off) and of the rest of the study. */
  readonly seconds: { readonly deepStage: number; readonly study: number };
  /** The DICOM import before the imaging stages; null when no imaging stage ran. */
  readonly imageImport: ImageImportSummary | null;
}

function deepTables(deep: DeepStageResult): NamedTable[] {
  const s = deep.summary as { nTrain: number; nValid: number; combinerFittedOn: string; members: { name: string; bestEpoch: number; epochsRun: number; bestValidC: number | null; trainC: number; samplesPerSecond: number; durationMs: number }[]; ensemble: { trainC: number; validC: number | null } };
  const byMember = new Map<string, { n: number; peakT: number; peakM: number; massT: number; massM: number }>();
  for (const r of deep.gradCam) {
    const m = byMember.get(r.member) ?? { n: 0, peakT: 0, peakM: 0, massT: 0, massM: 0 };
    m.n++;
    m.peakT += r.peakInTumour ? 1 : 0;
    m.peakM += r.peakInMargin ? 1 : 0;
    m.massT += r.massInTumour;
    m.massM += r.massInMargin;
    byMember.set(r.member, m);
  }
  return [
    {
      name: 'deep_members',
      columns: ['member', 'epochs_run', 'best_epoch', 'best_valid_c', 'train_c', 'samples_per_second', 'seconds', 'n_train', 'n_valid', 'combiner_fitted_on', 'ensemble_train_c', 'ensemble_valid_c', 'cross_fit_folds', 'ensemble_oof_train_c'],
      rows: s.members.map((m) => [m.name, m.epochsRun, m.bestEpoch + 1, m.bestValidC, m.trainC, m.samplesPerSecond, m.durationMs / 1000, s.nTrain, s.nValid, s.combinerFittedOn, s.ensemble.trainC, s.ensemble.validC, deep.crossFit?.folds ?? 0, deep.crossFit?.oofC ?? null]),
    },
    { name: 'gradcam_scores', columns: ['patient_id', 'member', 'risk', 'mass_in_tumour', 'mass_in_margin', 'peak_in_tumour', 'peak_in_margin'], rows: deep.gradCam.map((r) => [r.id, r.member, r.risk, r.massInTumour, r.massInMargin, r.peakInTumour ? 1 : 0, r.peakInMargin ? 1 : 0]) },
    { name: 'gradcam_summary', columns: ['member', 'n_external', 'share_peak_in_tumour', 'share_peak_in_margin', 'mean_mass_in_tumour', 'mean_mass_in_margin'], rows: [...byMember.entries()].map(([k, m]) => [k, m.n, m.peakT / m.n, m.peakM / m.n, m.massT / m.n, m.massM / m.n]) },
  ];
}

/**
 * The whole study on a cohort: the Ensemble-DL stage first when `models.ensembleDl.enabled` (members
 * trained on training patients only; its scores become the `ensemble_dl_os` / `ensemble_dl_pfs`
 * columns MMF fuses with the clinical variables), then `runStudy`, plus the explainability inputs:
 * Spearman correlation of deep vs radiomic features (when both exist) and the Grad-CAM gallery of the
 * external-test patients. Every step is kept in the study store, so a rerun reuses it. When an imaging
 * stage runs, the cohort's DICOM series folders and SEG / RTSTRUCT masks are first converted to NIfTI
 * (`importCohortImages`), and every stage reads those.
 */
export async function runFullStudy(input: StudyCohort, settings: StudySettings, options: FullStudyOptions): Promise<FullStudyResult> {
  let deep: DeepStageResult | null = null;
  // The image import, once, before any imaging stage: DICOM series folders and SEG / RTSTRUCT masks
  // become NIfTI files in <out>/state/images (content-addressed: a rerun converts nothing again).
  let cohort = input;
  let imageImport: ImageImportSummary | null = null;
  const importWarnings: Issue[] = [];
  if (settings.models.radiomics.enabled || settings.models.ensembleDl.enabled) {
    const imp = await importCohortImages(input, options.outDir, { onInvalidRow: options.onInvalidRow, onProgress: options.onImportPatient });
    cohort = imp.cohort;
    importWarnings.push(...imp.warnings);
    imageImport = { dicomPatients: imp.dicomPatients, converted: imp.converted, reused: imp.reused, shared: imp.shared, leftOut: imp.leftOut, dir: imp.dir };
  }
  let used = cohort;
  let correlation: DeepRadiomicCorrelation | null = null;
  let gallery: GradCamGallery | null = null;
  const extra: NamedTable[] = [];
  let deepSeconds = 0;
  const store = openStudyStore(options.outDir);
  if (settings.models.ensembleDl.enabled) {
    const t0 = Date.now();
    const offsets = settings.models.ensembleDl.offset === 'clinical' ? clinicalOffsets(cohort, settings, store) : null;
    deep = await runDeepStage(cohort, settings.models.ensembleDl, store, options.outDir, options.deepHooks, offsets);
    deepSeconds = (Date.now() - t0) / 1000;
    used = withDeepColumns(cohort, deep.columns);
    extra.push(...deepTables(deep));
  }
  // Radiomic features are extracted once, here (on worker threads), for the radiomics model and the deep-vs-radiomic correlation.
  const radiomicFeatures: CohortFeatures | undefined = settings.models.radiomics.enabled
    ? await extractCohortFeaturesParallel(cohort.table, store, settings.models.radiomics, { workers: options.radiomicsWorkers, onPatient: options.onRadiomicsPatient })
    : undefined;
  if (deep) {
    if (radiomicFeatures) {
      const radiomic = radiomicFeaturesFromCohort(radiomicFeatures);
      const deepMatrix = { ids: deep.features.ids, names: deep.features.names, matrix: Float64Array.from(deep.features.matrix.flat()) };
      if (radiomic.ids.length >= 5 && deepMatrix.ids.length >= 5) correlation = deepRadiomicCorrelation(deepMatrix, radiomic);
    }
    if (deep.gradCamDir && deep.gradCam.length) {
      const member = deep.gradCam[0].member;
      const scores = deep.gradCam.filter((r) => r.member === member).map((r) => ({ id: r.id, risk: r.risk, tumourMass: r.massInTumour, cohort: 'external_test' }));
      gallery = gradCamGallery({ dir: join(deep.gradCamDir, member), scores, maxPatients: settings.models.ensembleDl.gradCam.galleryPatients, cohort: 'external_test' });
    }
    extra.push(...explainabilityTables({ correlation, gallery }));
  }
  const t1 = Date.now();
  // The Ensemble-DL stage is one stored object (its parts are kept only while it runs).
  const earlierStats = deep ? { reused: deep.reused ? 1 : 0, computed: deep.reused ? 0 : 1 } : undefined;
  const result = runStudy(used, settings, { ...options, extraTables: extra, extraWarnings: [...importWarnings, ...(deep ? deep.warnings : [])], radiomicFeatures, earlierStats });
  // What `mmf report` needs to redraw the explainability sections without the images or the store.
  if (deep) writeFileAtomic(join(options.outDir, 'results', EXPLAIN_FILE), JSON.stringify({ correlation, gradCamDir: deep.gradCamDir === null ? null : relativeTo(options.outDir, deep.gradCamDir), galleryMember: gallery ? deep.gradCam[0]?.member ?? null : null, galleryPatients: settings.models.ensembleDl.gradCam.galleryPatients }) + '\n');
  return { ...result, cohort: used, deep, correlation, gallery, seconds: { deepStage: deepSeconds, study: (Date.now() - t1) / 1000 }, imageImport };
}
