// `extractCohortFeatures` on worker threads: same records, store objects, warnings, progress and
// skip/stop behaviour as the serial path, patients extracted concurrently.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import type { StudyStore } from '../store.js';
import type { CohortFeatures, PatientFeatures } from './extract-cohort.js';
import { extractCohortFeatures, radiomicsExtractionSettings } from './extract-cohort.js';
import type { JobOutcome } from './extract-pool.js';
import { openExtractPool } from './extract-pool.js';
import { cohortFeatureWarnings, cohortImageRows, extractPatient, handlePatientError, PATIENT_FEATURES_KIND, patientFeaturesLabel, patientFeaturesMaterial, stopsRun, unreadablePatient } from './extract-patient.js';
import type { RadiomicsModelSettings } from './settings.js';

/** Options of `extractCohortFeaturesParallel`. */
export interface ParallelExtractionOptions {
  /** Worker threads: null / absent = `os.availableParallelism()`; 1 = in this thread (`extractCohortFeatures`). */
  readonly workers?: number | null;
  /** After each patient, in cohort order, as in the serial path. */
  readonly onPatient?: (done: number, total: number, reused: boolean) => void;
  /** Worker script (default: the compiled `extract-worker.js` beside this module). */
  readonly workerUrl?: URL;
}

/** The worker count asked for: null / undefined = available cores; `E_OPTION` unless a positive integer. */
export function radiomicsWorkerCount(workers: number | null | undefined): number {
  if (workers === null || workers === undefined) return availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new HccError('E_OPTION', `radiomics workers must be a positive integer, got ${workers}`, { issues: [issueError('bad_option', ['radiomics', 'workers'], 'worker threads must be a positive integer', { expected: 'an integer >= 1 (or null = available cores)', received: String(workers) })] });
  }
  return workers;
}

/** A patient's outcome: its record (stored) or the error the serial path would have thrown. */
type Settled = { readonly ok: true; readonly value: PatientFeatures; readonly reused: boolean; readonly stored: boolean } | { readonly ok: false; readonly error: unknown };

interface Entry {
  readonly row: number;
  readonly patientId: string;
  readonly settled: Settled | Promise<Settled>;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * `extractCohortFeatures` with the patients to extract spread over worker threads (one per core by
 * default, never more than the patients to extract). The result is the serial one: the same records
 * in the same rows, read from or written to the same study-store objects (the worker count is not
 * part of any key), the same warnings, `onPatient` once per patient in cohort order, and with
 * `onImageError: 'stop'` the same `E_INPUT` error for the first patient without features (an error
 * thrown while extracting a patient is rethrown with its code, message and issues). Patients
 * finished before a stop or a failure are stored, so a rerun reuses them. The main thread hashes
 * the files and reads reused patients from the store; workers only extract.
 *
 * Runs serially, with no error, when `workers` is 1 or the worker script is missing: the worker is
 * the compiled `extract-worker.js`, so from TypeScript sources (vitest, tsx) this is the serial path
 * unless `workerUrl` names a loadable worker.
 * @throws HccError `E_OPTION` for a worker count that is not a positive integer.
 */
export async function extractCohortFeaturesParallel(table: Table, store: StudyStore, s: RadiomicsModelSettings, options: ParallelExtractionOptions = {}): Promise<CohortFeatures> {
  const workers = radiomicsWorkerCount(options.workers);
  const url = options.workerUrl ?? new URL('./extract-worker.js', import.meta.url);
  const cohort = cohortImageRows(table, s);
  if (workers <= 1 || !cohort || cohort.todo.length < 2 || !existsSync(fileURLToPath(url))) return extractCohortFeatures(table, store, s, options.onPatient);
  const extraction = radiomicsExtractionSettings(s);
  const { ids, images, masks, todo } = cohort;
  const pool = openExtractPool(url, workers);
  // Set when a patient will stop the run: no later patient is started. A patient known here (unreadable,
  // or read from the store) stops the loop below; one finished by a worker also cancels the queue,
  // which then holds only patients after it (jobs start in cohort order). Every patient before the
  // first failure in cohort order is therefore extracted, and that failure is the serial one.
  let halted = false;
  const halt = (queued: boolean): void => {
    halted = true;
    if (queued) pool.cancel();
  };
  const entries: Entry[] = [];
  try {
    for (const r of todo) {
      if (halted) break;
      const patientId = ids[r] ?? `row ${r + 1}`;
      const img = images[r]!;
      const msk = masks[r]!;
      const unreadable = unreadablePatient(patientId, img, msk);
      if (unreadable) {
        entries.push({ row: r, patientId, settled: { ok: true, value: unreadable, reused: false, stored: false } });
        if (stopsRun(unreadable, s)) halt(false);
        continue;
      }
      const label = patientFeaturesLabel(patientId, s);
      let material: Record<string, unknown>;
      try {
        material = patientFeaturesMaterial(img, msk, s, extraction);
      } catch (error) {
        // e.g. a file that cannot be read for hashing: thrown at this patient, as serially
        entries.push({ row: r, patientId, settled: { ok: false, error } });
        halt(false);
        continue;
      }
      const memo = (compute: () => PatientFeatures): Settled => {
        try {
          const res = store.memo(PATIENT_FEATURES_KIND, label, material, compute);
          return { ok: true, value: res.value, reused: res.reused, stored: true };
        } catch (error) {
          return { ok: false, error };
        }
      };
      const settle = (o: Settled, queued: boolean): Settled => {
        if (!o.ok || stopsRun(o.value, s)) halt(queued);
        return o;
      };
      if (store.has(store.keyOf(PATIENT_FEATURES_KIND, material))) {
        // Reused from the store here (an unreadable stored object is recomputed in this thread, as serially).
        entries.push({ row: r, patientId, settled: settle(memo(() => extractPatient(patientId, img, msk, s, extraction)), false) });
        continue;
      }
      const job = pool.submit({ patientId, imagePath: img, maskPath: msk, settings: s, extraction });
      // Stored as soon as the worker is done, whatever happens to the run afterwards.
      entries.push({ row: r, patientId, settled: job.then((o: JobOutcome) => settle(o.ok ? memo(() => o.value) : { ok: false, error: o.error }, true)) });
      await yieldToEventLoop();
    }
    const warnings: Issue[] = [];
    const rows: (PatientFeatures | null)[] = new Array(table.nRows).fill(null);
    let reused = 0;
    let computed = 0;
    for (const [k, e] of entries.entries()) {
      const o = await e.settled;
      if (!o.ok) throw o.error;
      if (o.stored) {
        if (o.reused) reused++;
        else computed++;
      }
      options.onPatient?.(k + 1, todo.length, o.reused);
      handlePatientError(o.value, e.patientId, s, warnings);
      rows[e.row] = o.value;
    }
    if (entries.length !== todo.length) throw new HccError('E_INTERNAL', `radiomics: ${todo.length - entries.length} patient(s) were not extracted`);
    warnings.push(...cohortFeatureWarnings(rows, s));
    return { rows, extraction, warnings, reused, computed };
  } finally {
    pool.cancel();
    await Promise.all(entries.map((e) => e.settled));
    await pool.close();
  }
}
