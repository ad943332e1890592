import type { Command } from 'commander';
import { decisionCurve } from '../../survival/index.js';
import type { TextTable } from '../render.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, splitList, unwrap } from '../shared.js';
import { columnForRows, numberFlag, numberListFlag } from './metric-flags.js';

interface DcaFlags extends OutcomeFlags {
  risk: string;
  horizon: string;
  thresholds?: string;
}

/** `mmf dca`: decision-curve net benefit at a horizon (dcurves::dca for a survival endpoint). */
export function register(program: Command): void {
  const cmd = program
    .command('dca')
    .description('Decision-curve analysis at a horizon for a survival endpoint (as dcurves::dca): net benefit of treat-if-risk>=threshold vs treat all / none, event probabilities by Kaplan-Meier.')
    .argument('<data.csv>', 'CSV with outcome and risk columns')
    .requiredOption('--risk <columns>', 'comma-separated predicted risk columns (probability of the event by the horizon)')
    .requiredOption('--horizon <t>', 'horizon time, e.g. 365.25')
    .option('--thresholds <list>', 'threshold probabilities (default 0,0.01,...,0.99)')
    .addHelpText('after', '\nExample:\n  mmf dca lung_markers.csv --risk risk_1y --horizon 365.25\n  mmf dca lung_markers.csv --risk risk_1y --horizon 365.25 --thresholds 0.1,0.2,0.3 --json');
  addOutcomeOptions(cmd, { entry: false });
  cmd.action((file: string, f: DcaFlags) => {
    const columns = splitList(f.risk);
    const table = readTableArg(file);
    const parsed = outcomeFromFlags(table, f, columns);
    const data = parsed.data;
    const horizonDays = numberFlag('--horizon', f.horizon, 'a time > 0, e.g. 365.25');
    const thresholds = f.thresholds ? numberListFlag('--thresholds', f.thresholds, 'probabilities in [0, 1)') : undefined;
    const res = unwrap('dca', decisionCurve(data, columns.map((c) => ({ name: c, risk: columnForRows(table, data, c, 'risk') })), { horizonDays, thresholds }));
    const th = res.curves[0].threshold;
    const tables: TextTable[] = [
      {
        title: `Net benefit at t = ${horizonDays} (event probability by KM: ${res.posRate})`,
        columns: ['threshold', ...res.curves.map((c) => c.variable)],
        rows: Array.from(th, (p, j) => [p, ...res.curves.map((c) => c.netBenefit[j])]),
      },
    ];
    emit(f, { input: parsed.summary, ...res }, tables, [parsed.summary]);
  });
}
