import type { Command } from 'commander';
import { Option } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { numericColumn } from '../../core/table.js';
import type { CutoffMethod, RiskGroupSummary, SurvivalData } from '../../survival/index.js';
import { assignRiskGroups, learnCutoffs, subsetSurvival, summarizeRiskGroups } from '../../survival/index.js';
import type { TextTable } from '../render.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, splitList } from '../shared.js';

interface RiskGroupFlags extends OutcomeFlags {
  score: string;
  method: 'median' | 'tertiles' | 'quantiles' | 'optimal';
  probs?: string;
  trainSplit?: string;
}

function summaryTable(title: string, s: RiskGroupSummary): TextTable {
  return {
    title: `${title}: log-rank chisq = ${s.logRank.chisq.toPrecision(6)} on ${s.logRank.df} df, p = ${s.logRank.p.toPrecision(4)}`,
    columns: ['group', 'n', 'events', 'median', 'lower', 'upper', 'HR', 'HR lower', 'HR upper', 'p'],
    rows: s.groups.map((g) => [g.label, g.n, g.events, g.median, g.medianLower, g.medianUpper, g.hr, g.hrLower, g.hrUpper, g.p]),
  };
}

function methodOf(f: RiskGroupFlags): CutoffMethod {
  if (f.method === 'quantiles') {
    const probs = splitList(f.probs).map(Number);
    if (!probs.length) throw new HccError('E_OPTION', '--method quantiles needs --probs', { issues: [issueError('bad_option', ['--probs'], 'give the quantile probabilities, e.g. --probs 0.25,0.5,0.75', { expected: 'comma-separated numbers in (0, 1)' })] });
    return { method: 'quantiles', probs };
  }
  return { method: f.method };
}

/** `mmf risk-groups`: learn cut-offs of a risk score (optionally on a training split), apply and summarise. */
export function register(program: Command): void {
  const cmd = program
    .command('risk-groups')
    .description('Risk groups from a score column: cut-offs (median, tertiles, quantiles, or optimal log-rank) learned on the training rows, applied unchanged to the others; per group n, events, median survival (95% CI), HR vs the lowest group, log-rank test.')
    .argument('<data.csv>', 'CSV with outcome and score columns')
    .requiredOption('--score <column>', 'risk score column (higher = worse)')
    .addOption(new Option('--method <method>', 'how cut-offs are learned').choices(['median', 'tertiles', 'quantiles', 'optimal']).default('median'))
    .option('--probs <list>', 'probabilities for --method quantiles, e.g. 0.25,0.5,0.75')
    .option('--train-split <column=value>', 'learn cut-offs on rows where column equals value; summarise training and the remaining rows separately')
    .addHelpText('after', '\nExample:\n  mmf risk-groups data/lung.csv --time time --event status --score age --method median\n  mmf risk-groups cohort.csv --score lp --method optimal --train-split set=train --json');
  addOutcomeOptions(cmd, { entry: false });
  cmd.action((file: string, f: RiskGroupFlags) => {
    const table = readTableArg(file);
    let split: { column: string; value: string } | null = null;
    if (f.trainSplit) {
      const eq = f.trainSplit.indexOf('=');
      if (eq <= 0) throw new HccError('E_OPTION', `--train-split "${f.trainSplit}" is not column=value`, { issues: [issueError('bad_option', ['--train-split'], 'expected column=value', { expected: 'e.g. set=train', received: f.trainSplit })] });
      split = { column: f.trainSplit.slice(0, eq), value: f.trainSplit.slice(eq + 1) };
    }
    const parsed = outcomeFromFlags(table, f, [f.score, ...(split ? [split.column] : [])]);
    const data = parsed.data;
    const scoreAll = numericColumn(table, f.score, 'score');
    if (scoreAll.issues.length) throw new HccError('E_INPUT', `${file}: score column "${f.score}" has problems`, { issues: scoreAll.issues });
    const score = Float64Array.from(data.rowIndex, (r) => scoreAll.values[r]);
    let trainRows: Int32Array;
    let testRows: Int32Array | null = null;
    if (split) {
      const cells = table.cells.get(split.column)!;
      const isTrain = Array.from(data.rowIndex, (r) => cells[r] === split!.value);
      trainRows = Int32Array.from(isTrain.flatMap((t, k) => (t ? [k] : [])));
      testRows = Int32Array.from(isTrain.flatMap((t, k) => (t ? [] : [k])));
      if (trainRows.length === 0) throw new HccError('E_INPUT', `no rows with ${split.column} = ${split.value}`, { issues: [issueError('empty_data', ['--train-split'], `no analysed row has ${split.column} = ${split.value}`, { expected: 'at least one training row' })] });
    } else trainRows = Int32Array.from({ length: data.n }, (_, i) => i);
    const pick = (rows: Int32Array): { d: SurvivalData; s: Float64Array } => ({ d: rows.length === data.n ? data : subsetSurvival(data, rows), s: Float64Array.from(rows, (k) => score[k]) });
    const train = pick(trainRows);
    const cutoffs = learnCutoffs(train.s, methodOf(f), f.method === 'optimal' ? train.d : undefined);
    const trainSummary = summarizeRiskGroups(train.d, assignRiskGroups(train.s, cutoffs, f.score));
    const test = testRows && testRows.length ? pick(testRows) : null;
    const testSummary = test ? summarizeRiskGroups(test.d, assignRiskGroups(test.s, cutoffs, f.score)) : null;
    const opt = cutoffs.optimal;
    emit(
      f,
      { input: parsed.summary, score: f.score, trainSplit: split, cutoffs: { method: cutoffs.method, cutoffs: cutoffs.cutoffs, labels: cutoffs.labels, rule: cutoffs.rule, nTraining: cutoffs.nTraining, optimal: opt && { cutoff: opt.cutoff, statistic: opt.statistic, lausenSchumacherP: opt.lausenSchumacherP, nCandidates: opt.candidates.length } }, training: trainSummary, test: testSummary },
      [summaryTable(split ? 'Training rows' : 'All rows', trainSummary), ...(testSummary ? [summaryTable('Test rows (cut-offs from training)', testSummary)] : [])],
      [
        parsed.summary,
        `cut-offs (${cutoffs.method.method}, learned on ${cutoffs.nTraining} rows; score <= cut-off goes to the lower group): ${cutoffs.cutoffs.map((c) => String(Number(c.toPrecision(6)))).join(', ')}` +
          (opt ? `; max log-rank chisq ${String(Number(opt.statistic.toPrecision(6)))}, Lausen-Schumacher p = ${opt.lausenSchumacherP.toPrecision(3)}` : ''),
      ],
    );
  });
}
