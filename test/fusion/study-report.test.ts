import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { readCsvFile } from '../../src/core/table.js';
import { markdownToHtml } from '../../src/fusion/index.js';
import { runCli } from '../helpers/cli.js';

/**
 * `mmf study` writes the evaluation's subgroup forest and KM tables and the report (Markdown +
 * self-contained HTML with SVG figures and a model card) on a small synthetic tabular cohort. The
 * imaging score is simulated here from the generator's imaging risk plus noise, as in study.e2e.
 */
let manifest = '';

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'mmf-report-'));
  const synth = await runCli(['synth', '--patients', '240', '--seed', '13', '--out', root, '--no-images', '--no-rnaseq', '--json']);
  expect(synth.code).toBe(0);
  const dir = join(root, readdirSync(root).find((d) => d.startsWith('synthetic'))!);
  const truth = readCsvFile(join(dir, 'oracle.csv'));
  const rng = createRng(9);
  const ids = truth.cells.get('patient_id')!;
  const img = truth.cells.get('os_lp_imaging')!;
  writeFileSync(join(dir, 'imaging-scores.csv'), ['patient_id,imaging_score', ...ids.map((id, i) => `${id},${(Number(img[i]) + 0.3 * rng.normal()).toFixed(5)}`)].join('\n') + '\n');
  manifest = join(dir, 'study-manifest.json');
  writeFileSync(manifest, JSON.stringify({ cohort: 'synthetic-report', synthetic: true, patients: 'clinical.csv', joins: [{ path: 'outcomes.csv', rename: { os_months: 'os_time', pfs_months: 'pfs_time' } }, { path: 'followup.csv', rename: { scan_weeks: 'followup_weeks' } }, { path: 'imaging-scores.csv' }], split: { kind: 'by-centre', training: ['C1'], internalValidation: ['C2'], externalTest: ['C3', 'C4'] }, scores: ['imaging_score'] }));
}, 30_000);

type Tab = { columns: string[]; rows: (string | number | null)[][] };

describe('mmf study: subgroups, KM by risk group and the report', () => {
  it('writes subgroup and KM tables for the reference model and a self-contained report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-report-out-'));
    writeFileSync(join(out, 's.json'), JSON.stringify({ models: { mmf: { scoreColumn: 'imaging_score', forest: { nTree: 50 } } } }));
    const t0 = Date.now();
    const r = await runCli(['study', '--manifest', manifest, '--settings', join(out, 's.json'), '--out', out, '--json', '--no-progress']);
    const seconds = (Date.now() - t0) / 1000;
    expect(r.code).toBe(0);
    expect(seconds).toBeLessThan(20);
    const res = JSON.parse(r.out) as { tables: Record<string, Tab> };
    const sg = res.tables.subgroups;
    const at = (n: string) => sg.columns.indexOf(n);
    const ext = sg.rows.filter((x) => x[at('cohort')] === 'external_test' && x[at('outcome')] === 'os');
    expect(ext.every((x) => x[at('model')] === 'mmf-cox')).toBe(true);
    const overall = ext.find((x) => x[at('variable')] === null)!;
    const rg = res.tables.risk_groups;
    const g = (name: string) => rg.columns.indexOf(name);
    const groups = rg.rows.filter((x) => x[g('model')] === 'mmf-cox' && x[g('cohort')] === 'external_test' && x[g('outcome')] === 'os');
    // The overall row counts every external patient, as the risk-group table does.
    expect(overall[at('n')]).toBe(groups.reduce((a, x) => a + (x[g('n')] as number), 0));
    expect(overall[at('hr')] as number).toBeGreaterThan(1);
    // The paper's subgroups that the synthetic cohort carries.
    const vars = new Set(ext.map((x) => x[at('variable')]));
    for (const v of ['age_years', 'sex', 'bclc', 'child_pugh_class', 'aetiology', 'afp_ng_ml', 'mvi', 'ehs', 'ici_line', 'centre']) expect(vars.has(v)).toBe(true);
    // Numeric subgroups are split at the TRAINING median: the same levels in every cohort.
    const ageLevels = (cohort: string) => [...new Set(sg.rows.filter((x) => x[at('cohort')] === cohort && x[at('variable')] === 'age_years').map((x) => x[at('level')]))].sort();
    expect(ageLevels('external_test')).toEqual(ageLevels('training'));
    const inter = res.tables.subgroup_interactions;
    expect(inter.rows.some((x) => x[inter.columns.indexOf('variable')] === 'bclc' && x[inter.columns.indexOf('cohort')] === 'external_test')).toBe(true);
    // KM curves by risk group: both groups, survival non-increasing, at-risk counts start at the group size.
    const km = res.tables.km_curves;
    const k = (n: string) => km.columns.indexOf(n);
    for (const grp of ['low', 'high']) {
      const rows = km.rows.filter((x) => x[k('outcome')] === 'os' && x[k('cohort')] === 'external_test' && x[k('group')] === grp);
      expect(rows[0][k('n_risk')]).toBe(groups.find((x) => x[g('group')] === grp)![g('n')]);
      for (let q = 1; q < rows.length; q++) expect(rows[q][k('surv')] as number).toBeLessThanOrEqual(rows[q - 1][k('surv')] as number);
    }
    // The report.
    const html = readFileSync(join(out, 'report', 'report.html'), 'utf8');
    const md = readFileSync(join(out, 'report', 'report.md'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(12);
    expect(html).not.toMatch(/<(script|link|img)\b/); // self-contained: no external resources
    expect(html).toContain('Model card: mmf-cox');
    expect(html).toContain('SYNTHETIC');
    for (const f of ['os-km-external_test', 'os-forest-external_test', 'os-c-index', 'os-calibration-24', 'os-dca-24', 'pfs-km-training']) {
      expect(existsSync(join(out, 'report', 'figures', `${f}.svg`))).toBe(true);
      expect(md).toContain(`(figures/${f}.svg)`);
    }
    expect(md).toContain('## Settings and provenance');
    expect(md).toMatch(/"contentHash": "[0-9a-f]{64}"/); // pretty-printed provenance
    expect(html).toContain('<title>Study report: synthetic-report (SYNTHETIC COHORT)</title>');
    // Risk groups: the high group's difference in median survival from the low group of the same cohort.
    const med = (grp: string, cohort: string) => rg.rows.find((x) => x[g('model')] === 'mmf-cox' && x[g('outcome')] === 'os' && x[g('cohort')] === cohort && x[g('group')] === grp)![g('median_months')];
    const lineOf = (cohort: string) => md.split('\n').find((l) => l.toLowerCase().startsWith(`| ${cohort} | high |`))!;
    expect(md).toContain('| difference vs low (months) |');
    const hi = med('high', 'training'), lo = med('low', 'training');
    const cell = lineOf('training').split('|')[6].trim();
    if (typeof hi === 'number' && typeof lo === 'number') expect(Number(cell)).toBeCloseTo(hi - lo, 1);
    else expect(cell).toMatch(/^median not reached in (this group|the reference group)/);
  }, 40_000);

  it('--no-report skips the report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-report-none-'));
    const r = await runCli(['study', '--manifest', manifest, '--out', out, '--no-report', '--no-progress', '--json']);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'report'))).toBe(false);
  }, 40_000);

  it("a rerun with --no-report removes the earlier run's report (only the report writer's files) and says so", async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-report-rerun-'));
    expect((await runCli(['study', '--manifest', manifest, '--out', out, '--no-progress', '--json'])).code).toBe(0);
    expect(existsSync(join(out, 'report', 'report.html'))).toBe(true);
    writeFileSync(join(out, 'report', 'reading-notes.txt'), 'mine');
    const r = await runCli(['study', '--manifest', manifest, '--out', out, '--no-report', '--no-progress']);
    expect(r.code, r.err.slice(-2000)).toBe(0);
    expect(r.out).toMatch(new RegExp(`report: --no-report, so the earlier run's report in ${join(out, 'report')} \\(\\d+ file\\(s\\): report.html, report.md, figures\\) was removed: it did not match these results`));
    expect(readdirSync(join(out, 'report'))).toEqual(['reading-notes.txt']);
    expect(existsSync(join(out, 'results', 'discrimination.csv'))).toBe(true);
    // nothing left to remove: no line
    const again = await runCli(['study', '--manifest', manifest, '--out', out, '--no-report', '--no-progress']);
    expect(again.out).not.toContain('--no-report, so');
  }, 60_000);
});

describe('markdownToHtml', () => {
  it('renders headings, pipe tables, lists and escapes HTML', () => {
    const h = markdownToHtml('## A <b>\n\n| x | y |\n|---|---:|\n| 1 | **2** |\n\n- one\n- `two`');
    expect(h).toBe('<h2>A &lt;b&gt;</h2>\n<table><tr><th>x</th><th class="num">y</th></tr><tr><td>1</td><td class="num"><strong>2</strong></td></tr></table>\n<ul><li>one</li><li><code>two</code></li></ul>');
  });
});
