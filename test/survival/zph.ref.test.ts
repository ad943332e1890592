// Oracle tier (b), cross-implementation: R survival 3.5-3 cox.zph (score test with the full
// information matrix) for lung ~ age + sex + ph.ecog, Efron fit; coefficients printed to 15 digits.
import { describe, expect, it } from 'vitest';
import { coxZph } from '../../src/survival/cox/zph.js';
import type { ZphTransform } from '../../src/survival/cox/zph.js';
import type { CoxTerm } from '../../src/survival/cox/model-like.js';
import { expectAllClose, readLocalJson, readSharedJson } from '../helpers/reference.js';
import { buildLocalDesign, COX_CASES, modelFromR, readCoxCase } from './cox-postfit-cases.js';

const TOL_CHISQ = { rel: 1e-5 } as const; // README: cox.zph chisq (depends on the converged fit)
const TOL_P = { rel: 1e-5, abs: 1e-12 } as const;

describe('zph_lung', () => {
  const ref = readSharedJson('survival/expected/zph_lung.json');
  const fit = readCoxCase('cox_lung_age_sex_ecog').fits.efron;
  const model = modelFromR(COX_CASES.cox_lung_age_sex_ecog(), fit, 'efron');

  for (const transform of ['km', 'identity', 'rank', 'log'] as ZphTransform[]) {
    for (const terms of [true, false]) {
      const key = `${transform}_${terms ? 'terms' : 'coefs'}`;
      it(`${key}: per-term and GLOBAL chisq, df, p`, () => {
        const want = ref.result[key];
        const z = coxZph(model, { transform, terms });
        const rows = [...z.table, z.global!];
        expect(rows.map((r) => r.term)).toEqual(want.rows);
        expect(rows.map((r) => r.df)).toEqual(want.df);
        expectAllClose(rows.map((r) => r.chisq), want.chisq, TOL_CHISQ, `${key} chisq`);
        expectAllClose(rows.map((r) => r.p), want.p, TOL_P, `${key} p`);
        expect(z.nEvents).toBe(fit.nevent);
        expect(z.residuals.time.length).toBe(fit.nevent);
      });
    }
  }
});

// Project-owned R cases: counting-process data (R's zph2 path) and a weighted, stratified model
// with a 3-column factor term (terms = TRUE gives one df-3 test and combined residuals).
describe.each(['cox_postfit_heart', 'cox_postfit_veteran'] as const)('%s', (name) => {
  const ref = readLocalJson(`survival/${name}/expected.json`);
  const design = buildLocalDesign(name);
  for (const ties of ['efron', 'breslow'] as const) {
    const fit = ref.fits[ties];
    const terms: CoxTerm[] | undefined = fit.assign
      ? Object.entries(fit.assign as Record<string, number[]>).map(([term, columns]) => ({ name: term, columns }))
      : undefined;
    const model = { ...modelFromR(design, fit, ties), terms };

    for (const key of Object.keys(fit.zph)) {
      it(`${ties}: ${key} chisq, df, p`, () => {
        const want = fit.zph[key];
        const z = coxZph(model, { transform: key.split('_')[0] as ZphTransform, terms: key.endsWith('_terms') });
        const rows = [...z.table, z.global!];
        expect(rows.map((r) => r.term)).toEqual(want.rows);
        expect(rows.map((r) => r.df)).toEqual(want.df);
        expectAllClose(rows.map((r) => r.chisq), want.chisq, TOL_CHISQ, `${name} ${ties} ${key} chisq`);
        expectAllClose(rows.map((r) => r.p), want.p, TOL_P, `${name} ${ties} ${key} p`);
      });
    }

    const residualCases: Record<string, any> = fit.zph_residuals ?? { km_terms: fit.zph_km_residuals };
    for (const [key, want] of Object.entries(residualCases)) {
      it(`${ties}: scaled Schoenfeld residuals (${key})`, () => {
        const z = coxZph(model, { transform: 'km', terms: key.endsWith('_terms') });
        const r = z.residuals;
        if (want.columns) expect(r.columns).toEqual(want.columns);
        expect(Array.from(r.time)).toEqual(want.time);
        expectAllClose(r.transformedTime, want.x, { rel: 1e-12, abs: 1e-14 }, 'km x');
        if (want.strata) expect(Array.from(r.stratum!, (s) => design.data.strataLevels[s])).toEqual(want.strata);
        const q = r.columns.length;
        const flatY = (want.y as number[][]).flat();
        expectAllClose(r.values, flatY, { rel: 1e-5, abs: 1e-9 }, `${name} ${ties} ${key} y`);
        expect(Array.from(r.defined).every((d) => d === 1)).toBe(true);
        expectAllClose(r.variance, (want.var as number[][]).flat(), { rel: 1e-5 }, `${name} ${ties} ${key} var`);
        expect(r.values.length).toBe(fit.nevent * q);
      });
    }
  }
});
