import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from '../../core/table.js';
import { parseCsvText } from '../../core/table.js';
import type { ManifestDescriptorInput, VariableSpec } from './schema.js';

/**
 * File names written by `mmf synth` (src/synth/write-cohort.ts). The tabular files are joined by
 * `patient_id`; `images.csv` (patient_id, image_<phase>, mask_<phase>) is joined when present, so
 * the imaging module can add images without changing this reader. A `manifest.json` in the folder
 * takes precedence over this layout.
 */
export const SYNTHETIC_FILES = {
  metadata: 'cohort.json',
  clinical: 'clinical.csv',
  outcomes: 'outcomes.csv',
  followup: 'followup.csv',
  samples: 'samples.csv',
  images: 'images.csv',
  /** Written by `mmf synth` with the CT phantoms: per patient phase NIfTI paths and the mask. */
  imageManifest: 'manifest.csv',
} as const;

const num = (column: string, min?: number, max?: number, label?: string): VariableSpec => ({ column, kind: 'numeric', min, max, required: false, label });
const cat = (column: string, levels?: string[], label?: string): VariableSpec => ({ column, kind: 'categorical', levels, required: false, label });

/** Clinical variables of the synthetic cohort's clinical.csv with their plausible ranges. */
export const SYNTHETIC_VARIABLES: readonly VariableSpec[] = [
  num('age_years', 18, 100, 'Age (years)'),
  cat('sex', ['M', 'F'], 'Sex'),
  cat('aetiology', undefined, 'Aetiology'),
  num('ecog', 0, 4, 'ECOG PS'),
  num('bilirubin_umol_l', 0, 1000, 'Bilirubin (µmol/L)'),
  num('albumin_g_l', 10, 70, 'Albumin (g/L)'),
  num('inr', 0.5, 10, 'INR'),
  cat('ascites', ['none', 'mild', 'moderate-severe'], 'Ascites'),
  cat('encephalopathy', ['none', 'grade-1-2', 'grade-3-4'], 'Encephalopathy'),
  num('child_pugh_score', 5, 15, 'Child-Pugh score'),
  cat('child_pugh_class', ['A', 'B', 'C'], 'Child-Pugh class'),
  num('albi_score', -6, 2, 'ALBI score'),
  num('albi_grade', 1, 3, 'ALBI grade'),
  cat('malbi_grade', ['1', '2a', '2b', '3'], 'mALBI grade'),
  num('afp_ng_ml', 0, 1e8, 'AFP (ng/mL)'),
  num('crp_mg_dl', 0, 100, 'CRP (mg/dL)'),
  num('crafity', 0, 2, 'CRAFITY'),
  num('neutrophils_1e9_l', 0, 100),
  num('lymphocytes_1e9_l', 0, 100),
  num('platelets_1e9_l', 0, 2000),
  num('nlr', 0, 1000, 'NLR'),
  num('plr', 0, 10000, 'PLR'),
  num('tumour_count', 1, 100, 'Tumour count'),
  num('largest_diameter_cm', 0, 40, 'Largest diameter (cm)'),
  num('up_to_seven_within', 0, 1, 'Within up-to-seven'),
  num('mvi', 0, 1, 'Macrovascular invasion'),
  num('vp_grade', 0, 4, 'Vp grade'),
  num('ehs', 0, 1, 'Extrahepatic spread'),
  num('lung_met', 0, 1),
  num('lymph_node_met', 0, 1),
  num('bone_met', 0, 1),
  num('peritoneal_met', 0, 1),
  cat('bclc', ['0', 'A', 'B', 'C', 'D'], 'BCLC stage'),
  cat('regimen', undefined, 'ICI regimen'),
  num('ici_line', 1, 10, 'ICI line'),
  num('prior_tace', 0, 1, 'Prior TACE'),
  num('combined_locoregional', 0, 1, 'Combined locoregional therapy'),
];

/** True when `dir` holds a cohort written by `mmf synth` (its metadata and clinical table). */
export function isSyntheticCohortFolder(dir: string): boolean {
  return existsSync(join(dir, SYNTHETIC_FILES.metadata)) && existsSync(join(dir, SYNTHETIC_FILES.clinical));
}

/**
 * The manifest descriptor of a synthetic cohort folder. Split by centre, as the generator intends
 * its centres: the last centre is the external test (as `mmf synth` marks it), the one before it
 * internal validation, the others training (two centres: the second is external and 30 % of the
 * first, by patient hash, is internal validation). When the folder has the generator's
 * `manifest.csv` (CT phantoms), the images are read as each centre delivered them: the `<phase>_dicom`
 * series folders where written (else `<phase>_nifti`) and the mask as `mask_path` (NIfTI, DICOM-SEG or
 * RTSTRUCT, with its `mask_labels` map; else `mask_nifti`).
 */
export function syntheticManifest(dir: string): ManifestDescriptorInput {
  let meta: { synthetic?: unknown; centres?: unknown; seed?: unknown; config?: { cohortName?: unknown } } = {};
  try {
    meta = JSON.parse(readFileSync(join(dir, SYNTHETIC_FILES.metadata), 'utf8')) as typeof meta;
  } catch {
    // An unreadable metadata file leaves the defaults; the tables are still validated.
  }
  // Variables the clinical table actually has (older or trimmed cohorts may lack some).
  const clinicalText = readFileSync(join(dir, SYNTHETIC_FILES.clinical), 'utf8');
  const header = clinicalText.split(/\r?\n/, 1)[0].split(',').map((h) => h.trim());
  const centres = Array.isArray(meta.centres) ? meta.centres.map(String) : ['C1', 'C2', 'C3', 'C4'];
  const seed = typeof meta.seed === 'number' ? meta.seed : 1;
  const n = centres.length;
  const split = n >= 3
    ? { kind: 'by-centre' as const, training: centres.slice(0, n - 2), internalValidation: [centres[n - 2]], externalTest: [centres[n - 1]], seed }
    : { kind: 'by-centre' as const, training: [centres[0]], externalTest: centres.slice(1), internalValidationFraction: 0.3, seed };
  const joins: NonNullable<ManifestDescriptorInput['joins']> = [
    { path: SYNTHETIC_FILES.outcomes, rename: { os_months: 'os_time', pfs_months: 'pfs_time' } },
    { path: SYNTHETIC_FILES.followup, rename: { scan_weeks: 'followup_weeks' } },
  ];
  if (existsSync(join(dir, SYNTHETIC_FILES.samples))) joins.push({ path: SYNTHETIC_FILES.samples, rename: { sample_id: 'rna_sample_id', centre: 'rna_centre' }, required: false });
  if (existsSync(join(dir, SYNTHETIC_FILES.images))) joins.push({ path: SYNTHETIC_FILES.images, required: true });
  const withImages = !existsSync(join(dir, SYNTHETIC_FILES.images)) && existsSync(join(dir, SYNTHETIC_FILES.imageManifest));
  if (withImages) {
    // Keep the image columns of the generator's manifest under their names (the rest duplicates the
    // tables and is prefixed): NIfTI paths, DICOM series folders, the mask as delivered and its label map.
    const cols = readFileSync(join(dir, SYNTHETIC_FILES.imageManifest), 'utf8').split(/\r?\n/, 1)[0].split(',').map((h) => h.trim());
    const rename: Record<string, string> = {};
    for (const c of cols) if (c !== 'patient_id' && !/_(nifti|dicom)$/.test(c) && c !== 'mask_path' && c !== 'mask_labels') rename[c] = `synth_manifest_${c}`;
    joins.push({ path: SYNTHETIC_FILES.imageManifest, rename, required: true });
  }
  return {
    cohort: typeof meta.config?.cohortName === 'string' ? meta.config.cohortName : 'synthetic',
    synthetic: meta.synthetic === true,
    timeUnit: 'months',
    patients: SYNTHETIC_FILES.clinical,
    joins,
    split,
    // Images as each centre delivered them: DICOM series where the generator wrote them (else the NIfTI
    // copy), masks as NIfTI, DICOM-SEG or RTSTRUCT by centre; the study converts DICOM to NIfTI first.
    ...(withImages ? { columns: { image: '{phase}_dicom', imageFallback: '{phase}_nifti', mask: 'mask_path', maskFallback: 'mask_nifti' } } : {}),
    variables: [...SYNTHETIC_VARIABLES.filter((v) => header.includes(v.column)).map((v) => ({ ...v })), ...addedVariables(clinicalText, header)],
  };
}

/**
 * Columns a user added to a synthetic cohort's clinical.csv (e.g. a label for an auxiliary head, a new
 * candidate variable): kept as optional variables, numeric when every present value parses as a
 * number, categorical otherwise, so settings can name them. Without this they were dropped and a
 * setting naming one was told the column "is not in the cohort".
 */
function addedVariables(text: string, header: readonly string[]): VariableSpec[] {
  const known = new Set<string>(['patient_id', 'centre', ...SYNTHETIC_VARIABLES.map((v) => v.column)]);
  const extra = header.filter((h) => h !== '' && !known.has(h));
  if (extra.length === 0) return [];
  let table: Table;
  try {
    table = parseCsvText(text, SYNTHETIC_FILES.clinical);
  } catch {
    return []; // the manifest reader parses the file again and reports the problem with its row
  }
  return extra.map((h) => {
    const present = (table.cells.get(h) ?? []).filter((v): v is string => v !== null);
    return present.length > 0 && present.every((v) => Number.isFinite(Number(v))) ? num(h) : cat(h);
  });
}
