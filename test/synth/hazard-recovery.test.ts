import { describe, expect, it } from 'vitest';
import { clinicalCovariates, imagingCovariates, parseSynthConfig } from '../../src/synth/index.js';
import type { SynthCohort } from '../../src/synth/index.js';
import { concordanceIndex, fitCox, makeSurvivalData } from '../../src/survival/index.js';
import { cohort } from './helpers.js';

const config = parseSynthConfig({});
const clinNames = Object.keys(config.outcomes.os) as (keyof typeof config.outcomes.os)[];
const imgNames = Object.keys(config.outcomes.imaging) as (keyof typeof config.outcomes.imaging)[];

/** Fit the generating model: clinical terms + imaging terms + the unmeasured frailty (true coefficient 1). */
function fitGeneratingModel(c: SynthCohort) {
  const names = [...clinNames, ...imgNames, 'unmeasured'];
  const p = names.length;
  const n = c.patients.length;
  const x = new Float64Array(n * p);
  c.patients.forEach((pt, i) => {
    const cx = clinicalCovariates(pt);
    const ix = imagingCovariates(c.traits[i]);
    clinNames.forEach((k, j) => (x[i * p + j] = cx[k]));
    imgNames.forEach((k, j) => (x[i * p + clinNames.length + j] = ix[k]));
    x[i * p + p - 1] = c.predictors[i].osUnmeasured;
  });
  const d = makeSurvivalData({ time: c.outcomes.map((o) => o.osMonths), event: c.outcomes.map((o) => o.osEvent) });
  if (!d.ok) throw new Error('survival gate failed');
  const fit = fitCox(d.value, x, names);
  const truth = [...clinNames.map((k) => config.outcomes.os[k]), ...imgNames.map((k) => config.outcomes.imaging[k]), 1];
  const z = fit.model.coefficients.map((co, j) => (co.coef! - truth[j]) / co.se!);
  return { fit, z, names, truth };
}

describe('Cox fit recovers the configured log hazard ratios (OS)', () => {
  it('n = 859, seed 7: every |β̂ − β| < 3 SE and at least 85 % within 2 SE', () => {
    const { fit, z } = fitGeneratingModel(cohort(859, 7));
    expect(fit.diagnostics.converged).toBe(true);
    expect(z.every((v) => Math.abs(v) < 3)).toBe(true);
    expect(z.filter((v) => Math.abs(v) < 2).length / z.length).toBeGreaterThanOrEqual(0.85);
  });
  it('n = 4000, seed 11: the same holds and the joint deviation Σ z² is consistent with chance (< χ²₁₉ 0.999 quantile 43.8)', () => {
    const { z, fit } = fitGeneratingModel(cohort(4000, 11));
    expect(z.every((v) => Math.abs(v) < 3)).toBe(true);
    expect(z.reduce((a, v) => a + v * v, 0)).toBeLessThan(43.8);
    // A wrong sign would be caught: the MVI estimate is clearly positive, rim enhancement clearly negative.
    const coef = (name: string) => fit.model.coefficients.find((co) => co.name === name)!.coef!;
    expect(coef('mvi')).toBeGreaterThan(0.3);
    expect(coef('rimEnhancement')).toBeLessThan(-0.4);
  });
});

describe('the images can add information (oracle C-index ordering, n = 4000)', () => {
  it('C(total) > C(clinical) + 0.02 and C(clinical) in 0.68-0.76', () => {
    const c = cohort(4000, 11);
    const d = makeSurvivalData({ time: c.outcomes.map((o) => o.osMonths), event: c.outcomes.map((o) => o.osEvent) });
    if (!d.ok) throw new Error('survival gate failed');
    const cidx = (m: number[]) => {
      const r = concordanceIndex(d.value, m);
      if (!r.ok) throw new Error('concordance failed');
      return r.value.concordance;
    };
    const total = cidx(c.predictors.map((l) => l.osTotal));
    const clin = cidx(c.predictors.map((l) => l.osClinical));
    expect(total - clin).toBeGreaterThan(0.02);
    expect(clin).toBeGreaterThan(0.68);
    expect(clin).toBeLessThan(0.76);
  });
});
