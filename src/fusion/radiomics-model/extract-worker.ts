// Worker-thread entry of `extractCohortFeaturesParallel`: extracts each posted patient with the same
// `extractPatient` as the serial path and posts the record (or the error, as data) back.
import { parentPort } from 'node:worker_threads';
import type { ExtractReply, ExtractRequest } from './extract-pool.js';
import { errorToData } from './extract-pool.js';
import { extractPatient } from './extract-patient.js';

parentPort?.on('message', (m: ExtractRequest) => {
  let reply: ExtractReply;
  try {
    reply = { id: m.id, ok: true, value: extractPatient(m.job.patientId, m.job.imagePath, m.job.maskPath, m.job.settings, m.job.extraction) };
  } catch (e) {
    reply = { id: m.id, ok: false, error: errorToData(e) };
  }
  parentPort!.postMessage(reply);
});
