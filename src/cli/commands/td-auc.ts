import type { Command } from 'commander';
import { formatIssue } from '../../core/issues.js';
import type { Result } from '../../core/issues.js';
import type { SurvivalRocResult } from '../../survival/index.js';
import { compareTimeDependentAuc, survivalRoc, timeDependentAuc } from '../../survival/index.js';
import type { TextTable } from '../render.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, unwrap } from '../shared.js';
import { columnForRows, numberListFlag } from './metric-flags.js';

interface TdAucFlags extends OutcomeFlags {
  marker: string;
  marker2?: string;
  times: string;
  survivalRoc?: boolean;
}

/** `mmf td-auc`: timeROC-style IPCW time-dependent AUC, optionally comparing two markers. */
export function register(program: Command): void {
  const cmd = program
    .command('td-auc')
    .description('Cumulative/dynamic time-dependent AUC with IPCW (as timeROC, marginal KM weights) with iid standard errors; --marker2 compares two markers (timeROC::compare p-values); --survival-roc adds survivalROC KM/NNE AUCs.')
    .argument('<data.csv>', 'CSV with outcome and marker columns')
    .requiredOption('--marker <column>', 'risk marker (higher = higher risk)')
    .option('--marker2 <column>', 'second marker to compare with the first')
    .requiredOption('--times <list>', 'comma-separated horizons, e.g. 182.625,365.25,547.875')
    .option('--survival-roc', 'also report survivalROC KM and NNE AUC for --marker')
    .addHelpText('after', '\nExample:\n  mmf td-auc lung_markers.csv --marker lp --marker2 ph_ecog --times 182.625,365.25,547.875');
  addOutcomeOptions(cmd, { entry: false });
  cmd.action((file: string, f: TdAucFlags) => {
    const table = readTableArg(file);
    const markers = [f.marker, ...(f.marker2 ? [f.marker2] : [])];
    const parsed = outcomeFromFlags(table, f, markers);
    const data = parsed.data;
    const times = numberListFlag('--times', f.times, 'comma-separated times > 0, e.g. 365.25,730.5');
    const results = markers.map((m) => unwrap(`td-auc --marker ${m}`, timeDependentAuc(data, columnForRows(table, data, m, 'marker'), { times })));
    const comparison = results.length === 2 ? compareTimeDependentAuc(results[0], results[1]) : null;
    const sroc = f.survivalRoc
      ? times.map((t) => {
          const x = columnForRows(table, data, f.marker, 'marker');
          // A horizon with S(t) = 0 or 1 is not estimable: warn and report NA, as timeROC's rows above.
          const orNull = (r: Result<SurvivalRocResult>) => {
            if (r.ok) return r.value;
            for (const i of r.issues) process.stderr.write(formatIssue({ ...i, severity: 'warning' }) + '\n');
            return null;
          };
          const km = orNull(survivalRoc(data, x, { predictTimeDays: t, method: 'KM' }));
          const nne = orNull(survivalRoc(data, x, { predictTimeDays: t, method: 'NNE' }));
          return { timeDays: t, aucKm: km?.auc ?? null, aucNne: nne?.auc ?? null, spanNne: nne?.span ?? null, survival: km?.survival ?? null };
        })
      : null;
    const tables: TextTable[] = results.map((r, k) => ({
      title: `Time-dependent AUC (IPCW, timeROC) for ${markers[k]}`,
      columns: ['time', 'cases', 'controls', 'other', 'AUC', 'se', 'lower95', 'upper95', 'S(t) IPCW'],
      rows: r.points.map((p) => [p.timeDays, p.nCases, p.nControls, p.nOther, p.auc, p.se, p.ci95Lower, p.ci95Upper, p.survival]),
    }));
    if (comparison) {
      tables.push({ title: `${markers[0]} vs ${markers[1]} (difference of AUCs, iid test)`, columns: ['time', 'difference', 'se', 'z', 'p'], rows: comparison.map((c) => [c.timeDays, c.difference, c.se, c.z, c.p]) });
    }
    if (sroc) tables.push({ title: `survivalROC for ${f.marker}`, columns: ['time', 'AUC KM', 'AUC NNE', 'S(t) KM'], rows: sroc.map((s) => [s.timeDays, s.aucKm, s.aucNne, s.survival]) });
    const json = {
      input: parsed.summary,
      markers: results.map((r, k) => ({ marker: markers[k], n: r.n, points: r.points.map(({ iid: _iid, roc: _roc, ...rest }) => rest) })),
      comparison,
      survivalRoc: sroc,
    };
    emit(f, json, tables, [parsed.summary]);
  });
}
