// `mmf demo --quick`: the main job end to end on a freshly generated synthetic cohort (generate,
// extract, train the deep members, fit and evaluate every model, report), then reruns (demo, study)
// that reuse the cohort and every stored step. Slow (a few minutes): the one end-to-end case of the suite.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/core/table.js';
import { runCli } from '../helpers/cli.js';

const out = mkdtempSync(join(tmpdir(), 'mmf-demo-quick-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Headline { outcome: string; models: { model: string; n: number; c: number | null }[]; recovery: { mmfRecovery: number | null; imagingRecovery: number | null }; mmfVsClinical: { pCompareC: number; pBootstrap: number } | null }

describe('mmf demo --quick', () => {
  it('runs every stage and writes the report, tables, Grad-CAM and a summary; a rerun recomputes nothing', async () => {
    const r = await runCli(['demo', '--quick', '--out', out, '--no-progress', '--json']);
    expect(r.code, r.err.slice(-2000)).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'demo-summary.json'), 'utf8')) as { patients: number; headline: Headline[]; gradCam: { member: string; n_external: number; share_peak_in_margin: number }[]; timings: Record<string, number>; imageImport: { dicomPatients: number; converted: number; reused: number; leftOut: string[] } | null };
    expect(summary.patients).toBe(160);
    expect((summary as unknown as { cohortGeneration: { status: string } }).cohortGeneration.status).toBe('generated');
    // the Ensemble-DL stage's time, with its parts: the ensemble's own training, cross-fitting, the rest
    const t = summary.timings;
    for (const k of ['deep_load_s', 'deep_ensemble_training_s', 'deep_scoring_s', 'deep_cross_fit_s', 'deep_grad_cam_s']) expect(t[k], k).toBeGreaterThanOrEqual(0);
    expect(t.deep_ensemble_training_s + t.deep_cross_fit_s).toBeLessThanOrEqual(t.deep_stage_s);
    expect(t.deep_cross_fit_s).toBeGreaterThan(0);
    // the images are read as the centres delivered them: the external centre's CT as DICOM series,
    // masks as DICOM-SEG (C2) and RTSTRUCT (C3, and part of C4), all converted once before the stages
    expect(summary.imageImport!.dicomPatients).toBeGreaterThan(60);
    expect(summary.imageImport!.converted).toBeGreaterThan(summary.imageImport!.dicomPatients);
    expect(summary.imageImport!.leftOut).toEqual([]);
    const os = summary.headline.find((h) => h.outcome === 'os')!;
    const ext = new Map(os.models.map((m) => [m.model, m]));
    // every model of the paper on the external centre, the oracle as the ceiling
    for (const m of ['clinical', 'score-albi', 'score-crafity', 'score-bclc', 'score-child-pugh', 'radiomics', 'mrecist', 'imaging', 'mmf-cox', 'mmf-rsf', 'oracle', 'oracle-imaging']) {
      expect(ext.get(m), m).toBeDefined();
      expect(ext.get(m)!.c!, m).toBeGreaterThanOrEqual(0);
      expect(ext.get(m)!.c!, m).toBeLessThanOrEqual(1);
    }
    expect(ext.get('imaging')!.n).toBeGreaterThan(10);
    // learning happened. The deep score is checked on the training patients' out-of-fold scores (each
    // scored by a cross-fitted ensemble that never saw it; 112 patients, C standard error ≈ 0.04): the
    // 20 external patients of --quick are too few for it (standard error ≈ 0.11; 0.52 with the defaults of
    // 2026-11-27, 0.74 for the true imaging risk). MMF, which carries the clinical variables, on the external centre.
    const disc = parseCsvText(readFileSync(join(out, 'study', 'results', 'discrimination.csv'), 'utf8'));
    const cell = (name: string, i: number) => disc.cells.get(name)![i];
    const oof = Array.from({ length: disc.nRows }, (_, i) => i).find((i) => cell('outcome', i) === 'os' && cell('model', i) === 'imaging' && cell('cohort', i) === 'training');
    expect(oof, 'os imaging training row').toBeDefined();
    expect(Number(cell('n', oof!))).toBeGreaterThan(100);
    expect(Number(cell('c_index', oof!))).toBeGreaterThan(0.58);
    expect(ext.get('mmf-cox')!.c!).toBeGreaterThan(0.6);
    expect(os.recovery.mmfRecovery).not.toBeNull();
    expect(os.recovery.imagingRecovery).not.toBeNull();
    expect(Number.isFinite(os.mmfVsClinical!.pBootstrap)).toBe(true);
    expect(summary.gradCam.map((g) => g.member).sort()).toEqual(['autoencoder', 'cnn25d', 'm3t']);
    for (const f of ['study/report/report.html', 'study/report/report.md', 'study/results/results.json', 'study/results/tripod_ai.csv', 'study/results/deep_radiomic_correlation.csv', 'study/results/gradcam_scores.csv', 'study/models/dl/ensemble.json', 'study/results/roc_curves.csv', 'study/results/nomogram_points.csv']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const html = readFileSync(join(out, 'study/report/report.html'), 'utf8');
    expect(html).toContain('Ensemble-DL');
    expect(html).toContain('data:image/png;base64,'); // the Grad-CAM gallery is embedded
    expect(html).toContain('TRIPOD+AI');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThan(10);

    // `mmf report` rewrites the report from the stored results, explainability sections included
    const rep = await runCli(['report', '--out', join(out, 'study')]);
    expect(rep.code, rep.err.slice(-2000)).toBe(0);
    const html2 = readFileSync(join(out, 'study/report/report.html'), 'utf8');
    expect(html2).toContain('data:image/png;base64,');
    expect(html2).toContain('Deep features vs radiomic features');

    // a demo rerun into the folder reuses the cohort (checked against the generator's completion record,
    // not rewritten) and every stored step; with --no-report it removes the earlier run's report
    const cohortDir = JSON.parse(readFileSync(join(out, 'demo-summary.json'), 'utf8')).cohort as string;
    const record = readFileSync(join(cohortDir, 'generation-complete.json'), 'utf8');
    const rerun = await runCli(['demo', '--quick', '--out', out, '--no-progress', '--no-report']);
    expect(rerun.code, rerun.err.slice(-2000)).toBe(0);
    expect(rerun.err).toContain(`synthetic cohort: reused ${cohortDir} (160 patients, seed 7, generated ${JSON.parse(record).generatedAt};`);
    expect(rerun.out).toContain("report: --no-report, so the earlier run's report");
    expect(readFileSync(join(cohortDir, 'generation-complete.json'), 'utf8')).toBe(record);
    expect(existsSync(join(out, 'study/report/report.html'))).toBe(false);
    const again1 = JSON.parse(readFileSync(join(out, 'demo-summary.json'), 'utf8')) as { cohortGeneration: { status: string }; state: { computed: number } };
    expect(again1.cohortGeneration.status).toBe('reused');
    expect(again1.state.computed).toBe(0);

    // a second study run on the same cohort and folder reuses every stored step
    const again = await runCli(['study', '--manifest', cohortDir, '--settings', join(out, 'study/results/settings.json'), '--out', join(out, 'study'), '--no-progress', '--no-report', '--json']);
    expect(again.code, again.err.slice(-2000)).toBe(0);
    expect(JSON.parse(again.out).stats.computed).toBe(0);
  }, 900_000);
});
