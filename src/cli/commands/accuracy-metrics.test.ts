// CLI contract of td-auc, brier, dca, calibration: run in-process through main([...]).
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../../test/helpers/cli.js';
import { readSharedJson, sharedReferencePath } from '../../../test/helpers/reference.js';

const LUNG = 'data/lung.csv';
const MARKERS = sharedReferencePath('survival/data/lung_markers.csv');



describe('mmf td-auc', () => {
  it('lung.csv (status coded 1/2): age vs ph.ecog, table output', async () => {
    const r = await run(['td-auc', LUNG, '--event', 'status', '--marker', 'age', '--marker2', 'ph.ecog', '--times', '182.625,365.25']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('227 of 228 rows analysed');
    expect(r.out).toContain('age vs ph.ecog');
  });
  it('--json reproduces timeROC for lp vs ph_ecog', async () => {
    const ref = readSharedJson('survival/expected/troc_lung_lp_vs_ecog.json');
    const r = await run(['td-auc', MARKERS, '--marker', 'lp', '--marker2', 'ph_ecog', '--times', '182.625,365.25,547.875', '--survival-roc', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    j.markers[0].points.forEach((p: { auc: number; nCases: number }, k: number) => {
      expect(Math.abs(p.auc - ref.marker1_result.AUC[k])).toBeLessThan(1e-9);
      expect(p.nCases).toBe(ref.marker1_result.n_cases[k]);
    });
    j.comparison.forEach((c: { p: number }, k: number) => expect(Math.abs(c.p / ref.compare_p_values[k] - 1)).toBeLessThan(1e-5));
    expect(Math.abs(j.survivalRoc[0].aucKm - ref.survivalROC_marker1[0].AUC_KM)).toBeLessThan(1e-9);
  });
  it('unknown marker column: exit 2 naming the column', async () => {
    const r = await run(['td-auc', LUNG, '--marker', 'nope', '--times', '365']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing_column');
    expect(r.err).toContain('nope');
  });
  it('bad --times: exit 2', async () => {
    const r = await run(['td-auc', LUNG, '--marker', 'age', '--times', '365,abc']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--times');
  });
});

describe('mmf brier', () => {
  it('lung_markers.csv --risk-at 365.25:risk_1y, JSON with the null model and IBS', async () => {
    const r = await run(['brier', MARKERS, '--risk-at', '365.25:risk_1y', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.model[0].nEvents).toBe(120);
    expect(j.model[0].brier).toBeGreaterThan(0.2);
    expect(j.nullModel[0].brier).toBeGreaterThan(j.model[0].brier);
    expect(j.ibs.model).toEqual([0]);
  });
  it('a risk column outside [0, 1] (age on lung.csv): exit 2', async () => {
    const r = await run(['brier', LUNG, '--risk-at', '365:age']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('outside [0, 1]');
  });
  it('malformed --risk-at: exit 2', async () => {
    const r = await run(['brier', MARKERS, '--risk-at', 'risk_1y']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('TIME:COLUMN');
  });
});

describe('mmf dca', () => {
  it('net benefit table for risk_1y at 1 year', async () => {
    const r = await run(['dca', MARKERS, '--risk', 'risk_1y', '--horizon', '365.25', '--thresholds', '0.1,0.5']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/threshold\s+all\s+none\s+risk_1y/);
    const j = JSON.parse((await run(['dca', MARKERS, '--risk', 'risk_1y', '--horizon', '365.25', '--json'])).out);
    expect(j.curves.map((c: { variable: string }) => c.variable)).toEqual(['all', 'none', 'risk_1y']);
    expect(Math.abs(j.curves[2].netBenefit[50] - 0.221547759825657)).toBeLessThan(1e-12);
  });
  it('horizon beyond follow-up: exit 2', async () => {
    const r = await run(['dca', MARKERS, '--risk', 'risk_1y', '--horizon', '5000']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('time_beyond_followup');
  });
});

describe('mmf calibration', () => {
  it('--risk-pred risk_1y, 5 groups, matches groupkm counts', async () => {
    const r = await run(['calibration', MARKERS, '--risk-pred', 'risk_1y', '--horizon', '365.25', '--groups', '5', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.groups.map((g: { n: number }) => g.n)).toEqual([47, 44, 46, 45, 45]);
    expect(j.scale).toBe('1 - risk');
  });
  it('needs exactly one of --surv-pred / --risk-pred: exit 2', async () => {
    const r = await run(['calibration', MARKERS, '--horizon', '365.25']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--surv-pred');
  });
  it('text output has the summary table', async () => {
    const r = await run(['calibration', MARKERS, '--risk-pred', 'risk_1y', '--horizon', '365.25']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('weighted mean |KM - predicted|');
  });
});
