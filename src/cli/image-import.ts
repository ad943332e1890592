// The study commands' DICOM import step: DICOM series folders and SEG / RTSTRUCT masks → NIfTI once.
import type { CohortImagesImport, StudyCohort } from '../io/index.js';
import { importCohortImages } from '../io/index.js';
import { stepProgress } from './progress.js';
import { formatIssue } from '../core/issues.js';

/** One line saying what the DICOM import did (converted, reused, left out, where). */
export function imageImportNote(imp: Pick<CohortImagesImport, 'dicomPatients' | 'converted' | 'reused' | 'shared' | 'leftOut' | 'dir'>): string {
  return `DICOM import: ${imp.dicomPatients} patient(s) with DICOM inputs, ${imp.converted} series/mask(s) converted${imp.shared > 0 ? `, ${imp.shared} mask(s) shared by phases on one grid converted once` : ''}${imp.reused - imp.shared > 0 ? `, ${imp.reused - imp.shared} converted by an earlier run and reused` : ''} in ${imp.dir}${imp.leftOut.length ? `; left out: ${imp.leftOut.join(', ')}` : ''}`;
}

/**
 * The cohort with its DICOM series folders and SEG / RTSTRUCT masks converted to NIfTI in
 * `<out>/state/images` (`importCohortImages`; the same files and paths as `mmf study`), warnings to
 * stderr; `E_INPUT` with every issue when a patient's inputs cannot be converted, unless `skipInvalid`.
 */
export async function importStudyImages(cohort: StudyCohort, out: string, skipInvalid = false, progress = false): Promise<{ cohort: StudyCohort; note: string | null }> {
  const imp = await importCohortImages(cohort, out, { onInvalidRow: skipInvalid ? 'skip' : 'stop', onProgress: progress ? stepProgress('DICOM import') : undefined });
  for (const w of imp.warnings) process.stderr.write(formatIssue(w) + '\n');
  return { cohort: imp.cohort, note: imp.dicomPatients > 0 ? imageImportNote(imp) : null };
}
