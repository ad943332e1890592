import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { tableFromColumns } from '../../src/core/table.js';
import type { Split } from '../../src/io/index.js';
import type { ModelPredictions, NamedTable } from '../../src/fusion/index.js';
import { evaluateOutcome, fitCoxRecord, outcomeColumns, parseStudySettings, predictCoxRecord, studyReportBlocks, survivalOf, trapezoidArea, tripodAiChecklist, writeStudyReport } from '../../src/fusion/index.js';
import { bootstrapConcordanceDifference } from '../../src/survival/index.js';
import { renderStudyFigure } from '../../src/cli/commands/study.js';

/**
 * Issue #7 evaluation pieces on a small simulated cohort: paired-bootstrap comparison of C with the
 * reference, time-dependent ROC curve points, the MMF Cox nomogram and the TRIPOD+AI checklist, in
 * the tables and in the report.
 */
const rng = createRng(21);
const n = 240;
const cols: Record<string, (string | number | null)[]> = { patient_id: [], centre: [], score: [], grp: [], age: [], os_time: [], os_event: [] };
const split: Split[] = [];
for (let i = 0; i < n; i++) {
  const s = rng.normal();
  const g = rng.uniform() < 0.5 ? 'x' : 'y';
  const age = Math.round(50 + 10 * rng.normal());
  const lp = 0.9 * s + (g === 'y' ? 0.5 : 0) + 0.02 * (age - 50);
  const t = -Math.log(rng.uniform()) * 18 * Math.exp(-lp);
  const c = 6 + rng.uniform() * 36;
  const sp: Split = i < 140 ? 'training' : i < 190 ? 'internal_validation' : 'external_test';
  cols.patient_id.push(`P${i}`);
  cols.centre.push(sp === 'training' ? 'C1' : sp === 'internal_validation' ? 'C2' : 'C3');
  cols.score.push(Number(s.toFixed(3)));
  cols.grp.push(g);
  cols.age.push(i % 37 === 0 ? null : age); // a few missing ages
  cols.os_time.push(Number(Math.min(t, c).toFixed(3)));
  cols.os_event.push(t <= c ? 1 : 0);
  split.push(sp);
}
const table = tableFromColumns(cols);
const oc = outcomeColumns(table, 'os');
const all = Array.from({ length: n }, (_, i) => i);
const train = all.filter((i) => split[i] === 'training');
const horizons = [6, 12, 24];

function coxModel(id: string, family: ModelPredictions['family'], terms: { column: string; kind?: 'numeric' | 'factor' }[]): ModelPredictions {
  const rec = fitCoxRecord(table, train, oc, terms);
  const p = predictCoxRecord(rec, table, all, horizons);
  return { id, label: id, family, outcome: 'os', landmarkMonths: null, horizonsMonths: horizons, risk: p.risk, survival: p.survival, fit: { cox: rec }, warnings: [] };
}
const mmf = coxModel('mmf-cox', 'mmf', [{ column: 'score' }, { column: 'grp', kind: 'factor' }, { column: 'age' }]);
const clinical = coxModel('clinical', 'clinical', [{ column: 'grp', kind: 'factor' }, { column: 'age' }]);
const imaging = coxModel('imaging', 'imaging', [{ column: 'score' }]);
const models = [clinical, imaging, mmf];
const ctx = { outcome: 'os' as const, outcomeColumns: oc, split, referenceId: 'mmf-cox', cutoff: 'median' as const, calibrationGroups: 4, table, subgroups: ['grp', 'centre'] };

function records(tables: readonly NamedTable[], name: string): Record<string, string | number | null>[] {
  const t = tables.find((x) => x.name === name)!;
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, j) => [c, r[j]])));
}

describe('evaluation: paired bootstrap, ROC points, nomogram', () => {
  const ev = evaluateOutcome(models, { ...ctx, seed: 7, bootstrapResamples: 400 });

  it('adds a seeded paired bootstrap of C_ref − C_model next to compareC, per cohort', () => {
    const comp = records(ev.tables, 'comparisons');
    expect(comp).toHaveLength(2 * 3);
    for (const r of comp) {
      const rows = all.filter((i) => split[i] === r.cohort && mmf.risk[i] !== null && models.find((m) => m.id === r.model)!.risk[i] !== null);
      const direct = bootstrapConcordanceDifference(survivalOf(oc, rows), rows.map((i) => mmf.risk[i]!), rows.map((i) => models.find((m) => m.id === r.model)!.risk[i]!), { seed: 7, resamples: 400 });
      if (!direct.ok) throw new Error('bootstrap');
      expect(r.boot_difference).toBeCloseTo(direct.value.difference, 14);
      expect(r.boot_ci_lower).toBe(direct.value.ciLower);
      expect(r.boot_ci_upper).toBe(direct.value.ciUpper);
      expect(r.boot_p).toBe(direct.value.p);
      expect(r.boot_seed).toBe(7);
      // Harrell's C difference of the bootstrap equals compareC's on the same patients (no tied risks here).
      expect(r.boot_difference as number).toBeCloseTo(r.difference as number, 10);
      expect(r.relative_improvement as number).toBeCloseTo(((r.c_reference as number) - (r.c_model as number)) / (r.c_model as number), 12);
      expect(r.boot_ci_lower as number).toBeLessThanOrEqual(r.boot_difference as number);
      expect(r.boot_ci_upper as number).toBeGreaterThanOrEqual(r.boot_difference as number);
    }
    // The imaging score alone is clearly worse than MMF on training: the bootstrap says so too.
    const tr = comp.find((r) => r.model === 'imaging' && r.cohort === 'training')!;
    expect(tr.boot_ci_lower as number).toBeGreaterThan(0);
    expect(tr.boot_p as number).toBeLessThan(0.05);
    // Another seed: other resamples, same point estimate; 0 resamples skips the bootstrap.
    const other = records(evaluateOutcome(models, { ...ctx, seed: 8, bootstrapResamples: 400 }).tables, 'comparisons');
    expect(other[0].boot_difference).toBe(comp[0].boot_difference);
    expect(other[0].boot_ci_lower).not.toBe(comp[0].boot_ci_lower);
    expect(records(evaluateOutcome(models, { ...ctx, bootstrapResamples: 0 }).tables, 'comparisons').every((r) => r.boot_p === null)).toBe(true);
  });

  it('writes ROC curve points whose trapezoid area is the td-AUC, for every model, cohort and horizon', () => {
    const auc = records(ev.tables, 'td_auc').filter((r) => typeof r.auc === 'number');
    const roc = records(ev.tables, 'roc_curves');
    expect(auc.length).toBeGreaterThanOrEqual(3 * 3 * 2);
    for (const a of auc) {
      const pts = roc.filter((r) => r.model === a.model && r.cohort === a.cohort && r.horizon_months === a.horizon_months).sort((x, y) => (x.point as number) - (y.point as number));
      expect(pts[0].fpr).toBe(0);
      expect(pts[0].tpr).toBe(0);
      expect(pts[pts.length - 1].fpr).toBe(1);
      expect(pts[pts.length - 1].tpr).toBe(1);
      expect(Math.abs(trapezoidArea(pts.map((p) => p.fpr as number), pts.map((p) => p.tpr as number)) - (a.auc as number))).toBeLessThan(1e-9);
      for (let q = 1; q < pts.length; q++) expect(pts[q].threshold as number).toBeLessThan((pts[q - 1].threshold as number) ?? Infinity);
    }
  });

  it('draws the nomogram of mmf-cox: 0-100 points on the widest term, survival falling with total points', () => {
    const pts = records(ev.tables, 'nomogram_points');
    expect(new Set(pts.map((r) => r.variable))).toEqual(new Set(['score', 'grp', 'age']));
    expect(Math.max(...pts.map((r) => r.points as number))).toBeCloseTo(100, 10);
    const totals = records(ev.tables, 'nomogram_totals');
    expect(new Set(totals.map((r) => r.horizon_months))).toEqual(new Set(horizons));
    const s12 = totals.filter((r) => r.horizon_months === 12).map((r) => r.survival as number);
    for (let k = 1; k < s12.length; k++) expect(s12[k]).toBeLessThan(s12[k - 1]);
  });

  it('fills the TRIPOD+AI checklist from the run and writes the report sections, figures and tripod_ai table', async () => {
    const settings = parseStudySettings({ outcomes: ['os'], horizonsMonths: { os: horizons }, evaluation: { subgroups: ['grp', 'centre'] }, models: { clinical: { candidates: [{ column: 'grp', kind: 'factor' }, { column: 'age' }] }, mmf: { scoreColumn: 'score' } } });
    if (!settings.ok) throw new Error('settings');
    const counts = { training: 140, internal_validation: 50, external_test: 50 };
    const cohort = { name: 'sim', synthetic: true, counts, table, split };
    const result = { tables: [...ev.tables, { name: 'models', columns: ['outcome', 'model'], rows: models.map((m) => ['os', m.id]) }], notes: ev.notes, warnings: [] };
    const items = tripodAiChecklist({ ...result, settings: settings.value, cohort });
    const item = (id: string) => items.find((i) => i.item === id)!;
    expect(items.every((i) => ['reported', 'not applicable', 'not done'].includes(i.status))).toBe(true);
    expect(item('11').status).toBe('reported');
    expect(item('11').detail).toContain(`age ${cols.age.filter((v) => v === null).length}/${n}`);
    expect(item('12e').detail).toContain('paired-bootstrap');
    // Centre is a subgroup variable, but every cohort here is one centre (C1, C2, C3): a centre row is its
    // cohort's overall row and no centre interaction exists, so heterogeneity across centres is not claimed.
    expect(item('12d').status).toBe('not done');
    expect(item('23b').status).toBe('not done');
    expect(item('23b').detail).toContain('no cohort has more than one centre');
    expect(items.map((i) => i.item)).toHaveLength(52); // every official TRIPOD+AI sub-item (test/fusion/tripod-ai-items.test.ts pins the list)
    expect(item('17').status).toBe('not applicable'); // synthetic
    expect(item('6a').detail).toContain('external_test n=50');
    const blocks = studyReportBlocks(result, settings.value, cohort, {});
    const text = blocks.filter((b) => b.kind === 'md').map((b) => (b as { text: string }).text).join('\n');
    for (const h of ['### Comparison with the reference (mmf-cox)', '### Time-dependent AUC and ROC', '### Nomogram (mmf-cox)', '## TRIPOD+AI checklist']) expect(text).toContain(h);
    expect(text).toContain('p (bootstrap)');
    expect(text).toContain('### Brier score and IBS'); // 12e/23a claim it: the report shows it
    const out = mkdtempSync(join(tmpdir(), 'mmf-eval-extras-'));
    const files = await writeStudyReport(result, settings.value, cohort, {}, out, renderStudyFigure);
    for (const f of ['os-roc', 'os-nomogram']) {
      expect(Object.keys(files.figures)).toContain(f);
      expect(readFileSync(files.figures[f], 'utf8')).toMatch(/^<svg/);
    }
    const csv = readFileSync(join(out, 'results', 'tripod_ai.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('item,section,topic,status,detail,where');
    expect(csv).toHaveLength(items.length + 1);
    expect(existsSync(join(out, 'results', 'tripod_ai.json'))).toBe(true);
  }, 30_000);
});
