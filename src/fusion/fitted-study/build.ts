import { sha256 } from '../../core/provenance.js';
import { VERSION } from '../../core/version.js';
import type { StudyCohort } from '../../io/index.js';
import type { StudySettings } from '../settings.js';
import { canonicalJson } from '../store.js';
import { coxRecordOf, exportCoxModel } from './export-cox.js';
import type { StudyModelFits } from './fit-study-models.js';
import type { FittedCoxModel, FittedStudy, NotExported } from './types.js';
import { FITTED_STUDY_FORMAT, FITTED_STUDY_VERSION } from './types.js';

/** SHA-256 of the canonical JSON of resolved settings (the hash recorded in a fitted study). */
export function settingsHash(settings: StudySettings): string {
  return sha256(canonicalJson(settings));
}

/**
 * Build the fitted-study record from the training fits: every Cox-type model without a landmark
 * (clinical benchmark, clinical scores, imaging score, MMF Cox) is exported; the others are listed
 * in `notExported` with the reason (the forest is not stored; radiomics needs the image pipeline,
 * ComBat and the LASSO features of a new patient; mRECIST is a landmark model scored from the
 * response at the landmark).
 */
export function buildFittedStudy(cohort: StudyCohort, settings: StudySettings, fits: StudyModelFits): FittedStudy {
  const models: FittedCoxModel[] = [];
  const notExported: NotExported[] = [];
  for (const o of fits.outcomes) {
    for (const m of o.models) {
      const rec = coxRecordOf(m);
      if (m.family === 'mrecist') notExported.push({ outcome: o.outcome, model: m.id, reason: 'landmark model: scored from the mRECIST response at the landmark, times counted from the landmark' });
      else if (m.family === 'radiomics') notExported.push({ outcome: o.outcome, model: m.id, reason: 'needs radiomic features of the new patient (image pipeline, ComBat, LASSO selection); not yet exported' });
      else if (!rec) notExported.push({ outcome: o.outcome, model: m.id, reason: m.id === 'mmf-rsf' ? 'random survival forests are not stored for prediction yet' : 'not a Cox model' });
      else models.push(exportCoxModel(m, rec, fits.table, o.trainingRows, o.outcomeColumns, fits.candidates, settings.evaluation.cutoff));
    }
  }
  return {
    format: FITTED_STUDY_FORMAT,
    version: FITTED_STUDY_VERSION,
    createdAt: new Date().toISOString(),
    software: { package: 'mmf-hcc', version: VERSION, node: process.version },
    cohort: { name: cohort.name, synthetic: cohort.synthetic, source: cohort.source, counts: cohort.counts, inputs: cohort.inputs, contentHash: fits.dataKey },
    settingsHash: settingsHash(settings),
    settings,
    timeUnit: 'months',
    patientIdColumn: 'patient_id',
    models,
    notExported,
  };
}
