// Shared by the Cox post-estimation reference tests: rebuild (data, x) of the R reference fits
// from the shared CSVs exactly as each expected file's filter/formula says, and wrap the R
// coefficients into a CoxModelLike.
import { readCsvFile } from '../../src/core/table.js';
import type { Table } from '../../src/core/table.js';
import { makeSurvivalData } from '../../src/survival/outcome.js';
import type { SurvivalData } from '../../src/survival/outcome.js';
import type { CoxModelLike } from '../../src/survival/cox/model-like.js';
import { localReferencePath, readSharedCsv, readSharedJson } from '../helpers/reference.js';

export interface DesignCase {
  readonly data: SurvivalData;
  readonly x: Float64Array;
  readonly p: number;
  readonly names: string[];
}

function num(table: Table, col: string, i: number): number {
  const v = table.cells.get(col)![i];
  return v === null ? NaN : Number(v);
}

/**
 * Complete cases on time, event, covariates (and strata), R's na.omit. `timeOf` derives the time
 * (e.g. months). Covariates are numeric columns as in the CSV (lung sex 1/2, ph.ecog numeric).
 */
export function buildDesign(
  file: string,
  spec: { time: string; event: string; covariates: string[]; strata?: string; timeOf?: (t: number) => number },
): DesignCase {
  const table = readSharedCsv(`survival/data/${file}`);
  const keep: number[] = [];
  const cols = [spec.time, spec.event, ...spec.covariates, ...(spec.strata ? [spec.strata] : [])];
  for (let i = 0; i < table.nRows; i++) if (cols.every((c) => !Number.isNaN(num(table, c, i)))) keep.push(i);
  const timeOf = spec.timeOf ?? ((t: number) => t);
  const r = makeSurvivalData({
    time: keep.map((i) => timeOf(num(table, spec.time, i))),
    event: keep.map((i) => num(table, spec.event, i)),
    strata: spec.strata ? keep.map((i) => `${spec.strata}=${table.cells.get(spec.strata!)![i]}`) : undefined,
  });
  if (!r.ok) throw new Error(`bad reference data ${file}: ${JSON.stringify(r.issues)}`);
  const p = spec.covariates.length;
  const x = new Float64Array(keep.length * p);
  keep.forEach((i, k) => spec.covariates.forEach((c, j) => (x[k * p + j] = num(table, c, i))));
  return { data: r.value, x, p, names: spec.covariates };
}

/** R matrix as list of rows → row-major Float64Array. */
export function rowMajor(rows: number[][] | number[]): Float64Array {
  return Float64Array.from((rows as unknown[]).flatMap((r) => (Array.isArray(r) ? r : [r])) as number[]);
}

/** CoxModelLike from a design and the R fit fields (coef, var, means printed to 15 digits). */
export function modelFromR(design: DesignCase, fit: any, ties: CoxModelLike['ties']): CoxModelLike {
  const arr = (v: number | number[]) => Float64Array.from(Array.isArray(v) ? v : [v]);
  return { ...design, coef: arr(fit.coef), var: rowMajor(fit.var), means: arr(fit.means), ties };
}

/** Newdata rows of a reference file as a row-major matrix over `covariates`. */
export function newdataMatrix(newdata: Record<string, number>[], covariates: string[]): Float64Array {
  return Float64Array.from(newdata.flatMap((row) => covariates.map((c) => row[c])));
}

export const LUNG_COVARIATES = ['age', 'sex', 'ph.ecog'];

/** The shared Cox reference cases with newdata / basehaz fields. */
export const COX_CASES = {
  cox_lung_age_sex_ecog: () => buildDesign('lung.csv', { time: 'time', event: 'event', covariates: LUNG_COVARIATES }),
  cox_lung_strata_sex: () => buildDesign('lung.csv', { time: 'time', event: 'event', covariates: ['age', 'ph.ecog'], strata: 'sex' }),
  cox_lung_monthly_ties: () =>
    buildDesign('lung.csv', { time: 'time', event: 'event', covariates: LUNG_COVARIATES, timeOf: (t) => Math.ceil(t / 30.4375) }),
  cox_ovarian: () => buildDesign('ovarian.csv', { time: 'futime', event: 'fustat', covariates: ['age', 'ecog.ps', 'rx'] }),
} as const;

export function readCoxCase(name: string): any {
  return readSharedJson(`survival/expected/${name}.json`);
}

/** Project-owned R cases under test/reference/survival/<case>/ (input.csv + expected.json). */
export function buildLocalDesign(caseName: 'cox_postfit_heart' | 'cox_postfit_veteran'): DesignCase {
  const table = readCsvFile(localReferencePath(`survival/${caseName}/input.csv`));
  const col = (c: string) => table.cells.get(c)!.map((v) => Number(v));
  const n = table.nRows;
  if (caseName === 'cox_postfit_heart') {
    const names = ['age', 'year', 'surgery', 'transplant'];
    const r = makeSurvivalData({ time: col('stop'), entry: col('start'), event: col('event') });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const cols = names.map(col);
    const x = new Float64Array(n * names.length);
    for (let i = 0; i < n; i++) names.forEach((_, j) => (x[i * names.length + j] = cols[j][i]));
    return { data: r.value, x, p: names.length, names };
  }
  // veteran: trt, celltype (treatment contrasts vs squamous), karno, age; strata prior; weights w.
  const names = ['trt', 'celltypesmallcell', 'celltypeadeno', 'celltypelarge', 'karno', 'age'];
  const cell = table.cells.get('celltype')!;
  const r = makeSurvivalData({ time: col('time'), event: col('status'), strata: table.cells.get('prior')!.map(String), weights: col('w') });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const trt = col('trt');
  const karno = col('karno');
  const age = col('age');
  const x = new Float64Array(n * 6);
  for (let i = 0; i < n; i++) {
    x.set([trt[i], cell[i] === 'smallcell' ? 1 : 0, cell[i] === 'adeno' ? 1 : 0, cell[i] === 'large' ? 1 : 0, karno[i], age[i]], i * 6);
  }
  return { data: r.value, x, p: 6, names };
}

/** Newdata of the veteran case as design rows. */
export function veteranNewdata(newdata: { trt: number; celltype: string; karno: number; age: number }[]): Float64Array {
  return Float64Array.from(newdata.flatMap((d) => [d.trt, d.celltype === 'smallcell' ? 1 : 0, d.celltype === 'adeno' ? 1 : 0, d.celltype === 'large' ? 1 : 0, d.karno, d.age]));
}
