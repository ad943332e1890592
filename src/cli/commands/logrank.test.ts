import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../test/helpers/cli.js';

const LUNG = fileURLToPath(new URL('../../../data/lung.csv', import.meta.url));



describe('mmf logrank on data/lung.csv', () => {
  it('sex: chisq 10.3 on 1 df as R survdiff', async () => {
    const r = await run(['logrank', LUNG, '--time', 'time', '--event', 'status', '--group', 'sex', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.observed).toEqual([112, 53]);
    expect(Math.abs(j.chisq - 10.3267419548856) / 10.3267419548856).toBeLessThan(1e-9);
    expect(j.df).toBe(1);
  });

  it('--rho 1 gives Peto-Peto (R: 12.7141514011575); text output has the statistic line', async () => {
    const r = await run(['logrank', LUNG, '--time', 'time', '--event', 'status', '--group', 'sex', '--rho', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('G-rho (rho = 1) test: chisq = 12.7142 on 1 df');
  });

  it('--strata runs a stratified test', async () => {
    const r = await run(['logrank', LUNG, '--time', 'time', '--event', 'status', '--group', 'sex', '--strata', 'ph.ecog', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.strata).toEqual(['0', '1', '2', '3']);
    expect(j.n).toEqual([137, 90]); // one row with missing ph.ecog dropped
  });

  it('a group column with one level is a single_group input error (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-logrank-'));
    const file = join(dir, 'one-arm.csv');
    writeFileSync(file, 'time,status,arm\n5,1,A\n8,0,A\n12,1,A\n');
    const r = await run(['logrank', file, '--time', 'time', '--event', 'status', '--group', 'arm']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[single_group] at groups');
  });

  it('a group that is also the stratum: O = E in every stratum, chisq 0 (R survdiff gives 0 too)', async () => {
    const r = await run(['logrank', LUNG, '--time', 'time', '--event', 'status', '--group', 'sex', '--strata', 'sex', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.expected).toEqual(j.observed);
    expect(j.chisq).toBe(0);
  });
});
