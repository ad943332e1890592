/**
 * RNA-seq count matrices: a counts table (genes × samples, first column the gene id; CSV or TSV)
 * and a sample sheet (sample → group), validated into a typed matrix for a two-group design.
 * Every input problem is collected as an `Issue` (not first-fail), naming the gene and sample.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { HccError } from '../core/errors.js';
import type { Issue, Result } from '../core/issues.js';
import { fail, issueError, issueWarning, ok } from '../core/issues.js';

/** Genes × samples counts, row-major: `counts[g * nSamples + s]`. Counts are non-negative integers. */
export interface CountMatrix {
  readonly counts: Float64Array;
  readonly nGenes: number;
  readonly nSamples: number;
  readonly geneIds: readonly string[];
  readonly sampleIds: readonly string[];
}

/** One row per sample: its id and group label, in sheet order. */
export interface SampleSheet {
  readonly sampleIds: readonly string[];
  readonly groups: readonly string[];
}

/** A count matrix restricted to the samples of two groups, with the group of each column. */
export interface TwoGroupCounts {
  readonly matrix: CountMatrix;
  /** Per sample (column of `matrix`): 0 = reference group, 1 = alternative group. */
  readonly group: Uint8Array;
  readonly reference: string;
  readonly alternative: string;
}

export interface ParseCountMatrixOptions {
  /** Field delimiter; default: tab when the header line contains a tab, else comma. */
  readonly delimiter?: ',' | '\t';
  /** Stop collecting cell issues after this many (a summary issue is added). Default 200. */
  readonly maxIssues?: number;
}

const MISSING = new Set(['', 'NA', 'N/A', 'na', 'null', 'NULL', '.']);

function splitRecords(text: string, source: string, delimiter: string): string[][] {
  try {
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    throw new HccError('E_INPUT', `${source}: not valid delimited text (${msg})`, {
      cause,
      issues: [issueError('bad_csv', [source], `not valid delimited text: ${msg}`, { expected: 'CSV or TSV with a header row' })],
    });
  }
}

/**
 * Parse a counts table. Header: gene id column then one column per sample. Issues:
 * `bad_csv` (ragged rows, fewer than 2 columns), `empty_data`, `duplicate_id` (gene or sample),
 * `missing_value`, `not_a_number`, `negative_count`, `non_integer_count` (path `[gene, sample]`).
 * @see DESeq2 `DESeqDataSetFromMatrix` (which rejects negative and non-integer counts)
 */
export function parseCountMatrixText(text: string, source = '<counts>', options: ParseCountMatrixOptions = {}): Result<CountMatrix> {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const delimiter = options.delimiter ?? (firstLine.includes('\t') ? '\t' : ',');
  const maxIssues = options.maxIssues ?? 200;
  const records = splitRecords(text, source, delimiter);
  const issues: Issue[] = [];
  if (records.length < 2) {
    return fail([issueError('empty_data', [source], 'the counts table has no gene rows', { expected: 'a header row and one row per gene' })]);
  }
  const header = records[0];
  if (header.length < 2) {
    return fail([issueError('bad_csv', [source], 'the counts table needs a gene id column and at least one sample column', { received: `${header.length} column(s)` })]);
  }
  const sampleIds = header.slice(1);
  const seenSample = new Set<string>();
  for (const s of sampleIds) {
    if (seenSample.has(s)) issues.push(issueError('duplicate_id', [source, 'sample', s], `sample column "${s}" appears more than once`, { expected: 'unique sample ids' }));
    seenSample.add(s);
  }
  const nSamples = sampleIds.length;
  const nGenes = records.length - 1;
  const counts = new Float64Array(nGenes * nSamples);
  const geneIds: string[] = new Array(nGenes);
  const firstRowOf = new Map<string, number>();
  let cellIssues = 0;
  const push = (issue: Issue): void => {
    cellIssues++;
    if (cellIssues <= maxIssues) issues.push(issue);
  };
  for (let g = 0; g < nGenes; g++) {
    const rec = records[g + 1];
    const gene = rec[0];
    geneIds[g] = gene;
    if (rec.length !== header.length) {
      push(issueError('bad_csv', [source, 'row', g + 1], `row ${g + 1} (gene "${gene}") has ${rec.length} fields`, { expected: `${header.length} fields` }));
      continue;
    }
    const prev = firstRowOf.get(gene);
    if (prev !== undefined) {
      push(issueError('duplicate_id', [gene], `gene id "${gene}" appears in rows ${prev + 1} and ${g + 1}`, { expected: 'unique gene ids', received: 'a repeated id' }));
    } else firstRowOf.set(gene, g);
    const base = g * nSamples;
    for (let s = 0; s < nSamples; s++) {
      const cell = rec[s + 1];
      const sample = sampleIds[s];
      if (MISSING.has(cell)) {
        push(issueError('missing_value', [gene, sample], `count for gene "${gene}", sample "${sample}" is missing`, { expected: 'a non-negative integer', received: JSON.stringify(cell) }));
        continue;
      }
      const v = Number(cell);
      if (!Number.isFinite(v)) {
        push(issueError('not_a_number', [gene, sample], `count for gene "${gene}", sample "${sample}" is not a number`, { expected: 'a non-negative integer', received: JSON.stringify(cell) }));
      } else if (v < 0) {
        push(issueError('negative_count', [gene, sample], `count for gene "${gene}", sample "${sample}" is negative`, { expected: 'a non-negative integer', received: cell }));
      } else if (!Number.isInteger(v)) {
        push(issueError('non_integer_count', [gene, sample], `count for gene "${gene}", sample "${sample}" is not an integer (use raw counts, not normalised values)`, { expected: 'a non-negative integer', received: cell }));
      }
      counts[base + s] = v;
    }
  }
  if (cellIssues > maxIssues) {
    issues.push(issueError('bad_csv', [source], `${cellIssues - maxIssues} further problem(s) not listed`, { received: `${cellIssues} problems in total` }));
  }
  if (issues.length > 0) return fail(issues);
  return ok({ counts, nGenes, nSamples, geneIds, sampleIds });
}

/** Read a counts CSV/TSV from disk (throws `E_IO` when the file cannot be read). */
export function readCountMatrix(path: string, options: ParseCountMatrixOptions = {}): Result<CountMatrix> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HccError('E_IO', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  return parseCountMatrixText(text, path, { ...options, delimiter: options.delimiter ?? (/\.(tsv|tab|txt)$/i.test(path) ? '\t' : undefined) });
}

export interface ParseSampleSheetOptions {
  /** Column with the sample ids (default `sample`). */
  readonly sampleColumn?: string;
  /** Column with the group labels (default `group`). */
  readonly groupColumn?: string;
}

/** Parse a sample sheet (CSV or TSV text with a header). Issues: `missing_column`, `missing_value`, `duplicate_id`. */
export function parseSampleSheetText(text: string, source = '<samples>', options: ParseSampleSheetOptions = {}): Result<SampleSheet> {
  const sampleColumn = options.sampleColumn ?? 'sample';
  const groupColumn = options.groupColumn ?? 'group';
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length);
  const records = splitRecords(text, source, firstLine.includes('\t') ? '\t' : ',');
  if (records.length < 2) return fail([issueError('empty_data', [source], 'the sample sheet has no rows', { expected: 'a header row and one row per sample' })]);
  const header = records[0];
  const si = header.indexOf(sampleColumn);
  const gi = header.indexOf(groupColumn);
  const issues: Issue[] = [];
  if (si < 0) issues.push(issueError('missing_column', [source, sampleColumn], `column "${sampleColumn}" (sample id) is not in the sample sheet`, { expected: `one of: ${header.join(', ')}` }));
  if (gi < 0) issues.push(issueError('missing_column', [source, groupColumn], `column "${groupColumn}" (group) is not in the sample sheet`, { expected: `one of: ${header.join(', ')}` }));
  if (issues.length) return fail(issues);
  const sampleIds: string[] = [];
  const groups: string[] = [];
  const seen = new Set<string>();
  for (let r = 1; r < records.length; r++) {
    const s = records[r][si] ?? '';
    const g = records[r][gi] ?? '';
    if (MISSING.has(s)) { issues.push(issueError('missing_value', ['row', r, sampleColumn], `row ${r}: sample id is missing`)); continue; }
    if (MISSING.has(g)) { issues.push(issueError('missing_value', ['row', r, groupColumn], `row ${r}: group of sample "${s}" is missing`)); continue; }
    if (seen.has(s)) { issues.push(issueError('duplicate_id', ['row', r, sampleColumn], `sample "${s}" is listed more than once in the sample sheet`, { expected: 'one row per sample' })); continue; }
    seen.add(s);
    sampleIds.push(s);
    groups.push(g);
  }
  if (issues.length) return fail(issues);
  return ok({ sampleIds, groups });
}

/** Read a sample sheet from disk. */
export function readSampleSheet(path: string, options: ParseSampleSheetOptions = {}): Result<SampleSheet> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HccError('E_IO', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  return parseSampleSheetText(text, path, options);
}

export interface TwoGroupOptions {
  /** Reference (denominator) group; default: first of the two labels in code-point order (R's factor default for plain ASCII). */
  readonly reference?: string;
  /** Alternative (numerator) group; default: the other label. */
  readonly alternative?: string;
}

/**
 * Match matrix columns with the sample sheet and set up the two-group design (`~ group`,
 * log2FC = alternative vs reference). Samples of other groups (when both levels are named) are
 * dropped with a warning. Issues: `missing_sample` (a matrix column absent from the sheet, or a
 * sheet sample absent from the matrix), `single_group`, `unknown_level`, `too_few_replicates`
 * (fewer than 2 samples in a group).
 */
export function twoGroupCounts(matrix: CountMatrix, sheet: SampleSheet, options: TwoGroupOptions = {}): Result<TwoGroupCounts> {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const groupOf = new Map<string, string>();
  sheet.sampleIds.forEach((s, i) => groupOf.set(s, sheet.groups[i]));
  const inMatrix = new Set(matrix.sampleIds);
  for (const s of matrix.sampleIds) {
    if (!groupOf.has(s)) issues.push(issueError('missing_sample', ['samples', s], `sample "${s}" (a counts column) is not in the sample sheet`, { expected: 'every counts column listed in the sample sheet' }));
  }
  for (const s of sheet.sampleIds) {
    if (!inMatrix.has(s)) issues.push(issueError('missing_sample', ['counts', s], `sample "${s}" of the sample sheet has no column in the counts table`, { expected: 'a counts column per sheet sample' }));
  }
  if (issues.length) return fail(issues);
  const levels = [...new Set(matrix.sampleIds.map((s) => groupOf.get(s)!))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let reference = options.reference;
  let alternative = options.alternative;
  for (const [name, v] of [['reference', reference], ['alternative', alternative]] as const) {
    if (v !== undefined && !levels.includes(v)) issues.push(issueError('unknown_level', ['group', name], `${name} group "${v}" is not a group in the sample sheet`, { expected: `one of: ${levels.join(', ')}` }));
  }
  if (issues.length) return fail(issues);
  if (levels.length < 2) return fail([issueError('single_group', ['group'], 'the sample sheet has a single group; differential expression needs two', { received: levels.join(', ') })]);
  if (reference === undefined) reference = alternative === undefined ? levels[0] : levels.find((l) => l !== alternative)!;
  if (alternative === undefined) alternative = levels.find((l) => l !== reference)!;
  if (reference === alternative) return fail([issueError('bad_option', ['group'], `reference and alternative are both "${reference}"`, { expected: 'two different groups' })]);
  if (levels.length > 2 && (options.reference === undefined || options.alternative === undefined)) {
    return fail([issueError('bad_option', ['group'], `the sample sheet has ${levels.length} groups; name the reference and alternative group`, { received: levels.join(', ') })]);
  }
  const keep: number[] = [];
  const group: number[] = [];
  matrix.sampleIds.forEach((s, j) => {
    const g = groupOf.get(s)!;
    if (g === reference) { keep.push(j); group.push(0); } else if (g === alternative) { keep.push(j); group.push(1); }
  });
  if (keep.length < matrix.nSamples) warnings.push(issueWarning('unknown_level', ['group'], `${matrix.nSamples - keep.length} sample(s) of other groups were left out`));
  for (const [label, code] of [[reference, 0], [alternative, 1]] as const) {
    const n = group.filter((g) => g === code).length;
    if (n < 2) issues.push(issueError('too_few_replicates', ['group', label], `group "${label}" has ${n} sample(s); dispersion estimation needs replicates`, { expected: 'at least 2 samples per group', received: String(n) }));
  }
  if (issues.length) return fail(issues);
  let sub = matrix;
  if (keep.length < matrix.nSamples) {
    const m = keep.length;
    const counts = new Float64Array(matrix.nGenes * m);
    for (let g = 0; g < matrix.nGenes; g++) for (let k = 0; k < m; k++) counts[g * m + k] = matrix.counts[g * matrix.nSamples + keep[k]];
    sub = { counts, nGenes: matrix.nGenes, nSamples: m, geneIds: matrix.geneIds, sampleIds: keep.map((j) => matrix.sampleIds[j]) };
  }
  return ok({ matrix: sub, group: Uint8Array.from(group), reference, alternative }, warnings);
}
