import { dcmjs, toArrayBuffer } from '../dicom/dcmjs-api.js';
import type { DeidentifiedDataset, PatientKeys } from './deidentify-dataset.js';
import { deidentifyDataset, deidentifyMeta } from './deidentify-dataset.js';

/**
 * De-identify a whole Part-10 file (header and meta group; pixel data copied unchanged) and
 * return the new file's bytes with what was done. See `deidentifyDataset`.
 */
export function deidentifyDicomBytes(bytes: Uint8Array, keys: PatientKeys): DeidentifiedDataset & { bytes: Uint8Array } {
  const { DicomMessage, DicomDict } = dcmjs();
  const read = DicomMessage.readFile(toArrayBuffer(bytes));
  const result = deidentifyDataset(read.dict, keys);
  const out = new DicomDict(deidentifyMeta(read.meta, keys));
  out.dict = result.dict;
  return { ...result, bytes: new Uint8Array(out.write()) };
}
