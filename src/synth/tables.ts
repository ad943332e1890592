import type { SynthCohort } from './cohort.js';
import { hasEhs, hasMvi } from './clinical.js';
import { fixed, flag, formatCsv } from './csv-format.js';

/** clinical.csv: one row per patient, the baseline variables a study's clinical table holds. */
export function clinicalCsv(c: SynthCohort): string {
  const header = ['patient_id', 'centre', 'age_years', 'sex', 'aetiology', 'ecog', 'bilirubin_umol_l', 'albumin_g_l', 'inr', 'ascites', 'encephalopathy', 'child_pugh_score', 'child_pugh_class', 'albi_score', 'albi_grade', 'malbi_grade', 'afp_ng_ml', 'crp_mg_dl', 'crafity', 'neutrophils_1e9_l', 'lymphocytes_1e9_l', 'platelets_1e9_l', 'nlr', 'plr', 'tumour_count', 'largest_diameter_cm', 'up_to_seven_within', 'mvi', 'vp_grade', 'ehs', 'lung_met', 'lymph_node_met', 'bone_met', 'peritoneal_met', 'bclc', 'regimen', 'ici_line', 'prior_tace', 'combined_locoregional'];
  const rows = c.patients.map((p) => [
    p.id, p.centre, p.ageYears, p.sex, p.aetiology, p.ecog, fixed(p.bilirubinUmolPerL, 1), fixed(p.albuminGPerL, 1), fixed(p.inr, 2), p.ascites, p.encephalopathy,
    p.childPugh.score, p.childPugh.childPughClass, fixed(p.albi.score, 4), p.albi.grade, p.albi.mAlbiGrade, fixed(p.afpNgPerMl, 1), fixed(p.crpMgPerDl, 2), p.crafity,
    fixed(p.neutrophils, 2), fixed(p.lymphocytes, 2), p.platelets, fixed(p.nlr, 3), fixed(p.plr, 2), p.tumourCount, fixed(p.largestDiameterCm, 1), flag(p.upToSevenWithin),
    flag(hasMvi(p)), p.vp, flag(hasEhs(p)), flag(p.ehs.lung), flag(p.ehs.lymphNode), flag(p.ehs.bone), flag(p.ehs.peritoneum), p.bclc, p.regimen, p.line, flag(p.priorTace), flag(p.combinedLocoregional),
  ]);
  return formatCsv(header, rows);
}

/** outcomes.csv: observed OS and PFS (months from ICI start; event 1 = death / progression-or-death). */
export function outcomesCsv(c: SynthCohort): string {
  const rows = c.patients.map((p, i) => {
    const o = c.outcomes[i];
    return [p.id, fixed(o.osMonths, 3), o.osEvent, fixed(o.pfsMonths, 3), o.pfsEvent, o.pfsEventType];
  });
  return formatCsv(['patient_id', 'os_months', 'os_event', 'pfs_months', 'pfs_event', 'pfs_event_type'], rows);
}

/** followup.csv: baseline and first follow-up target sums with mRECIST / RECIST 1.1 categories. */
export function followUpCsv(c: SynthCohort): string {
  const n = (v: number | null) => (v === null ? null : fixed(v, 1));
  const b = (v: boolean | null) => (v === null ? null : flag(v));
  const rows = c.followUps.map((f) => [f.patientId, fixed(f.scanWeeks, 1), f.notEvaluableReason, f.targetCount, n(f.baselineViableSumMm), n(f.baselineWholeSumMm), n(f.followUpViableSumMm), n(f.followUpWholeSumMm), b(f.newLesion), f.nonTarget, f.mrecistTarget, f.mrecist, f.recistTarget, f.recist]);
  return formatCsv(['patient_id', 'scan_weeks', 'not_evaluable_reason', 'target_count', 'baseline_viable_sum_mm', 'baseline_whole_sum_mm', 'followup_viable_sum_mm', 'followup_whole_sum_mm', 'new_lesion', 'non_target', 'mrecist_target', 'mrecist', 'recist_target', 'recist'], rows);
}

/** samples.csv: RNA-seq sample sheet (sample → patient, centre as batch, library size). */
export function samplesCsv(c: SynthCohort): string {
  const r = c.rnaseq;
  if (!r) return formatCsv(['sample_id', 'patient_id', 'centre', 'library_size'], []);
  const centreOf = new Map(c.patients.map((p) => [p.id, p.centre]));
  return formatCsv(['sample_id', 'patient_id', 'centre', 'library_size'], r.sampleIds.map((s, k) => [s, r.patientIds[k], centreOf.get(r.patientIds[k]) ?? null, r.librarySizes[k]]));
}

/** counts.csv: genes × samples integer matrix (first column gene_id), the layout DESeq2 reads. */
export function countsCsv(c: SynthCohort): string {
  const r = c.rnaseq;
  if (!r) return formatCsv(['gene_id'], []);
  const nG = r.genes.length;
  const lines = [['gene_id', ...r.sampleIds].join(',')];
  for (let g = 0; g < nG; g++) {
    const row: (string | number)[] = [r.genes[g]];
    for (let s = 0; s < r.sampleIds.length; s++) row.push(r.counts[s * nG + g]);
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
