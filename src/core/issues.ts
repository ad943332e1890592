/**
 * Input problems as data. Every `parse*` function collects *all* problems it finds
 * (not first-fail) and returns them as `Issue`s; messages state what was received,
 * what was expected, and a remedy. Code decides on `code`, never on message text.
 */

/** Stable machine-readable issue codes. Add new codes here; never reuse one for a different meaning. */
export type IssueCode =
  | 'missing_column'
  | 'missing_value'
  | 'not_a_number'
  | 'non_finite'
  | 'negative_time'
  | 'bad_event_code'
  | 'entry_not_before_exit'
  | 'negative_weight'
  | 'empty_data'
  | 'no_events'
  | 'single_group'
  | 'unknown_level'
  | 'constant_covariate'
  | 'collinear_covariate'
  | 'not_converged'
  | 'infinite_coefficient'
  | 'singular_matrix'
  | 'bad_option'
  /** A settings/config key the schema does not know (a typo would otherwise fall back to the default). */
  | 'unknown_key'
  | 'bad_csv'
  | 'too_few_rows'
  | 'time_beyond_followup'
  | 'ties_in_time'
  | 'mixed_event_coding'
  | 'out_of_range'
  | 'suspect_unit'
  | 'negative_count'
  | 'non_integer_count'
  | 'duplicate_id'
  | 'missing_sample'
  | 'too_few_replicates'
  | 'bad_gmt'
  | 'ambiguous_id'
  // masks and multi-phase studies (src/io/mask, src/io/study)
  | 'non_integer_label'
  | 'unknown_label'
  | 'grid_mismatch'
  | 'bad_dicom'
  | 'inferred_value'
  | 'contour_off_plane'
  | 'unknown_phase'
  | 'duplicate_phase'
  // DICOM series reading and de-identification (src/io/dicom, src/io/deidentify)
  | 'dicom_unreadable'
  | 'dicom_not_image'
  | 'dicom_unsupported'
  | 'dicom_missing_attribute'
  | 'gantry_tilt'
  | 'missing_slice'
  | 'uneven_spacing'
  | 'duplicate_slice'
  | 'burned_in_annotation'
  // NIfTI input and preprocessing (src/io/nifti, src/preprocess)
  | 'bad_nifti'
  | 'unsupported_datatype'
  | 'zero_spacing'
  | 'sheared_affine'
  | 'multiple_frames'
  | 'empty_mask'
  // NRRD input (src/io/nrrd)
  | 'bad_nrrd'
  // study manifests (src/io/manifest)
  | 'missing_file'
  /** A label map holds several labels where one region was expected (e.g. liver and tumour). */
  | 'multiple_labels';

export type Severity = 'error' | 'warning';

/** One problem with the input or one numerical diagnostic. `path` locates it: e.g. `['row', 17, 'time']`. */
export interface Issue {
  readonly code: IssueCode;
  readonly severity: Severity;
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly expected?: string;
  readonly received?: string;
}

/** Discriminated result: a value (with any warnings) or the collected errors. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Build an error issue. */
export function issueError(
  code: IssueCode,
  path: readonly (string | number)[],
  message: string,
  detail: { expected?: string; received?: string } = {},
): Issue {
  return { code, severity: 'error', path, message, ...detail };
}

/** Build a warning issue. */
export function issueWarning(
  code: IssueCode,
  path: readonly (string | number)[],
  message: string,
  detail: { expected?: string; received?: string } = {},
): Issue {
  return { code, severity: 'warning', path, message, ...detail };
}

/** Wrap a successful value. */
export function ok<T>(value: T, warnings: readonly Issue[] = []): Result<T> {
  return { ok: true, value, warnings };
}

/** Wrap collected errors. */
export function fail<T>(issues: readonly Issue[]): Result<T> {
  return { ok: false, issues };
}

/**
 * The identity of an issue for de-duplicating and matching: its code and path (the same problem at
 * the same place, whatever the message says). Parts are joined with NUL, which no code, file name or
 * column holds, so `['a.b']` and `['a', 'b']` stay apart.
 */
export function issueKey(issue: Pick<Issue, 'code' | 'path'>): string {
  return `${issue.code}\u0000${issue.path.join('\u0000')}`;
}

/** Render an issue as a single human-readable line (used by the CLI and reports). */
export function formatIssue(issue: Issue): string {
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  const exp = issue.expected !== undefined ? `; expected ${issue.expected}` : '';
  const rec = issue.received !== undefined ? `; found ${issue.received}` : '';
  return `${issue.severity} [${issue.code}]${where}: ${issue.message}${exp}${rec}`;
}
