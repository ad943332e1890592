import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../test/helpers/cli.js';

const LUNG = fileURLToPath(new URL('../../../data/lung.csv', import.meta.url));
const VETERAN = fileURLToPath(new URL('../../../test/reference/survival/cox_veteran_factor/veteran.csv', import.meta.url));



const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('mmf cox on data/lung.csv', () => {
  it('age + sex + ph.ecog (Efron) matches R coxph in JSON', async () => {
    const r = await run(['cox', LUNG, '--time', 'time', '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--eps', '1e-10', '--iter-max', '100', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.n).toBe(227);
    expect(j.nevent).toBe(164);
    expect(j.dropped).toEqual([{ row: 14, column: 'ph.ecog', reason: 'missing_value' }]);
    expect(j.coefficients.map((c: { name: string }) => c.name)).toEqual(['age', 'sex', 'ph.ecog']);
    expect(rel(j.coefficients[1].coef, -0.552612395531837)).toBeLessThan(1e-6);
    expect(rel(j.loglik, -729.230121374862)).toBeLessThan(1e-9);
    expect(rel(j.tests.likelihoodRatio.statistic, 30.500668773157)).toBeLessThan(1e-6);
    expect(j.diagnostics.converged).toBe(true);
  });

  it('text output: coefficient table, tests and the n / events / dropped line', async () => {
    const r = await run(['cox', LUNG, '--time', 'time', '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--ties', 'breslow']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('n = 227, events = 164, dropped = 1; ties = breslow');
    expect(r.out).toMatch(/sex\s+-0\.5519\s+0\.5759/);
    expect(r.out).toContain('Likelihood ratio test = 30.41 on 3 df');
    expect(r.out).toContain('Score (logrank) test = 30.41 on 3 df');
  });

  it('--cluster inst gives the grouped sandwich (R robust se 0.112286679907034 for sex)', async () => {
    const r = await run(['cox', LUNG, '--time', 'time', '--event', 'status', '--covariates', 'age,sex,ph.ecog', '--cluster', 'inst', '--eps', '1e-10', '--iter-max', '100', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.robust).toBe(true);
    expect(j.n).toBe(226);
    expect(rel(j.coefficients[1].se, 0.112286679907034)).toBeLessThan(1e-5);
    expect(rel(j.tests.robustScore.statistic, 7.26862522140254)).toBeLessThan(1e-5);
  });

  it('--strata sex and --robust print a robust column and the robust score test', async () => {
    const r = await run(['cox', LUNG, '--time', 'time', '--event', 'status', '--covariates', 'age,ph.ecog', '--strata', 'sex', '--robust']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('strata: 1, 2');
    expect(r.out).toContain('robust se');
    expect(r.out).toContain('Robust score test');
  });

  it('--factor with a reference level (veteran celltype, ref squamous)', async () => {
    const r = await run(['cox', VETERAN, '--time', 'time', '--event', 'status', '--covariates', 'trt,celltype,karno', '--factor', 'celltype:squamous', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.names).toEqual(['trt', 'celltypeadeno', 'celltypelarge', 'celltypesmallcell', 'karno']);
    expect(j.factors).toEqual([{ column: 'celltype', levels: ['adeno', 'large', 'smallcell', 'squamous'], reference: 'squamous' }]);
  });

  it('unknown reference level: exit 2 naming the issue', async () => {
    const r = await run(['cox', VETERAN, '--event', 'status', '--covariates', 'trt,celltype', '--factor', 'celltype:oat']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[unknown_level] at terms.1.reference');
  });

  it('separation: the infinite_coefficient warning is printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-cox-'));
    const file = join(dir, 'sep.csv');
    writeFileSync(file, 'time,status,flag\n1,1,0\n2,0,0\n3,1,0\n4,0,0\n5,1,0\n6,0,1\n');
    const r = await run(['cox', file, '--event', 'status', '--covariates', 'flag']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[infinite_coefficient] at flag');
  });

  it('--factor must name a covariate; bad --eps is an option error', async () => {
    expect((await run(['cox', LUNG, '--event', 'status', '--covariates', 'age', '--factor', 'sex'])).code).toBe(2);
    const r = await run(['cox', LUNG, '--event', 'status', '--covariates', 'age', '--eps', '-1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[bad_option] at --eps');
  });
});
