/** Flag parsing and file writing shared by the genomics commands (`de`, `enrichment`, `genomics`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { IdMapping } from '../../genomics/index.js';
import { readIdMappingFile } from '../../genomics/index.js';
import { unwrap } from '../shared.js';

/** A number flag within [min, max] (inclusive unless `openMin`), else E_OPTION naming the flag. */
export function boundedNumberFlag(flag: string, value: string, min: number, max: number, openMin = false): number {
  const v = Number(value);
  const okRange = (openMin ? v > min : v >= min) && v <= max;
  if (value.trim() === '' || !Number.isFinite(v) || !okRange) {
    throw new HccError('E_OPTION', `${flag} "${value}" is out of range`, {
      issues: [issueError('bad_option', [flag], `${flag} must be a number in ${openMin ? '(' : '['}${min}, ${max}]`, { expected: `${openMin ? '>' : '>='} ${min} and <= ${max}`, received: value })],
    });
  }
  return v;
}

/** An integer flag >= min, else E_OPTION. */
export function integerFlag(flag: string, value: string, min: number): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isInteger(v) || v < min) {
    throw new HccError('E_OPTION', `${flag} "${value}" is not an integer >= ${min}`, { issues: [issueError('bad_option', [flag], `${flag} must be an integer >= ${min}`, { expected: `an integer >= ${min}`, received: value })] });
  }
  return v;
}

/** `--id-map file --id-from COL --id-to COL` → an id mapping (undefined without `--id-map`). */
export function idMappingFromFlags(f: { idMap?: string; idFrom?: string; idTo?: string }): IdMapping | undefined {
  if (!f.idMap) return undefined;
  if (!f.idFrom || !f.idTo) {
    throw new HccError('E_OPTION', '--id-map needs --id-from and --id-to', { issues: [issueError('bad_option', ['--id-map'], 'name the source and target columns of the mapping table', { expected: '--id-from ENSEMBL --id-to ENTREZID' })] });
  }
  return unwrap(f.idMap, readIdMappingFile(f.idMap, f.idFrom, f.idTo));
}

/** Write `name → text` files into `dir` (created); returns the paths. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  });
}
