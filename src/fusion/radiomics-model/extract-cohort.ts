import type { Issue } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import type { RadiomicsSettings } from '../../radiomics/index.js';
import { IBSI_PRESETS, resolveRadiomicsSettings } from '../../radiomics/index.js';
import type { StudyStore } from '../store.js';
import { cohortFeatureWarnings, cohortImageRows, extractPatient, handlePatientError, missingImageColumnsWarning, PATIENT_FEATURES_KIND, patientFeaturesLabel, patientFeaturesMaterial, unreadablePatient } from './extract-patient.js';
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

/**
 * Extract radiomic features for every cohort row with an image and a mask of the chosen phase
 * (NIfTI files; DICOM series and DICOM-SEG/RTSTRUCT masks are not read by this stage yet). Each
 * patient's features are one study-store object keyed by the SHA-256 of the image and mask files,
 * the resolved extraction settings, the tumour label and the ring width: nothing is extracted twice,
 * and a changed file or setting gives a new key. A patient whose image cannot be read or whose
 * mask is empty is skipped with a warning naming the patient, or stops the run (`onImageError`).
 * Runs in this thread; `extractCohortFeaturesParallel` gives the same result on worker threads.
 */
export function extractCohortFeatures(table: Table, store: StudyStore, s: RadiomicsModelSettings, onPatient?: (done: number, total: number, reused: boolean) => void): CohortFeatures {
  const extraction = radiomicsExtractionSettings(s);
  const warnings: Issue[] = [];
  const rows: (PatientFeatures | null)[] = new Array(table.nRows).fill(null);
  const cohort = cohortImageRows(table, s);
  if (!cohort) return { rows, extraction, warnings: [missingImageColumnsWarning(s)], reused: 0, computed: 0 };
  const { ids, images, masks, todo } = cohort;
  let reused = 0;
  let computed = 0;
  todo.forEach((r, k) => {
    const pid = ids[r] ?? `row ${r + 1}`;
    const img = images[r]!;
    const msk = masks[r]!;
    let value = unreadablePatient(pid, img, msk);
    if (value) onPatient?.(k + 1, todo.length, false);
    else {
      const res = store.memo(PATIENT_FEATURES_KIND, patientFeaturesLabel(pid, s), patientFeaturesMaterial(img, msk, s, extraction), () => extractPatient(pid, img, msk, s, extraction));
      value = res.value;
      if (res.reused) reused++;
      else computed++;
      onPatient?.(k + 1, todo.length, res.reused);
    }
    handlePatientError(value, pid, s, warnings);
    rows[r] = value;
  });
  warnings.push(...cohortFeatureWarnings(rows, s));
  return { rows, extraction, warnings, reused, computed };
}
