import { z } from 'zod';

/**
 * The cohort manifest: what a study is made of (patients, centres, split, images and masks per
 * phase, clinical variables, OS and PFS, follow-up response, RNA-seq sample ids). A manifest is a
 * JSON descriptor that names one or more CSV tables joined by patient id; a bare CSV is read as a
 * descriptor with every default. The format is documented in docs/study-pipeline.md.
 */

/** The three cohorts of a study. */
export const SPLITS = ['training', 'internal_validation', 'external_test'] as const;
export type Split = (typeof SPLITS)[number];

/** Accepted spellings of each split value in a split column (case-insensitive, `-`/space = `_`). */
export const SPLIT_ALIASES: Readonly<Record<string, Split>> = {
  training: 'training',
  train: 'training',
  development: 'training',
  internal_validation: 'internal_validation',
  validation: 'internal_validation',
  internal: 'internal_validation',
  valid: 'internal_validation',
  external_test: 'external_test',
  external: 'external_test',
  test: 'external_test',
  external_validation: 'external_test',
};

/** Time units a manifest may declare; times are converted to months on reading. */
export const TIME_UNITS = ['days', 'weeks', 'months', 'years'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Months per unit (a month is 365.25 / 12 = 30.4375 days). */
export const MONTHS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { days: 1 / 30.4375, weeks: 7 / 30.4375, months: 1, years: 12 };

const nonEmpty = z.string().min(1);

/** How the split is known: a column of the patients table, or a rule on the centre. */
export const splitRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('column'), column: nonEmpty.default('split') }),
  z.object({
    kind: z.literal('by-centre'),
    /** Centres whose patients are training data. */
    training: z.array(nonEmpty).min(1),
    /** Centres whose patients are the internal validation cohort (may be empty when a fraction is used). */
    internalValidation: z.array(nonEmpty).default([]),
    /** Centres whose patients are the external test cohort. */
    externalTest: z.array(nonEmpty).default([]),
    /**
     * Share of the training centres' patients moved to internal validation, chosen by a hash of
     * (seed, patient id), so the assignment of a patient never depends on the cohort size or order.
     */
    internalValidationFraction: z.number().min(0).lt(1).default(0),
    seed: z.number().int().default(1),
  }),
]);
export type SplitRule = z.output<typeof splitRuleSchema>;

/** A clinical variable the study may use, with the checks applied to every row. */
export const variableSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    column: nonEmpty,
    kind: z.literal('numeric'),
    min: z.number().optional(),
    max: z.number().optional(),
    /** A missing value is an error (default false: the row is kept and models needing it drop it). */
    required: z.boolean().default(false),
    /** Clinical label used in tables and forest plots. */
    label: z.string().optional(),
  }),
  z.object({
    column: nonEmpty,
    kind: z.literal('categorical'),
    /** Allowed levels (as written in the CSV); omitted = any. */
    levels: z.array(z.string()).optional(),
    required: z.boolean().default(false),
    label: z.string().optional(),
  }),
]);
export type VariableSpec = z.output<typeof variableSpecSchema>;

/** Column names of the roles (defaults shown). */
export const manifestColumnsSchema = z.object({
  patientId: nonEmpty.default('patient_id'),
  centre: nonEmpty.default('centre'),
  osTime: nonEmpty.default('os_time'),
  osEvent: nonEmpty.default('os_event'),
  pfsTime: nonEmpty.default('pfs_time'),
  pfsEvent: nonEmpty.default('pfs_event'),
  /** Weeks from treatment start to the first response scan. */
  followupWeeks: nonEmpty.default('followup_weeks'),
  /** mRECIST overall response at that scan: CR, PR, SD, PD or NE. */
  mrecist: nonEmpty.default('mrecist'),
  rnaSampleId: nonEmpty.default('rna_sample_id'),
  /** Column name templates for image and mask paths; `{phase}` is replaced by each phase name. */
  image: nonEmpty.default('image_{phase}'),
  mask: nonEmpty.default('mask_{phase}'),
  /**
   * Optional templates read where the image / mask column's cell is empty (or the column is absent):
   * e.g. `image` = `{phase}_dicom` (the series as delivered) with `imageFallback` = `{phase}_nifti` for
   * the patients who only have a NIfTI copy.
   */
  imageFallback: nonEmpty.optional(),
  maskFallback: nonEmpty.optional(),
});
export type ManifestColumns = z.output<typeof manifestColumnsSchema>;

/** An extra table joined to the patients table by patient id. */
export const joinedTableSchema = z.object({
  path: nonEmpty,
  /** Patient id column of this table (default: the manifest's patient id column). */
  patientId: nonEmpty.optional(),
  /** Rename columns on joining: { "os_months": "os_time" }. */
  rename: z.record(z.string(), z.string()).default({}),
  /** A patient of the patients table absent here is an error (true) or leaves the columns empty (false). */
  required: z.boolean().default(true),
});
export type JoinedTable = z.output<typeof joinedTableSchema>;

/** The JSON manifest descriptor. Paths are relative to the descriptor's folder. */
export const manifestSchema = z.object({
  format: z.literal('mmf-manifest').default('mmf-manifest'),
  version: z.literal(1).default(1),
  cohort: z.string().default('cohort'),
  /** True only for generated cohorts; the evaluation may then add the generator's ceiling row. */
  synthetic: z.boolean().default(false),
  timeUnit: z.enum(TIME_UNITS).default('months'),
  patients: nonEmpty,
  joins: z.array(joinedTableSchema).default([]),
  columns: manifestColumnsSchema.prefault({}),
  split: splitRuleSchema.default({ kind: 'column', column: 'split' }),
  /** Contrast phases expected per patient (names as in src/io/study CONTRAST_PHASES). */
  phases: z.array(z.enum(['non_contrast', 'arterial', 'portal_venous', 'delayed'])).default(['arterial', 'portal_venous', 'delayed']),
  /** Folder that relative image and mask paths start from (relative to the descriptor). */
  imageRoot: z.string().default('.'),
  /** Images and masks must be given for every patient and phase. Default false (tabular studies). */
  requireImages: z.boolean().default(false),
  /** Which outcomes must be present. */
  outcomes: z.array(z.enum(['os', 'pfs'])).default(['os', 'pfs']),
  /** Clinical variables; omitted = every column that has no other role, kind inferred from its values. */
  variables: z.array(variableSpecSchema).optional(),
  /** Numeric risk-score columns produced outside this run (e.g. an imaging model's score). */
  scores: z.array(nonEmpty).default([]),
});
export type ManifestDescriptor = z.output<typeof manifestSchema>;
export type ManifestDescriptorInput = z.input<typeof manifestSchema>;
