import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import { unknownKeyIssues, unknownKeyIssuesOfRejected } from '../../core/unknown-keys.js';
import type { ZodIssueLike } from '../../core/zod-issues.js';
import { issueOfZod } from '../../core/zod-issues.js';
import type { ManifestDescriptor } from './schema.js';
import { manifestSchema } from './schema.js';
import { isSyntheticCohortFolder, syntheticManifest } from './synthetic-layout.js';

/** A descriptor with where it came from. */
export interface LoadedDescriptor {
  readonly descriptor: ManifestDescriptor;
  /** Folder that the descriptor's relative paths start from. */
  readonly baseDir: string;
  /** The file read ('manifest.json', a bare CSV) or the folder of a synthetic layout. */
  readonly source: string;
  readonly kind: 'json' | 'csv' | 'synthetic-folder';
}

/** The file name a manifest folder is searched for. */
export const MANIFEST_FILE = 'manifest.json';

/** zod issues → `bad_option` issues under ['manifest', ...path], saying what was expected and the value found in the file. */
function zodIssues(source: string, error: { issues: readonly ZodIssueLike[] }, raw: unknown): Issue[] {
  return error.issues.map((z) => issueOfZod(z, raw, ['manifest'], `${basename(source)}: ${z.message}`, 'see docs/study-pipeline.md §1 (manifest format)'));
}

/** Keys of the descriptor file `source` the schema does not know (`unknown_key` under ['manifest', ...path]). */
function unknownKeys(source: string, raw: unknown, parsed: unknown | null): Issue[] {
  const found = parsed === null ? unknownKeyIssuesOfRejected(manifestSchema, raw, ['manifest']) : unknownKeyIssues(raw, parsed, ['manifest'], manifestSchema);
  return found.map((i) => ({ ...i, message: `${basename(source)}: ${i.message}` }));
}

/**
 * Find and validate the manifest descriptor at `path`:
 * - a `.json` file: the descriptor itself;
 * - a `.csv` file: the patients table, every other setting at its default (split column `split`);
 * - a folder: its `manifest.json` if present, else the layout of a cohort written by `mmf synth`.
 * Problems are returned as issues (`missing_file`, `bad_option`, and `unknown_key` for a key of a JSON
 * descriptor the schema does not know), never thrown.
 */
export function loadManifestDescriptor(path: string): { loaded: LoadedDescriptor | null; issues: Issue[] } {
  const abs = resolve(path);
  if (!existsSync(abs)) return { loaded: null, issues: [issueError('missing_file', [path], `manifest "${path}" does not exist`, { expected: 'a manifest.json, a CSV, or a cohort folder', received: 'no such file or folder' })] };
  if (statSync(abs).isDirectory()) {
    const json = join(abs, MANIFEST_FILE);
    if (existsSync(json)) return loadManifestDescriptor(json);
    if (isSyntheticCohortFolder(abs)) {
      const synthetic = syntheticManifest(abs);
      const parsed = manifestSchema.safeParse(synthetic);
      if (!parsed.success) return { loaded: null, issues: zodIssues(abs, parsed.error, synthetic) };
      return { loaded: { descriptor: parsed.data, baseDir: abs, source: abs, kind: 'synthetic-folder' }, issues: [] };
    }
    return { loaded: null, issues: [issueError('missing_file', [path, MANIFEST_FILE], `folder "${path}" has no ${MANIFEST_FILE} and is not a synthetic cohort folder`, { expected: `${MANIFEST_FILE}, or cohort.json + clinical.csv`, received: 'neither' })] };
  }
  if (abs.toLowerCase().endsWith('.csv')) {
    const bare = { patients: basename(abs), cohort: basename(abs, '.csv') };
    const parsed = manifestSchema.safeParse(bare);
    if (!parsed.success) return { loaded: null, issues: zodIssues(abs, parsed.error, bare) };
    return { loaded: { descriptor: parsed.data, baseDir: dirname(abs), source: abs, kind: 'csv' }, issues: [] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(abs, 'utf8'));
  } catch (cause) {
    return { loaded: null, issues: [issueError('bad_option', [path], `manifest "${path}" is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { expected: 'a JSON manifest descriptor', received: 'unparsable text' })] };
  }
  // The user's own descriptor: a key the schema does not know is an error too (a typo would keep the default).
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) return { loaded: null, issues: [...zodIssues(abs, parsed.error, raw), ...unknownKeys(abs, raw, null)] };
  const unknown = unknownKeys(abs, raw, parsed.data);
  if (unknown.length) return { loaded: null, issues: unknown };
  return { loaded: { descriptor: parsed.data, baseDir: dirname(abs), source: abs, kind: 'json' }, issues: [] };
}
