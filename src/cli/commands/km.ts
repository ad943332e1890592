import type { Command } from 'commander';
import { Option } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { Grouping, KaplanMeierCurve, KmConfType } from '../../survival/index.js';
import { KM_CONF_TYPES, groupingFromColumn, kaplanMeier } from '../../survival/index.js';
import type { TextTable } from '../render.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, splitList, unwrap } from '../shared.js';

interface KmFlags extends OutcomeFlags {
  group?: string;
  confType: KmConfType;
  confLevel: string;
  times?: string;
  rmean?: string;
  table?: boolean;
}

/** Parse a numeric flag value or throw E_OPTION naming the flag. */
function numberFlag(flag: string, value: string, expected: string): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v)) {
    throw new HccError('E_OPTION', `${flag} "${value}" is not a number`, { issues: [issueError('bad_option', [flag], `${flag} is not a finite number`, { expected, received: value })] });
  }
  return v;
}

/** A requested time: a finite number >= 0 (survival times are never negative), else E_OPTION. */
function nonNegativeTime(flag: string, value: string): number {
  const v = numberFlag(flag, value, 'comma-separated non-negative times, e.g. 365,730');
  if (v < 0) {
    throw new HccError('E_OPTION', `${flag} "${value}" is negative`, { issues: [issueError('bad_option', [flag], `${flag} has a negative time`, { expected: 'comma-separated non-negative times, e.g. 365,730', received: value })] });
  }
  return v;
}

function summaryTable(curves: readonly KaplanMeierCurve[], level: number, withRmean: boolean): TextTable {
  const pct = `${Number((level * 100).toPrecision(6))}%`;
  const columns = ['curve', 'records', 'events', 'median', `${level}LCL`, `${level}UCL`];
  if (withRmean) columns.push('rmean', 'se(rmean)');
  return {
    title: `Kaplan-Meier summary (median with ${pct} CI${withRmean ? `; restricted mean up to ${curves[0]?.rmean?.tau}` : ''})`,
    columns,
    rows: curves.map((c) => {
      const row: (string | number | null)[] = [c.label, c.records, c.events, c.median.median, c.median.lower, c.median.upper];
      if (withRmean) row.push(c.rmean!.rmean, c.rmean!.se);
      return row;
    }),
  };
}

function atTimesTables(curves: readonly KaplanMeierCurve[]): TextTable[] {
  return curves.map((c) => {
    const a = c.atTimes!;
    return {
      title: `${c.label}: survival at requested times`,
      columns: ['time', 'n.risk', 'n.event', 'survival', 'std.err', 'lower', 'upper'],
      rows: Array.from(a.time, (t, k) => [t, a.nRisk[k], a.nEvent[k], a.surv[k], a.stdErr[k], a.lower[k], a.upper[k]]),
    };
  });
}

function fullTables(curves: readonly KaplanMeierCurve[]): TextTable[] {
  return curves.map((c) => ({
    title: `${c.label}: survival table`,
    columns: ['time', 'n.risk', 'n.event', 'n.censor', 'survival', 'std.err', 'lower', 'upper', 'cumhaz'],
    rows: Array.from(c.time, (t, j) => [t, c.nRisk[j], c.nEvent[j], c.nCensor[j], c.surv[j], c.greenwoodSe[j], c.lower[j], c.upper[j], c.cumhaz[j]]),
  }));
}

/** `mmf km`: Kaplan-Meier curves per group/stratum with median, CI, restricted mean and fixed-time values. */
export function register(program: Command): void {
  const cmd = program
    .command('km')
    .description('Kaplan-Meier survival curves (as R survfit): per group records, events, median survival with CI, restricted mean, values at fixed times; --table for the full survival table.')
    .argument('<data.csv>', 'CSV with outcome columns')
    .option('--group <column>', 'one curve per level of this column')
    .addOption(new Option('--conf-type <type>', 'pointwise CI scale').choices([...KM_CONF_TYPES]).default('log'))
    .option('--conf-level <p>', 'confidence level', '0.95')
    .option('--times <list>', 'report S(t) at these times, e.g. 365,730')
    .option('--rmean <tau>', 'restricted mean survival up to tau')
    .option('--table', 'also print the full survival table of every curve')
    .addHelpText('after', '\nExample:\n  mmf km data/lung.csv --time time --event status --group sex --times 365,730 --rmean 730\n  mmf km heart.csv --entry start --time stop --event event --conf-type log-log --json');
  addOutcomeOptions(cmd, { strata: true, weights: true });
  cmd.action((file: string, f: KmFlags) => {
    const table = readTableArg(file);
    const parsed = outcomeFromFlags(table, f, f.group ? [f.group] : []);
    const data = parsed.data;
    const groups: Grouping | undefined = f.group ? unwrap(`${file}: --group ${f.group}`, groupingFromColumn(table, f.group, data)) : undefined;
    const strataCols = splitList(f.strata);
    const times = f.times ? splitList(f.times).map((t) => nonNegativeTime('--times', t)) : undefined;
    const rmeanTau = f.rmean !== undefined ? numberFlag('--rmean', f.rmean, 'a time, e.g. 730') : undefined;
    const confLevel = numberFlag('--conf-level', f.confLevel, 'a level in (0, 1), e.g. 0.95');
    const result = kaplanMeier(data, {
      groups,
      strataName: strataCols.length === 1 ? strataCols[0] : undefined,
      confType: f.confType,
      confLevel,
      times,
      rmeanTau,
    });
    const tables = [summaryTable(result.curves, confLevel, rmeanTau !== undefined)];
    if (times) tables.push(...atTimesTables(result.curves));
    if (f.table) tables.push(...fullTables(result.curves));
    emit(f, { input: parsed.summary, ...result }, tables, [parsed.summary, ...result.warnings.map((w) => `warning: ${w.message}`)]);
  });
}
