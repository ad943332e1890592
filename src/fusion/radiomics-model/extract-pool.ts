// A small pool of worker threads running `extractPatient` (extract-worker.ts), fed one patient at a
// time in submission order; used by `extractCohortFeaturesParallel`.
import { Worker } from 'node:worker_threads';
import { HccError } from '../../core/errors.js';
import type { HccErrorCode } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import type { RadiomicsSettings } from '../../radiomics/index.js';
import type { PatientFeatures } from './extract-cohort.js';
import type { RadiomicsModelSettings } from './settings.js';

/** One patient for a worker. */
export interface PatientJob {
  readonly patientId: string;
  readonly imagePath: string;
  readonly maskPath: string;
  readonly settings: RadiomicsModelSettings;
  readonly extraction: RadiomicsSettings;
}

/** An error thrown in a worker, as data (an `HccError` keeps its code, message and issues). */
export interface WorkerError {
  readonly code: HccErrorCode | null;
  readonly name: string;
  readonly message: string;
  readonly issues: readonly Issue[];
}

/** Message to a worker. */
export interface ExtractRequest {
  readonly id: number;
  readonly job: PatientJob;
}

/** Message from a worker. */
export type ExtractReply = { readonly id: number; readonly ok: true; readonly value: PatientFeatures } | { readonly id: number; readonly ok: false; readonly error: WorkerError };

/** The outcome of one job: the patient's record, or the error that stopped it (never rejected). */
export type JobOutcome = { readonly ok: true; readonly value: PatientFeatures } | { readonly ok: false; readonly error: Error };

/** A pool of extraction workers. */
export interface ExtractPool {
  /** Queue a patient; the promise always resolves (failures are outcomes). */
  submit(job: PatientJob): Promise<JobOutcome>;
  /** Start no further job: queued ones resolve as cancelled; jobs already in a worker finish. */
  cancel(): void;
  /** Cancel, wait for the jobs in workers, and end the workers. */
  close(): Promise<void>;
}

/** Rebuild a worker's error: an `HccError` with the same code, message and issues (`E_INTERNAL` for any other error). */
export function errorFromWorker(e: WorkerError, patientId: string): HccError {
  if (e.code !== null) return new HccError(e.code, e.message, { issues: e.issues });
  return new HccError('E_INTERNAL', `radiomics: patient ${patientId}: ${e.name}: ${e.message}`);
}

/** An error as data for `postMessage`. */
export function errorToData(e: unknown): WorkerError {
  if (e instanceof HccError) return { code: e.code, name: e.name, message: e.message, issues: e.issues };
  const err = e instanceof Error ? e : new Error(String(e));
  return { code: null, name: err.name, message: err.message, issues: [] };
}

interface Pending {
  readonly id: number;
  readonly job: PatientJob;
  readonly resolve: (o: JobOutcome) => void;
}

interface Slot {
  readonly worker: Worker;
  busy: Pending | null;
  dead: boolean;
}

/**
 * Open a pool of at most `maxWorkers` threads running the worker script at `url`. Workers start on
 * demand (never more than the jobs submitted) and take the next queued job when they finish one.
 * A worker that dies fails its job (`E_INTERNAL`) and cancels the queue.
 */
export function openExtractPool(url: URL, maxWorkers: number): ExtractPool {
  const slots: Slot[] = [];
  const inFlight = new Set<Promise<JobOutcome>>();
  let queue: Pending[] = [];
  let nextId = 0;
  let cancelled = false;
  let closing = false;
  const cancelledOutcome = (job: PatientJob): JobOutcome => ({ ok: false, error: new HccError('E_INTERNAL', `radiomics: patient ${job.patientId}: extraction cancelled`) });

  const feed = (slot: Slot): void => {
    if (slot.dead || slot.busy || cancelled || queue.length === 0) return;
    const p = queue.shift()!;
    slot.busy = p;
    slot.worker.postMessage({ id: p.id, job: p.job } satisfies ExtractRequest);
  };
  const cancel = (): void => {
    cancelled = true;
    const q = queue;
    queue = [];
    for (const p of q) p.resolve(cancelledOutcome(p.job));
  };
  const fail = (slot: Slot, error: HccError): void => {
    if (slot.dead) return;
    slot.dead = true;
    const b = slot.busy;
    slot.busy = null;
    if (b) b.resolve({ ok: false, error: new HccError('E_INTERNAL', `radiomics: patient ${b.job.patientId}: ${error.message}`, { cause: error }) });
    cancel();
  };
  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(url), busy: null, dead: false };
    slot.worker.on('message', (m: ExtractReply) => {
      const b = slot.busy;
      if (!b || b.id !== m.id) return;
      slot.busy = null;
      b.resolve(m.ok ? { ok: true, value: m.value } : { ok: false, error: errorFromWorker(m.error, b.job.patientId) });
      feed(slot);
    });
    slot.worker.on('error', (e) => fail(slot, new HccError('E_INTERNAL', `radiomics worker failed: ${e.message}`, { cause: e })));
    slot.worker.on('exit', (code) => {
      if (!closing) fail(slot, new HccError('E_INTERNAL', `radiomics worker exited with code ${code}`));
    });
    slots.push(slot);
    return slot;
  };

  return {
    submit(job) {
      if (cancelled) return Promise.resolve(cancelledOutcome(job));
      const promise = new Promise<JobOutcome>((resolve) => queue.push({ id: nextId++, job, resolve }));
      inFlight.add(promise);
      void promise.then(() => inFlight.delete(promise));
      const idle = slots.find((x) => !x.dead && !x.busy);
      if (idle) feed(idle);
      else if (slots.length < maxWorkers) feed(spawn());
      return promise;
    },
    cancel,
    async close() {
      cancel();
      await Promise.all([...inFlight]);
      closing = true;
      await Promise.all(slots.map((x) => x.worker.terminate()));
    },
  };
}
