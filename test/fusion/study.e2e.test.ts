import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { readCsvFile } from '../../src/core/table.js';
import { runCli } from '../helpers/cli.js';

/**
 * End to end on a small synthetic cohort (tabular files only): `mmf synth`, then `mmf study`.
 * An imaging score is simulated HERE, in the test, from the generator's imaging part of the true
 * risk plus noise (standing in for the Ensemble-DL score until the imaging stages exist); the
 * study itself never reads the truth file except for its marked ceiling row.
 */
let cohortDir = '';
let manifest = '';

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'mmf-study-'));
  const synth = await runCli(['synth', '--patients', '240', '--seed', '11', '--out', root, '--no-images', '--no-rnaseq', '--json']);
  expect(synth.code).toBe(0);
  cohortDir = join(root, readdirSync(root).find((d) => d.startsWith('synthetic'))!);
  const truth = readCsvFile(join(cohortDir, 'oracle.csv'));
  const rng = createRng(5);
  const ids = truth.cells.get('patient_id')!;
  const img = truth.cells.get('os_lp_imaging')!;
  const rows = ids.map((id, i) => `${id},${(Number(img[i]) + 0.3 * rng.normal()).toFixed(5)}`);
  writeFileSync(join(cohortDir, 'imaging-scores.csv'), ['patient_id,imaging_score', ...rows].join('\n') + '\n');
  manifest = join(cohortDir, 'study-manifest.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      cohort: 'synthetic-e2e',
      synthetic: true,
      patients: 'clinical.csv',
      joins: [
        { path: 'outcomes.csv', rename: { os_months: 'os_time', pfs_months: 'pfs_time' } },
        { path: 'followup.csv', rename: { scan_weeks: 'followup_weeks' } },
        { path: 'imaging-scores.csv' },
      ],
      split: { kind: 'by-centre', training: ['C1'], internalValidation: ['C2'], externalTest: ['C3', 'C4'] },
      scores: ['imaging_score'],
    }),
  );
}, 30_000);

describe('mmf study (end to end, synthetic tabular cohort)', () => {
  it('fits on training, evaluates three cohorts, marks the ceiling row, and resumes without recomputing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mmf-study-out-'));
    const settings = join(out, 'settings.json');
    writeFileSync(settings, JSON.stringify({ seed: 3, models: { mmf: { scoreColumn: 'imaging_score', forest: { nTree: 60 } } } }));
    const first = await runCli(['study', '--manifest', manifest, '--settings', settings, '--out', out, '--json']);
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/study \[#+/); // progress bar on stderr
    const res = JSON.parse(first.out) as { stats: { computed: number; reused: number }; tables: Record<string, { columns: string[]; rows: (string | number | null)[][] }> };
    expect(res.stats.reused).toBe(0);
    const disc = res.tables.discrimination;
    const at = (name: string) => disc.columns.indexOf(name);
    const c = (outcome: string, model: string, cohort: string) => disc.rows.find((r) => r[at('outcome')] === outcome && r[at('model')] === model && r[at('cohort')] === cohort)?.[at('c_index')] as number;
    const models = new Set(disc.rows.map((r) => r[at('model')]));
    expect([...models].sort()).toEqual(['clinical', 'imaging', 'mmf-cox', 'mmf-rsf', 'mrecist', 'oracle', 'score-albi', 'score-bclc', 'score-child-pugh', 'score-crafity']);
    // Every model has a C with its CI on each of the three cohorts for both outcomes.
    expect(disc.rows).toHaveLength(10 * 3 * 2);
    for (const r of disc.rows) expect(r[at('ci_lower')] as number).toBeLessThan(r[at('ci_upper')] as number);
    // The planted imaging signal makes MMF beat the clinical benchmark on the external test, below the ceiling.
    expect(c('os', 'mmf-cox', 'external_test')).toBeGreaterThan(c('os', 'clinical', 'external_test'));
    expect(c('os', 'oracle', 'external_test')).toBeGreaterThan(c('os', 'mmf-cox', 'external_test') - 0.02);
    // compareC of every other model against MMF (Cox), per outcome and cohort.
    const comp = res.tables.comparisons;
    expect(comp.rows).toHaveLength(9 * 3 * 2);
    expect(comp.rows.every((r) => r[comp.columns.indexOf('reference')] === 'mmf-cox')).toBe(true);
    // Cut-offs learned on training and reused unchanged on the other cohorts.
    const rg = res.tables.risk_groups;
    const cut = (cohort: string) => rg.rows.find((r) => r[rg.columns.indexOf('model')] === 'mmf-cox' && r[rg.columns.indexOf('cohort')] === cohort)![rg.columns.indexOf('cutoffs')];
    expect(cut('external_test')).toBe(cut('training'));
    // The ceiling row is labelled as synthetic-only.
    const labels = disc.rows.filter((r) => r[at('model')] === 'oracle').map((r) => r[at('label')]);
    expect(labels.every((l) => String(l).includes('SYNTHETIC ONLY'))).toBe(true);
    // Files: named tables, settings saved with the results, provenance with input hashes.
    for (const f of ['discrimination.csv', 'comparisons.csv', 'td_auc.csv', 'brier.csv', 'calibration.csv', 'decision_curve.csv', 'risk_groups.csv', 'settings.json', 'provenance.json', 'results.json']) {
      expect(existsSync(join(out, 'results', f))).toBe(true);
    }
    const prov = JSON.parse(readFileSync(join(out, 'results', 'provenance.json'), 'utf8'));
    expect(Object.keys(prov.cohort.inputs).sort()).toEqual(['clinical.csv', 'followup.csv', 'imaging-scores.csv', 'outcomes.csv', 'study-manifest.json']);
    const before = readFileSync(join(out, 'results', 'discrimination.csv'), 'utf8');
    // A table and the explainability file of an earlier run with the Ensemble-DL stage: the rerun, which has none, removes them.
    const recordedPath = join(out, 'results', 'results.json');
    const recorded = JSON.parse(readFileSync(recordedPath, 'utf8')) as { tables: Record<string, unknown> };
    writeFileSync(recordedPath, JSON.stringify({ ...recorded, tables: { ...recorded.tables, deep_members: [] } }));
    writeFileSync(join(out, 'results', 'deep_members.csv'), 'member\ncnn25d\n');
    writeFileSync(join(out, 'results', 'explainability.json'), '{}');

    const second = await runCli(['study', '--manifest', manifest, '--settings', settings, '--out', out, '--json']);
    expect(second.code).toBe(0);
    const res2 = JSON.parse(second.out) as { stats: { computed: number; reused: number } };
    expect(res2.stats).toEqual({ computed: 0, reused: res.stats.computed });
    expect(readFileSync(join(out, 'results', 'discrimination.csv'), 'utf8')).toBe(before);
    expect(existsSync(join(out, 'results', 'deep_members.csv'))).toBe(false);
    expect(existsSync(join(out, 'results', 'explainability.json'))).toBe(false);
  }, 20_000);

  it('stops before any work on a bad manifest, listing every problem with the patient row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-study-bad-'));
    const clinical = readFileSync(join(cohortDir, 'clinical.csv'), 'utf8').trim().split('\n');
    const cols = clinical[0].split(',');
    const age = cols.indexOf('age_years');
    const broken = clinical.map((line, i) => {
      if (i !== 2) return line;
      const cells = line.split(',');
      cells[age] = 'old';
      return cells.join(',');
    });
    writeFileSync(join(dir, 'clinical.csv'), broken.join('\n') + '\n');
    writeFileSync(join(dir, 'outcomes.csv'), readFileSync(join(cohortDir, 'outcomes.csv'), 'utf8').replace(/\n(SYN\d+),([\d.]+),1,/, '\n$1,$2,yes,'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ patients: 'clinical.csv', joins: [{ path: 'outcomes.csv', rename: { os_months: 'os_time', pfs_months: 'pfs_time' } }], split: { kind: 'by-centre', training: ['C1', 'C2'], externalTest: ['C3'] }, variables: [{ column: 'age_years', kind: 'numeric' }] }));
    const out = join(dir, 'out');
    const r = await runCli(['study', '--manifest', dir, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[not_a_number] at clinical.csv.row.2.age_years');
    expect(r.err).toMatch(/\[bad_event_code\] at outcomes\.csv\.row\.\d+\.os_event/);
    // the C4 patients' rows, more than ten problems in all: one line for the column, every row in the named file
    expect(r.err).toMatch(/\[unknown_level\] × \d+ in column centre of clinical\.csv: rows \d+, \d+, \d+ and \d+ more: e\.g\. centre "C4" is not named .*\(all \d+ in \S+\)/);
    expect(existsSync(join(out, 'state'))).toBe(false);
  });
});
