import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../test/helpers/cli.js';

const LUNG = fileURLToPath(new URL('../../../data/lung.csv', import.meta.url));
const LUNG_REF = fileURLToPath(new URL('../../../test/reference/survival/glmnet_cox/input_lung.csv', import.meta.url));



const COVS = 'age,sex,ph.ecog,ph.karno,pat.karno,meal.cal,wt.loss';

describe('mmf lasso-cox', () => {
  it('drops incomplete rows of data/lung.csv and prints both selected lambdas', async () => {
    const r = await run(['lasso-cox', LUNG, '--time', 'time', '--event', 'status', '--covariates', COVS, '--nfolds', '5', '--seed', '7']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('lambda.min');
    expect(r.out).toContain('lambda.1se');
    expect(r.out).toContain('Non-zero coefficients');
    expect(r.out).toMatch(/168 of 228 rows/);
  });

  it('--json with fixed fold ids reproduces cv.glmnet (lung, deviance) lambda.min / 1se', async () => {
    const r = await run(['lasso-cox', LUNG_REF, '--covariates', 'age,sex,ph_ecog,ph_karno,pat_karno,meal_cal,wt_loss', '--foldid', 'foldid', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.n).toBe(168);
    expect(j.nevent).toBe(121);
    expect(j.nfolds).toBe(10);
    // test/reference/survival/cvglmnet_cox/expected.json: cvglmnet_cox_lung_alpha1_deviance
    expect(j.lambdaMin.index).toBe(34);
    expect(j.lambda1se.index).toBe(1);
    expect(j.path.lambda).toHaveLength(50);
    expect(Math.max(...j.path.kktMaxViolation)).toBeLessThan(1e-7);
    expect(Object.keys(j.lambda1se.coefficients)).toEqual([]);
  });

  it('the same seed gives the same folds; --measure C is accepted', async () => {
    const a = JSON.parse((await run(['lasso-cox', LUNG, '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--nfolds', '5', '--seed', '3', '--measure', 'C', '--json'])).out);
    const b = JSON.parse((await run(['lasso-cox', LUNG, '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--nfolds', '5', '--seed', '3', '--measure', 'C', '--json'])).out);
    expect(a.foldId).toEqual(b.foldId);
    expect(a.measure).toBe('C');
    expect(a.lambdaMin.cvm).toBeGreaterThan(0.5);
  });

  it('rejects a bad --alpha with exit status 2 and names the flag', async () => {
    const r = await run(['lasso-cox', LUNG, '--event', 'status', '--covariates', 'age', '--alpha', '2']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--alpha');
  });

  it('rejects an unknown covariate column', async () => {
    const r = await run(['lasso-cox', LUNG, '--event', 'status', '--covariates', 'age,nope']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing_column');
  });
});
