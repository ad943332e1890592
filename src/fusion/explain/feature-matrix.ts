import { HccError } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { CohortFeatures } from '../radiomics-model/extract-cohort.js';

/**
 * A patients × features block: `matrix[i * names.length + j]` is feature `j` of patient `ids[i]`
 * (row-major). NaN marks a missing value (no image, failed extraction, feature not computed); it is
 * consumed by `deepRadiomicCorrelation`, which uses pairwise-complete rows and never passes NaN on.
 */
export interface FeatureMatrix {
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly matrix: Float64Array;
}

/** Column `j` of a feature matrix. */
export function featureColumn(m: FeatureMatrix, j: number): Float64Array {
  const p = m.names.length;
  const out = new Float64Array(m.ids.length);
  for (let i = 0; i < m.ids.length; i++) out[i] = m.matrix[i * p + j];
  return out;
}

/** Throws `E_INPUT` unless the matrix has the stated shape and unique ids and feature names. */
export function assertFeatureMatrix(m: FeatureMatrix, label: string): void {
  const issues: Issue[] = [];
  if (m.matrix.length !== m.ids.length * m.names.length) {
    issues.push(issueError('out_of_range', [label, 'matrix'], 'matrix length must be ids × names', { expected: String(m.ids.length * m.names.length), received: String(m.matrix.length) }));
  }
  const dup = (xs: readonly string[]) => xs.find((x, i) => xs.indexOf(x) !== i);
  const di = dup(m.ids);
  if (di !== undefined) issues.push(issueError('duplicate_id', [label, 'ids'], `patient id ${JSON.stringify(di)} appears more than once`));
  const dn = dup(m.names);
  if (dn !== undefined) issues.push(issueError('duplicate_id', [label, 'names'], `feature name ${JSON.stringify(dn)} appears more than once`));
  if (issues.length) throw new HccError('E_INPUT', `${label} features: ${issues.length} problem(s)`, { issues });
}

/** Split one CSV line (RFC 4180 quotes, as `JSON.stringify` writes simple ids). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Options of `deepFeaturesFromCsv`. */
export interface DeepFeaturesCsvOptions {
  /** Ensemble members to keep (default: every member in the file). */
  readonly members?: readonly string[];
}

/**
 * Parse the deep-feature CSV written by `mmf predict-dl --features` (`patient,member,f0,f1,...`, one
 * row per patient and member) into one matrix whose columns are `<member>:f<k>`. Members are kept
 * apart, not averaged: the k-th unit of two independently trained networks is not the same feature.
 * Empty or non-numeric cells become NaN (missing). Throws `E_INPUT` on a malformed file.
 */
export function deepFeaturesFromCsv(text: string, options: DeepFeaturesCsvOptions = {}): FeatureMatrix {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!lines.length) throw new HccError('E_INPUT', 'deep features CSV is empty', { issues: [issueError('empty_data', ['deep_features'], 'no header line')] });
  const header = splitCsvLine(lines[0]);
  if (header[0] !== 'patient' || header[1] !== 'member') {
    throw new HccError('E_INPUT', 'deep features CSV: header must start with patient,member', { issues: [issueError('missing_column', ['deep_features', 'header'], 'unexpected header', { expected: 'patient,member,f0,...', received: header.slice(0, 3).join(',') })] });
  }
  const featureCols = header.slice(2);
  const keep = options.members ? new Set(options.members) : null;
  const members: string[] = [];
  const ids: string[] = [];
  const values = new Map<string, Map<string, string[]>>();
  for (let r = 1; r < lines.length; r++) {
    const cells = splitCsvLine(lines[r]);
    const [id, member] = cells;
    if (keep && !keep.has(member)) continue;
    if (!members.includes(member)) members.push(member);
    if (!values.has(id)) {
      values.set(id, new Map());
      ids.push(id);
    }
    if (values.get(id)!.has(member)) throw new HccError('E_INPUT', 'deep features CSV: duplicate row', { issues: [issueError('duplicate_id', ['deep_features', 'row', r + 1], `patient ${JSON.stringify(id)}, member ${JSON.stringify(member)} appears twice`)] });
    values.get(id)!.set(member, cells.slice(2));
  }
  const names = members.flatMap((m) => featureCols.map((f) => `${m}:${f}`));
  const matrix = new Float64Array(ids.length * names.length).fill(NaN);
  ids.forEach((id, i) => {
    members.forEach((m, mi) => {
      const cells = values.get(id)!.get(m);
      if (!cells) return;
      for (let k = 0; k < featureCols.length; k++) {
        const s = cells[k];
        const v = s === undefined || s.trim() === '' ? NaN : Number(s);
        matrix[i * names.length + mi * featureCols.length + k] = Number.isFinite(v) ? v : NaN;
      }
    });
  });
  return { ids, names, matrix };
}

/**
 * The radiomics stage's per-patient features (`extractCohortFeatures`) as a matrix: rows are the
 * patients with extracted features (rows that are null or carry an `error` are left out), columns the
 * union of feature names in first-seen order; a feature a patient lacks, or a non-finite value, is NaN.
 */
export function radiomicFeaturesFromCohort(cf: Pick<CohortFeatures, 'rows'>): FeatureMatrix {
  const rows = cf.rows.filter((r): r is NonNullable<typeof r> => r !== null && r.error === null);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.features)) if (!seen.has(k)) {
    seen.add(k);
    names.push(k);
  }
  const matrix = new Float64Array(rows.length * names.length).fill(NaN);
  rows.forEach((r, i) => names.forEach((n, j) => {
    const v = r.features[n];
    if (typeof v === 'number' && Number.isFinite(v)) matrix[i * names.length + j] = v;
  }));
  return { ids: rows.map((r) => r.patientId), names, matrix };
}
