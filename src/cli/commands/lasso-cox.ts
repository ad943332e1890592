import type { Command } from 'commander';
import { Option } from 'commander';
import { HccError, throwIfErrors } from '../../core/errors.js';
import { issueError } from '../../core/issues.js';
import type { Issue } from '../../core/issues.js';
import { createRng } from '../../core/rng.js';
import { numericColumn } from '../../core/table.js';
import type { CoxCvMeasure } from '../../survival/index.js';
import { cvElasticNetCox } from '../../survival/index.js';
import type { OutcomeFlags } from '../shared.js';
import { addOutcomeOptions, emit, outcomeFromFlags, readTableArg, splitList } from '../shared.js';

interface LassoCoxFlags extends OutcomeFlags {
  covariates: string;
  alpha: string;
  nfolds: string;
  seed: string;
  foldid?: string;
  measure: CoxCvMeasure;
  nlambda: string;
  lambdaMinRatio?: string;
  standardize: boolean;
}

function badOption(flag: string, message: string, expected: string, received: string): HccError {
  return new HccError('E_OPTION', `${flag}: ${message}`, { issues: [issueError('bad_option', [flag], message, { expected, received })] });
}

function numberFlag(flag: string, v: string, ok: (x: number) => boolean, expected: string): number {
  const x = Number(v);
  if (v.trim() === '' || !ok(x)) throw badOption(flag, `"${v}" is not valid`, expected, v);
  return x;
}

/** `mmf lasso-cox`: elastic-net Cox path (glmnet conventions) with k-fold CV choice of lambda. */
export function register(program: Command): void {
  const cmd = program
    .command('lasso-cox')
    .description('Elastic-net penalised Cox regression as R glmnet(family = "cox") (Breslow ties, standardised covariates, glmnet lambda path), with cross-validation as cv.glmnet (partial-likelihood deviance or Harrell C): prints lambda.min, lambda.1se and their non-zero coefficients.')
    .argument('<data.csv>', 'CSV with outcome and numeric covariate columns')
    .requiredOption('--covariates <columns>', 'comma-separated numeric covariate columns')
    .option('--alpha <a>', 'elastic-net mixing: 1 = lasso, 0 = ridge', '1')
    .option('--nfolds <k>', 'number of CV folds (ignored with --foldid)', '10')
    .option('--seed <n>', 'seed for the random fold assignment', '1')
    .option('--foldid <column>', 'column holding fixed fold ids 1..K')
    .addOption(new Option('--measure <m>', 'CV loss').choices(['deviance', 'C']).default('deviance'))
    .option('--nlambda <n>', 'points on the lambda path', '100')
    .option('--lambda-min-ratio <r>', 'smallest lambda / lambda_max (default 1e-4, or 0.01 when n < p)')
    .option('--no-standardize', 'do not standardise covariates (coefficients are on the original scale either way)')
    .addHelpText('after', '\nExample:\n  mmf lasso-cox data/lung.csv --time time --event status --covariates age,sex,ph.ecog,ph.karno,wt.loss --nfolds 5 --seed 1\n  mmf lasso-cox data/lung.csv --event status --covariates age,sex,ph.ecog --alpha 0.5 --measure C --json');
  addOutcomeOptions(cmd, { weights: true, entry: false });
  cmd.action((file: string, f: LassoCoxFlags) => {
    const covariates = splitList(f.covariates);
    if (covariates.length === 0) throw badOption('--covariates', 'no covariate columns given', 'e.g. age,sex,ph.ecog', f.covariates);
    const alpha = numberFlag('--alpha', f.alpha, (x) => x >= 0 && x <= 1, 'a number in [0, 1]');
    const nlambda = numberFlag('--nlambda', f.nlambda, (x) => Number.isInteger(x) && x >= 1, 'a positive integer');
    const seed = numberFlag('--seed', f.seed, Number.isInteger, 'an integer');
    const nfolds = numberFlag('--nfolds', f.nfolds, (x) => Number.isInteger(x) && x >= 3, 'an integer >= 3');
    const lambdaMinRatio = f.lambdaMinRatio === undefined ? undefined : numberFlag('--lambda-min-ratio', f.lambdaMinRatio, (x) => x > 0 && x < 1, 'a number in (0, 1)');
    const table = readTableArg(file);
    const also = f.foldid ? [...covariates, f.foldid] : covariates;
    const parsed = outcomeFromFlags(table, f, also);
    const outcome = parsed.data;
    const p = covariates.length;
    const x = new Float64Array(outcome.n * p);
    const issues: Issue[] = [];
    covariates.forEach((name, j) => {
      const col = numericColumn(table, name, 'covariate');
      issues.push(...col.issues);
      for (let i = 0; i < outcome.n; i++) x[i * p + j] = col.values[outcome.rowIndex[i]];
    });
    let foldId: Float64Array | undefined;
    if (f.foldid) {
      const col = numericColumn(table, f.foldid, 'fold id');
      issues.push(...col.issues);
      foldId = Float64Array.from(outcome.rowIndex, (r) => col.values[r]);
    }
    throwIfErrors(table.source, issues);
    const cv = cvElasticNetCox(
      { outcome, x, covariates },
      { alpha, nlambda, lambdaMinRatio, standardize: f.standardize, measure: f.measure, foldId, nfolds, rng: createRng(seed) },
    );
    const fit = cv.fit;
    const pick = (k: number) => ({ lambda: cv.lambda[k], index: k + 1, cvm: cv.cvm[k], cvsd: cv.cvsd[k], df: fit.df[k], coefficients: Object.fromEntries(covariates.map((c, j) => [c, fit.beta[k][j]]).filter(([, b]) => b !== 0)) });
    const value = {
      n: outcome.n,
      nevent: fit.nEvents,
      summary: parsed.summary,
      alpha,
      measure: cv.measure,
      nfolds: cv.nfolds,
      foldSource: f.foldid ? `column ${f.foldid}` : `random, seed ${seed}`,
      lambdaMin: pick(cv.indexMin),
      lambda1se: pick(cv.index1se),
      path: {
        covariates,
        lambda: fit.lambda,
        df: fit.df,
        devRatio: fit.devRatio,
        nullDeviance: fit.nullDeviance,
        beta: fit.beta,
        cvm: cv.cvm,
        cvsd: cv.cvsd,
        kktMaxViolation: fit.diagnostics.kktMaxViolation,
        newtonIterations: fit.diagnostics.newtonIterations,
        stopReason: fit.diagnostics.stopReason,
      },
      foldId: cv.foldId,
      warnings: fit.diagnostics.warnings,
    };
    const measureName = cv.measure === 'C' ? 'C' : 'deviance';
    const selected = {
      title: `Selected lambda (${cv.nfolds}-fold CV, ${measureName}; ${value.foldSource})`,
      columns: ['choice', 'lambda', 'index', 'df', `cv ${measureName}`, 'cv sd'],
      rows: [
        ['lambda.min', value.lambdaMin.lambda, value.lambdaMin.index, value.lambdaMin.df, value.lambdaMin.cvm, value.lambdaMin.cvsd],
        ['lambda.1se', value.lambda1se.lambda, value.lambda1se.index, value.lambda1se.df, value.lambda1se.cvm, value.lambda1se.cvsd],
      ],
    };
    const nonzero = covariates.map((c, j) => [c, fit.beta[cv.indexMin][j], fit.beta[cv.index1se][j]] as [string, number, number]).filter(([, a, b]) => a !== 0 || b !== 0);
    const coefs = { title: 'Non-zero coefficients (original scale)', columns: ['covariate', 'lambda.min', 'lambda.1se'], rows: nonzero };
    emit(f, value, [selected, coefs], [`${parsed.summary}; ${fit.nEvents} events; alpha = ${alpha}; ${fit.lambda.length} lambdas${fit.diagnostics.stopReason ? ` (path stopped early: ${fit.diagnostics.stopReason})` : ''}`]);
  });
}
