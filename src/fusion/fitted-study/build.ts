import { buildFingerprint } from '../../core/build-id.js';
import { sha256 } from '../../core/provenance.js';
import { VERSION } from '../../core/version.js';
import type { StudyCohort } from '../../io/index.js';
import type { StudySettings } from '../settings.js';
import { canonicalJson } from '../store.js';
import { coxRecordOf, exportCoxModel } from './export-cox.js';
import type { StudyModelFits } from './fit-study-models.js';
import { exportForestModel, forestSummaryOf } from './export-forest.js';
import { exportLandmarkModel } from './export-landmark.js';
import { exportRadiomicsModel } from './export-radiomics.js';
import type { FittedModel, FittedStudy, NotExported } from './types.js';
import { FITTED_STUDY_FORMAT, FITTED_STUDY_VERSION } from './types.js';

/** SHA-256 of the canonical JSON of resolved settings (the hash recorded in a fitted study). */
export function settingsHash(settings: StudySettings): string {
  return sha256(canonicalJson(settings));
}

/**
 * Build the fitted-study record from the training fits: every Cox-type model (clinical benchmark,
 * clinical scores, imaging score, MMF Cox, and the mRECIST landmark model with its landmark, scored
 * from the response category and the scan week) and the MMF random survival forest
 * (`mmf-rsf`, refitted and serialised with its trees, on the MMF Cox model's terms) and the
 * radiomics model (selected features, LASSO coefficients, ComBat parameters, extraction settings and
 * the Cox calibration of its score) are exported; the others are listed in `notExported` with the
 * reason (a radiomics model whose LASSO selected no feature scores nobody).
 */
export function buildFittedStudy(cohort: StudyCohort, settings: StudySettings, fits: StudyModelFits): FittedStudy {
  const models: FittedModel[] = [];
  const notExported: NotExported[] = [];
  for (const o of fits.outcomes) {
    for (const m of o.models) {
      const rec = coxRecordOf(m);
      if (m.family === 'mrecist') {
        const l = exportLandmarkModel(m, fits.table, o.trainingRows, o.outcomeColumns, settings.evaluation.cutoff);
        if (l) models.push(l);
        else notExported.push({ outcome: o.outcome, model: m.id, reason: 'a landmark model without its Cox fit or landmark' });
      }
      else if (m.family === 'radiomics') {
        const r = fits.features ? exportRadiomicsModel(m, o, fits.table, fits.features, settings) : null;
        if (r) models.push(r);
        else notExported.push({ outcome: o.outcome, model: m.id, reason: fits.features ? 'the LASSO selected no radiomic feature: the model scores nobody' : 'no radiomic features were extracted' });
      }
      else if (forestSummaryOf(m)) {
        // the forest and the MMF Cox model share their terms (fit-models `imagingAndMmfModels`)
        const cox = o.models.find((c) => c.id === 'mmf-cox');
        const terms = cox ? coxRecordOf(cox)?.terms : undefined;
        if (m.id === 'mmf-rsf' && terms) models.push(exportForestModel(m, terms, fits.table, o.trainingRows, o.outcomeColumns, fits.candidates, settings.evaluation.cutoff));
        else notExported.push({ outcome: o.outcome, model: m.id, reason: 'a forest whose design terms are not recorded' });
      } else if (!rec) notExported.push({ outcome: o.outcome, model: m.id, reason: 'not a Cox model' });
      else models.push(exportCoxModel(m, rec, fits.table, o.trainingRows, o.outcomeColumns, fits.candidates, settings.evaluation.cutoff));
    }
  }
  return {
    format: FITTED_STUDY_FORMAT,
    version: FITTED_STUDY_VERSION,
    createdAt: new Date().toISOString(),
    software: { package: 'mmf-hcc', version: VERSION, build: buildFingerprint(), node: process.version },
    cohort: { name: cohort.name, synthetic: cohort.synthetic, source: cohort.source, counts: cohort.counts, inputs: cohort.inputs, contentHash: fits.dataKey },
    settingsHash: settingsHash(settings),
    settings,
    timeUnit: 'months',
    patientIdColumn: 'patient_id',
    models,
    notExported,
  };
}
