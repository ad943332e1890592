import { existsSync, statSync } from 'node:fs';
import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError, issueWarning } from '../../core/issues.js';
import { sha256File } from '../../core/provenance.js';
import type { Table } from '../../core/table.js';
import { assertSameGrid } from '../../core/volume.js';
import { readNifti } from '../../io/index.js';
import type { RadiomicsSettings } from '../../radiomics/index.js';
import { extractFeatures, IBSI_PRESETS, resolveRadiomicsSettings } from '../../radiomics/index.js';
import type { StudyStore } from '../store.js';
import { peritumouralRing, tumourRegion } from './regions.js';
import type { RadiomicsModelSettings } from './settings.js';

/** Features of one patient (or why there are none). */
export interface PatientFeatures {
  readonly patientId: string;
  /** `tumour.<feature id>` and, with a ring, `ring.<feature id>`. */
  readonly features: Readonly<Record<string, number>>;
  readonly tumourVoxels: number;
  readonly ringVoxels: number;
  /** Why the patient has no features (unreadable image, empty mask, grid mismatch); null when extracted. */
  readonly error: string | null;
  /** Distinct non-zero values of the mask (absent in objects stored by earlier versions). */
  readonly maskLabels?: readonly number[];
}

/** Features of every cohort row (null = no image for that row), with the extraction settings. */
export interface CohortFeatures {
  readonly rows: readonly (PatientFeatures | null)[];
  readonly extraction: RadiomicsSettings;
  readonly warnings: readonly Issue[];
  readonly reused: number;
  readonly computed: number;
}

/** The preset with the study's shallow overrides, validated (`E_OPTION` when invalid). */
export function radiomicsExtractionSettings(s: RadiomicsModelSettings): RadiomicsSettings {
  const preset = IBSI_PRESETS[s.preset];
  return resolveRadiomicsSettings({ ...preset, ...s.extraction, input: { ...(preset.input ?? {}), label: null } });
}

function isNifti(path: string): boolean {
  return /\.nii(\.gz)?$/i.test(path) && existsSync(path) && statSync(path).isFile();
}

function extractOne(patientId: string, imagePath: string, maskPath: string, s: RadiomicsModelSettings, extraction: RadiomicsSettings): PatientFeatures {
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

/**
 * Extract radiomic features for every cohort row with an image and a mask of the chosen phase
 * (NIfTI files; DICOM series and DICOM-SEG/RTSTRUCT masks are not read by this stage yet). Each
 * patient's features are one study-store object keyed by the SHA-256 of the image and mask files,
 * the resolved extraction settings, the tumour label and the ring width: nothing is extracted twice,
 * and a changed file or setting gives a new key. A patient whose image cannot be read or whose
 * mask is empty is skipped with a warning naming the patient, or stops the run (`onImageError`).
 */
export function extractCohortFeatures(table: Table, store: StudyStore, s: RadiomicsModelSettings, onPatient?: (done: number, total: number, reused: boolean) => void): CohortFeatures {
  const extraction = radiomicsExtractionSettings(s);
  const ids = table.cells.get('patient_id');
  const images = table.cells.get(`image_${s.phase}`);
  const masks = table.cells.get(`mask_${s.phase}`);
  const warnings: Issue[] = [];
  const rows: (PatientFeatures | null)[] = new Array(table.nRows).fill(null);
  if (!ids || !images || !masks) {
    warnings.push(issueWarning('missing_column', ['radiomics', `image_${s.phase}`], `the cohort has no image_${s.phase} / mask_${s.phase} columns; no radiomic features`));
    return { rows, extraction, warnings, reused: 0, computed: 0 };
  }
  const todo = Array.from({ length: table.nRows }, (_, r) => r).filter((r) => images[r] !== null && masks[r] !== null);
  let reused = 0;
  let computed = 0;
  todo.forEach((r, k) => {
    const pid = ids[r] ?? `row ${r + 1}`;
    const img = images[r]!;
    const msk = masks[r]!;
    let value: PatientFeatures;
    if (!isNifti(img) || !isNifti(msk)) {
      value = { patientId: pid, features: {}, tumourVoxels: 0, ringVoxels: 0, error: `image or mask is not a readable NIfTI file (${!isNifti(img) ? img : msk}); DICOM inputs are not read by the radiomics stage yet` };
      onPatient?.(k + 1, todo.length, false);
    } else {
      const material = { image: sha256File(img), mask: sha256File(msk), extraction, tumourLabel: s.tumourLabel, ringMm: s.peritumouralMm };
      const res = store.memo('radiomics-features', `radiomics/${pid}/${s.phase}`, material, () => extractOne(pid, img, msk, s, extraction));
      value = res.value;
      if (res.reused) reused++;
      else computed++;
      onPatient?.(k + 1, todo.length, res.reused);
    }
    if (value.error !== null) {
      const issue = { expected: 'a readable image with a non-empty tumour mask on the same grid', received: value.error };
      if (s.onImageError === 'stop') throw new HccError('E_INPUT', `radiomics: patient ${pid}: ${value.error}`, { issues: [issueError('empty_mask', ['radiomics', pid], `patient ${pid}: ${value.error}`, issue)] });
      warnings.push(issueWarning('empty_mask', ['radiomics', pid], `patient ${pid} has no radiomic features and is not scored by the radiomics model: ${value.error}`, issue));
    }
    rows[r] = value;
  });
  // With tumourLabel null every non-zero voxel is the region: say so when masks hold several labels
  // (e.g. the synthetic cohort's liver = 1, tumour = 2, thrombus = 3), once for the cohort.
  if (s.tumourLabel === null) {
    const multi = rows.filter((v): v is PatientFeatures => v !== null && (v.maskLabels?.length ?? 0) > 1);
    if (multi.length) warnings.push(issueWarning('multiple_labels', ['settings', 'models', 'radiomics', 'tumourLabel'], `${multi.length} patient mask(s) hold several labels (e.g. ${multi[0].patientId}: ${multi[0].maskLabels!.join(', ')}) and models.radiomics.tumourLabel is null, so radiomic features describe all of them together; set tumourLabel to the tumour's label`, { expected: 'a tumour label when masks hold several structures', received: 'tumourLabel null' }));
  }
  return { rows, extraction, warnings, reused, computed };
}
