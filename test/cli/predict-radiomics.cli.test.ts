// `mmf predict` with the study's radiomics model (LASSO-Cox on IBSI features, ComBat on): new patients
// scored from a features CSV or from their images give the study's predictions.csv risks.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/core/table.js';
import type { Table } from '../../src/core/table.js';
import type { FittedRadiomicsModel, FittedStudy } from '../../src/fusion/index.js';
import { writeTinyImageCohort } from '../fusion/tiny-image-cohort.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mmf-predict-rad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = join(dir, 'study');
const modelPath = join(out, 'models', 'fitted-study.json');
let all: Table;
let fitted: FittedStudy;
let rad: FittedRadiomicsModel[];
/** Study risk (linear predictor) per outcome / patient of the radiomics model (results/predictions.csv). */
const studyRisk = new Map<string, number>();
/** Patients picked as "new": the internal-validation patients (training centres C1, C2: harmonised) and the external ones (C3, unseen centre). */
let picked: number[] = [];

type Pred = { patientId: string; outcome: string; model: string; linearPredictor: number; horizonMonths: number; survival: number; lower95: number };

function csv(path: string, cols: string[], rows: (string | null)[][]): string {
  writeFileSync(path, [cols.join(','), ...rows.map((r) => r.map((v) => v ?? 'NA').join(','))].join('\n') + '\n');
  return path;
}

function expectStudyRisks(preds: Pred[], ids: string[]): void {
  for (const o of ['os', 'pfs']) {
    const mine = preds.filter((p) => p.model === 'radiomics' && p.outcome === o);
    expect(new Set(mine.map((p) => p.patientId))).toEqual(new Set(ids));
    for (const p of mine) {
      expect(Math.abs(p.linearPredictor - studyRisk.get(`${o}|${p.patientId}`)!)).toBeLessThan(1e-9);
      expect(p.lower95).toBeLessThanOrEqual(p.survival);
    }
  }
}

beforeAll(async () => {
  const { manifest } = writeTinyImageCohort(dir, { perCentre: [26, 26, 10], seed: 1 });
  // two training centres (C2 scanned 40 HU brighter: ComBat has real work), internal validation drawn
  // from them, C3 an external centre unseen in training
  const desc = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
  writeFileSync(manifest, JSON.stringify({ ...desc, split: { kind: 'by-centre', training: ['C1', 'C2'], externalTest: ['C3'], internalValidationFraction: 0.25, seed: 4 } }));
  const settings = join(dir, 'settings.json');
  writeFileSync(settings, JSON.stringify({
    seed: 2,
    models: {
      clinical: { enabled: false }, scores: { enabled: false }, mrecist: { enabled: false }, mmf: { enabled: false },
      radiomics: { enabled: true, peritumouralMm: 4, combat: { enabled: true, unseenCentres: 'none' }, extraction: { families: ['morphology', 'statistics', 'intensity_histogram', 'glcm'], morphology: { autocorrelation: false }, texture: { aggregations: ['3d_averaged'] } } },
    },
    evaluation: { reference: 'radiomics', bootstrapResamples: 20 },
  }));
  const st = await runCli(['study', '--manifest', manifest, '--settings', settings, '--out', out, '--no-report', '--no-progress', '--json']);
  expect(st.code, st.err.slice(-1500)).toBe(0);
  const ex = await runCli(['extract', '--manifest', manifest, '--settings', settings, '--out', out, '--no-progress', '--workers', '1', '--json']);
  expect(ex.code, ex.err.slice(-1500)).toBe(0);
  fitted = JSON.parse(readFileSync(modelPath, 'utf8')) as FittedStudy;
  rad = fitted.models.filter((m): m is FittedRadiomicsModel => m.kind === 'radiomics');
  all = readCsvFile(join(dir, 'patients.csv'));
  const pr = readCsvFile(join(out, 'results', 'predictions.csv'));
  const col = (c: string, i: number) => pr.cells.get(c)![i];
  for (let i = 0; i < pr.nRows; i++) {
    if (col('model', i) !== 'radiomics' || col('risk', i) === null) continue;
    studyRisk.set(`${col('outcome', i)}|${col('patient_id', i)}`, Number(col('risk', i)));
  }
  const centre = all.cells.get('centre')!;
  const validation = new Set(pr.cells.get('patient_id')!.filter((_, i) => col('split', i) === 'internal_validation'));
  const seen = [...Array(all.nRows).keys()].filter((i) => validation.has(all.cells.get('patient_id')![i]));
  expect(new Set(seen.map((i) => centre[i]))).toEqual(new Set(['C1', 'C2']));
  picked = [...seen, ...[...Array(all.nRows).keys()].filter((i) => centre[i] === 'C3')];
}, 240_000);

describe('mmf predict with the radiomics model', () => {
  it('exports the radiomics model of both outcomes with its feature pipeline and ComBat parameters', () => {
    expect(rad.map((m) => m.outcome).sort()).toEqual(['os', 'pfs']);
    for (const m of rad) {
      expect(m.id).toBe('radiomics');
      expect(m.radiomics.selected.length).toBeGreaterThan(0);
      expect(m.radiomics.combat?.centres.map((c) => c.centre).sort()).toEqual(['C1', 'C2']);
      expect(m.radiomics.combat?.alpha).toHaveLength(m.radiomics.selected.length);
      // C2's scanner shift is a real location effect: its EB estimates move some feature by > 0.3 SD
      const c2 = m.radiomics.combat!.centres.find((c) => c.centre === 'C2')!;
      expect(Math.max(...c2.gammaStar.map(Math.abs))).toBeGreaterThan(0.3);
      expect(m.inputs.map((i) => i.column)).toEqual([...m.radiomics.selected.map((f) => f.feature), 'centre']);
      expect(m.radiomics.extraction.imageColumn).toBe('image_portal_venous');
      expect(m.design.names).toEqual(['radiomics_score']);
      expect(m.riskGroups?.cutoffs).toHaveLength(1);
    }
    expect(fitted.notExported.some((n) => n.model === 'radiomics')).toBe(false);
  });

  it('reproduces the study\'s radiomics risks and survival from a features CSV (C1 / C2 harmonised, unseen C3 as the study: unharmonised, warned)', async () => {
    const feats = readCsvFile(join(out, 'features', 'radiomic_features.csv'));
    const byId = new Map(feats.cells.get('patient_id')!.map((id, i) => [id, i]));
    const names = feats.columns.filter((c) => /^(tumour|ring)\./.test(c));
    const ids = picked.map((i) => all.cells.get('patient_id')![i]!);
    const rows = picked.map((i, k) => [ids[k], all.cells.get('centre')![i], ...names.map((n) => feats.cells.get(n)![byId.get(ids[k])!])]);
    const path = csv(join(dir, 'features-new.csv'), ['patient_id', 'centre', ...names], rows);
    const r = await runCli(['predict', '--model', modelPath, '--patients', path, '--models', 'radiomics', '--json']);
    expect(r.code, r.err.slice(-1500)).toBe(0);
    expectStudyRisks((JSON.parse(r.out) as { predictions: Pred[] }).predictions, ids);
    const c3 = ids.filter((_, k) => all.cells.get('centre')![picked[k]] === 'C3');
    expect(r.err).toMatch(new RegExp(`\\[unknown_level\\].*patient ${c3[0]} .*centre "C3" had no training patients`));

    // a selected feature column absent, a missing cell: coded errors naming column / patient
    const f0 = rad[0].radiomics.selected[0].feature;
    const drop = names.indexOf(f0);
    const p2 = csv(join(dir, 'features-missing.csv'), ['patient_id', 'centre', ...names.filter((_, j) => j !== drop)], rows.map((x) => x.filter((_, j) => j !== drop + 2)));
    const a = await runCli(['predict', '--model', modelPath, '--patients', p2, '--models', 'radiomics']);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(new RegExp(`\\[missing_column\\].*column "${f0.replace(/\./g, '\\.')}" is absent \\(needed by .*radiomics`));
    const holed = rows.map((x, k) => (k === 1 ? x.map((v, j) => (j === drop + 2 ? null : v)) : x));
    const p3 = csv(join(dir, 'features-hole.csv'), ['patient_id', 'centre', ...names], holed);
    const b = await runCli(['predict', '--model', modelPath, '--patients', p3, '--models', 'radiomics']);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(new RegExp(`\\[missing_value\\].*patient ${ids[1]} \\(row 2\\): "${f0.replace(/\./g, '\\.')}" is missing`));
    const c = await runCli(['predict', '--model', modelPath, '--patients', p3, '--models', 'radiomics', '--skip-invalid', '--json']);
    expect(c.code).toBe(0);
    const got = (JSON.parse(c.out) as { predictions: Pred[] }).predictions;
    expect(got.some((p) => p.patientId === ids[1] && p.model === 'radiomics' && rad.some((m) => m.outcome === p.outcome && m.radiomics.selected.some((s) => s.feature === f0)))).toBe(false);

    // a study that standardised unseen centres: a new patient of an unseen centre is refused (coded), or skipped
    const strict = JSON.parse(readFileSync(modelPath, 'utf8')) as { models: { kind?: string; radiomics?: { combat: { unseenCentres: string } } }[] };
    for (const m of strict.models) if (m.kind === 'radiomics') m.radiomics!.combat.unseenCentres = 'standardise';
    writeFileSync(join(dir, 'strict.json'), JSON.stringify(strict));
    const d = await runCli(['predict', '--model', join(dir, 'strict.json'), '--patients', path, '--models', 'radiomics']);
    expect(d.code).toBe(2);
    expect(d.err).toMatch(new RegExp(`\\[unknown_level\\].*patient ${c3[0]} \\(row \\d+\\): centre "C3" had no training patients, so ComBat has no estimates`));
    const e = await runCli(['predict', '--model', join(dir, 'strict.json'), '--patients', path, '--models', 'radiomics', '--skip-invalid', '--json']);
    expect(e.code).toBe(0);
    const kept = (JSON.parse(e.out) as { predictions: Pred[] }).predictions;
    expectStudyRisks(kept, ids.filter((id) => !c3.includes(id)));
  }, 120_000);

  it('reproduces them from the images (--images), with the study\'s saved extraction settings', async () => {
    const ids = picked.map((i) => all.cells.get('patient_id')![i]!);
    const cols = ['patient_id', 'centre', 'image_portal_venous', 'mask_portal_venous'];
    const path = csv(join(dir, 'images-new.csv'), cols, picked.map((i) => cols.map((c) => all.cells.get(c)![i])));
    const r = await runCli(['predict', '--model', modelPath, '--patients', path, '--images', '--models', 'radiomics', '--out', join(dir, 'preds.csv'), '--json']);
    expect(r.code, r.err.slice(-1500)).toBe(0);
    expectStudyRisks((JSON.parse(r.out) as { predictions: Pred[] }).predictions, ids);
    // a missing image file and an empty centre: both reported in one pass, each naming the patient,
    // row and column; --skip-invalid scores the rest
    const broken = picked.map((i, k) => cols.map((c) => (k === 0 && c === 'image_portal_venous' ? 'img/nope.nii.gz' : k === 1 && c === 'centre' ? null : all.cells.get(c)![i])));
    const p2 = csv(join(dir, 'images-broken.csv'), cols, broken);
    const a = await runCli(['predict', '--model', modelPath, '--patients', p2, '--images', '--models', 'radiomics']);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(new RegExp(`\\[missing_file\\] at \\S*images-broken\\.csv\\.row\\.1\\.image_portal_venous: patient ${ids[0]} \\(row 1\\): "image_portal_venous": no file at \\S*img/nope\\.nii\\.gz \\(needed by os/radiomics`));
    expect(a.err).toMatch(new RegExp(`\\[missing_value\\] at \\S*images-broken\\.csv\\.row\\.2\\.centre: patient ${ids[1]} \\(row 2\\)`));
    expect(a.err).not.toMatch(/DICOM inputs are not read/);
    const b = await runCli(['predict', '--model', modelPath, '--patients', p2, '--images', '--models', 'radiomics', '--skip-invalid', '--json']);
    expect(b.code).toBe(0);
    expectStudyRisks((JSON.parse(b.out) as { predictions: Pred[] }).predictions, ids.slice(2));
  }, 120_000);
});
