// Scoring the checked rows of one fitted model: encode, linear predictor or forest risk, risk group,
// S(h | x) at each horizon.
import { HccError } from '../../core/errors.js';
import type { Table } from '../../core/table.js';
import { applyDesign, predictSurvivalForest, survivalConfidenceBand } from '../../survival/index.js';
import { stepIndex } from '../cox-model.js';
import { fittedForestOf, fittedSurvivalAt } from './fitted-survival.js';
import type { PatientPrediction } from './predict-types.js';
import { radiomicsScoreOf } from './radiomics-score.js';
import type { FittedCoxModel, FittedForestModel, FittedModel, FittedRadiomicsModel } from './types.js';

/** The checked input cells of one model: per model column, one cell per table row (null where unchecked). */
export type CheckedCells = Map<string, (string | null)[]>;

const groupOf = (m: FittedModel, risk: number): string | null => (m.riskGroups ? m.riskGroups.labels[m.riskGroups.cutoffs.filter((cut) => risk > cut).length] : null);

/** The radiomics score column of the checked rows `good` (raw feature cells → ComBat → Σ β x). */
function radiomicsScoreTable(m: FittedRadiomicsModel, cells: CheckedCells, good: readonly number[], nRows: number, source: string): Table {
  const score: (string | null)[] = new Array(nRows).fill(null);
  const centres = m.radiomics.combat ? cells.get(m.radiomics.combat.centreColumn)! : null;
  for (const r of good) {
    const raw = m.radiomics.selected.map((f) => Number(cells.get(f.feature)![r]));
    score[r] = String(radiomicsScoreOf(m.radiomics, raw, centres ? centres[r] : null));
  }
  return { source, columns: [m.radiomics.scoreColumn], nRows, cells: new Map([[m.radiomics.scoreColumn, score]]) };
}

/**
 * Forest predictions of the encoded rows `x`: risk Σ_t Ĥ(t | x) and S(h | x) = exp(−Ĥ(h | x)) with
 * Ĥ the right-continuous step function on the training death times (S = 1 before the first), exactly
 * as the study scores its non-training patients (`fitForestPredictions`); no CI.
 */
function forestRows(m: FittedForestModel, x: Float64Array, ids: readonly string[]): PatientPrediction[] {
  const pred = predictSurvivalForest(fittedForestOf(m), x);
  const times = Array.from(pred.time);
  const T = times.length;
  const out: PatientPrediction[] = [];
  ids.forEach((id, c) => {
    const risk = pred.risk[c];
    const group = groupOf(m, risk);
    for (const h of m.horizonsMonths) {
      const j = stepIndex(times, h);
      const survival = Math.exp(-(j < 0 ? 0 : pred.chf[c * T + j]));
      out.push({ patientId: id, outcome: m.outcome, model: m.id, linearPredictor: risk, riskGroup: group, horizonMonths: h, landmarkMonths: null, survival, lower95: null, upper95: null, stdErrCumhaz: null });
    }
  });
  return out;
}

/** Cox predictions of the encoded rows `x`: lp = (x − means)'β̂, S(h | x) with its CI on the log scale. */
function coxRows(m: FittedCoxModel | FittedRadiomicsModel, x: Float64Array, ids: readonly string[], confLevel: number): PatientPrediction[] {
  const p = m.design.p;
  const out: PatientPrediction[] = [];
  ids.forEach((id, c) => {
    let lp = 0;
    const dx = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      dx[j] = x[c * p + j] - m.means[j];
      lp += (x[c * p + j] - m.means[j]) * m.coef[j];
    }
    const group = groupOf(m, lp);
    const s = m.horizonsMonths.map((h) => fittedSurvivalAt(m, dx, lp, h));
    const band = survivalConfidenceBand(s.map((v) => v.survival), s.map((v) => v.stdErrCumhaz), 'log', confLevel);
    m.horizonsMonths.forEach((h, k) => {
      const before = s[k].before;
      out.push({ patientId: id, outcome: m.outcome, model: m.id, linearPredictor: lp, riskGroup: group, horizonMonths: h, landmarkMonths: m.landmark?.months ?? null, survival: s[k].survival, lower95: before ? 1 : band.lower[k], upper95: before ? 1 : band.upper[k], stdErrCumhaz: s[k].stdErrCumhaz });
    });
  });
  return out;
}

/**
 * Predictions of one model for the rows `good` whose cells were checked (`cells`, by model column):
 * encoded with the model's design (the radiomics model: its score first), then the forest's risk and
 * S(h | x), or a Cox model's linear predictor and S(h | x) with its `confLevel` CI, one row per horizon.
 * @throws HccError `E_INTERNAL` when checked cells fail to encode
 */
export function scoreCheckedRows(m: FittedModel, cells: CheckedCells, good: readonly number[], ids: readonly (string | null)[], nRows: number, source: string, confLevel: number): PatientPrediction[] {
  if (!good.length) return [];
  const encoded: Table = m.kind === 'radiomics' ? radiomicsScoreTable(m, cells, good, nRows, source) : { source, columns: [...cells.keys()], nRows, cells };
  const x = applyDesign(encoded, good, m.design);
  if (!x.ok) throw new HccError('E_INTERNAL', `encoding checked rows for ${m.id} failed`, { issues: x.issues });
  const goodIds = good.map((r) => ids[r]!);
  return m.kind === 'forest' ? forestRows(m, x.value, goodIds) : coxRows(m, x.value, goodIds, confLevel);
}
