import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { readCsvFile } from '../../core/table.js';
import type { RadiomicsSettings, RadiomicsSettingsInput } from '../../radiomics/index.js';
import { extractFeatures, extractPyRadiomics, IBSI_PRESETS, readImageFile, resolvePyRadiomicsSettings, resolveRadiomicsSettings } from '../../radiomics/index.js';
import { progressLine } from '../progress.js';
import { emit, readJsonFile } from '../shared.js';

interface RadiomicsFlags {
  image?: string;
  mask?: string;
  manifest?: string;
  settings?: string;
  config?: string;
  mode: string;
  families?: string;
  out?: string;
  id?: string;
  threads?: string;
  progress: boolean;
  json?: boolean;
  digits: string;
}

/** Extraction engine: IBSI (feature ids `original.glcm.contrast.3d_averaged`) or PyRadiomics (`original_glcm_Contrast`). */
export type RadiomicsMode = 'ibsi' | 'pyradiomics';

/** One case of `mmf radiomics`: an image and its ROI mask. */
export interface RadiomicsCase {
  readonly id: string;
  readonly imagePath: string;
  readonly maskPath: string;
}

/** The outcome of one case: finite features (undefined ones listed, never NaN), or the coded error that stopped it. */
export interface RadiomicsCaseResult {
  readonly id: string;
  readonly ok: boolean;
  readonly features: Readonly<Record<string, number>>;
  readonly undefinedFeatures: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
  /** Read + extract wall time, ms. */
  readonly ms: number;
}

interface CaseJob {
  readonly job: RadiomicsCase;
  readonly mode: RadiomicsMode;
  /** Validated settings (IBSI) or the raw PyRadiomics settings object (validated again in the worker). */
  readonly settings: unknown;
}

/** Progress bar on stderr: patients done, elapsed, ETA and the last patient (with its error code when it failed). */
function cohortProgress(stream: NodeJS.WriteStream = process.stderr): (done: number, total: number, last: RadiomicsCaseResult) => void {
  const line = progressLine('radiomics', { stream });
  return (done, total, last) => line(done, total, `${last.id}${last.ok ? '' : ` FAILED ${last.error?.code}`}`);
}

function optionError(flag: string, message: string, expected?: string, received?: string): HccError {
  return new HccError('E_OPTION', message, { issues: [issueError('bad_option', [flag], message, { expected, received })] });
}


/**
 * Extract one case in this thread. Errors become a coded result (never thrown), so one bad case
 * cannot stop a cohort; feature values are finite (undefined features are listed, not NaN).
 */
export function runRadiomicsCase(c: CaseJob): RadiomicsCaseResult {
  const t0 = performance.now();
  try {
    const image = readImageFile(c.job.imagePath);
    const mask = readImageFile(c.job.maskPath);
    const features: Record<string, number> = {};
    let undefinedFeatures: readonly string[];
    if (c.mode === 'ibsi') {
      const r = extractFeatures(image, mask, c.settings as RadiomicsSettings);
      for (const f of r.features) features[f.id] = f.value;
      undefinedFeatures = r.diagnostics.undefinedFeatures;
    } else {
      const r = extractPyRadiomics(image, mask, c.settings);
      for (const [k, v] of Object.entries(r.features)) if (Number.isFinite(v)) features[k] = v;
      undefinedFeatures = r.undefinedFeatures;
    }
    return { id: c.job.id, ok: true, features, undefinedFeatures, ms: performance.now() - t0 };
  } catch (e) {
    const code = e instanceof HccError ? e.code : 'E_INTERNAL';
    return { id: c.job.id, ok: false, features: {}, undefinedFeatures: [], error: { code, message: (e as Error).message }, ms: performance.now() - t0 };
  }
}

const WORKER_TAG = 'mmf-radiomics-case-worker';

// This module is also the worker-thread entry of the cohort pool (compiled build only).
if (!isMainThread && (workerData as { tag?: string } | null)?.tag === WORKER_TAG) {
  parentPort?.on('message', (m: { index: number; job: CaseJob }) => {
    parentPort?.postMessage({ index: m.index, result: runRadiomicsCase(m.job) });
  });
}

/**
 * Extract every case, on `threads` worker threads when running from the compiled package (one per
 * core by default), in this thread otherwise (or with `threads = 1`). `onProgress` is called after
 * each case; results come back in case order.
 */
export async function extractRadiomicsCohort(jobs: readonly CaseJob[], options: { threads?: number; onProgress?: (done: number, total: number, last: RadiomicsCaseResult) => void } = {}): Promise<RadiomicsCaseResult[]> {
  const results: RadiomicsCaseResult[] = new Array(jobs.length);
  const threads = Math.max(1, Math.min(options.threads ?? cpus().length, jobs.length));
  const compiled = import.meta.url.endsWith('.js');
  let done = 0;
  if (threads === 1 || !compiled) {
    for (let i = 0; i < jobs.length; i++) {
      results[i] = runRadiomicsCase(jobs[i]);
      options.onProgress?.(++done, jobs.length, results[i]);
    }
    return results;
  }
  let next = 0;
  const runWorker = (): Promise<void> =>
    new Promise((resolveWorker, reject) => {
      const w = new Worker(fileURLToPath(import.meta.url), { workerData: { tag: WORKER_TAG } });
      const feed = (): void => {
        if (next >= jobs.length) {
          void w.terminate().then(() => resolveWorker());
          return;
        }
        const i = next++;
        w.postMessage({ index: i, job: jobs[i] });
      };
      w.on('message', (m: { index: number; result: RadiomicsCaseResult }) => {
        results[m.index] = m.result;
        options.onProgress?.(++done, jobs.length, m.result);
        feed();
      });
      w.on('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: threads }, runWorker));
  return results;
}

/** Read a cohort manifest CSV (columns patient_id, image, mask; relative paths from the manifest's folder). */
export function readRadiomicsManifest(path: string): RadiomicsCase[] {
  const t = readCsvFile(path);
  const col = (name: string): readonly (string | null)[] => {
    const c = t.cells.get(name);
    if (!c) throw new HccError('E_INPUT', `${path}: no column "${name}" (need patient_id, image, mask)`, { issues: [issueError('missing_column', ['manifest', name], `column ${name} is missing`, { expected: 'patient_id,image,mask', received: t.columns.join(',') })] });
    return c;
  };
  const ids = col('patient_id');
  const images = col('image');
  const masks = col('mask');
  const base = dirname(resolve(path));
  const seen = new Set<string>();
  const out: RadiomicsCase[] = [];
  for (let r = 0; r < t.nRows; r++) {
    const id = ids[r];
    const im = images[r];
    const ma = masks[r];
    if (!id || !im || !ma) throw new HccError('E_INPUT', `${path}: row ${r + 1} has an empty patient_id, image or mask`, { issues: [issueError('missing_value', ['manifest', r + 1], 'patient_id, image and mask are required')] });
    if (seen.has(id)) throw new HccError('E_INPUT', `${path}: patient_id "${id}" appears twice`, { issues: [issueError('duplicate_id', ['manifest', r + 1, 'patient_id'], `duplicate patient_id ${id}`)] });
    seen.add(id);
    out.push({ id, imagePath: isAbsolute(im) ? im : resolve(base, im), maskPath: isAbsolute(ma) ? ma : resolve(base, ma) });
  }
  if (out.length === 0) throw new HccError('E_INPUT', `${path}: the manifest lists no case`);
  return out;
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A wide feature table: one row per successful case (`patient_id`, then one column per feature in order
 * of first appearance), values at full precision; a feature undefined for a case is an empty cell.
 */
export function featureTableCsv(results: readonly RadiomicsCaseResult[]): string {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const r of results) for (const k of Object.keys(r.features)) if (!seen.has(k)) (seen.add(k), ids.push(k));
  const lines = [['patient_id', ...ids].map(csvCell).join(',')];
  for (const r of results) {
    if (!r.ok) continue;
    lines.push([csvCell(r.id), ...ids.map((k) => (k in r.features ? String(r.features[k]) : ''))].join(','));
  }
  return lines.join('\n') + '\n';
}

function resolveSettings(f: RadiomicsFlags, mode: RadiomicsMode): unknown {
  if (mode === 'pyradiomics') {
    if (f.config) throw optionError('--config', '--config names IBSI presets; use --settings with --mode pyradiomics', 'no --config', f.config);
    const raw = f.settings ? readJsonFile(f.settings, '--settings') : {};
    resolvePyRadiomicsSettings(raw);
    return raw;
  }
  let raw: RadiomicsSettingsInput;
  if (f.settings) raw = readJsonFile(f.settings, '--settings') as RadiomicsSettingsInput;
  else if (f.config) {
    const preset = (IBSI_PRESETS as Record<string, RadiomicsSettingsInput>)[f.config === 'phantom' ? 'phantom' : f.config.toUpperCase()];
    if (!preset) throw optionError('--config', `unknown IBSI configuration "${f.config}"`, 'phantom, A, B, C, D or E', f.config);
    raw = preset;
  } else throw optionError('--settings', 'give --settings <file> or --config <A..E|phantom>', 'one of --settings, --config');
  if (f.families) raw = { ...(raw as object), families: f.families.split(',').map((s) => s.trim()).filter(Boolean) } as RadiomicsSettingsInput;
  return resolveRadiomicsSettings(raw);
}

function failure(r: RadiomicsCaseResult): HccError {
  const code = (r.error?.code ?? 'E_INTERNAL') as HccError['code'];
  return new HccError(code, `case ${r.id}: ${r.error?.message ?? 'failed'}`);
}

/** `mmf radiomics`: IBSI or PyRadiomics-mode features of one image + ROI mask, or of a whole cohort manifest. */
export function register(program: Command): void {
  program
    .command('radiomics')
    .argument('[image]', 'image volume (NIfTI .nii / .nii.gz, or NRRD); same as --image')
    .argument('[mask]', 'ROI mask on the same grid (non-zero = ROI unless the settings name a label); same as --mask')
    .description(
      'Compute radiomic features of one ROI or of every case of a manifest. IBSI mode (default): morphology, local intensity, intensity statistics, intensity histogram, intensity-volume histogram and the texture families, ' +
        'processed (interpolation, rounding, partial-volume threshold, re-segmentation, discretisation) as a settings file or an IBSI preset says. PyRadiomics mode: its 107 default features and conventions. ' +
        'One case prints feature id, IBSI code and value (text) or everything with diagnostics (--json); --out writes a feature table CSV (patient_id + one column per feature). ' +
        'A manifest (CSV: patient_id,image,mask) is extracted in parallel on worker threads with a progress bar on stderr; a failing case is reported with its error code and left out of the table. ' +
        'An empty mask is an E_INPUT error; features undefined for a tiny ROI (e.g. one voxel) are left empty, never NaN.',
    )
    .option('--image <file>', 'image volume (instead of the first positional argument)')
    .option('--mask <file>', 'ROI mask (instead of the second positional argument)')
    .option('--manifest <csv>', 'cohort manifest: columns patient_id,image,mask (paths relative to the manifest)')
    .option('--settings <file>', 'JSON settings file (IBSI: RadiomicsSettingsSchema; pyradiomics: its settings object); keep it with the study')
    .option('--config <name>', 'IBSI 1 preset: phantom, A, B, C, D or E (ignored when --settings is given)')
    .option('--mode <mode>', 'ibsi or pyradiomics', 'ibsi')
    .option('--families <list>', 'IBSI mode: comma-separated families, overriding the settings (e.g. morphology,statistics)')
    .option('--out <file>', 'write the feature table CSV here (default for --manifest: stdout)')
    .option('--id <name>', 'patient_id of a single case in the table (default: image file name)')
    .option('--threads <n>', 'worker threads for --manifest (default: one per core)')
    .option('--no-progress', 'no progress bar on stderr')
    .option('--json', 'write JSON (full precision, with settings and diagnostics)')
    .option('--digits <n>', 'significant digits in the text table', '6')
    .addHelpText(
      'after',
      '\nExamples:\n  mmf radiomics --image ct.nii.gz --mask gtv.nii.gz --settings study-radiomics.json --out features.csv\n' +
        '  mmf radiomics --manifest cohort.csv --settings study-radiomics.json --out features.csv\n' +
        '  mmf radiomics ct.nii.gz gtv.nii.gz --config C\n  mmf radiomics ct.nrrd mask.nrrd --mode pyradiomics --json > features.json',
    )
    .action(async (imageArg: string | undefined, maskArg: string | undefined, f: RadiomicsFlags) => {
      if (f.mode !== 'ibsi' && f.mode !== 'pyradiomics') throw optionError('--mode', `unknown mode "${f.mode}"`, 'ibsi or pyradiomics', f.mode);
      const mode: RadiomicsMode = f.mode;
      const imagePath = f.image ?? imageArg;
      const maskPath = f.mask ?? maskArg;
      if (f.manifest && (imagePath || maskPath)) throw optionError('--manifest', 'give either --manifest or an image and a mask, not both', '--manifest alone');
      if (!f.manifest && (!imagePath || !maskPath)) throw optionError('--image', 'give an image and a mask (--image, --mask) or --manifest <csv>', '--image and --mask, or --manifest');
      if (mode === 'pyradiomics' && f.families) throw optionError('--families', '--families applies to IBSI mode', 'no --families with --mode pyradiomics');
      let threads: number | undefined;
      if (f.threads !== undefined) {
        threads = Number(f.threads);
        if (!Number.isInteger(threads) || threads < 1) throw optionError('--threads', 'threads must be a positive integer', 'integer ≥ 1', f.threads);
      }
      const settings = resolveSettings(f, mode);

      if (f.manifest) {
        const cases = readRadiomicsManifest(f.manifest);
        const t0 = performance.now();
        const results = await extractRadiomicsCohort(
          cases.map((job) => ({ job, mode, settings })),
          { threads, onProgress: f.progress ? cohortProgress() : undefined },
        );
        const failed = results.filter((r) => !r.ok);
        for (const r of failed) process.stderr.write(`mmf radiomics: case ${r.id} failed: ${r.error?.code} ${r.error?.message}\n`);
        if (failed.length === results.length) throw new HccError(failed[0].error!.code as HccError['code'], `every case failed (first: ${failed[0].id}: ${failed[0].error?.message})`);
        if (f.json) {
          emit(f, { mode, settings, cases: results, elapsedMs: performance.now() - t0 }, []);
        } else {
          const csv = featureTableCsv(results);
          if (f.out) writeFileSync(f.out, csv);
          else process.stdout.write(csv);
        }
        process.stderr.write(`mmf radiomics: ${results.length - failed.length}/${results.length} cases extracted in ${((performance.now() - t0) / 1000).toFixed(1)} s${f.out ? ` -> ${f.out}` : ''}\n`);
        return;
      }

      const id = f.id ?? basename(imagePath!).replace(/\.(nii\.gz|nii|nrrd|nhdr)$/i, '');
      if (f.out) {
        const r = runRadiomicsCase({ job: { id, imagePath: resolve(imagePath!), maskPath: resolve(maskPath!) }, mode, settings });
        if (!r.ok) throw failure(r);
        writeFileSync(f.out, featureTableCsv([r]));
        process.stderr.write(`mmf radiomics: ${Object.keys(r.features).length} features of ${id} -> ${f.out}${r.undefinedFeatures.length ? ` (${r.undefinedFeatures.length} undefined for this ROI, left empty)` : ''}\n`);
        return;
      }
      const img = readImageFile(imagePath!);
      const msk = readImageFile(maskPath!);
      if (mode === 'pyradiomics') {
        const r = extractPyRadiomics(img, msk, settings);
        const rows = Object.entries(r.features).filter(([, v]) => Number.isFinite(v)).map(([k, v]) => [k, v]);
        const notes = r.undefinedFeatures.length ? [`undefined for this ROI (NaN in PyRadiomics, left out): ${r.undefinedFeatures.join(', ')}`] : [];
        emit(f, r, [{ title: `${rows.length} features (PyRadiomics mode)`, columns: ['feature', 'value'], rows }], notes);
        return;
      }
      const s = settings as RadiomicsSettings;
      const result = extractFeatures(img, msk, s);
      const d = result.diagnostics.roi;
      emit(
        f,
        result,
        [{ title: `${result.features.length} features`, columns: ['feature', 'IBSI code', 'value'], rows: result.features.map((x) => [x.id, x.ibsiCode, x.value]) }],
        [
          `${s.name ?? 'radiomics'}: ${d.resegmented.morphologicalMaskVoxels} ROI voxels (morphological), ${d.resegmented.intensityMaskVoxels} after re-segmentation, grid ${d.resegmented.shape.join('x')} at ${d.resegmented.spacingMm.map((v) => +v.toFixed(4)).join('x')} mm`,
        ],
      );
    });
}
