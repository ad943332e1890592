// One patient's radiomic features and the per-patient rules shared by the serial and the worker-thread
// extraction (store kind, label and key material; unreadable inputs; the skip/stop decision).
import { existsSync, statSync } from 'node:fs';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import { sha256File } from '../../core/provenance.js';
import type { Table } from '../../core/table.js';
import { assertSameGrid } from '../../core/volume.js';
import { readNifti } from '../../io/index.js';
import type { RadiomicsSettings } from '../../radiomics/index.js';
import { extractFeatures } from '../../radiomics/index.js';
import type { PatientFeatures } from './extract-cohort.js';
import { peritumouralRing, tumourRegion } from './regions.js';
import type { RadiomicsModelSettings } from './settings.js';

/** Study-store kind of one patient's features. */
export const PATIENT_FEATURES_KIND = 'radiomics-features';

/** Study-store label of one patient's features. */
export function patientFeaturesLabel(patientId: string, s: RadiomicsModelSettings): string {
  return `radiomics/${patientId}/${s.phase}`;
}

/**
 * Key material of one patient's features: the SHA-256 of the image and mask files, the resolved
 * extraction settings, the tumour label and the ring width. Nothing about how the extraction runs
 * (serially or on worker threads, how many) is part of it.
 */
export function patientFeaturesMaterial(imagePath: string, maskPath: string, s: RadiomicsModelSettings, extraction: RadiomicsSettings): Record<string, unknown> {
  return { image: sha256File(imagePath), mask: sha256File(maskPath), extraction, tumourLabel: s.tumourLabel, ringMm: s.peritumouralMm };
}

/** The image and mask columns of the chosen phase and the rows that name both files; null when a column is missing. */
export function cohortImageRows(table: Table, s: RadiomicsModelSettings): { ids: readonly (string | null)[]; images: readonly (string | null)[]; masks: readonly (string | null)[]; todo: number[] } | null {
  const ids = table.cells.get('patient_id');
  const images = table.cells.get(`image_${s.phase}`);
  const masks = table.cells.get(`mask_${s.phase}`);
  if (!ids || !images || !masks) return null;
  const todo = Array.from({ length: table.nRows }, (_, r) => r).filter((r) => images[r] !== null && masks[r] !== null);
  return { ids, images, masks, todo };
}

/** Why a path is not a readable NIfTI file ('does not exist', 'is a folder', …), or null when it is one. */
function notNifti(path: string): string | null {
  if (!existsSync(path)) return 'does not exist';
  if (!statSync(path).isFile()) return 'is a folder, not a NIfTI file';
  if (!/\.nii(\.gz)?$/i.test(path)) return 'is not a NIfTI file (.nii / .nii.gz)';
  return null;
}

/**
 * The featureless record of a patient whose image or mask is not a readable NIfTI file; null when both
 * are. The stages read NIfTI: DICOM series and SEG / RTSTRUCT masks are converted before extraction
 * (`mmf study`, `mmf extract`, `mmf predict --images`), so a path that still is not NIfTI here is
 * missing or of another format; the error names which of the two and why.
 */
export function unreadablePatient(patientId: string, imagePath: string, maskPath: string): PatientFeatures | null {
  const image = notNifti(imagePath);
  const mask = image === null ? notNifti(maskPath) : null;
  if (image === null && mask === null) return null;
  return { patientId, features: {}, tumourVoxels: 0, ringVoxels: 0, error: image !== null ? `the image ${imagePath} ${image}` : `the mask ${maskPath} ${mask}` };
}

/**
 * Features of one patient's tumour (and ring). An `E_INPUT` / `E_IO` failure (unreadable file, grid
 * mismatch, empty mask) becomes the record's `error`; any other error is thrown.
 */
export function extractPatient(patientId: string, imagePath: string, maskPath: string, s: RadiomicsModelSettings, extraction: RadiomicsSettings): PatientFeatures {
  try {
    const image = readNifti(imagePath).volume;
    const mask = readNifti(maskPath).volume;
    assertSameGrid(image, mask, {}, `${patientId}: image and mask`);
    const tumour = tumourRegion(mask, s.tumourLabel);
    const features: Record<string, number> = {};
    const tumourVoxels = tumour.data.reduce((a, v) => a + v, 0);
    for (const f of extractFeatures(image, tumour, extraction).features) features[`tumour.${f.id}`] = f.value;
    let ringVoxels = 0;
    if (s.peritumouralMm > 0) {
      const ring = peritumouralRing(tumour, s.peritumouralMm);
      ringVoxels = ring.data.reduce((a, v) => a + v, 0);
      if (ringVoxels > 0) for (const f of extractFeatures(image, ring, extraction).features) features[`ring.${f.id}`] = f.value;
    }
    const labels = new Set<number>();
    for (const v of mask.data) if (v !== 0) labels.add(v);
    return { patientId, features, tumourVoxels, ringVoxels, error: null, maskLabels: [...labels].sort((a, b) => a - b) };
  } catch (err) {
    if (err instanceof HccError && (err.code === 'E_INPUT' || err.code === 'E_IO')) return { patientId, features: {}, tumourVoxels: 0, ringVoxels: 0, error: err.message };
    throw err;
  }
}

/** Whether a patient's record stops the run (`onImageError: 'stop'` and no features). */
export function stopsRun(value: PatientFeatures, s: RadiomicsModelSettings): boolean {
  return value.error !== null && s.onImageError === 'stop';
}

/**
 * Apply `onImageError` to a patient without features: throw `E_INPUT` (`stop`) or add an
 * `empty_mask` warning naming the patient (`skip`). Nothing happens for a patient with features.
 */
export function handlePatientError(value: PatientFeatures, patientId: string, s: RadiomicsModelSettings, warnings: Issue[]): void {
  if (value.error === null) return;
  const issue = { expected: 'a readable image with a non-empty tumour mask on the same grid', received: value.error };
  if (s.onImageError === 'stop') throw new HccError('E_INPUT', `radiomics: patient ${patientId}: ${value.error}`, { issues: [issueError('empty_mask', ['radiomics', patientId], `patient ${patientId}: ${value.error}`, issue)] });
  warnings.push(issueWarning('empty_mask', ['radiomics', patientId], `patient ${patientId} has no radiomic features and is not scored by the radiomics model: ${value.error}`, issue));
}

/** Cohort warnings once every patient is done: with tumourLabel null, masks holding several labels. */
export function cohortFeatureWarnings(rows: readonly (PatientFeatures | null)[], s: RadiomicsModelSettings): Issue[] {
  // With tumourLabel null every non-zero voxel is the region: say so when masks hold several labels
  // (e.g. the synthetic cohort's liver = 1, tumour = 2, thrombus = 3), once for the cohort.
  if (s.tumourLabel !== null) return [];
  const multi = rows.filter((v): v is PatientFeatures => v !== null && (v.maskLabels?.length ?? 0) > 1);
  if (!multi.length) return [];
  return [issueWarning('multiple_labels', ['settings', 'models', 'radiomics', 'tumourLabel'], `${multi.length} patient mask(s) hold several labels (e.g. ${multi[0].patientId}: ${multi[0].maskLabels!.join(', ')}) and models.radiomics.tumourLabel is null, so radiomic features describe all of them together; set tumourLabel to the tumour's label`, { expected: 'a tumour label when masks hold several structures', received: 'tumourLabel null' })];
}

/** The warning of a cohort without the phase's image / mask columns. */
export function missingImageColumnsWarning(s: RadiomicsModelSettings): Issue {
  return issueWarning('missing_column', ['radiomics', `image_${s.phase}`], `the cohort has no image_${s.phase} / mask_${s.phase} columns; no radiomic features`);
}
