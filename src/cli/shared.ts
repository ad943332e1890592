import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { HccError, throwIfErrors } from '../core/errors.js';
import { formatIssue, issueError } from '../core/issues.js';
import type { Result } from '../core/issues.js';
import type { Table } from '../core/table.js';
import { readCsvFile } from '../core/table.js';
import type { ParsedSurvival, SurvivalColumns } from '../survival/index.js';
import { parseSurvival } from '../survival/index.js';
import type { TextTable } from './render.js';
import { renderTextTable, toJson } from './render.js';

/** Options every outcome-reading command shares. */
export interface OutcomeFlags {
  time: string;
  event: string;
  entry?: string;
  strata?: string;
  cluster?: string;
  weights?: string;
  json?: boolean;
  digits: string;
}

/** Add the common outcome flags (`--time`, `--event`, `--entry`, `--strata`, ...) and `--json`. */
export function addOutcomeOptions(cmd: Command, opts: { strata?: boolean; cluster?: boolean; weights?: boolean; entry?: boolean } = {}): Command {
  cmd
    .addOption(new Option('--time <column>', 'follow-up (exit) time column').default('time'))
    .addOption(new Option('--event <column>', 'event indicator column: 0/1, 1/2 (R coding) or TRUE/FALSE').default('event'));
  if (opts.entry !== false) cmd.addOption(new Option('--entry <column>', 'entry (start) time column for delayed entry / (start, stop] data'));
  if (opts.strata) cmd.addOption(new Option('--strata <columns>', 'comma-separated stratification column(s)'));
  if (opts.cluster) cmd.addOption(new Option('--cluster <column>', 'cluster id column for grouped sandwich variance'));
  if (opts.weights) cmd.addOption(new Option('--weights <column>', 'case-weight column'));
  addOutputOptions(cmd);
  return cmd;
}

/** `--json` and `--digits`. */
export function addOutputOptions(cmd: Command): Command {
  return cmd.option('--json', 'write JSON (full precision) instead of a text table').option('--digits <n>', 'significant digits in text tables', '4');
}

/** Split a comma-separated flag into trimmed names. */
export function splitList(v: string | undefined): string[] {
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Read the CSV named on the command line. */
export function readTableArg(path: string): Table {
  return readCsvFile(path);
}

/** Unwrap a Result or throw `E_INPUT` with its issues. */
export function unwrap<T>(context: string, r: Result<T>): T {
  if (r.ok) {
    for (const w of r.warnings) process.stderr.write(formatIssue(w) + '\n');
    return r.value;
  }
  throwIfErrors(context, r.issues);
  throw new HccError('E_INTERNAL', `${context}: failed without issues`);
}

/** Parse outcomes from a table with the common flags (plus extra required columns). */
export function outcomeFromFlags(table: Table, f: OutcomeFlags, alsoRequire: readonly string[] = []): ParsedSurvival {
  const cols: SurvivalColumns = {
    time: f.time,
    event: f.event,
    entry: f.entry,
    strata: splitList(f.strata),
    cluster: f.cluster,
    weights: f.weights,
    alsoRequire,
  };
  return unwrap(`${table.source}`, parseSurvival(table, cols));
}

/** Print either JSON (`value`) or the text tables, to stdout. */
export function emit(flags: { json?: boolean; digits?: string }, value: unknown, tables: readonly TextTable[], notes: readonly string[] = []): void {
  if (flags.json) {
    process.stdout.write(toJson(value) + '\n');
    return;
  }
  const digits = Number(flags.digits ?? 4) || 4;
  const parts = tables.map((t) => renderTextTable(t, digits));
  process.stdout.write([...notes, ...parts].join('\n\n') + '\n');
}

/**
 * Read a JSON file named by a flag (settings, configuration): `E_IO` naming the path when it cannot
 * be read, `E_OPTION` with a `bad_option` issue at the flag when it is not valid JSON.
 */
export function readJsonFile(path: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HccError('E_IO', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const message = `${path} is not valid JSON: ${(cause as Error).message}`;
    throw new HccError('E_OPTION', message, { cause, issues: [issueError('bad_option', [flag], message, { expected: 'a JSON file' })] });
  }
}
