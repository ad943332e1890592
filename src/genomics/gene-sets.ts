import { readFileSync } from 'node:fs';
import { HccError } from '../core/errors.js';
import type { Issue, Result } from '../core/issues.js';
import { fail, issueError, issueWarning, ok } from '../core/issues.js';

/**
 * Gene-set collections read from GMT files (Broad "Gene Matrix Transposed" format):
 * one set per line, tab-separated `name`, `description`, `member`, `member`, ….
 */

/** One gene set. `members` are unique, non-empty, in first-seen file order. */
export interface GeneSet {
  readonly id: string;
  readonly description: string;
  readonly members: readonly string[];
  /** 1-based line number in the source file (for messages). */
  readonly line: number;
}

/** Diagnostics of a GMT parse. */
export interface GeneSetCollectionDiagnostics {
  /** Lines that held a set (blank lines excluded). */
  readonly setLines: number;
  /** Empty member fields dropped (e.g. from a trailing tab). */
  readonly emptyFieldsDropped: number;
  /** Repeated members removed across all sets (WikiPathways lists some genes twice). */
  readonly duplicateMembersRemoved: number;
}

/** A parsed collection: sets in file order plus diagnostics. */
export interface GeneSetCollection {
  readonly source: string;
  readonly sets: readonly GeneSet[];
  readonly diagnostics: GeneSetCollectionDiagnostics;
}

/**
 * Parse GMT text. Rules (the reference pipeline's): columns 3.. are members; empty fields are
 * dropped; duplicate members are removed (first occurrence kept); fields are trimmed of
 * surrounding white space (CRLF files read as LF); blank lines are skipped.
 *
 * Errors (code `bad_gmt`, path `[source, 'line', n]`, n 1-based): a line with fewer than two
 * tab-separated fields (no tab: likely space-separated), an empty set name, a set name already
 * used on an earlier line. A set with no members is a warning (`empty_data`) and is skipped.
 * All problems are collected, not first-fail.
 *
 * @see GSEA GMT format: https://software.broadinstitute.org/cancer/software/gsea/wiki/index.php/Data_formats
 * @see R: clusterProfiler::read.gmt, fgsea::gmtPathways
 */
export function parseGmt(text: string, source = '<gmt>'): Result<GeneSetCollection> {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const sets: GeneSet[] = [];
  const firstLineOf = new Map<string, number>();
  let emptyFieldsDropped = 0;
  let duplicateMembersRemoved = 0;
  let setLines = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i];
    if (raw.trim() === '') continue;
    setLines++;
    const path = [source, 'line', lineNo];
    const fields = raw.split('\t').map((f) => f.trim());
    if (fields.length < 2) {
      issues.push(
        issueError('bad_gmt', path, `line ${lineNo} has no tab-separated fields`, {
          expected: 'name<TAB>description<TAB>member<TAB>member…',
          received: preview(raw),
        }),
      );
      continue;
    }
    const id = fields[0];
    if (id === '') {
      issues.push(issueError('bad_gmt', path, `line ${lineNo} has an empty set name`, { expected: 'a non-empty first field', received: preview(raw) }));
      continue;
    }
    const earlier = firstLineOf.get(id);
    if (earlier !== undefined) {
      issues.push(
        issueError('bad_gmt', path, `set name "${id}" on line ${lineNo} was already used on line ${earlier}`, {
          expected: 'unique set names',
          received: id,
        }),
      );
      continue;
    }
    firstLineOf.set(id, lineNo);
    const seen = new Set<string>();
    const members: string[] = [];
    for (let j = 2; j < fields.length; j++) {
      const g = fields[j];
      if (g === '') {
        emptyFieldsDropped++;
        continue;
      }
      if (seen.has(g)) {
        duplicateMembersRemoved++;
        continue;
      }
      seen.add(g);
      members.push(g);
    }
    if (members.length === 0) {
      warnings.push(issueWarning('empty_data', path, `set "${id}" on line ${lineNo} has no members; skipped`, { expected: 'at least one member' }));
      continue;
    }
    sets.push({ id, description: fields[1], members, line: lineNo });
  }
  if (issues.length === 0 && sets.length === 0) {
    issues.push(issueError('empty_data', [source], 'the GMT file holds no gene sets', { expected: 'at least one line with members' }));
  }
  if (issues.length > 0) return fail(issues);
  return ok({ source, sets, diagnostics: { setLines, emptyFieldsDropped, duplicateMembersRemoved } }, warnings);
}

/**
 * Read and parse a GMT file; throws `E_IO` if unreadable and `E_INPUT` (carrying the issues) if
 * malformed. Warnings are returned with the collection.
 */
export function readGmtFile(path: string): { collection: GeneSetCollection; warnings: readonly Issue[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HccError('E_IO', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  const parsed = parseGmt(text, path);
  if (!parsed.ok) throw new HccError('E_INPUT', `${path}: ${parsed.issues.length} problem(s) in the GMT file`, { issues: parsed.issues });
  return { collection: parsed.value, warnings: parsed.warnings };
}

/** Union of all members of a collection (the "annotated genes"), in first-seen order. */
export function annotatedGenes(collection: GeneSetCollection): Set<string> {
  const out = new Set<string>();
  for (const s of collection.sets) for (const g of s.members) out.add(g);
  return out;
}

function preview(s: string): string {
  return s.length > 60 ? JSON.stringify(s.slice(0, 60) + '…') : JSON.stringify(s);
}
