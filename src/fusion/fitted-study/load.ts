import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HccError, throwIfErrors } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { NamedTable } from '../evaluate.js';
import type { CohortFacts, TripodInput } from '../evaluation/index.js';
import type { StudySettings } from '../settings.js';
import { parseStudySettings, readStudySettings } from '../settings.js';
import { fittedForestOf } from './fitted-survival.js';
import { MONTHS_PER_WEEK } from '../landmark.js';
import type { FittedCoxModel, FittedForestModel, FittedRadiomicsModel, FittedStudy } from './types.js';
import { FITTED_STUDY_FORMAT, FITTED_STUDY_VERSION } from './types.js';

/** Where `mmf train` writes the fitted study inside a study folder. */
export function fittedStudyPath(outDir: string): string {
  return join(outDir, 'models', 'fitted-study.json');
}

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new HccError('E_IO', `${what} ${path} does not exist`);
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new HccError('E_INPUT', `${what} ${path} is not valid JSON`, { cause, issues: [issueError('bad_option', [path], `not valid JSON: ${(cause as Error).message}`, { expected: 'JSON' })] });
  }
}

/** Problems of an exported forest: its design must match the forest's variables, and the forest must load. */
function forestIssues(m: FittedForestModel, at: (string | number)[]): Issue[] {
  const names = m.design?.names;
  if (!Array.isArray(names) || m.design.p !== names.length || !Array.isArray(m.inputs) || !Array.isArray(m.horizonsMonths)) {
    return [issueError('bad_option', [...at, 'design'], `model ${m.outcome}/${m.id}: design, inputs or horizons are malformed`, { expected: 'a file written by `mmf train`' })];
  }
  try {
    const f = fittedForestOf(m, [...at, 'forest']);
    if (f.variableNames.join('\u0000') !== names.join('\u0000')) return [issueError('bad_option', [...at, 'forest', 'variableNames'], `model ${m.outcome}/${m.id}: the forest's variables differ from the design columns`, { expected: names.join(', '), received: f.variableNames.join(', ') })];
  } catch (err) {
    if (err instanceof HccError) return [...err.issues];
    throw err;
  }
  return [];
}

/** Problems of an exported radiomics pipeline: selected features with finite coefficients among the inputs, ComBat arrays of their length. */
function radiomicsIssues(m: FittedRadiomicsModel, at: (string | number)[]): Issue[] {
  const r = m.radiomics;
  const bad = (field: string, what: string) => [issueError('bad_option', [...at, 'radiomics', field], `model ${m.outcome}/${m.id}: ${what}`, { expected: 'a file written by `mmf train`' })];
  if (!r || !Array.isArray(r.selected) || !r.selected.length || !Array.isArray(m.inputs)) return bad('selected', 'no selected radiomic features');
  if (r.selected.some((f) => typeof f.feature !== 'string' || !Number.isFinite(f.coef) || !m.inputs.some((i) => i.column === f.feature))) return bad('selected', 'a selected feature has no finite coefficient or is not an input');
  if (m.design?.names?.length !== 1 || m.design.names[0] !== r.scoreColumn) return bad('scoreColumn', 'the design is not the one score column');
  const c = r.combat;
  if (c) {
    const q = r.selected.length;
    const sized = (v: unknown) => Array.isArray(v) && v.length === q;
    if (!sized(c.alpha) || !sized(c.sigma) || !Array.isArray(c.centres) || !c.centres.every((b) => typeof b.centre === 'string' && sized(b.gammaStar) && sized(b.deltaStar2))) return bad('combat', 'ComBat parameters do not match the selected features');
  }
  if (!r.extraction || typeof r.extraction.imageColumn !== 'string' || typeof r.extraction.maskColumn !== 'string') return bad('extraction', 'no extraction settings');
  return [];
}

/** A landmark block must give a positive landmark; inputs that need one must have it. */
function landmarkIssues(m: FittedCoxModel | FittedRadiomicsModel, at: (string | number)[]): Issue[] {
  const l = m.landmark ?? null;
  const needs = (m.inputs ?? []).some((i) => i.transform === 'landmark_scan');
  if (l === null) return needs ? [issueError('bad_option', [...at, 'landmark'], `model ${m.outcome}/${m.id}: a landmark_scan input without a landmark`, { expected: 'a landmark block', received: 'none' })] : [];
  const okL = typeof l.months === 'number' && l.months > 0 && Number.isFinite(l.months) && typeof l.weeks === 'number' && Math.abs(l.weeks * MONTHS_PER_WEEK - l.months) < 1e-9 * Math.max(1, l.months);
  return okL ? [] : [issueError('bad_option', [...at, 'landmark'], `model ${m.outcome}/${m.id}: the landmark must be a positive time in months with the same time in weeks`, { expected: 'months > 0, weeks = months / (7 / 30.4375)', received: JSON.stringify(l) })];
}

/** Read and check a `fitted-study.json` (format tag, version, models with consistent sizes, forests that load). */
export function readFittedStudy(path: string): FittedStudy {
  const raw = readJson(path, 'fitted study') as Partial<FittedStudy> | null;
  const issues: Issue[] = [];
  if (!raw || raw.format !== FITTED_STUDY_FORMAT) issues.push(issueError('bad_option', [path, 'format'], 'not a fitted study written by `mmf train`', { expected: FITTED_STUDY_FORMAT, received: String(raw?.format) }));
  else if (raw.version !== FITTED_STUDY_VERSION) issues.push(issueError('bad_option', [path, 'version'], 'unsupported fitted-study version', { expected: String(FITTED_STUDY_VERSION), received: String(raw.version) }));
  else if (!Array.isArray(raw.models)) issues.push(issueError('bad_option', [path, 'models'], 'no model list', { expected: 'an array of models' }));
  else {
    raw.models.forEach((m, k) => {
      if (m && m.kind === 'forest') {
        issues.push(...forestIssues(m, [path, 'models', k]));
        return;
      }
      if (m && m.kind !== undefined && m.kind !== 'cox' && m.kind !== 'radiomics') {
        issues.push(issueError('bad_option', [path, 'models', k, 'kind'], `model ${m.outcome}/${m.id}: unknown model kind`, { expected: "'cox', 'forest' or 'radiomics'", received: String(m.kind) }));
        return;
      }
      if (m && m.kind === 'radiomics') issues.push(...radiomicsIssues(m, [path, 'models', k]));
      const p = m.design?.p;
      const T = m.baseline?.time?.length;
      const okSizes = typeof p === 'number' && m.coef?.length === p && m.means?.length === p && m.variance?.length === p * p && T !== undefined && m.baseline.cumhaz.length === T && m.baseline.varHazard.length === T && m.baseline.xbar.length === T * p;
      if (!okSizes) issues.push(issueError('bad_option', [path, 'models', k], `model ${m.outcome}/${m.id}: sizes of coefficients, means, covariance or baseline do not agree`, { expected: 'a file written by `mmf train`' }));
      issues.push(...landmarkIssues(m, [path, 'models', k]));
    });
  }
  throwIfErrors(`fitted study ${path}`, issues);
  return raw as FittedStudy;
}

/**
 * Settings for a command on a study folder: the `--settings` file when given, else the settings
 * recorded in the folder (`models/fitted-study.json` from `mmf train`, then `results/settings.json`
 * from `mmf study` / `mmf evaluate`), else the defaults; `scoreColumn` overrides
 * `models.mmf.scoreColumn`. Reusing the recorded settings keeps every store key the same.
 */
export function resolveStudySettings(outDir: string, settingsPath?: string, scoreColumn?: string): { settings: StudySettings; source: string } {
  let raw: { settings: StudySettings; source: string };
  const fitted = fittedStudyPath(outDir);
  const recorded = join(outDir, 'results', 'settings.json');
  const parse = (r: ReturnType<typeof parseStudySettings>, src: string): StudySettings => {
    if (!r.ok) throwIfErrors(`settings ${src}`, r.issues);
    if (!r.ok) throw new HccError('E_INTERNAL', 'settings failed without issues');
    return r.value;
  };
  if (settingsPath) raw = { settings: parse(readStudySettings(settingsPath), settingsPath), source: settingsPath };
  else if (existsSync(fitted)) raw = { settings: parse(parseStudySettings((readJson(fitted, 'fitted study') as { settings: unknown }).settings, fitted), fitted), source: fitted };
  else if (existsSync(recorded)) raw = { settings: parse(readStudySettings(recorded), recorded), source: recorded };
  else raw = { settings: parse(parseStudySettings({}), '(defaults)'), source: '(defaults)' };
  if (scoreColumn) {
    const s = raw.settings;
    raw = { settings: { ...s, models: { ...s.models, mmf: { ...s.models.mmf, scoreColumn } } }, source: `${raw.source} + --score-column ${scoreColumn}` };
  }
  return raw;
}

/** A finished study folder as the report writer needs it, reloaded from `results/`. */
export interface StudyFolder {
  readonly tables: readonly NamedTable[];
  readonly notes: readonly string[];
  readonly warnings: readonly Issue[];
  readonly settings: StudySettings;
  readonly provenance: unknown;
  readonly cohort: { readonly name: string; readonly synthetic: boolean; readonly counts: Readonly<Record<'training' | 'internal_validation' | 'external_test', number>>; readonly facts?: CohortFacts; readonly skipped?: TripodInput['cohort']['skipped'] };
}

/**
 * Reload the results of a study folder (`results/results.json`, `settings.json`,
 * `provenance.json`; column order from the CSV headers) so the report can be rewritten without
 * refitting. `E_IO` when the folder has no results.
 */
export function readStudyFolder(outDir: string): StudyFolder {
  const dir = join(outDir, 'results');
  const results = readJson(join(dir, 'results.json'), 'study results') as { notes?: string[]; warnings?: Issue[]; tables?: Record<string, Record<string, string | number | null>[]> };
  const provenance = readJson(join(dir, 'provenance.json'), 'study provenance') as { cohort?: { name?: string; synthetic?: boolean; counts?: StudyFolder['cohort']['counts']; facts?: CohortFacts; skipped?: StudyFolder['cohort']['skipped'] } };
  const settings = readStudySettings(join(dir, 'settings.json'));
  if (!settings.ok) throwIfErrors(`settings ${join(dir, 'settings.json')}`, settings.issues);
  if (!settings.ok || !results.tables || !provenance.cohort?.counts) throw new HccError('E_INPUT', `${dir} does not hold complete study results (results.json with tables, provenance.json with the cohort)`);
  const tables: NamedTable[] = Object.entries(results.tables).map(([name, records]) => {
    const csv = join(dir, `${name}.csv`);
    const header = existsSync(csv) ? readFileSync(csv, 'utf8').split('\n', 1)[0].split(',') : Object.keys(records[0] ?? {});
    return { name, columns: header, rows: records.map((rec) => header.map((c) => rec[c] ?? null)) };
  });
  return {
    tables,
    notes: results.notes ?? [],
    warnings: results.warnings ?? [],
    settings: settings.value,
    provenance,
    cohort: { name: provenance.cohort.name ?? 'cohort', synthetic: provenance.cohort.synthetic === true, counts: provenance.cohort.counts, ...(provenance.cohort.facts ? { facts: provenance.cohort.facts } : {}), ...(Array.isArray(provenance.cohort.skipped) ? { skipped: provenance.cohort.skipped } : {}) },
  };
}
