import { createRng } from '../../core/rng.js';
import type { Issue } from '../../core/issues.js';
import { issueWarning } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import { concordanceIndex, cvElasticNetCox, makeFoldIds } from '../../survival/index.js';
import { rowsWithOutcome, survivalOf } from '../cohort-data.js';
import { fitCoxRecord, predictCoxRecord } from '../cox-model.js';
import type { ModelPredictions, OutcomeModelContext } from '../fit-models.js';
import type { ComBatFit } from '../harmonise/combat.js';
import { applyComBat, fitComBat } from '../harmonise/combat.js';
import { canonicalJson } from '../store.js';
import { sha256 } from '../../core/provenance.js';
import type { CohortFeatures } from './extract-cohort.js';
import type { RedundancyStep } from './redundancy.js';
import { filterRedundant } from './redundancy.js';

/** Column the radiomics score is written to before its one-variable Cox calibration fit. */
export const RADIOMICS_SCORE_COLUMN = 'radiomics_score';

/** What the radiomics model learned on training, kept in its fit record. */
export interface RadiomicsFitSummary {
  readonly nTraining: number;
  readonly eventsTraining: number;
  readonly featuresExtracted: number;
  readonly featuresVarying: number;
  readonly featuresAfterRedundancy: number;
  /** Features entering the LASSO (the strongest `maxFeatures` of those after the redundancy filter). */
  readonly featuresInLasso: number;
  readonly combat: { readonly enabled: boolean; readonly adjustment: Readonly<Record<string, string>> | null; readonly iterations: number | null };
  readonly redundancy: readonly RedundancyStep[];
  readonly lasso: { readonly lambda: number; readonly rule: 'min' | '1se' | 'first-non-empty'; readonly nfolds: number; readonly measure: string; readonly cvm: number | null; readonly foldSeed: number };
  /** Selected features with their coefficients (original feature scale): score = Σ β x. */
  readonly selected: readonly { readonly feature: string; readonly coef: number }[];
}

/** Training rows with outcome and every feature, and the feature names present for all of them (sorted); also what the fitted-study export re-derives. */
export function trainingFeatureSet(features: CohortFeatures, trainRows: readonly number[]): { names: string[]; train: number[] } {
  const train = trainRows.filter((r) => features.rows[r] && features.rows[r]!.error === null);
  if (!train.length) return { names: [], train };
  let names = Object.keys(features.rows[train[0]]!.features);
  for (const r of train) {
    const f = features.rows[r]!.features;
    names = names.filter((n) => Number.isFinite(f[n]));
  }
  return { names: names.sort(), train };
}

/**
 * (3) The radiomics comparator for one outcome, fitted on TRAINING rows only: the features present
 * for every training patient; optional ComBat (fitted on training centres, applied to all; unseen
 * centres as the settings say); features without training variation dropped; redundancy filter
 * (|Spearman ρ| > threshold: keep the feature with the higher univariable max(C, 1 − C)); LASSO-Cox
 * (elastic net with the settings' α) with K-fold cross-validation on seeded fixed folds, at
 * lambda.min or lambda.1se (when that model is empty, the largest lambda with a feature, warned);
 * the radiomics score Σ β̂ x is then calibrated by a one-variable Cox fit on training to give
 * survival at the horizons. Patients without features (or with a missing kept feature) are not scored.
 * @see glmnet::cv.glmnet(family = "cox"), sva::ComBat
 */
export function radiomicsModel(ctx: OutcomeModelContext, features: CohortFeatures): ModelPredictions {
  const s = ctx.settings.models.radiomics;
  const featureKey = sha256(canonicalJson(features.rows.map((r) => (r ? [r.patientId, r.error, r.features] : null))));
  const res = ctx.store.memo('model', `${ctx.outcome}/radiomics`, { data: ctx.dataKey, outcome: ctx.outcome, id: 'radiomics', features: featureKey, settings: s, seed: ctx.settings.seed, horizons: ctx.horizonsMonths }, (): ModelPredictions => fitRadiomics(ctx, features));
  ctx.onStep?.(`${ctx.outcome.toUpperCase()} radiomics LASSO-Cox`, res.reused);
  return res.value;
}

function fitRadiomics(ctx: OutcomeModelContext, features: CohortFeatures): ModelPredictions {
  const s = ctx.settings.models.radiomics;
  const warnings: Issue[] = [];
  const { names: all, train } = trainingFeatureSet(features, rowsWithOutcome(ctx.outcomeColumns, ctx.trainingRows));
  const scorable = ctx.allRows.filter((r) => {
    const f = features.rows[r];
    return f !== null && f.error === null && all.every((n) => Number.isFinite(f.features[n]));
  });
  const p0 = all.length;
  // Matrix over scorable rows (train ⊂ scorable).
  const rowPos = new Map(scorable.map((r, k) => [r, k]));
  let x: Float64Array = new Float64Array(scorable.length * p0);
  scorable.forEach((r, k) => all.forEach((n, j) => (x[k * p0 + j] = features.rows[r]!.features[n])));
  const trainPos = train.map((r) => rowPos.get(r)!);
  let combat: ComBatFit | null = null;
  let adjustment: Record<string, string> | null = null;
  if (s.combat.enabled) {
    const centreCells = ctx.table.cells.get('centre');
    const centre = scorable.map((r) => centreCells?.[r] ?? 'unknown');
    combat = fitComBat(x, p0, centre, trainPos, all);
    const applied = applyComBat(combat, x, centre, s.combat.unseenCentres);
    x = applied.x;
    adjustment = { ...applied.adjustment };
    warnings.push(...combat.warnings, ...applied.warnings);
  }
  const data = survivalOf(ctx.outcomeColumns, train);
  // Drop features without variation on training, then order by univariable C.
  const col = (j: number, rows: readonly number[]) => Float64Array.from(rows, (k) => x[k * p0 + j]);
  const varying: number[] = [];
  for (let j = 0; j < p0; j++) {
    const v = col(j, trainPos);
    let lo = Infinity, hi = -Infinity;
    for (const y of v) {
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
    if (hi - lo > 1e-12 * Math.max(1, Math.abs(hi))) varying.push(j);
  }
  const strength = varying.map((j) => {
    const c = concordanceIndex(data, col(j, trainPos));
    return c.ok ? Math.max(c.value.concordance, 1 - c.value.concordance) : 0.5;
  });
  const redundancy = filterRedundant(varying.map((j) => all[j]), varying.map((j) => col(j, trainPos)), strength, s.redundancyRho);
  // redundancy steps come in decreasing strength, so the first maxFeatures kept are the strongest.
  const survivors = redundancy.filter((r) => r.kept).map((r) => r.feature);
  const keptNames = s.maxFeatures > 0 ? survivors.slice(0, s.maxFeatures) : survivors;
  const kept = keptNames.map((n) => all.indexOf(n));
  const p = kept.length;
  const xt = new Float64Array(train.length * p);
  trainPos.forEach((k, i) => kept.forEach((j, q) => (xt[i * p + q] = x[k * p0 + j])));
  const foldSeed = ctx.settings.seed;
  const foldId = makeFoldIds(train.length, s.lasso.nfolds, createRng(foldSeed).fork(`radiomics-${ctx.outcome}`));
  const cv = cvElasticNetCox({ outcome: data, x: xt, covariates: keptNames }, { alpha: s.lasso.alpha, foldId, measure: s.lasso.measure, nlambda: s.lasso.nlambda, lambdaMinRatio: s.lasso.lambdaMinRatio });
  let idx = s.lasso.lambda === 'min' ? cv.indexMin : cv.index1se;
  let rule: RadiomicsFitSummary['lasso']['rule'] = s.lasso.lambda;
  if (cv.fit.df[idx] === 0) {
    const first = Array.from(cv.fit.df).findIndex((d) => d > 0);
    if (first >= 0) {
      idx = first;
      rule = 'first-non-empty';
      warnings.push(issueWarning('not_converged', ['model', `radiomics-${ctx.outcome}`], `cross-validation chose the empty model (lambda.${s.lasso.lambda}); the largest lambda with a feature (${cv.fit.lambda[idx].toPrecision(4)}) is used`));
    }
  }
  const beta = cv.fit.beta[idx];
  const selected = keptNames.map((feature, q) => ({ feature, coef: beta[q] })).filter((f) => f.coef !== 0);
  // Score every scorable row, write it as a column, calibrate with a one-variable Cox on training.
  const scoreCells: (string | null)[] = new Array(ctx.table.nRows).fill(null);
  scorable.forEach((r, k) => {
    let v = 0;
    kept.forEach((j, q) => (v += beta[q] * x[k * p0 + j]));
    scoreCells[r] = String(v);
  });
  const table: Table = { ...ctx.table, columns: [...ctx.table.columns, RADIOMICS_SCORE_COLUMN], cells: new Map([...ctx.table.cells, [RADIOMICS_SCORE_COLUMN, scoreCells]]) };
  const terms = [{ column: RADIOMICS_SCORE_COLUMN, kind: 'numeric' as const }];
  const risk: (number | null)[] = new Array(ctx.table.nRows).fill(null);
  const survival: Record<string, (number | null)[]> = Object.fromEntries(ctx.horizonsMonths.map((h) => [String(h), new Array(ctx.table.nRows).fill(null)]));
  let cox = null;
  if (selected.length) {
    cox = fitCoxRecord(table, train, ctx.outcomeColumns, terms);
    const pred = predictCoxRecord(cox, table, scorable, ctx.horizonsMonths);
    scorable.forEach((r, k) => {
      risk[r] = pred.risk[k];
      for (const h of ctx.horizonsMonths) survival[String(h)][r] = pred.survival[String(h)][k];
    });
    warnings.push(...cox.warnings);
  } else warnings.push(issueWarning('constant_covariate', ['model', `radiomics-${ctx.outcome}`], 'the LASSO selected no radiomic feature; the radiomics model scores nobody'));
  const unscored = ctx.allRows.length - scorable.length;
  if (unscored > 0) warnings.push(issueWarning('missing_value', ['model', 'radiomics'], `${unscored} patient(s) have no (complete) radiomic features and are not scored by the radiomics model`));
  const summary: RadiomicsFitSummary = {
    nTraining: train.length,
    eventsTraining: data.event.reduce((a, e) => a + e, 0),
    featuresExtracted: p0,
    featuresVarying: varying.length,
    featuresAfterRedundancy: survivors.length,
    featuresInLasso: p,
    combat: { enabled: s.combat.enabled, adjustment, iterations: combat?.iterations ?? null },
    redundancy,
    lasso: { lambda: cv.fit.lambda[idx], rule, nfolds: s.lasso.nfolds, measure: s.lasso.measure, cvm: Number.isFinite(cv.cvm[idx]) ? cv.cvm[idx] : null, foldSeed },
    selected,
  };
  return { id: 'radiomics', label: 'Radiomics (LASSO-Cox)', family: 'radiomics', outcome: ctx.outcome, landmarkMonths: null, horizonsMonths: [...ctx.horizonsMonths], risk, survival, fit: { cox, radiomics: summary }, warnings };
}
