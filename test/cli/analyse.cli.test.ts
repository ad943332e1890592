import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSharedJson } from '../helpers/reference.js';
import { LUNG_CSV, runCli } from '../helpers/cli.js';

describe('mmf demo (main job on the bundled lung data)', () => {
  it('writes the report, tables and figures, with numbers that match R', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-demo-'));
    const r = await runCli(['demo', '--lung', '--out', out]);
    expect(r.code).toBe(0);
    for (const f of ['summary.json', 'km.csv', 'cox.csv', 'km.svg', 'forest.svg', 'risk-groups.svg', 'report.md']) expect(existsSync(join(out, f)), f).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    // Same model as the shared R case cox_lung_age_sex_ecog (R survival 3.5-3, Efron).
    const ref = readSharedJson('survival/expected/cox_lung_age_sex_ecog.json').fits.efron;
    summary.cox.coefficients.forEach((c: { coef: number }, j: number) => expect(Math.abs(c.coef - ref.coef[j])).toBeLessThan(1e-6));
    expect(Math.abs(summary.concordance.c - ref.concordance.c)).toBeLessThan(1e-12);
    expect(summary.input.summary).toBe('227 of 228 rows analysed; 1 dropped (missing ph.ecog: 1)');
    expect(summary.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.provenance.spec.covariates).toEqual(['age', 'sex', 'ph.ecog']);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| sex | 0.575 |');
    expect(readFileSync(join(out, 'km.svg'), 'utf8').startsWith('<svg')).toBe(true);
    expect(r.out).toContain("Harrell's C = 0.6371");
  });

  it('analyse reports a missing column as a coded input error (exit 2), writing nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-an-'));
    const r = await runCli(['analyse', LUNG_CSV, '--event', 'status', '--group', 'sexx', '--covariates', 'age', '--out', join(out, 'x')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing_column');
    expect(r.err).toContain('sexx');
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('analyse rejects bad horizons', async () => {
    const r = await runCli(['analyse', LUNG_CSV, '--event', 'status', '--group', 'sex', '--covariates', 'age', '--horizons', 'abc']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--horizons');
  });

  it('analyse names the row of a bad time value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-bad-'));
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'time,status,sex,age\n10,1,1,50\n-5,1,2,60\n20,0,1,70\n');
    const r = await runCli(['analyse', f, '--event', 'status', '--group', 'sex', '--covariates', 'age', '--out', join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/negative_time.*row\.2\.time/);
  });
});
