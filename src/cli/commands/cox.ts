import type { Command } from 'commander';
import { Option } from 'commander';
import { HccError } from '../../core/errors.js';
import { formatIssue, issueError } from '../../core/issues.js';
import type { CoxFitTies, DesignTermSpec, SurvivalColumns } from '../../survival/index.js';
import { fitCox, parseSurvivalDesign } from '../../survival/index.js';
import type { TextTable } from '../render.js';
import { formatNumber } from '../render.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, readTableArg, splitList, unwrap } from '../shared.js';

interface CoxFlags extends OutcomeFlags {
  covariates: string;
  factor?: string[];
  ties: CoxFitTies;
  robust?: boolean;
  eps: string;
  iterMax: string;
}

function badOption(flag: string, message: string, expected: string, received: string): HccError {
  return new HccError('E_OPTION', `${flag}: ${message}`, { issues: [issueError('bad_option', [flag], message, { expected, received })] });
}

/** `--factor celltype:squamous` → column and optional reference level. */
function parseFactors(specs: readonly string[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const spec of specs) {
    const at = spec.indexOf(':');
    const column = at < 0 ? spec : spec.slice(0, at);
    const ref = at < 0 ? undefined : spec.slice(at + 1);
    if (!column || ref === '') throw badOption('--factor', `"${spec}" is not COLUMN or COLUMN:REFERENCE`, 'e.g. celltype:squamous', spec);
    out.set(column, ref);
  }
  return out;
}

function positiveNumber(flag: string, v: string, integer: boolean): number {
  const x = Number(v);
  if (!Number.isFinite(x) || x < 0 || (integer && !Number.isInteger(x)) || (!integer && x === 0)) {
    throw badOption(flag, `"${v}" is not a valid value`, integer ? 'a non-negative integer' : 'a positive number', v);
  }
  return x;
}

/** `mmf cox`: Cox proportional-hazards fit (R coxph conventions) with HR table and global tests. */
export function register(program: Command): void {
  const cmd = program
    .command('cox')
    .description('Fit a Cox proportional-hazards model as R survival::coxph (Efron, Breslow or exact ties; strata, (start, stop] data, case weights, robust / clustered sandwich variance): coefficients, hazard ratios with 95% CI, Wald z and p, likelihood-ratio / Wald / score tests.')
    .argument('<data.csv>', 'CSV with outcome and covariate columns')
    .requiredOption('--covariates <columns>', 'comma-separated covariate columns (numeric unless named by --factor)')
    .option('--factor <spec>', 'COLUMN or COLUMN:REFERENCE: treat a covariate as a factor, optionally with its reference level (repeatable), e.g. celltype:squamous', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .addOption(new Option('--ties <method>', 'tie handling').choices(['efron', 'breslow', 'exact']).default('efron'))
    .option('--robust', 'robust (sandwich) variance; implied by --cluster')
    .option('--eps <x>', 'convergence tolerance on the relative log-likelihood change', '1e-9')
    .option('--iter-max <n>', 'maximum Newton-Raphson iterations', '20')
    .addHelpText('after', '\nExample:\n  mmf cox data/lung.csv --time time --event status --covariates age,sex,ph.ecog\n  mmf cox veteran.csv --event status --covariates trt,celltype,karno --factor celltype:squamous --ties breslow --json');
  addOutcomeOptions(cmd, { strata: true, cluster: true, weights: true });
  cmd.action((file: string, f: CoxFlags) => {
    const covariates = splitList(f.covariates);
    if (covariates.length === 0) throw badOption('--covariates', 'no covariate columns given', 'e.g. age,sex,ph.ecog', f.covariates);
    const factors = parseFactors(f.factor ?? []);
    for (const c of factors.keys()) {
      if (!covariates.includes(c)) throw badOption('--factor', `"${c}" is not among --covariates`, covariates.join(', '), c);
    }
    const eps = positiveNumber('--eps', f.eps, false);
    const iterMax = positiveNumber('--iter-max', f.iterMax, true);
    const terms: DesignTermSpec[] = covariates.map((column) => (factors.has(column) ? { column, kind: 'factor', reference: factors.get(column) } : { column }));
    const table = readTableArg(file);
    const cols: SurvivalColumns = { time: f.time, event: f.event, entry: f.entry, strata: splitList(f.strata), cluster: f.cluster, weights: f.weights };
    const { survival, design } = unwrap(table.source, parseSurvivalDesign(table, cols, terms));
    const fit = fitCox(survival.data, design.x, design.names, { ties: f.ties, eps, iterMax, robust: f.robust || undefined, terms: design.terms });
    const m = fit.model;
    const robust = m.robust;
    const columns = ['term', 'coef', 'HR', 'lower95', 'upper95', robust ? 'robust se' : 'se', ...(robust ? ['naive se'] : []), 'z', 'p'];
    const rows = m.coefficients.map((c) => [c.name, c.coef, c.hazardRatio, c.lower95, c.upper95, c.se, ...(robust ? [c.naiveSe] : []), c.z, c.p]);
    const t = m.tests;
    const digits = Number(f.digits ?? 4) || 4;
    const fmt = (v: number) => formatNumber(v, digits);
    const testLine = (name: string, x: { statistic: number; df: number; p: number }) => `${name} = ${fmt(x.statistic)} on ${x.df} df, p = ${fmt(x.p)}`;
    const lines = [
      testLine('Likelihood ratio test', t.likelihoodRatio),
      testLine(robust ? 'Wald test (robust)' : 'Wald test', t.wald),
      testLine('Score (logrank) test', t.score),
      ...(t.robustScore ? [testLine('Robust score test', t.robustScore)] : []),
    ];
    const n = `n = ${m.n}, events = ${m.nevent}, dropped = ${survival.dropped.length}; ties = ${m.ties}` + (survival.data.strata ? `; strata: ${survival.data.strataLevels.join(', ')}` : '') + (survival.data.cluster ? `; clusters = ${survival.data.clusterLevels.length}` : '');
    const header = [survival.summary, n, `log partial likelihood: null ${fmt(m.loglikNull)}, model ${fmt(m.loglik)}; iterations ${fit.diagnostics.iterations}${fit.diagnostics.converged ? '' : ' (not converged)'}`];
    const tables: TextTable[] = [{ title: 'Cox proportional-hazards model', columns, rows }];
    for (const w of fit.diagnostics.warnings) process.stderr.write(formatIssue(w) + '\n');
    if (f.json) {
      emit(f, {
        input: survival.summary,
        dropped: survival.dropped,
        n: m.n,
        nevent: m.nevent,
        ties: m.ties,
        robust,
        names: m.names,
        terms: m.terms,
        factors: design.factors,
        coefficients: m.coefficients,
        var: m.var,
        naiveVar: m.naiveVar,
        means: m.means,
        loglikNull: m.loglikNull,
        loglik: m.loglik,
        tests: m.tests,
        diagnostics: fit.diagnostics,
      }, tables);
      return;
    }
    process.stdout.write([...header, ''].join('\n') + '\n');
    emit(f, null, tables, []);
    process.stdout.write(['', ...lines, ...fit.diagnostics.warnings.map(formatIssue)].join('\n') + '\n');
  });
}
