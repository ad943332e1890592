import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../core/table.js';
import { fitCox } from '../cox/fit.js';
import { predictSurvival } from '../cox/predict.js';
import { parseSurvivalDesign } from '../design.js';
import { coxNomogram } from './cox-nomogram.js';
import { lpToTotalPoints, termPoints, totalPointsToLp } from './nomogram.js';

const lung = readCsvFile(new URL('../../../data/lung.csv', import.meta.url).pathname);
const sd = parseSurvivalDesign(lung, { time: 'time', event: 'status' }, [{ column: 'age' }, { column: 'sex' }, { column: 'ph.ecog', kind: 'factor' }]);
if (!sd.ok) throw new Error('design');
const { survival, design } = sd.value;
const fit = fitCox(survival.data, design.x, design.names, { terms: design.terms });

describe('coxNomogram (rms conventions on a fitted Cox model)', () => {
  const nomo = coxNomogram(fit.model, design, { horizons: [365.25] });
  it('scales the widest term to 0..100 and starts every term at 0', () => {
    const maxima = nomo.terms.map((t) => Math.max(...t.points));
    expect(Math.max(...maxima)).toBeCloseTo(100, 10);
    for (const t of nomo.terms) expect(Math.min(...t.points)).toBeCloseTo(0, 12);
  });
  it('total points map back to the centred linear predictor of a patient', () => {
    // patient row 0 of the design
    const row = 0;
    const pts = termPoints(nomo, 'age', design.x[row * design.p]) + termPoints(nomo, 'sex', design.x[row * design.p + 1]) + termPoints(nomo, 'ph.ecog', lung.cells.get('ph.ecog')![survival.data.rowIndex[row]]!);
    expect(totalPointsToLp(nomo, pts)).toBeCloseTo(fit.model.linearPredictors[row], 10);
    expect(lpToTotalPoints(nomo, totalPointsToLp(nomo, 42))).toBeCloseTo(42, 10);
  });
  it('survival axis equals predicted survival for a patient at the means (lp = 0)', () => {
    const s0 = nomo.survival[0].baseline;
    const atMeans = predictSurvival(fit.model, fit.model.means, { times: [365.25] });
    expect(s0).toBeCloseTo(atMeans.curves[0].surv[0], 12);
  });
});
