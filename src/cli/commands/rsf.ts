import type { Command } from 'commander';
import { HccError, throwIfErrors } from '../../core/errors.js';
import type { Issue } from '../../core/issues.js';
import { issueError } from '../../core/issues.js';
import type { Table } from '../../core/table.js';
import { missingColumnIssue, numericColumn } from '../../core/table.js';
import type { SurvivalForestFit } from '../../survival/index.js';
import { fitSurvivalForest, predictSurvivalForest, stepAt } from '../../survival/index.js';
import type { TextTable } from '../render.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, splitList } from '../shared.js';

interface RsfFlags extends OutcomeFlags {
  covariates?: string;
  trees: string;
  seed: string;
  mtry?: string;
  minNodeSize: string;
  maxDepth?: string;
  replace: boolean;
  sampleFraction?: string;
  importance: boolean;
  predict?: string;
  times?: string;
}

function numberFlag(flag: string, value: string, expected: string, integer = false): number {
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new HccError('E_OPTION', `${flag} "${value}" is not ${integer ? 'an integer' : 'a number'}`, {
      issues: [issueError('bad_option', [flag], `${flag} is not ${integer ? 'an integer' : 'a finite number'}`, { expected, received: value })],
    });
  }
  return v;
}

/** Covariate matrix (row-major) for `rows` of `table`; unparsable cells are input errors. */
function covariateMatrix(table: Table, names: readonly string[], rows: ArrayLike<number>): Float64Array {
  const issues: Issue[] = [];
  const p = names.length;
  const x = new Float64Array(rows.length * p);
  const wanted = new Set(Array.from(rows));
  names.forEach((name, j) => {
    if (!table.cells.has(name)) {
      issues.push(missingColumnIssue(table, name, 'covariate'));
      return;
    }
    const col = numericColumn(table, name, 'covariate');
    issues.push(...col.issues.filter((iss) => wanted.has((iss.path[1] as number) - 1)));
    for (let k = 0; k < rows.length; k++) x[k * p + j] = col.values[rows[k]];
  });
  throwIfErrors(table.source, issues);
  return x;
}

function importanceTable(fit: SurvivalForestFit): TextTable {
  const imp = fit.importance!;
  return {
    title: `Permutation importance (mean decrease in OOB C over ${imp.nTreesUsed} trees)`,
    columns: ['rank', 'variable', 'importance'],
    rows: Array.from(imp.ranking, (j, r) => [r + 1, imp.variable[j], imp.importance[j]]),
  };
}

/** `mmf rsf`: random survival forest with OOB C-index, permutation importance and predictions. */
export function register(program: Command): void {
  const cmd = program
    .command('rsf')
    .description('Random survival forest (log-rank splitting, as R ranger): out-of-bag C-index and error, permutation variable importance; --predict scores new rows (risk = sum of the ensemble cumulative hazard over death times).')
    .argument('<data.csv>', 'CSV with outcome and covariate columns')
    .requiredOption('--covariates <list>', 'comma-separated numeric covariate columns (rows with a missing value are dropped)')
    .option('--trees <n>', 'number of trees', '500')
    .option('--seed <n>', 'random seed (same seed, same forest)', '1')
    .option('--mtry <n>', 'variables tried per split (default ceil(sqrt(p)))')
    .option('--min-node-size <n>', 'nodes with <= n rows are not split; children keep >= n rows', '3')
    .option('--max-depth <n>', 'maximum tree depth (0 = unlimited)')
    .option('--no-replace', 'subsample without replacement (default fraction 0.632) instead of bootstrapping')
    .option('--sample-fraction <f>', 'rows drawn per tree as a fraction of n')
    .option('--no-importance', 'skip permutation importance')
    .option('--predict <new.csv>', 'predict risk and survival for the rows of this CSV')
    .option('--times <list>', 'with --predict: survival S(t) at these times, e.g. 365,730')
    .addHelpText('after', '\nExample:\n  mmf rsf data/lung.csv --time time --event status --covariates age,sex,ph.ecog --trees 500 --seed 1\n  mmf rsf train.csv --covariates age,albi,afp --predict new.csv --times 365,730 --json');
  addOutcomeOptions(cmd, { entry: false });
  cmd.action((file: string, f: RsfFlags) => {
    const names = splitList(f.covariates);
    if (names.length === 0) {
      throw new HccError('E_OPTION', '--covariates is empty', { issues: [issueError('bad_option', ['--covariates'], 'no covariate named', { expected: 'e.g. age,sex,ph.ecog' })] });
    }
    const table = readTableArg(file);
    const parsed = outcomeFromFlags(table, f, names);
    const data = parsed.data;
    const x = covariateMatrix(table, names, data.rowIndex);
    const fit = fitSurvivalForest(data, x, names, {
      nTree: numberFlag('--trees', f.trees, 'a positive integer', true),
      seed: numberFlag('--seed', f.seed, 'an integer', true),
      mtry: f.mtry !== undefined ? numberFlag('--mtry', f.mtry, `1..${names.length}`, true) : undefined,
      minNodeSize: numberFlag('--min-node-size', f.minNodeSize, 'a positive integer', true),
      maxDepth: f.maxDepth !== undefined ? numberFlag('--max-depth', f.maxDepth, 'an integer >= 0', true) : undefined,
      replace: f.replace,
      sampleFraction: f.sampleFraction !== undefined ? numberFlag('--sample-fraction', f.sampleFraction, 'a fraction in (0, 1]') : undefined,
      importance: f.importance ? 'permutation' : 'none',
    });
    const o = fit.model.options;
    const c = fit.oob.concordance;
    const tables: TextTable[] = [
      {
        title: 'Random survival forest (out-of-bag)',
        columns: ['trees', 'mtry', 'min.node.size', 'n', 'events', 'OOB C', 'OOB error', 'comparable pairs'],
        rows: [[o.nTree, o.mtry, o.minNodeSize, fit.diagnostics.nTrain, fit.diagnostics.nDeaths, c.concordance, fit.oob.predictionError, c.comparable]],
      },
    ];
    if (fit.importance) tables.push(importanceTable(fit));

    let predictions: Record<string, unknown> | undefined;
    if (f.predict) {
      const newTable = readTableArg(f.predict);
      const keep: number[] = [];
      const dropped: number[] = [];
      for (let i = 0; i < newTable.nRows; i++) {
        if (names.every((nm) => newTable.cells.get(nm)?.[i] !== null)) keep.push(i);
        else dropped.push(i + 1);
      }
      const pred = predictSurvivalForest(fit.model, covariateMatrix(newTable, names, keep));
      const times = f.times ? splitList(f.times).map((t) => numberFlag('--times', t, 'comma-separated times, e.g. 365,730')) : [];
      const negative = times.find((t) => t < 0);
      if (negative !== undefined) {
        throw new HccError('E_OPTION', `--times "${f.times}" has a negative time`, { issues: [issueError('bad_option', ['--times'], '--times has a negative time', { expected: 'comma-separated non-negative times, e.g. 365,730', received: String(negative) })] });
      }
      const T = pred.time.length;
      const survAt = keep.map((_, k) => times.map((t) => stepAt(pred.time, pred.survival.subarray(k * T, (k + 1) * T), t, 1)));
      predictions = { file: f.predict, rows: keep.map((i) => i + 1), droppedRows: dropped, risk: pred.risk, times, survivalAtTimes: survAt };
      tables.push({
        title: `Predictions for ${f.predict}${dropped.length ? ` (${dropped.length} row(s) with a missing covariate skipped)` : ''}`,
        columns: ['row', 'risk', ...times.map((t) => `S(${t})`)],
        rows: keep.map((i, k) => [i + 1, pred.risk[k], ...survAt[k]]),
      });
    }
    const notes = [parsed.summary, ...fit.diagnostics.warnings.map((w) => `warning: ${w.message}`)];
    emit(
      f,
      {
        input: parsed.summary,
        covariates: names,
        options: o,
        oob: { concordance: c, predictionError: fit.oob.predictionError, risk: fit.oob.risk, rows: Array.from(data.rowIndex, (i) => i + 1) },
        importance: fit.importance ? Array.from(fit.importance.ranking, (j) => ({ variable: names[j], importance: fit.importance!.importance[j] })) : null,
        diagnostics: fit.diagnostics,
        predictions: predictions ?? null,
      },
      tables,
      notes,
    );
  });
}
