// Oracle tier (b), cross-implementation: R survival 3.5-3 basehaz() and
// summary(survfit(fit, newdata, ctype), times) on the shared lung / ovarian Cox fits.
// Inputs: the R coefficients, variance and means printed to 15 digits; x rebuilt from the CSVs.
import { describe, expect, it } from 'vitest';
import { baselineHazard } from '../../src/survival/cox/baseline-hazard.js';
import { predictLinearPredictor, predictSurvival } from '../../src/survival/cox/predict.js';
import type { KmConfType } from '../../src/survival/km-confidence.js';
import { expectAllClose, readLocalJson } from '../helpers/reference.js';
import { buildLocalDesign, COX_CASES, modelFromR, newdataMatrix, readCoxCase, veteranNewdata } from './cox-postfit-cases.js';

const TOL = { rel: 1e-6 } as const; // README: basehaz, predicted S(t) for new rows
const TOL_LP = { rel: 1e-9, abs: 1e-12 } as const; // arithmetic on 15-digit inputs

type CaseName = keyof typeof COX_CASES;
const CASES = Object.keys(COX_CASES) as CaseName[];

describe.each(CASES)('%s', (name) => {
  const ref = readCoxCase(name);
  const design = COX_CASES[name]();
  const covariates = design.names;

  it('rebuilds the analysed rows (n and events as R)', () => {
    expect(design.data.n).toBe(ref.fits.efron.n);
    expect(design.data.event.reduce((a, b) => a + b, 0)).toBe(ref.fits.efron.nevent);
  });

  for (const ties of ['efron', 'breslow'] as const) {
    const fit = ref.fits[ties];
    const model = modelFromR(design, fit, ties);

    it(`${ties}: basehaz centred and uncentred at every distinct time, per stratum`, () => {
      const bh = baselineHazard(model);
      expect(bh.ctype).toBe(ties === 'efron' ? 2 : 1);
      const time = bh.strata.flatMap((s) => Array.from(s.time));
      expect(time).toEqual(fit.basehaz_uncentered.time);
      if (fit.basehaz_uncentered.strata) {
        const labels = bh.strata.flatMap((s) => Array.from(s.time, () => s.label));
        expect(labels).toEqual(fit.basehaz_uncentered.strata);
      }
      expectAllClose(bh.strata.flatMap((s) => Array.from(s.cumhaz)), fit.basehaz_uncentered.hazard, TOL, `${name} ${ties} basehaz uncentred`);
      expectAllClose(bh.strata.flatMap((s) => Array.from(s.cumhazCentered)), fit.basehaz_centered.hazard, TOL, `${name} ${ties} basehaz centred`);
      // Intermediate integers: events and censorings per time add up to the data.
      const events = bh.strata.reduce((a, s) => a + s.nEvent.reduce((x, y) => x + y, 0), 0);
      const cens = bh.strata.reduce((a, s) => a + s.nCensor.reduce((x, y) => x + y, 0), 0);
      expect(events).toBe(fit.nevent);
      expect(events + cens).toBe(fit.n);
      for (const s of bh.strata) expect(s.nRisk[0]).toBe(s.nEvent.reduce((x, y) => x + y, 0) + s.nCensor.reduce((x, y) => x + y, 0));
    });

    it(`${ties}: linear predictor and relative risk of newdata`, () => {
      // R's predict.coxph centres a stratified model at the stratum means (reference = "strata").
      const strata = design.data.strata ? ref.newdata.map((r: Record<string, number>) => `sex=${r.sex}`) : undefined;
      const lp = predictLinearPredictor(model, newdataMatrix(ref.newdata, covariates), { strata });
      expectAllClose(lp.linearPredictor, fit.newdata_lp_centered, TOL_LP, 'lp centred');
      expectAllClose(lp.relativeRisk, fit.newdata_risk_centered, TOL_LP, 'risk centred');
      if (!design.data.strata) {
        expectAllClose(lp.linearPredictorUncentered, fit.newdata_xbeta_uncentered, TOL_LP, 'xbeta uncentred');
      } else {
        // The generator wrote lp(reference = "strata") + sum(means * coef) for this field, which is
        // not x'β when the model is stratified; check that identity, and x'β by hand.
        const center = fit.means.reduce((a: number, m: number, j: number) => a + m * fit.coef[j], 0);
        expectAllClose(Array.from(lp.linearPredictor, (v) => v + center), fit.newdata_xbeta_uncentered, TOL_LP, 'lp + m\'b');
        const byHand = ref.newdata.map((r: Record<string, number>) => covariates.reduce((a, c, j) => a + r[c] * fit.coef[j], 0));
        expectAllClose(lp.linearPredictorUncentered, byHand, TOL_LP, 'xbeta uncentred');
      }
    });

    for (const ctype of [1, 2] as const) {
      it(`${ties}: predicted S(t|x), se, log CI, cumhaz with ctype ${ctype}`, () => {
        const want = fit[`pred_surv_ctype${ctype}`];
        const strata = design.data.strata ? ref.newdata.map((r: Record<string, number>) => `sex=${r.sex}`) : undefined;
        const pred = predictSurvival(model, newdataMatrix(ref.newdata, covariates), { times: want.times, ctype, confType: 'log', strata });
        expect(pred.curves.length).toBe(ref.newdata.length);
        expect(pred.warnings).toEqual([]);
        pred.curves.forEach((c, r) => {
          const w = want.by_newdata_row[r];
          const label = `${name} ${ties} ctype${ctype} row ${r}`;
          expectAllClose(c.surv, w.surv, TOL, `${label} surv`);
          expectAllClose(c.cumhaz, w.cumhaz, TOL, `${label} cumhaz`);
          expectAllClose(c.stdErr, w.std_err, TOL, `${label} std_err`);
          expectAllClose(c.lower, w.lower, TOL, `${label} lower`);
          expectAllClose(c.upper, w.upper, TOL, `${label} upper`);
        });
      });
    }
  }
});

// Project-owned R cases (test/reference/survival/<case>/generate.R): counting-process data
// (heart), strata + case weights + a factor term (veteran); conf types log, log-log, plain.
describe.each(['cox_postfit_heart', 'cox_postfit_veteran'] as const)('%s', (name) => {
  const ref = readLocalJson(`survival/${name}/expected.json`);
  const design = buildLocalDesign(name);
  const newX = name === 'cox_postfit_heart' ? newdataMatrix(ref.newdata, design.names) : veteranNewdata(ref.newdata);
  const strata = name === 'cox_postfit_veteran' ? ref.newdata.map((r: { prior: string }) => r.prior) : undefined;

  for (const ties of ['efron', 'breslow'] as const) {
    const fit = ref.fits[ties];
    const model = modelFromR(design, fit, ties);

    it(`${ties}: basehaz and weighted counts per time (entry < t <= exit)`, () => {
      expect(design.data.n).toBe(fit.n);
      const bh = baselineHazard(model);
      const flat = (f: (s: (typeof bh.strata)[number]) => Float64Array) => bh.strata.flatMap((s) => Array.from(f(s)));
      expect(flat((s) => s.time)).toEqual(fit.basehaz_uncentered.time);
      if (fit.basehaz_uncentered.strata) expect(bh.strata.flatMap((s) => Array.from(s.time, () => s.label))).toEqual(fit.basehaz_uncentered.strata);
      expect(flat((s) => s.nRisk)).toEqual(fit.counts.n_risk);
      expect(flat((s) => s.nEvent)).toEqual(fit.counts.n_event);
      expect(flat((s) => s.nCensor)).toEqual(fit.counts.n_censor);
      expectAllClose(flat((s) => s.cumhaz), fit.basehaz_uncentered.hazard, TOL, `${name} ${ties} basehaz uncentred`);
      expectAllClose(flat((s) => s.cumhazCentered), fit.basehaz_centered.hazard, TOL, `${name} ${ties} basehaz centred`);
    });

    it(`${ties}: the reference holds predicted-survival cases`, () => {
      expect(Object.keys(fit.pred).length).toBeGreaterThan(0);
    });
    for (const key of Object.keys(fit.pred)) {
      it(`${ties}: predicted survival ${key}`, () => {
        const want = fit.pred[key];
        const ctype = Number(key[5]) as 1 | 2;
        const confType = key.slice(7) as KmConfType;
        const pred = predictSurvival(model, newX, { times: want.times, ctype, confType, strata });
        // One curve per newdata row, or the per-row loop below would check nothing.
        expect(pred.curves.length).toBe(ref.newdata.length);
        expect(want.by_newdata_row.length).toBe(ref.newdata.length);
        pred.curves.forEach((c, r) => {
          const w = want.by_newdata_row[r];
          const label = `${name} ${ties} ${key} row ${r}`;
          expect(Array.from(c.nRisk), `${label} n_risk`).toEqual(w.n_risk);
          expectAllClose(c.surv, w.surv, TOL, `${label} surv`);
          expectAllClose(c.cumhaz, w.cumhaz, TOL, `${label} cumhaz`);
          expectAllClose(c.stdErr, w.std_err, TOL, `${label} std_err`);
          expectAllClose(c.lower, w.lower, TOL, `${label} lower`);
          expectAllClose(c.upper, w.upper, TOL, `${label} upper`);
        });
      });
    }

    if (fit.newdata_lp_strata) {
      it(`${ties}: linear predictor centred at the stratum means (R reference = "strata")`, () => {
        const lp = predictLinearPredictor(model, newX, { strata });
        expectAllClose(lp.linearPredictor, fit.newdata_lp_strata, TOL_LP, 'lp strata');
      });
    }
  }
});
