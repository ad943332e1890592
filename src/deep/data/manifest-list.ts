import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { StudyCohort } from '../../io/index.js';
import type { PatientList, PatientListRow } from './patient-list.js';

/** Days per month used by the manifest reader (365.25 / 12). */
const DAYS_PER_MONTH = 30.4375;

/**
 * A patient list from a study manifest read by io's `readManifest`: ids from `patient_id`, phase
 * images from `image_<phase>`, the tumour mask from `mask_<maskPhase>` (default: the middle phase, e.g.
 * portal_venous; masks of the other phases are assumed to be on the same grid), OS/PFS converted from
 * the manifest's months to days, and the split (training / internal_validation / external_test).
 * @throws HccError `E_INPUT` (`missing_value`) when a patient lacks an image or the mask.
 */
export function patientListFromCohort(cohort: StudyCohort, maskPhase?: string): { list: PatientList; phases: string[] } {
  const phases = [...cohort.descriptor.phases];
  const mp = maskPhase ?? phases[Math.floor(phases.length / 2)];
  const t = cohort.table;
  const cell = (col: string, i: number) => t.cells.get(col)?.[i] ?? null;
  const num = (col: string, i: number) => {
    const c = cell(col, i);
    return c === null ? Number.NaN : Number(c);
  };
  const hasPfs = t.cells.has('pfs_time') && t.cells.has('pfs_event') && Array.from({ length: t.nRows }, (_, i) => cell('pfs_time', i) !== null).every(Boolean);
  const hasOs = t.cells.has('os_time') && t.cells.has('os_event');
  const issues: Issue[] = [];
  const rows: PatientListRow[] = [];
  for (let i = 0; i < t.nRows; i++) {
    const id = cell('patient_id', i) ?? `row${i + 1}`;
    const phasePaths: Record<string, string> = {};
    for (const p of phases) {
      const path = cell(`image_${p}`, i);
      if (path === null) issues.push(issueError('missing_value', ['row', i + 1, `image_${p}`], `patient ${id}: no ${p} image`));
      else phasePaths[p] = path;
    }
    const mask = cell(`mask_${mp}`, i);
    if (mask === null) issues.push(issueError('missing_value', ['row', i + 1, `mask_${mp}`], `patient ${id}: no ${mp} mask`));
    rows.push({
      id,
      phasePaths,
      maskPath: mask ?? '',
      ...(hasOs ? { os: { time: num('os_time', i) * DAYS_PER_MONTH, event: num('os_event', i) } } : {}),
      ...(hasPfs ? { pfs: { time: num('pfs_time', i) * DAYS_PER_MONTH, event: num('pfs_event', i) } } : {}),
      split: cohort.split[i] ?? null,
    });
  }
  if (issues.length) throw new HccError('E_INPUT', `${cohort.source}: ${issues.length} patient(s) lack images or masks for deep learning`, { issues });
  return { list: { source: cohort.source, rows, hasOs, hasPfs }, phases };
}
