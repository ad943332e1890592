import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HccError } from '../../src/core/errors.js';
import { makeVolume } from '../../src/core/volume.js';
import type { NamedTable, StudySettingsInput } from '../../src/fusion/index.js';
import { openStudyStore, parseStudySettings, runStudy } from '../../src/fusion/index.js';
import type { StudyCohort } from '../../src/io/index.js';
import { readManifest, writeNifti } from '../../src/io/index.js';
import { writeTinyImageCohort } from './tiny-image-cohort.js';

/** The radiomics comparator end to end on a tiny image cohort written here (64 patients, 3 centres). */
let dir = '';
let cohort: StudyCohort;

const SETTINGS: StudySettingsInput = {
  seed: 2,
  models: { clinical: { enabled: false }, scores: { enabled: false }, mrecist: { enabled: false }, mmf: { enabled: false }, radiomics: { enabled: true, peritumouralMm: 4, combat: { enabled: true } } },
  evaluation: { reference: 'radiomics' },
};

function settings(extra: StudySettingsInput = SETTINGS) {
  const s = parseStudySettings(extra);
  if (!s.ok) throw new Error(s.issues[0].message);
  return s.value;
}

function tableOf(tables: readonly NamedTable[], name: string) {
  const t = tables.find((x) => x.name === name)!;
  const at = (c: string) => t.columns.indexOf(c);
  return { t, at, rows: t.rows };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmf-radiomics-'));
  const { manifest } = writeTinyImageCohort(dir);
  // Patient P005 gets an empty mask: it must be named in a warning and left unscored.
  writeNifti(join(dir, 'img', 'P005_mask.nii.gz'), makeVolume({ shape: [20, 20, 10], spacing: [2, 2, 2.5], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Uint8Array(4000) }));
  const c = readManifest(manifest, {});
  if (!c.ok) throw new Error(c.issues.map((i) => i.message).join('; '));
  cohort = c.value;
}, 30_000);

describe('radiomics model in the study (tiny image cohort)', () => {
  it('extracts once per patient, harmonises, filters, fits LASSO-Cox on training and scores all cohorts', () => {
    const out = join(dir, 'out');
    const r = runStudy(cohort, settings(), { outDir: out });
    expect(cohort.counts).toEqual({ training: 40, internal_validation: 12, external_test: 12 });
    const store = openStudyStore(out);
    const extracted = store.entries().filter((e) => e.kind === 'radiomics-features');
    expect(extracted).toHaveLength(64);
    expect(r.warnings.some((w) => w.path.includes('P005') && /no radiomic features/.test(w.message))).toBe(true);

    const sum = tableOf(r.tables, 'radiomics_summary');
    expect(sum.rows).toHaveLength(2);
    const os = sum.rows.find((x) => x[sum.at('outcome')] === 'os')!;
    expect(os[sum.at('n_training')]).toBe(39); // 40 training patients minus P005 (empty mask)
    expect(os[sum.at('features_in_lasso')]).toBeLessThanOrEqual(40);
    expect(os[sum.at('features_selected')] as number).toBeGreaterThan(0);
    // ComBat fitted on the training centre only; the two other centres are standardised on their own moments.
    expect(os[sum.at('combat')]).toBe('C1:eb;C2:standardised;C3:standardised');

    const feats = tableOf(r.tables, 'radiomics_features');
    const osFeats = feats.rows.filter((x) => x[feats.at('outcome')] === 'os');
    expect(osFeats.some((x) => String(x[feats.at('feature')]).startsWith('ring.'))).toBe(true);
    expect(osFeats.some((x) => String(x[feats.at('feature')]).startsWith('tumour.'))).toBe(true);
    // Every dropped feature correlates above 0.9 with a kept one that is at least as strong.
    const strength = new Map(osFeats.map((x) => [x[feats.at('feature')], x[feats.at('univariable_c')] as number]));
    const dropped = osFeats.filter((x) => x[feats.at('kept_after_redundancy')] === 0);
    expect(dropped.length).toBeGreaterThan(0);
    for (const d of dropped) {
      expect(Math.abs(d[feats.at('rho')] as number)).toBeGreaterThan(0.9);
      expect(strength.get(d[feats.at('redundant_with')])!).toBeGreaterThanOrEqual(d[feats.at('univariable_c')] as number);
    }

    const disc = tableOf(r.tables, 'discrimination');
    const c = (outcome: string, cohortName: string) => disc.rows.find((x) => x[disc.at('outcome')] === outcome && x[disc.at('model')] === 'radiomics' && x[disc.at('cohort')] === cohortName)!;
    expect(c('os', 'training')[disc.at('n')]).toBe(39);
    expect(c('os', 'external_test')[disc.at('n')]).toBe(12);
    expect(c('os', 'training')[disc.at('c_index')] as number).toBeGreaterThan(0.7);
    expect(c('os', 'external_test')[disc.at('c_index')] as number).toBeGreaterThan(0.55);
    const results = JSON.parse(readFileSync(join(out, 'results', 'results.json'), 'utf8')) as { settings: { models: { radiomics: { preset: string; phase: string } } } };
    expect(results.settings.models.radiomics).toMatchObject({ preset: 'C', phase: 'portal_venous' });

    // A rerun reuses every feature object and every model: nothing is computed twice.
    const again = runStudy(cohort, settings(), { outDir: out });
    expect(again.stats.computed).toBe(0);
    // Changing only the LASSO settings refits the model but reuses every patient's features.
    const changed = runStudy(cohort, settings({ ...SETTINGS, models: { ...SETTINGS.models, radiomics: { ...SETTINGS.models!.radiomics, lasso: { lambda: '1se' } } } }), { outDir: out });
    expect(openStudyStore(out).entries().filter((e) => e.kind === 'radiomics-features')).toHaveLength(64);
    expect(changed.stats.computed).toBeGreaterThan(0);
  }, 60_000);

  it('stops with the patient id when onImageError is "stop"', () => {
    const s = settings({ ...SETTINGS, models: { ...SETTINGS.models, radiomics: { ...SETTINGS.models!.radiomics, onImageError: 'stop' } } });
    let caught: unknown = null;
    try {
      runStudy(cohort, s, { outDir: join(dir, 'out-stop') });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HccError);
    const err = caught as HccError;
    expect(err.code).toBe('E_INPUT');
    expect(err.issues[0]).toMatchObject({ code: 'empty_mask', path: ['radiomics', 'P005'] });
  }, 60_000);

  it('rejects bad radiomics settings with bad_option and the JSON path', () => {
    const s = parseStudySettings({ models: { radiomics: { preset: 'Z', redundancyRho: 2 } } });
    expect(s.ok).toBe(false);
    if (s.ok) return;
    const paths = s.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('settings.models.radiomics.preset');
    expect(paths).toContain('settings.models.radiomics.redundancyRho');
    expect(s.issues.every((i) => i.code === 'bad_option')).toBe(true);
  });
});
