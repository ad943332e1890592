import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Issue, Result } from '../core/issues.js';
import { fail, issueError, ok } from '../core/issues.js';
import { unknownKeyIssues, unknownKeyIssuesOfRejected } from '../core/unknown-keys.js';
import type { ZodIssueLike } from '../core/zod-issues.js';
import { issueOfZod } from '../core/zod-issues.js';
import { IBSI_PRESETS, parseRadiomicsSettings } from '../radiomics/index.js';
import { ensembleDlSettingsSchema } from './deep-stage-settings.js';
import { radiomicsModelSettingsSchema } from './radiomics-model/settings.js';

/**
 * Study settings: everything that decides what a run computes (outcomes, horizons, models,
 * seeds, evaluation, and the imaging settings later stages will use). Saved with every result
 * (results/settings.json) and part of every cache key, so a run can be repeated exactly.
 */

/** A candidate clinical variable of a model. `log10p1` models log10(1 + x) (AFP, CRP). */
export const candidateSchema = z.object({
  column: z.string().min(1),
  kind: z.enum(['numeric', 'factor']).default('numeric'),
  transform: z.enum(['none', 'log10p1']).default('none'),
  reference: z.string().optional(),
});
export type Candidate = z.output<typeof candidateSchema>;

/** One clinical score fitted as a one-variable Cox model. */
export const scoreModelSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  variable: candidateSchema,
});

const DEFAULT_CANDIDATES: z.input<typeof candidateSchema>[] = [
  { column: 'age_years' },
  { column: 'sex', kind: 'factor' },
  { column: 'aetiology', kind: 'factor' },
  { column: 'ecog' },
  { column: 'child_pugh_class', kind: 'factor' },
  { column: 'afp_ng_ml', transform: 'log10p1' },
  { column: 'crp_mg_dl', transform: 'log10p1' },
  { column: 'nlr', transform: 'log10p1' },
  { column: 'tumour_count' },
  { column: 'largest_diameter_cm' },
  { column: 'mvi' },
  { column: 'ehs' },
  { column: 'bclc', kind: 'factor' },
  { column: 'regimen', kind: 'factor' },
  { column: 'ici_line' },
  { column: 'prior_tace' },
];

const DEFAULT_SCORES: z.input<typeof scoreModelSchema>[] = [
  { id: 'albi', label: 'ALBI grade', variable: { column: 'albi_grade' } },
  { id: 'crafity', label: 'CRAFITY', variable: { column: 'crafity' } },
  { id: 'bclc', label: 'BCLC stage', variable: { column: 'bclc', kind: 'factor' } },
  { id: 'child-pugh', label: 'Child-Pugh class', variable: { column: 'child_pugh_class', kind: 'factor' } },
];

/** Settings of the random-survival-forest variant of MMF. */
export const forestSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  nTree: z.number().int().positive().default(300),
  minNodeSize: z.number().int().positive().default(10),
  maxDepth: z.number().int().nonnegative().default(0),
});

export const studySettingsSchema = z.object({
  version: z.literal(1).default(1),
  outcomes: z.array(z.enum(['os', 'pfs'])).min(1).default(['os', 'pfs']),
  /** Horizons (months) of td-AUC, Brier, calibration and decision curves; the paper's defaults. */
  horizonsMonths: z.object({ os: z.array(z.number().positive()).min(1).default([12, 24, 36]), pfs: z.array(z.number().positive()).min(1).default([3, 6, 12]) }).prefault({}),
  /** Root seed of every random step (forests, bootstrap). */
  seed: z.number().int().default(1),
  models: z
    .object({
      clinical: z
        .object({
          enabled: z.boolean().default(true),
          candidates: z.array(candidateSchema).prefault(DEFAULT_CANDIDATES),
          /** Univariable screening threshold (likelihood-ratio p) before backward elimination. */
          screenP: z.number().gt(0).lte(1).default(0.1),
        })
        .prefault({}),
      scores: z.object({ enabled: z.boolean().default(true), items: z.array(scoreModelSchema).prefault(DEFAULT_SCORES) }).prefault({}),
      mrecist: z
        .object({
          enabled: z.boolean().default(true),
          /** Landmark (weeks after treatment start): response must be known by then; times restart there. */
          landmarkWeeks: z.number().positive().default(12),
        })
        .prefault({}),
      mmf: z
        .object({
          enabled: z.boolean().default(true),
          /**
           * Column holding the imaging risk score; `{outcome}` is replaced by os / pfs (e.g.
           * `ensemble_dl_{outcome}`, the columns the Ensemble-DL stage adds). null: the Ensemble-DL
           * score when that stage is enabled, else MMF is skipped.
           */
          scoreColumn: z.string().min(1).nullable().default(null),
          /** Clinical part: 'benchmark' = the variables the clinical benchmark selected, or an explicit list. */
          clinical: z.union([z.literal('benchmark'), z.array(candidateSchema)]).default('benchmark'),
          forest: forestSettingsSchema.prefault({}),
        })
        .prefault({}),
      /** (3) Radiomics comparator: IBSI features, optional ComBat, redundancy filter, LASSO-Cox (src/fusion/radiomics-model). */
      radiomics: radiomicsModelSettingsSchema.prefault({}),
      /** (5) Ensemble-DL: deep members on tumour stacks, trained on training patients (src/fusion/deep-stage.ts). */
      ensembleDl: ensembleDlSettingsSchema.prefault({}),
    })
    .prefault({}),
  evaluation: z
    .object({
      /** Model every other model is compared with. */
      reference: z.string().default('mmf-cox'),
      /** Risk-group cut-off rule, learned on training predictions only. */
      cutoff: z.enum(['median', 'tertiles']).default('median'),
      calibrationGroups: z.number().int().min(2).max(20).default(5),
      /** Resamples of the paired bootstrap of C (reference vs each comparator); 0 turns it off. */
      bootstrapResamples: z.number().int().min(0).default(1000),
      /** Subgroup variables of the forest plot (categorical columns, or numeric split at the training median). */
      subgroups: z.array(z.string()).default(['age_years', 'sex', 'bclc', 'child_pugh_class', 'aetiology', 'afp_ng_ml', 'mvi', 'ehs', 'ici_line', 'regimen', 'centre']),
      /** Cohort whose subgroup forest plot of the reference model's high vs low risk is reported (every cohort is tabulated). */
      subgroupCohort: z.enum(['training', 'internal_validation', 'external_test']).default('external_test'),
      /** For synthetic cohorts only: add the generator's true risk as a ceiling row. */
      syntheticCeiling: z.boolean().default(true),
    })
    .prefault({}),
  /** Placeholders recorded with results for the imaging stages (schemas owned by those stages). */
  preprocessing: z.record(z.string(), z.unknown()).default({}),
  radiomics: z.record(z.string(), z.unknown()).default({}),
});
export type StudySettings = z.output<typeof studySettingsSchema>;
export type StudySettingsInput = z.input<typeof studySettingsSchema>;

/**
 * The radiomics comparator's extraction settings (preset + `models.radiomics.extraction`, merged as
 * `radiomicsExtractionSettings` does) validated now, so a bad or unknown extraction key stops the run
 * before any long work instead of when the radiomics stage starts. Issues are re-rooted under
 * `[source, 'models', 'radiomics', 'extraction']`.
 */
function extractionIssues(s: StudySettings, source: string): Issue[] {
  const m = s.models.radiomics;
  const preset = IBSI_PRESETS[m.preset];
  const r = parseRadiomicsSettings({ ...preset, ...m.extraction, input: { ...(preset.input ?? {}), label: null } });
  if (r.ok) return [];
  return r.issues.map((i) => ({ ...i, path: [source, 'models', 'radiomics', 'extraction', ...i.path.slice(1)], message: `radiomics extraction (preset ${m.preset} + extraction overrides): ${i.message}` }));
}

/**
 * A zod problem of the settings as a `bad_option` issue: its JSON path under `source`, what the schema
 * expected (type, allowed values, bound) and the value found (JSON, shortened), so
 * `"horizonsMonths": {"os": [12, 24, "36"]}` reads "expected a number; found \"36\"".
 */
export function settingsIssueOfZod(z: ZodIssueLike, raw: unknown, source: string): Issue {
  return issueOfZod(z, raw, [source], `${z.message} (settings: docs/study-pipeline.md §2)`, 'see docs/study-pipeline.md §2 (settings)');
}

/**
 * Validate settings, collecting every problem: each zod problem is a `bad_option` issue with its
 * JSON path, each key the schema does not know an `unknown_key` issue (with a "did you mean"
 * suggestion), and once the values are valid the radiomics extraction overrides are checked against
 * the radiomics settings schema. Paths start with `source`.
 */
export function parseStudySettings(raw: unknown, source = 'settings'): Result<StudySettings> {
  const r = studySettingsSchema.safeParse(raw);
  if (!r.success) {
    const bad = r.error.issues.map((z) => settingsIssueOfZod(z, raw, source));
    return fail([...bad, ...unknownKeyIssuesOfRejected(studySettingsSchema, raw, [source])]);
  }
  const issues = [...unknownKeyIssues(raw, r.data, [source], studySettingsSchema), ...extractionIssues(r.data, source)];
  return issues.length ? fail(issues) : ok(r.data);
}

/** Read a settings JSON file (missing file → `missing_file`, bad JSON → `bad_option`). */
export function readStudySettings(path: string): Result<StudySettings> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return fail([issueError('missing_file', [path], `settings file ${path} cannot be read`, { expected: 'a JSON settings file', received: 'no such file' })]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    return fail([issueError('bad_option', [path], `settings file is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { expected: 'JSON', received: 'unparsable text' })]);
  }
  return parseStudySettings(raw, path);
}
