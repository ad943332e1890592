/**
 * Whole-cohort PyRadiomics-mode extraction across worker threads (one per core by default), with a
 * progress callback. Each job names an image and a mask file (NRRD or NIfTI, chosen by extension).
 */
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HccError } from '../../core/errors.js';
import type { Volume } from '../../core/volume.js';
import { readNifti, readNrrd } from '../../io/index.js';
import { extractPyRadiomics } from './extract.js';

/** One case of a cohort. */
export interface CohortJob {
  readonly id: string;
  readonly imagePath: string;
  readonly maskPath: string;
  /** PyRadiomics settings (validated in the worker). */
  readonly settings?: Record<string, unknown>;
}

/** The outcome of one job: features, or the error that stopped it. */
export interface CohortJobResult {
  readonly id: string;
  readonly ok: boolean;
  readonly features?: Readonly<Record<string, number>>;
  readonly undefinedFeatures?: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
  /** Read + extract wall time, ms. */
  readonly ms: number;
}

/** Progress after each finished job. */
export interface CohortProgress {
  readonly done: number;
  readonly total: number;
  readonly last: CohortJobResult;
}

/** Read an image volume from a `.nrrd`/`.nhdr` or NIfTI file. */
export function readImageFile(path: string): Volume {
  return /\.(nrrd|nhdr)$/i.test(path) ? readNrrd(path).volume : readNifti(path).volume;
}

/** Run one job in this thread (what each worker does). */
export function runCohortJob(job: CohortJob): CohortJobResult {
  const t0 = performance.now();
  try {
    const r = extractPyRadiomics(readImageFile(job.imagePath), readImageFile(job.maskPath), job.settings ?? {});
    return { id: job.id, ok: true, features: r.features, undefinedFeatures: r.undefinedFeatures, ms: performance.now() - t0 };
  } catch (e) {
    const code = e instanceof HccError ? e.code : 'E_INTERNAL';
    return { id: job.id, ok: false, error: { code, message: (e as Error).message }, ms: performance.now() - t0 };
  }
}

/**
 * Extract every job on `threads` worker threads (default: one per core), calling `onProgress` after
 * each job. Results come back in job order; a failing case is reported in its result, never thrown.
 * Needs the compiled worker (`cohort-worker.js` beside this module, i.e. the built package).
 */
export async function extractCohortParallel(jobs: readonly CohortJob[], options: { threads?: number; onProgress?: (p: CohortProgress) => void } = {}): Promise<CohortJobResult[]> {
  const threads = Math.max(1, Math.min(options.threads ?? cpus().length, jobs.length));
  const results: CohortJobResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const workerUrl = new URL('./cohort-worker.js', import.meta.url);
  const runWorker = (): Promise<void> =>
    new Promise((resolveWorker, reject) => {
      const w = new Worker(workerUrl);
      const feed = (): void => {
        if (next >= jobs.length) {
          void w.terminate().then(() => resolveWorker());
          return;
        }
        const i = next++;
        w.postMessage({ index: i, job: jobs[i] });
      };
      w.on('message', (m: { index: number; result: CohortJobResult }) => {
        results[m.index] = m.result;
        done++;
        options.onProgress?.({ done, total: jobs.length, last: m.result });
        feed();
      });
      w.on('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: threads }, runWorker));
  return results;
}
