import type { Command } from 'commander';
import { Option } from 'commander';
import { HccError } from '../../core/errors.js';
import { formatIssue, issueError } from '../../core/issues.js';
import type { CoxFitTies, DesignTermSpec, SurvivalColumns } from '../../survival/index.js';
import { applyDesign, baselineHazard, coxNomogram, coxZph, fitCox, parseSurvivalDesign, predictSurvival } from '../../survival/index.js';
import type { CoxZphResult, PredictSurvivalResult, ZphTransform } from '../../survival/index.js';
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
  zph?: ZphTransform | true;
  predict?: string;
  times?: string;
  basehaz?: boolean;
  nomogram?: string | true;
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

/** Quartiles of the observed times (type 7), used when --predict has no --times. */
function defaultTimes(time: Float64Array): number[] {
  const s = Float64Array.from(time).sort();
  return [0.25, 0.5, 0.75].map((q) => {
    const h = (s.length - 1) * q;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
  });
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
    .addOption(new Option('--zph [transform]', 'test proportional hazards (R cox.zph) with this time transform').choices(['km', 'identity', 'rank', 'log']))
    .option('--predict <new.csv>', 'predicted survival S(t|x) with 95% CI for each row of this CSV (same covariate columns; strata column too when stratified)')
    .option('--basehaz', 'print the baseline cumulative hazard at every distinct time (R basehaz, centred and uncentred)')
    .option('--nomogram [horizons]', 'nomogram points per covariate value (rms conventions), optionally with predicted-survival axes at these comma-separated horizons')
    .option('--times <list>', 'times for --predict, e.g. 182.625,365.25 (default: quartiles of the observed times)')
    .addHelpText('after', '\nExample:\n  mmf cox data/lung.csv --time time --event status --covariates age,sex,ph.ecog\n  mmf cox veteran.csv --event status --covariates trt,celltype,karno --factor celltype:squamous --ties breslow --json\n  mmf cox data/lung.csv --event status --covariates age,sex,ph.ecog --zph --predict new.csv --times 182.625,365.25');
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
    let zph: CoxZphResult | null = null;
    if (f.zph) {
      zph = coxZph(m, { transform: f.zph === true ? 'km' : f.zph });
      const rowsZ = [...zph.table, ...(zph.global ? [zph.global] : [])].map((z) => [z.term, z.chisq, z.df, z.p]);
      tables.push({ title: `Proportional-hazards test (cox.zph, transform ${zph.transform})`, columns: ['term', 'chisq', 'df', 'p'], rows: rowsZ });
    }
    let prediction: PredictSurvivalResult | null = null;
    if (f.predict) {
      const fresh = readTableArg(f.predict);
      const rowsNew = Array.from({ length: fresh.nRows }, (_, i) => i);
      const newX = unwrap(fresh.source, applyDesign(fresh, rowsNew, design));
      const times = f.times ? splitList(f.times).map(Number) : defaultTimes(survival.data.time);
      if (times.some((t) => !Number.isFinite(t) || t < 0)) throw badOption('--times', 'not a list of non-negative numbers', 'e.g. 182.625,365.25', f.times ?? '');
      const strataCols = splitList(f.strata);
      const strata = strataCols.length ? rowsNew.map((i) => strataCols.length === 1 ? String(fresh.cells.get(strataCols[0])?.[i]) : strataCols.map((c) => `${c}=${fresh.cells.get(c)?.[i]}`).join(', ')) : undefined;
      prediction = predictSurvival(m, newX, { times, strata });
      for (const w of prediction.warnings) process.stderr.write(formatIssue(w) + '\n');
      const rowsP: (string | number)[][] = [];
      for (const c of prediction.curves) for (let k = 0; k < c.time.length; k++) rowsP.push([c.row + 1, c.time[k], c.surv[k], c.lower[k], c.upper[k], c.stdErr[k]]);
      tables.push({ title: `Predicted survival for ${f.predict} (rows 1..${fresh.nRows})`, columns: ['row', 'time', 'surv', 'lower95', 'upper95', 'se'], rows: rowsP });
    }
    const basehaz = f.basehaz ? baselineHazard(m) : null;
    if (basehaz) {
      const rowsB: (string | number)[][] = [];
      for (const st of basehaz.strata) for (let k = 0; k < st.time.length; k++) rowsB.push([st.label ?? 'all', st.time[k], st.nRisk[k], st.nEvent[k], st.cumhazCentered[k], st.cumhaz[k]]);
      tables.push({ title: `Baseline cumulative hazard (ctype ${basehaz.ctype})`, columns: ['stratum', 'time', 'n.risk', 'n.event', 'cumhaz (centred)', 'cumhaz (x = 0)'], rows: rowsB });
    }
    let nomogram: ReturnType<typeof coxNomogram> | null = null;
    if (f.nomogram) {
      if (survival.data.strata || survival.data.entry) throw badOption('--nomogram', 'a nomogram needs an unstratified right-censored model', 'no --strata / --entry', f.strata ?? f.entry ?? '');
      const horizons = f.nomogram === true ? [] : splitList(f.nomogram).map(Number);
      if (horizons.some((h) => !Number.isFinite(h) || h <= 0)) throw badOption('--nomogram', 'horizons must be positive numbers', 'e.g. 365.25,730.5', String(f.nomogram));
      nomogram = coxNomogram(m, design, { horizons });
      const rowsN: (string | number)[][] = [];
      for (const t of nomogram.terms) t.values.forEach((v, k) => rowsN.push([t.name, v, t.points[k]]));
      tables.push({ title: `Nomogram points (scale ${nomogram.scale.toPrecision(4)} points per unit of linear predictor)`, columns: ['term', 'value', 'points'], rows: rowsN });
      if (nomogram.lpAxis) {
        const rowsL: (string | number)[][] = Array.from(nomogram.lpAxis.lp, (lp, k) => [nomogram!.lpAxis!.points[k], lp, ...nomogram!.survival.map((s) => s.atLpAxis[k])]);
        tables.push({ title: 'Total points -> linear predictor' + (nomogram.survival.length ? ' and predicted survival' : ''), columns: ['total points', 'lp', ...nomogram.survival.map((s) => `S(${s.horizon})`)], rows: rowsL });
      }
    }
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
        zph: zph ? { transform: zph.transform, table: zph.table, global: zph.global } : undefined,
        prediction: prediction ?? undefined,
        basehaz: basehaz ?? undefined,
        nomogram: nomogram ? { terms: nomogram.terms, scale: nomogram.scale, intercept: nomogram.intercept, center: nomogram.center, lpAxis: nomogram.lpAxis, survival: nomogram.survival } : undefined,
      }, tables);
      return;
    }
    process.stdout.write([...header, ''].join('\n') + '\n');
    emit(f, null, tables, []);
    process.stdout.write(['', ...lines, ...fit.diagnostics.warnings.map(formatIssue)].join('\n') + '\n');
  });
}
