import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HccError } from '../core/errors.js';
import type { HccErrorCode } from '../core/errors.js';
import type { DeepDataset } from './dataset.js';
import type { NetworkSpec } from './model/network-spec.js';
import type { Network } from './model/network.js';
import { buildNetwork } from './model/network.js';
import type { ParamSnapshot } from './model/params.js';
import { restoreParams } from './model/params.js';
import type { TrainProgress, TrainResult, TrainSettingsInput } from './train.js';

/** One member's job for a worker. */
export interface ParallelMemberJob {
  readonly member: string;
  readonly train: DeepDataset;
  readonly valid: DeepDataset | null;
  readonly settings: TrainSettingsInput;
}

/** A member trained in a worker: weights as a snapshot plus the training record (`TrainResult` without the live network). */
export interface TrainedMemberRecord extends Omit<TrainResult, 'network'> {
  readonly member: string;
  readonly spec: NetworkSpec;
  readonly snapshot: ParamSnapshot;
}

/** Messages from a worker. */
export type WorkerMessage =
  | { type: 'progress'; member: string; progress: TrainProgress }
  | { type: 'done'; member: string; result: TrainedMemberRecord }
  | { type: 'error'; member: string; code: string; message: string };

/** Options of `trainMembersParallel`. */
export interface ParallelOptions {
  /** Concurrent workers (default: available cores, at most the number of members). */
  readonly workers?: number;
  onProgress?(member: string, p: TrainProgress): void;
  /** Job `index` finished (called as each member finishes, before the others do: a caller can keep it). */
  onDone?(index: number, record: TrainedMemberRecord): void;
  /** Worker script (default: the compiled `train-worker.js` beside this module). */
  readonly workerUrl?: URL;
}

/**
 * Train ensemble members in parallel, one `worker_thread` per core, each running `trainMember` with its
 * own settings (backend, seed); results come back as weight snapshots in job order. Backend-agnostic:
 * every worker initialises the backend named in its settings. Same seeds → same results as serial runs.
 * @throws HccError with the worker's error code when a member fails.
 */
export async function trainMembersParallel(jobs: readonly ParallelMemberJob[], options: ParallelOptions = {}): Promise<TrainedMemberRecord[]> {
  const url = options.workerUrl ?? new URL('./train-worker.js', import.meta.url);
  const limit = Math.max(1, Math.min(options.workers ?? availableParallelism(), jobs.length));
  const results: TrainedMemberRecord[] = new Array(jobs.length);
  let next = 0;
  const runOne = (k: number) =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(url, { workerData: jobs[k] });
      let settled = false;
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') options.onProgress?.(m.member, m.progress);
        else if (m.type === 'done') {
          results[k] = m.result;
          settled = true;
          options.onDone?.(k, m.result);
          void w.terminate().then(() => resolve());
        } else {
          settled = true;
          void w.terminate();
          reject(new HccError(m.code as HccErrorCode, `member ${m.member}: ${m.message}`));
        }
      });
      w.on('error', (e) => {
        if (!settled) reject(new HccError('E_INTERNAL', `member ${jobs[k].member}: worker failed`, { cause: e }));
      });
      w.on('exit', (code) => {
        if (!settled) reject(new HccError('E_INTERNAL', `member ${jobs[k].member}: worker exited with code ${code}`));
      });
    });
  const lanes = Array.from({ length: limit }, async () => {
    while (next < jobs.length) await runOne(next++);
  });
  await Promise.all(lanes);
  return results;
}

/** Rebuild a trained member in this thread (the engine must be initialised). */
export function networkFromRecord(record: TrainedMemberRecord): Network {
  const net = buildNetwork(record.spec, 0);
  restoreParams(net.store, record.snapshot);
  return net;
}
