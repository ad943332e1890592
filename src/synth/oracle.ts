import type { SynthCohort } from './cohort.js';
import { fixed, flag, formatCsv } from './csv-format.js';

/** File name of the oracle; training code must never read it (enforced by test/architecture/oracle-isolation.test.ts). */
export const ORACLE_FILE = 'oracle.csv';

/**
 * oracle.csv: each patient's true linear predictors (clinical part, imaging part, total; OS and
 * PFS, centred on the reference population), the true uncensored event times, and the latent
 * imaging traits, plus the unmeasured log-frailty (in the hazard, not knowable from data). For evaluation only: it tells how much signal a model could at best recover.
 */
export function oracleCsv(c: SynthCohort): string {
  const header = ['patient_id', 'os_lp_clinical', 'os_lp_imaging', 'os_lp_total', 'pfs_lp_clinical', 'pfs_lp_imaging', 'pfs_lp_total', 'os_lp_unmeasured', 'pfs_lp_unmeasured', 'true_death_months', 'true_progression_months', 'censor_months', 'aphe_absent', 'infiltrative_margin', 'rim_enhancement', 'capsule', 'necrosis_fraction', 'heterogeneity'];
  const rows = c.patients.map((p, i) => {
    const l = c.predictors[i];
    const o = c.outcomes[i];
    const t = c.traits[i];
    return [p.id, fixed(l.osClinical, 8), fixed(l.osImaging, 8), fixed(l.osTotal, 8), fixed(l.pfsClinical, 8), fixed(l.pfsImaging, 8), fixed(l.pfsTotal, 8), fixed(l.osUnmeasured, 8), fixed(l.pfsUnmeasured, 8), fixed(o.deathMonths, 4), fixed(o.progressionMonths, 4), fixed(o.censorMonths, 4), flag(t.apheAbsent), flag(t.infiltrativeMargin), flag(t.rimEnhancement), flag(t.capsule), fixed(t.necrosisFraction, 4), fixed(t.heterogeneity, 4)];
  });
  return formatCsv(header, rows);
}
