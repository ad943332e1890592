import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../test/helpers/cli.js';

const LUNG = fileURLToPath(new URL('../../../data/lung.csv', import.meta.url));



describe('mmf km on data/lung.csv', () => {
  it('summary table by sex with medians and CI as R (270 [212, 310], 426 [348, 550]) and rmean', async () => {
    const r = await run(['km', LUNG, '--time', 'time', '--event', 'status', '--group', 'sex', '--rmean', '730.5']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const row = (label: string) => lines.find((l) => l.startsWith(label))!.trim().split(/\s+/);
    expect(row('sex=1').slice(0, 6)).toEqual(['sex=1', '138', '112', '270', '212', '310']);
    expect(row('sex=2').slice(0, 6)).toEqual(['sex=2', '90', '53', '426', '348', '550']);
    expect(row('sex=1')[6]).toBe('311.2'); // R: 311.156827944641
  });

  it('--times and --table add per-curve tables; --conf-type plain changes the CI', async () => {
    const r = await run(['km', LUNG, '--time', 'time', '--event', 'status', '--times', '365.25,730.5', '--table', '--conf-type', 'plain']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('all: survival at requested times');
    expect(r.out).toContain('all: survival table');
    // median 310, plain CI 284 .. 361 would differ from log's 285 .. 363
    const summary = r.out.split('\n').find((l) => l.startsWith('all'))!.trim().split(/\s+/);
    expect(summary.slice(0, 4)).toEqual(['all', '228', '165', '310']);
  });

  it('--json carries the full-precision result', async () => {
    const r = await run(['km', LUNG, '--time', 'time', '--event', 'status', '--group', 'sex', '--times', '365.25', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.confType).toBe('log');
    expect(j.curves.map((c: { label: string }) => c.label)).toEqual(['sex=1', 'sex=2']);
    expect(j.curves[0].atTimes.surv[0]).toBeCloseTo(0.336087834639379, 12);
    expect(j.curves[0].nRisk[0]).toBe(138);
  });

  it('a missing group column is an input error (exit 2) naming the column', async () => {
    const r = await run(['km', LUNG, '--time', 'time', '--event', 'status', '--group', 'arm']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing_column');
    expect(r.err).toContain('arm');
  });

  it('a non-numeric --rmean is an option error (exit 2)', async () => {
    const r = await run(['km', LUNG, '--time', 'time', '--event', 'status', '--rmean', 'soon']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--rmean');
  });
});
