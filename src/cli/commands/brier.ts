import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { IbsMethod } from '../../survival/index.js';
import { brierScore, integratedBrierScore } from '../../survival/index.js';
import type { TextTable } from '../render.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, unwrap } from '../shared.js';
import { columnForRows, numberFlag } from './metric-flags.js';

interface BrierFlags extends OutcomeFlags {
  riskAt: string[];
  conservative?: boolean;
  ibs: IbsMethod;
}

function parseRiskAt(spec: string): { timeDays: number; column: string } {
  const at = spec.indexOf(':');
  if (at <= 0 || at === spec.length - 1) {
    throw new HccError('E_OPTION', `--risk-at "${spec}" is not TIME:COLUMN`, { issues: [issueError('bad_option', ['--risk-at'], 'expected TIME:COLUMN', { expected: 'e.g. 365.25:risk_1y', received: spec })] });
  }
  return { timeDays: numberFlag('--risk-at', spec.slice(0, at), 'a time, e.g. 365.25'), column: spec.slice(at + 1) };
}

/** `mmf brier`: IPCW Brier score at horizons (riskRegression::Score conventions) with the KM null model and IBS. */
export function register(program: Command): void {
  const cmd = program
    .command('brier')
    .description('IPCW Brier score of predicted event risks at horizons (as riskRegression::Score, KM censoring weights), with se, the Kaplan-Meier null model and the integrated Brier score over the horizons.')
    .argument('<data.csv>', 'CSV with outcome and risk columns')
    .requiredOption('--risk-at <time:column...>', 'predicted risk 1 - S(t|x) at a horizon, e.g. 365.25:risk_1y (repeatable)')
    .option('--conservative', 'ignore the variability of the censoring weights in the se')
    .option('--ibs <method>', 'IBS rule between horizons: step (riskRegression) or trapezoid', 'step')
    .addHelpText('after', '\nExample:\n  mmf brier lung_markers.csv --risk-at 365.25:risk_1y\n  mmf brier cohort.csv --risk-at 182.625:r6m --risk-at 365.25:r1y --json');
  addOutcomeOptions(cmd, { entry: false });
  cmd.action((file: string, f: BrierFlags) => {
    if (f.ibs !== 'step' && f.ibs !== 'trapezoid') {
      throw new HccError('E_OPTION', `--ibs "${f.ibs}" is not step or trapezoid`, { issues: [issueError('bad_option', ['--ibs'], 'unknown IBS rule', { expected: 'step or trapezoid', received: f.ibs })] });
    }
    const specs = f.riskAt.map(parseRiskAt).sort((a, b) => a.timeDays - b.timeDays);
    const table = readTableArg(file);
    const parsed = outcomeFromFlags(table, f, specs.map((s) => s.column));
    const data = parsed.data;
    const predictions = specs.map((s) => ({ timeDays: s.timeDays, risk: columnForRows(table, data, s.column, 'risk') }));
    const res = unwrap('brier', brierScore(data, predictions, { conservative: f.conservative === true }));
    const times = specs.map((s) => s.timeDays);
    const ibsModel = unwrap('ibs', integratedBrierScore(times, res.model.map((m) => m.brier), f.ibs)).ibs;
    const ibsNull = unwrap('ibs', integratedBrierScore(times, res.nullModel!.map((m) => m.brier), f.ibs)).ibs;
    const rows: (string | number | null)[][] = [];
    specs.forEach((s, k) => {
      const m = res.model[k];
      const z = res.nullModel![k];
      rows.push([s.column, s.timeDays, m.nEvents, m.nAtRisk, m.nCensored, m.brier, m.se, m.lower, m.upper, ibsModel[k]]);
      rows.push(['Null model (KM)', s.timeDays, z.nEvents, z.nAtRisk, z.nCensored, z.brier, z.se, z.lower, z.upper, ibsNull[k]]);
    });
    const tables: TextTable[] = [{ title: `IPCW Brier score (IBS: ${f.ibs} rule from 0)`, columns: ['model', 'time', 'events<=t', 'at risk>t', 'censored<=t', 'Brier', 'se', 'lower95', 'upper95', 'IBS'], rows }];
    emit(f, { input: parsed.summary, columns: specs, ...res, ibs: { method: f.ibs, model: ibsModel, nullModel: ibsNull } }, tables, [parsed.summary]);
  });
}
