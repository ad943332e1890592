import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { groupingFromColumn, logRankTest } from '../../survival/index.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, unwrap } from '../shared.js';

interface LogRankFlags extends OutcomeFlags {
  group: string;
  rho: string;
}

/** `mmf logrank`: k-sample log-rank / G-rho test, optionally stratified (R survdiff). */
export function register(program: Command): void {
  const cmd = program
    .command('logrank')
    .description('Log-rank test across the levels of a group column (as R survdiff): observed, expected, variance, chi-square; --strata for a stratified test, --rho 1 for Peto-Peto.')
    .argument('<data.csv>', 'CSV with outcome and group columns')
    .requiredOption('--group <column>', 'column whose levels are compared')
    .option('--rho <rho>', 'G-rho weight S(t-)^rho: 0 = log-rank, 1 = Peto-Peto', '0')
    .addHelpText('after', '\nExample:\n  mmf logrank data/lung.csv --time time --event status --group sex\n  mmf logrank data/lung.csv --time time --event status --group sex --strata ph.ecog --rho 1 --json');
  addOutcomeOptions(cmd, { strata: true, entry: false });
  cmd.action((file: string, f: LogRankFlags) => {
    const rho = Number(f.rho);
    if (f.rho.trim() === '' || !Number.isFinite(rho)) {
      throw new HccError('E_OPTION', `--rho "${f.rho}" is not a number`, { issues: [issueError('bad_option', ['--rho'], '--rho is not a finite number', { expected: 'e.g. 0 or 1', received: f.rho })] });
    }
    const table = readTableArg(file);
    const parsed = outcomeFromFlags(table, f, [f.group]);
    const groups = unwrap(`${file}: --group ${f.group}`, groupingFromColumn(table, f.group, parsed.data));
    const r = logRankTest(parsed.data, groups, { rho });
    const k = r.groups.length;
    const name = rho === 0 ? 'Log-rank' : `G-rho (rho = ${rho})`;
    emit(
      f,
      { input: parsed.summary, ...r },
      [
        {
          title: `${name} test${r.strata.length ? `, stratified by ${f.strata} (${r.strata.length} strata)` : ''}: chisq = ${r.chisq.toPrecision(6)} on ${r.df} df, p = ${r.p.toPrecision(4)}`,
          columns: ['group', 'N', 'observed', 'expected', '(O-E)^2/E', '(O-E)^2/V'],
          rows: r.groups.map((g, i) => {
            const d = r.observed[i] - r.expected[i];
            const e = r.expected[i];
            const v = r.variance[i * k + i];
            // R prints NaN when a group has no one at risk at any event time; show NA instead.
            return [g, r.n[i], r.observed[i], e, e > 0 ? (d * d) / e : null, v > 0 ? (d * d) / v : null];
          }),
        },
      ],
      [parsed.summary],
    );
  });
}
