import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { groupingFromColumn, subgroupAnalysis } from '../../survival/index.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, splitList, unwrap } from '../shared.js';

interface SubgroupFlags extends OutcomeFlags {
  exposure: string;
  by: string;
}

/** `mmf subgroups`: exposure hazard ratio overall and within subgroups, with interaction tests (forest-plot rows). */
export function register(program: Command): void {
  const cmd = program
    .command('subgroups')
    .description('Subgroup analysis: Cox hazard ratio of an exposure (first level = reference) overall and within each level of the --by columns, with 95% CI, Wald p, n, events, and the exposure x subgroup interaction likelihood-ratio test per column.')
    .argument('<data.csv>', 'CSV with outcome, exposure and subgroup columns')
    .requiredOption('--exposure <column>', 'exposure column (treatment arm, or risk group); its first level (sorted as R) is the reference')
    .requiredOption('--by <columns>', 'comma-separated subgrouping columns (categorical)')
    .addHelpText('after', '\nExample:\n  mmf subgroups data/lung.csv --time time --event status --exposure sex --by ph.ecog,inst --json');
  addOutcomeOptions(cmd, { entry: false });
  cmd.action((file: string, f: SubgroupFlags) => {
    const table = readTableArg(file);
    const by = splitList(f.by);
    if (!by.length) throw new HccError('E_OPTION', '--by needs at least one column', { issues: [issueError('bad_option', ['--by'], 'no subgrouping column given', { expected: 'e.g. --by sex,agegrp' })] });
    const parsed = outcomeFromFlags(table, f, [f.exposure, ...by]);
    const exposure = unwrap(file, groupingFromColumn(table, f.exposure, parsed.data));
    const groupings = by.map((c) => unwrap(file, groupingFromColumn(table, c, parsed.data)));
    const res = subgroupAnalysis(parsed.data, exposure, groupings);
    emit(
      f,
      { input: parsed.summary, ...res },
      [
        { title: `Hazard ratio of ${f.exposure} (reference ${res.exposure.reference})`, columns: ['subgroup', 'n', 'events', 'HR', 'lower', 'upper', 'p'], rows: res.rows.map((r) => [r.label, r.n, r.events, r.estimate, r.lower, r.upper, r.p]) },
        { title: 'Interaction (likelihood-ratio test)', columns: ['variable', 'chisq', 'df', 'p'], rows: res.interactions.map((i) => [i.variable, i.chisq, i.df, i.p]) },
      ],
      [parsed.summary, ...res.warnings.map((w) => `note: ${w.message}`)],
    );
  });
}
