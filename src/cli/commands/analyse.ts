import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { HccError } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import { parseCsvText } from '../../core/table.js';
import { analyseSurvival, writeSurvivalAnalysis } from '../../report/index.js';
import type { SurvivalAnalysisResult, SurvivalAnalysisSpec } from '../../report/index.js';
import { renderTextTable, toJson } from '../render.js';
import { splitList } from '../shared.js';

/** The bundled public data set used by `mmf demo` (R survival's NCCTG lung data). */
export function bundledLungPath(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'lung.csv');
}

function numbers(flag: string, v: string): number[] {
  const xs = splitList(v).map(Number);
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x <= 0)) {
    throw new HccError('E_OPTION', `${flag}: "${v}" is not a list of positive numbers`, { issues: [issueError('bad_option', [flag], 'not a list of positive numbers', { expected: 'e.g. 182.625,365.25', received: v })] });
  }
  return xs;
}

function printSummary(r: SurvivalAnalysisResult, outDir: string, files: Record<string, string>): void {
  const out: string[] = [];
  out.push(r.input.summary);
  out.push('');
  out.push(renderTextTable({ title: `Kaplan-Meier by ${r.provenance.spec.group}`, columns: ['group', 'n', 'events', 'median', '0.95LCL', '0.95UCL'], rows: r.kaplanMeier.map((g) => [g.group, g.n, g.events, g.median, g.lower, g.upper]) }));
  out.push(`log-rank chisq = ${r.logRank.chisq.toFixed(2)} on ${r.logRank.df} df, p = ${r.logRank.p.toPrecision(3)}`);
  out.push('');
  out.push(renderTextTable({ title: 'Cox model (Efron)', columns: ['term', 'HR', 'lower95', 'upper95', 'p'], rows: r.cox.model.coefficients.map((c) => [c.name, c.hazardRatio, c.lower95, c.upper95, c.p]) }));
  out.push(`PH test (cox.zph) global p = ${r.zph.global ? r.zph.global.p.toPrecision(3) : 'NA'}`);
  out.push(`Harrell's C = ${r.concordance.c.toFixed(4)} (se ${r.concordance.se.toFixed(4)}); time-dependent AUC: ${r.tdAuc.map((a) => `${a.horizon}: ${a.auc === null ? 'NA' : a.auc.toFixed(3)}`).join(', ')}`);
  out.push(renderTextTable({ title: 'Risk groups (median linear predictor)', columns: ['group', 'n', 'events', 'median', 'HR', 'lower95', 'upper95'], rows: r.riskGroups.groups.map((g) => [g.label, g.n, g.events, g.median, g.hr, g.hrLower, g.hrUpper]) }));
  out.push('');
  out.push(`wrote ${Object.keys(files).length} files to ${outDir}: ${Object.values(files).map((f) => f.slice(outDir.length + 1)).join(', ')}`);
  process.stdout.write(out.join('\n') + '\n');
}

/** Run the survival analysis of a CSV and print / write its summary (`mmf analyse`, `mmf demo --lung`). */
export async function runAnalysis(file: string, spec: Omit<SurvivalAnalysisSpec, 'inputBytes'>, outDir: string, json: boolean): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new HccError('E_IO', `cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  const table = parseCsvText(bytes.toString('utf8'), file);
  const result = await analyseSurvival(table, { ...spec, inputBytes: bytes });
  const written = writeSurvivalAnalysis(result, outDir);
  if (json) process.stdout.write(toJson({ outDir, files: written.files, summary: JSON.parse(readFileSync(written.files.summary, 'utf8')) as unknown }) + '\n');
  else printSummary(result, outDir, written.files as Record<string, string>);
}

/** `mmf analyse` and `mmf demo`: a complete survival analysis with figures and a readable report. */
export function register(program: Command): void {
  program
    .command('analyse')
    .description('Survival analysis of a CSV in one go: Kaplan-Meier by group with medians, log-rank test, Cox model with hazard ratios and PH test, C-index, time-dependent AUC, risk groups; writes summary.json, CSV tables, SVG figures and report.md.')
    .argument('<data.csv>', 'CSV with one row per patient')
    .requiredOption('--group <column>', 'column defining the groups to compare')
    .requiredOption('--covariates <columns>', 'comma-separated Cox covariates')
    .option('--time <column>', 'follow-up time column', 'time')
    .option('--event <column>', 'event column: 0/1, 1/2 (R coding) or TRUE/FALSE', 'event')
    .option('--factor <columns>', 'comma-separated covariates to treat as factors (first level is the reference)')
    .option('--horizons <times>', 'horizons for time-dependent AUC, in the time unit', '182.625,365.25,730.5')
    .option('--time-unit <name>', 'unit of the time column, for labels', 'days')
    .option('--out <dir>', 'output folder', 'out/analysis')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExample:\n  mmf analyse data/lung.csv --time time --event status --group sex --covariates age,sex,ph.ecog --out out/lung')
    .action(async (file: string, f: { group: string; covariates: string; time: string; event: string; factor?: string; horizons: string; timeUnit: string; out: string; json?: boolean }) => {
      const factors = Object.fromEntries(splitList(f.factor).map((c) => [c, undefined]));
      await runAnalysis(file, { time: f.time, event: f.event, group: f.group, covariates: splitList(f.covariates), factors, horizons: numbers('--horizons', f.horizons), timeUnit: f.timeUnit }, f.out, !!f.json);
    });
}
