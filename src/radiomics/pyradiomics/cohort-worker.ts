/** Worker-thread entry of `extractCohortParallel`: runs each posted job and posts its result back. */
import { parentPort } from 'node:worker_threads';
import type { CohortJob } from './cohort.js';
import { runCohortJob } from './cohort.js';

parentPort?.on('message', (m: { index: number; job: CohortJob }) => {
  parentPort!.postMessage({ index: m.index, result: runCohortJob(m.job) });
});
