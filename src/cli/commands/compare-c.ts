import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { bootstrapConcordanceDifference, compareConcordanceKang, compareConcordanceNoether, compareConcordanceR } from '../../survival/index.js';
import type { TextTable } from '../render.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, unwrap } from '../shared.js';
import type { ConcordanceFlags } from './concordance.js';
import { addConcordanceOptions, concordanceFlagValues } from './concordance.js';
import { columnForRows, numberFlag } from './metric-flags.js';

interface CompareCFlags extends ConcordanceFlags {
  marker1: string;
  marker2: string;
  bootstrap?: string;
  seed: string;
}

function integerFlag(flag: string, value: string, min: number): number {
  const v = numberFlag(flag, value, `an integer >= ${min}`);
  if (!Number.isInteger(v) || v < min) {
    throw new HccError('E_OPTION', `${flag} must be an integer >= ${min}`, { issues: [issueError('bad_option', [flag], `${flag} must be an integer >= ${min}`, { expected: `an integer >= ${min}`, received: value })] });
  }
  return v;
}

/** `mmf compare-c`: compare two correlated C-indices on the same rows. */
export function register(program: Command): void {
  const cmd = program
    .command('compare-c')
    .description('Compare the concordance of two markers on the same patients: R survival concordance(fit1, fit2) contrast (influence covariance), compareC (Kang et al. 2015) z test, survcomp cindex.comp (one-sided t test), and optionally a seeded paired bootstrap.')
    .argument('<data.csv>', 'CSV with outcome and both marker columns')
    .requiredOption('--marker1 <column>', 'first risk marker')
    .requiredOption('--marker2 <column>', 'second risk marker')
    .option('--bootstrap <B>', 'paired bootstrap with B resamples (percentile CI of C1 - C2)')
    .option('--seed <n>', 'seed of the bootstrap random numbers', '1')
    .addHelpText('after', '\nExample:\n  mmf compare-c lung_markers.csv --marker1 lp --marker2 ph_ecog --bootstrap 1000 --seed 1');
  addConcordanceOptions(cmd);
  addOutcomeOptions(cmd, { strata: true, entry: false });
  cmd.action((file: string, f: CompareCFlags) => {
    const o = concordanceFlagValues(f);
    const B = f.bootstrap === undefined ? null : integerFlag('--bootstrap', f.bootstrap, 2);
    const seed = integerFlag('--seed', f.seed, 0);
    const table = readTableArg(file);
    const parsed = outcomeFromFlags(table, f, [f.marker1, f.marker2]);
    const data = parsed.data;
    const x1 = columnForRows(table, data, f.marker1, 'marker1');
    const x2 = columnForRows(table, data, f.marker2, 'marker2');
    const r = unwrap('concordance(fit1, fit2)', compareConcordanceR(data, x1, x2, o));
    // compareC and survcomp define Harrell's C on unstratified rows only.
    const harrellOnly = data.strata === null && o.timeWeighting === 'n' && o.tauDays === null;
    const kang = harrellOnly ? unwrap('compareC', compareConcordanceKang(data, x1, x2, { direction: o.direction })) : null;
    const survcomp = data.strata === null ? unwrap('cindex.comp', compareConcordanceNoether(data, x1, x2, { direction: o.direction })) : null;
    const boot = B !== null ? unwrap('bootstrap', bootstrapConcordanceDifference(data, x1, x2, { ...o, resamples: B, seed })) : null;
    const label = `${f.marker1} vs ${f.marker2}`;
    const tables: TextTable[] = [
      {
        title: `R survival concordance(fit1, fit2), contrast c(1, -1): ${label} (timewt ${o.timeWeighting})`,
        columns: ['C1', 'C2', 'var1', 'var2', 'cov', 'diff', 'se', 'z', 'p'],
        rows: [[r.concordance1, r.concordance2, r.covariance[0], r.covariance[3], r.covariance[1], r.difference, r.seDifference, r.z, r.p]],
      },
    ];
    if (kang) {
      tables.push({ title: 'compareC (Kang et al. 2015)', columns: ['C1', 'C2', 'diff', 'var1', 'var2', 'cov', 'var diff', 'z', 'p'], rows: [[kang.concordance1, kang.concordance2, kang.difference, kang.variance1, kang.variance2, kang.covariance, kang.varianceDifference, kang.z, kang.p]] });
    }
    if (survcomp) {
      tables.push({ title: 'survcomp cindex.comp (Noether C, one-sided: marker1 better)', columns: ['C1', 'C2', 'se1', 'se2', 'Spearman r', 't', 'p one-sided'], rows: [[survcomp.cIndex1, survcomp.cIndex2, survcomp.se1, survcomp.se2, survcomp.spearman, survcomp.t, survcomp.pOneSided]] });
    }
    if (boot) {
      tables.push({ title: `Paired bootstrap (B = ${boot.resamples}, seed ${boot.seed})`, columns: ['diff', 'se', `lower${Math.round(boot.level * 100)}`, `upper${Math.round(boot.level * 100)}`, 'p', 'skipped'], rows: [[boot.difference, boot.se, boot.ciLower, boot.ciUpper, boot.p, boot.skipped]] });
    }
    const strip = <T extends { influence: Float64Array }>(x: T) => {
      const { influence: _i, ...rest } = x;
      return rest;
    };
    const json = {
      input: parsed.summary,
      marker1: f.marker1,
      marker2: f.marker2,
      survival: { ...r, first: strip(r.first), second: strip(r.second) },
      compareC: kang,
      survcomp,
      bootstrap: boot ? (({ differences: _d, ...rest }) => rest)(boot) : null,
    };
    emit(f, json, tables, [parsed.summary]);
  });
}
