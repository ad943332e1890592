import type { SynthCohort } from '../cohort.js';
import { formatCsv } from '../csv-format.js';
import type { ImageConfig } from './image-config.js';
import type { MaskFormat, PatientImageFiles } from './write-patient-images.js';
import { dicomCentreOf, writePatientImages } from './write-patient-images.js';

/** Progress of image writing, reported after each patient. */
export interface SynthProgress {
  readonly done: number;
  readonly total: number;
  readonly patientId: string;
  /** Milliseconds since image writing started. */
  readonly elapsedMs: number;
}

/** Options of {@link writeCohortImages}. */
export interface WriteCohortImagesOptions {
  readonly images?: ImageConfig;
  readonly onProgress?: (p: SynthProgress) => void;
}

/** Summary of the images written. */
export interface CohortImagesResult {
  readonly patients: readonly PatientImageFiles[];
  readonly files: number;
  readonly bytes: number;
  readonly dicomPatients: number;
  readonly maskFormats: Readonly<Record<MaskFormat, number>>;
  readonly externalCentre: string;
  readonly dicomCentre: string | null;
  readonly elapsedMs: number;
}

/** Names of the tabular files the manifest points to (relative to the cohort folder). */
export interface ManifestRefs {
  readonly clinical: string;
  readonly outcomes: string;
  readonly followUp: string;
  /** null when no RNA-seq was generated. */
  readonly counts: string | null;
}

/** File name of the manifest. */
export const MANIFEST_FILE = 'manifest.csv';

/** Mask label table as written in the manifest. */
export const MANIFEST_MASK_LABELS = '1=liver;2=tumour;3=thrombus';

/**
 * Render and write every patient's images (see `writePatientImages`), calling `onProgress` after
 * each. Patients are independent (own streams), so the files do not depend on the order or on
 * which other patients are written.
 */
export function writeCohortImages(c: SynthCohort, dir: string, options: WriteCohortImagesOptions = {}): CohortImagesResult {
  const images = options.images ?? c.config.images;
  const t0 = performance.now();
  const rows: PatientImageFiles[] = [];
  for (let i = 0; i < c.patients.length; i++) {
    rows.push(writePatientImages(c, i, dir, images));
    options.onProgress?.({ done: i + 1, total: c.patients.length, patientId: c.patients[i].id, elapsedMs: performance.now() - t0 });
  }
  const maskFormats: Record<MaskFormat, number> = { nifti: 0, 'dicom-seg': 0, rtstruct: 0 };
  for (const r of rows) maskFormats[r.maskFormat]++;
  const ids = c.clinicalModel.centres.map((ct) => ct.id);
  return {
    patients: rows,
    files: rows.reduce((a, r) => a + r.files, 0),
    bytes: rows.reduce((a, r) => a + r.bytes, 0),
    dicomPatients: rows.filter((r) => r.dicom !== null).length,
    maskFormats,
    externalCentre: ids[ids.length - 1],
    dicomCentre: dicomCentreOf(c, images),
    elapsedMs: performance.now() - t0,
  };
}

/**
 * manifest.csv: one row per patient with its centre, split (`external` for the last centre, else
 * `development`), the NIfTI and DICOM paths of each phase, the mask path and format, the mask's
 * label table, the tabular files and the RNA-seq sample id (NA when none). Paths are relative to
 * the cohort folder. Documented in docs/synthetic-cohort.md ("Manifest").
 */
export function manifestCsv(c: SynthCohort, res: CohortImagesResult, refs: ManifestRefs): string {
  const sample = new Map<string, string>();
  if (c.rnaseq) c.rnaseq.patientIds.forEach((pid, k) => sample.set(pid, c.rnaseq!.sampleIds[k]));
  const header = ['patient_id', 'centre', 'split', 'arterial_nifti', 'portal_venous_nifti', 'delayed_nifti', 'arterial_dicom', 'portal_venous_dicom', 'delayed_dicom', 'mask_path', 'mask_format', 'mask_nifti', 'mask_labels', 'clinical_file', 'outcomes_file', 'followup_file', 'counts_file', 'rnaseq_sample_id', 'synthetic'];
  const rows = res.patients.map((r) => [
    r.patientId, r.centre, r.centre === res.externalCentre ? 'external' : 'development',
    r.nifti.arterial, r.nifti.portal_venous, r.nifti.delayed,
    r.dicom?.arterial ?? null, r.dicom?.portal_venous ?? null, r.dicom?.delayed ?? null,
    r.maskPath, r.maskFormat, r.maskNifti, MANIFEST_MASK_LABELS,
    refs.clinical, refs.outcomes, refs.followUp, sample.has(r.patientId) ? refs.counts : null, sample.get(r.patientId) ?? null, 1,
  ]);
  return formatCsv(header, rows);
}
