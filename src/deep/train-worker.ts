// Worker-thread entry of `trainMembersParallel`: trains one member and posts progress and the result.
import { parentPort, workerData } from 'node:worker_threads';
import { snapshotParams } from './model/params.js';
import type { ParallelMemberJob, WorkerMessage } from './parallel.js';
import { trainMember } from './train.js';

async function run(): Promise<void> {
  const job = workerData as ParallelMemberJob;
  const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(m, transfer);
  try {
    const res = await trainMember(job.train, job.valid, job.settings, { onProgress: (p) => post({ type: 'progress', member: job.member, progress: p }) });
    const snapshot = snapshotParams(res.network.store);
    post(
      {
        type: 'done',
        member: job.member,
        result: {
          member: job.member,
          spec: res.network.spec,
          settings: res.settings,
          snapshot,
          history: res.history,
          bestEpoch: res.bestEpoch,
          bestValidC: res.bestValidC,
          stoppedEarly: res.stoppedEarly,
          inputHashes: res.inputHashes,
          samplesPerSecond: res.samplesPerSecond,
          durationMs: res.durationMs,
          backend: res.backend,
        },
      },
      snapshot.values.map((v) => v.buffer as ArrayBuffer),
    );
  } catch (e) {
    const err = e as { code?: string; message?: string };
    post({ type: 'error', member: job.member, code: err.code ?? 'E_INTERNAL', message: err.message ?? String(e) });
  }
}

void run();
