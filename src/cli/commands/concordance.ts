import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { formatIssue, issueError } from '../../core/issues.js';
import type { Result } from '../../core/issues.js';
import { normalQuantile } from '../../core/distributions.js';
import type { MarkerDirection, TimeWeighting } from '../../survival/index.js';
import { concordanceIndex, isMarkerDirection, isTimeWeighting, MARKER_DIRECTIONS, noetherConcordance, rcorrCens, TIME_WEIGHTINGS } from '../../survival/index.js';
import type { TextTable } from '../render.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, unwrap } from '../shared.js';
import { columnForRows, numberFlag } from './metric-flags.js';

/** Flags shared by `concordance` and `compare-c`. */
export interface ConcordanceFlags extends OutcomeFlags {
  timewt: string;
  tau?: string;
  direction: string;
}

/** Add `--timewt`, `--tau`, `--direction`. */
export function addConcordanceOptions(cmd: Command): Command {
  return cmd
    .option('--timewt <w>', `time weighting: ${TIME_WEIGHTINGS.join(' | ')} (n = Harrell, n/G2 = Uno)`, 'n')
    .option('--tau <days>', 'only events at or before tau anchor pairs (R ymax; Uno with --timewt n/G2)')
    .option('--direction <d>', `${MARKER_DIRECTIONS.join(' | ')}; never inferred from the data`, 'higher-is-worse');
}

/** Validate the shared flags (E_OPTION with a bad_option issue naming the flag). */
export function concordanceFlagValues(f: ConcordanceFlags): { timeWeighting: TimeWeighting; tauDays: number | null; direction: MarkerDirection } {
  if (!isTimeWeighting(f.timewt)) {
    throw new HccError('E_OPTION', `--timewt "${f.timewt}" is not a time weighting`, { issues: [issueError('bad_option', ['--timewt'], 'unknown time weighting', { expected: TIME_WEIGHTINGS.join(' | '), received: f.timewt })] });
  }
  if (!isMarkerDirection(f.direction)) {
    throw new HccError('E_OPTION', `--direction "${f.direction}" is not a direction`, { issues: [issueError('bad_option', ['--direction'], 'unknown direction', { expected: MARKER_DIRECTIONS.join(' | '), received: f.direction })] });
  }
  const tauDays = f.tau === undefined ? null : numberFlag('--tau', f.tau, 'a time > 0 in the units of --time');
  return { timeWeighting: f.timewt, tauDays, direction: f.direction };
}

interface ConcordanceCommandFlags extends ConcordanceFlags {
  marker: string;
  variants?: boolean;
}

/** `mmf concordance`: Harrell / Uno concordance with R survival's counts and variance. */
export function register(program: Command): void {
  const cmd = program
    .command('concordance')
    .description('Concordance (C-index) of a risk marker with a censored outcome, as R survival::concordance(reverse = TRUE): pair counts, C, infinitesimal-jackknife se; --timewt n/G2 --tau gives Uno\'s truncated C; --variants adds Hmisc rcorr.cens and survcomp (Noether) versions.')
    .argument('<data.csv>', 'CSV with outcome and marker columns')
    .requiredOption('--marker <column>', 'risk marker column')
    .option('--variants', 'also report Hmisc rcorr.cens (Dxy, SD) and survcomp concordance.index (Noether se, CI, p)')
    .addHelpText('after', '\nExample:\n  mmf concordance data/lung.csv --time time --event status --marker ph.ecog\n  mmf concordance lung_markers.csv --marker lp --timewt n/G2 --tau 365.25 --json');
  addConcordanceOptions(cmd);
  addOutcomeOptions(cmd, { strata: true, cluster: true, weights: true, entry: false });
  cmd.action((file: string, f: ConcordanceCommandFlags) => {
    const o = concordanceFlagValues(f);
    const table = readTableArg(file);
    const parsed = outcomeFromFlags(table, f, [f.marker]);
    const data = parsed.data;
    const x = columnForRows(table, data, f.marker, 'marker');
    const r = unwrap(`concordance --marker ${f.marker}`, concordanceIndex(data, x, o));
    const z = normalQuantile(0.975);
    // The variants are secondary: one that cannot be computed (e.g. a negative Noether variance on
    // tiny data) is reported as a warning and left out, never stopping the main result.
    const optional = <T,>(label: string, res: Result<T>): T | null => {
      if (res.ok) return res.value;
      for (const iss of res.issues) process.stderr.write(`warning: ${label} not reported: ${formatIssue(iss)}\n`);
      return null;
    };
    const variants = f.variants
      ? {
          hmisc: optional('rcorr.cens', rcorrCens(data, x, { direction: o.direction, outx: false })),
          hmiscOutx: optional('rcorr.cens outx', rcorrCens(data, x, { direction: o.direction, outx: true })),
          noether: optional('survcomp noether', noetherConcordance(data, x, { direction: o.direction, outx: true })),
          noetherTiesHalf: optional('survcomp noether outx=FALSE', noetherConcordance(data, x, { direction: o.direction, outx: false })),
        }
      : null;
    const c = r.counts;
    const tables: TextTable[] = [
      {
        title: `Concordance of ${f.marker} (${o.direction}), timewt ${o.timeWeighting}${o.tauDays !== null ? `, tau ${o.tauDays}` : ''}`,
        columns: ['C', 'se', 'lower95', 'upper95', "Somers' d", 'n', 'events'],
        rows: [[r.concordance, r.se, Math.max(0, r.concordance - z * r.se), Math.min(1, r.concordance + z * r.se), r.somersD, r.n, r.nEvents]],
      },
      { title: 'Pairs', columns: ['concordant', 'discordant', 'tied.x', 'tied.y', 'tied.xy'], rows: [[c.concordant, c.discordant, c.tiedX, c.tiedY, c.tiedXY]] },
    ];
    if (r.countsByStratum) {
      tables.push({ title: 'Pairs by stratum', columns: ['stratum', 'events', 'concordant', 'discordant', 'tied.x', 'tied.y', 'tied.xy'], rows: r.countsByStratum.map((s) => [s.stratum, s.nEvents, s.counts.concordant, s.counts.discordant, s.counts.tiedX, s.counts.tiedY, s.counts.tiedXY]) });
    }
    if (variants) {
      tables.push({
        title: 'Hmisc rcorr.cens (ordered pairs)',
        columns: ['outx', 'C', 'Dxy', 'SD(Dxy)', 'relevant', 'concordant', 'uncertain'],
        rows: [variants.hmisc, variants.hmiscOutx].flatMap((h) => (h === null ? [] : [h])).map((h) => [String(h.outx), h.c, h.dxy, h.sdDxy, h.relevantPairs, h.concordantPairs, h.uncertainPairs]),
      });
      tables.push({
        title: 'survcomp concordance.index (Noether)',
        columns: ['outx', 'C', 'se', 'lower95', 'upper95', 'p'],
        rows: [variants.noether, variants.noetherTiesHalf].flatMap((s) => (s === null ? [] : [s])).map((s) => [String(s.outx), s.cIndex, s.se, s.lower, s.upper, s.p]),
      });
    }
    const shown = tables.filter((t) => t.rows.length > 0);
    const { influence: _influence, warnings, ...rest } = r;
    emit(f, { input: parsed.summary, marker: f.marker, ...rest, warnings, variants }, shown, [parsed.summary]);
  });
}
