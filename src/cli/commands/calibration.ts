import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { calibrationByGroups } from '../../survival/index.js';
import type { TextTable } from '../render.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, unwrap } from '../shared.js';
import { columnForRows, numberFlag } from './metric-flags.js';

interface CalibrationFlags extends OutcomeFlags {
  survPred?: string;
  riskPred?: string;
  horizon: string;
  groups: string;
}

/** `mmf calibration`: predicted vs Kaplan-Meier survival at a horizon by quantile groups (rms::groupkm). */
export function register(program: Command): void {
  const cmd = program
    .command('calibration')
    .description('Calibration at a horizon (as rms::groupkm): quantile groups of predicted S(u), mean prediction vs Kaplan-Meier S(u) with se(log KM) and CI, plus an observed-vs-predicted summary.')
    .argument('<data.csv>', 'CSV with outcome and prediction columns')
    .option('--surv-pred <column>', 'predicted survival S(u | x) at the horizon')
    .option('--risk-pred <column>', 'predicted risk 1 - S(u | x) at the horizon (used as 1 - value)')
    .requiredOption('--horizon <u>', 'horizon time, e.g. 365.25')
    .option('--groups <g>', 'number of quantile groups', '5')
    .addHelpText('after', '\nExample:\n  mmf calibration lung_markers.csv --risk-pred risk_1y --horizon 365.25 --groups 5');
  addOutcomeOptions(cmd, { entry: false });
  cmd.action((file: string, f: CalibrationFlags) => {
    if (!f.survPred === !f.riskPred) {
      throw new HccError('E_OPTION', 'give exactly one of --surv-pred and --risk-pred', { issues: [issueError('bad_option', ['--surv-pred'], 'exactly one prediction column is needed', { expected: '--surv-pred COLUMN or --risk-pred COLUMN' })] });
    }
    const column = (f.survPred ?? f.riskPred)!;
    const table = readTableArg(file);
    const parsed = outcomeFromFlags(table, f, [column]);
    const data = parsed.data;
    const raw = columnForRows(table, data, column, 'prediction');
    const predicted = f.riskPred ? Float64Array.from(raw, (r) => 1 - r) : raw;
    const horizonDays = numberFlag('--horizon', f.horizon, 'a time > 0, e.g. 365.25');
    const groups = numberFlag('--groups', f.groups, 'an integer >= 1, e.g. 5');
    const res = unwrap('calibration', calibrationByGroups(data, predicted, { horizonDays, groups }));
    const s = res.summary;
    const tables: TextTable[] = [
      {
        title: `Calibration at u = ${horizonDays}: predicted vs Kaplan-Meier survival by quantile group`,
        columns: ['group', 'from', 'to', 'n', 'events', 'mean predicted', 'KM', 'se(log KM)', 'lower95', 'upper95'],
        rows: res.groups.map((g) => [g.group, g.lower, g.upper, g.n, g.events, g.meanPredicted, g.observed, g.stdErrLog, g.lowerCi, g.upperCi]),
      },
      {
        title: 'Summary',
        columns: ['KM S(u) overall', 'mean predicted', 'weighted mean |KM - predicted|', 'max |KM - predicted|'],
        rows: [[s.observedOverall, s.meanPredictedOverall, s.weightedMeanAbsDifference, s.maxAbsDifference]],
      },
    ];
    emit(f, { input: parsed.summary, predictionColumn: column, scale: f.riskPred ? '1 - risk' : 'survival', ...res }, tables, [parsed.summary]);
  });
}
