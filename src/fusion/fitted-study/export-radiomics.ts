import { HccError } from '../../core/errors.js';
import type { Table } from '../../core/table.js';
import { rowsWithOutcome } from '../cohort-data.js';
import type { CoxFitRecord } from '../cox-model.js';
import type { ModelPredictions } from '../fit-models.js';
import { fitComBat } from '../harmonise/index.js';
import type { CohortFeatures, RadiomicsFitSummary } from '../radiomics-model/index.js';
import { radiomicsExtractionSettings, RADIOMICS_SCORE_COLUMN, trainingFeatureSet } from '../radiomics-model/index.js';
import type { StudySettings } from '../settings.js';
import { exportCoxModel } from './export-cox.js';
import type { OutcomeFits } from './fit-study-models.js';
import { radiomicsScoreOf } from './radiomics-score.js';
import type { FittedComBat, FittedInput, FittedRadiomicsModel, FittedRadiomicsPipeline } from './types.js';

/** Cohort column the study reads the ComBat batch (centre) from. */
export const RADIOMICS_CENTRE_COLUMN = 'centre';

/** The radiomics fit summary and calibration Cox record of a study model, or null (any other model). */
export function radiomicsRecordOf(m: ModelPredictions): { summary: RadiomicsFitSummary; cox: CoxFitRecord | null } | null {
  const f = m.fit as { cox?: CoxFitRecord | null; radiomics?: RadiomicsFitSummary } | null;
  return f && f.radiomics ? { summary: f.radiomics, cox: f.cox ?? null } : null;
}

/**
 * Reduce the study's radiomics model (LASSO-Cox on IBSI features) to a {@link FittedRadiomicsModel}:
 * the selected features and their LASSO coefficients (from the stored fit summary), the ComBat
 * parameters of those features when harmonisation was on (ComBat is refitted on the same training
 * patients and ALL their features, as the study fits it: its empirical-Bayes priors pool the
 * features; deterministic), the extraction settings, and the one-variable Cox calibration of the
 * score exported as a Cox model. The pipeline must reproduce every training patient's stored risk
 * (relative 1e-9), else `E_INTERNAL` (a stale study store). Null when the LASSO selected nothing
 * (the study scores nobody with the model then).
 */
export function exportRadiomicsModel(m: ModelPredictions, o: OutcomeFits, table: Table, features: CohortFeatures, settings: StudySettings): FittedRadiomicsModel | null {
  const rec = radiomicsRecordOf(m);
  if (!rec) throw new HccError('E_INTERNAL', `${m.outcome}/${m.id} is not a radiomics model`);
  if (!rec.cox || !rec.summary.selected.length) return null;
  const s = settings.models.radiomics;
  const stale = (what: string) => new HccError('E_INTERNAL', `${m.outcome}/${m.id}: the exported radiomics pipeline does not reproduce the study's ${what}; the study store may be stale`);
  // the training rows and feature names of the study's fit, derived as `radiomicsModel` derives them
  const { names, train } = trainingFeatureSet(features, rowsWithOutcome(o.outcomeColumns, o.trainingRows));
  if (train.length !== rec.summary.nTraining || names.length !== rec.summary.featuresExtracted) throw stale(`training set (${rec.summary.nTraining} patients, ${rec.summary.featuresExtracted} features)`);
  const selected = rec.summary.selected.map((f) => ({ feature: f.feature, coef: f.coef }));
  const idx = selected.map((f) => names.indexOf(f.feature));
  if (idx.some((j) => j < 0)) throw stale('selected features');
  const centreCells = table.cells.get(RADIOMICS_CENTRE_COLUMN);
  const centreOf = (r: number) => centreCells?.[r] ?? 'unknown';
  let combat: FittedComBat | null = null;
  if (s.combat.enabled) {
    const p0 = names.length;
    const x = new Float64Array(train.length * p0);
    train.forEach((r, k) => names.forEach((n, j) => (x[k * p0 + j] = features.rows[r]!.features[n])));
    const fit = fitComBat(x, p0, train.map(centreOf), train.map((_, k) => k), names);
    combat = {
      centreColumn: RADIOMICS_CENTRE_COLUMN,
      unseenCentres: s.combat.unseenCentres,
      alpha: idx.map((j) => fit.alpha[j]),
      sigma: idx.map((j) => fit.sigma[j]),
      centres: fit.batches.map((b) => ({ centre: b.centre, n: b.n, gammaStar: idx.map((j) => b.gammaStar[j]), deltaStar2: idx.map((j) => b.deltaStar2[j]) })),
    };
  }
  const extraction = radiomicsExtractionSettings(s);
  const pipeline: FittedRadiomicsPipeline = {
    scoreColumn: RADIOMICS_SCORE_COLUMN,
    selected,
    combat,
    extraction: { phase: s.phase, imageColumn: `image_${s.phase}`, maskColumn: `mask_${s.phase}`, settings: s, resolved: extraction },
    lasso: { lambda: rec.summary.lasso.lambda, rule: rec.summary.lasso.rule, featuresExtracted: rec.summary.featuresExtracted, featuresInLasso: rec.summary.featuresInLasso },
  };
  // The training patients' scores through the exported pipeline: the calibration Cox fit is rebuilt
  // from them, and their linear predictors must be the study's.
  const scoreCells: (string | null)[] = new Array(table.nRows).fill(null);
  for (const r of train) {
    const score = radiomicsScoreOf(pipeline, selected.map((f) => features.rows[r]!.features[f.feature]), centreOf(r));
    scoreCells[r] = String(score);
    const lp = (score - rec.cox.means[0]) * rec.cox.coef[0];
    const stored = m.risk[r];
    if (stored === null || stored === undefined || Math.abs(lp - stored) > 1e-9 * Math.max(1, Math.abs(stored))) throw stale(`risk of training row ${r + 1} (${String(stored)} vs ${lp})`);
  }
  const scored: Table = { ...table, columns: [...table.columns, RADIOMICS_SCORE_COLUMN], cells: new Map([...table.cells, [RADIOMICS_SCORE_COLUMN, scoreCells]]) };
  const cox = exportCoxModel(m, rec.cox, scored, train, o.outcomeColumns, [], settings.evaluation.cutoff);
  const inputs: FittedInput[] = selected.map((f) => ({ column: f.feature, modelColumn: f.feature, kind: 'numeric', transform: 'none' }));
  if (combat) inputs.push({ column: combat.centreColumn, modelColumn: combat.centreColumn, kind: 'factor', transform: 'none' });
  return { ...cox, kind: 'radiomics', inputs, radiomics: pipeline };
}
