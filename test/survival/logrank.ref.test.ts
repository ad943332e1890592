// Oracle tier (b), cross-implementation: R survival 3.5-3 survdiff on real data.
import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table.js';
import { readCsvFile, tableFromColumns } from '../../src/core/table.js';
import type { Grouping, LogRankResult, SurvivalData } from '../../src/survival/index.js';
import { groupingFromColumn, groupingFromValues, logRankTest, parseSurvival } from '../../src/survival/index.js';
import { expectAllClose, expectClose, localReferencePath, readLocalJson, readSharedCsv, readSharedJson } from '../helpers/reference.js';

/** README tolerance: survdiff chisq, expected, var rel 1e-9 (observed exact for rho = 0). */
const SD_TOL = { rel: 1e-9, abs: 1e-12 };

interface RSurvdiff {
  groups: string[];
  n: number[];
  observed: number[];
  expected: number[];
  var: number[][];
  chisq: number;
  df: number;
  p: number;
}

function compare(ours: LogRankResult, r: RSurvdiff, label: string): void {
  expect(ours.groups, `${label}: groups`).toEqual(r.groups);
  expect(Array.from(ours.n), `${label}: n`).toEqual(r.n);
  if (ours.rho === 0) expect(Array.from(ours.observed), `${label}: observed`).toEqual(r.observed);
  else expectAllClose(ours.observed, r.observed, SD_TOL, `${label}: observed`);
  expectAllClose(ours.expected, r.expected, SD_TOL, `${label}: expected`);
  const k = r.groups.length;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) expectClose(ours.variance[a * k + b], r.var[a][b], SD_TOL, `${label}: var[${a}][${b}]`);
  expectClose(ours.chisq, r.chisq, SD_TOL, `${label}: chisq`);
  expect(ours.df, `${label}: df`).toBe(r.df);
  expectClose(ours.p, r.p, { rel: 1e-6 }, `${label}: p`);
}

function parse(table: Table, time: string, event: string, also: string[], strata?: string[]): SurvivalData {
  const r = parseSurvival(table, { time, event, alsoRequire: also, strata });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value.data;
}

function grouping(table: Table, column: string, data: SurvivalData): Grouping {
  const g = groupingFromColumn(table, column, data);
  if (!g.ok) throw new Error(JSON.stringify(g.issues));
  return g.value;
}

describe('logRankTest vs R survdiff (shared reference cases)', () => {
  const lung = readSharedCsv('survival/data/lung.csv');

  it('logrank_lung_sex (rho = 0)', () => {
    const ref = readSharedJson('survival/expected/logrank_lung_sex.json');
    const data = parse(lung, 'time', 'event', ['sex']);
    compare(logRankTest(data, grouping(lung, 'sex', data)), ref.result, 'lung sex');
  });

  it('petopeto_lung_sex (rho = 1, weights = left-continuous pooled KM)', () => {
    const ref = readSharedJson('survival/expected/petopeto_lung_sex.json');
    expect(ref.rho).toBe(1);
    const data = parse(lung, 'time', 'event', ['sex']);
    compare(logRankTest(data, grouping(lung, 'sex', data), { rho: 1 }), ref.result, 'lung sex peto');
  });

  it('logrank_lung_ecog3 (3 groups, ph.ecog in 0/1/2)', () => {
    const ref = readSharedJson('survival/expected/logrank_lung_ecog3.json');
    const ecog = lung.cells.get('ph.ecog')!;
    const keep = ecog.map((v, i) => (v === '0' || v === '1' || v === '2' ? i : -1)).filter((i) => i >= 0);
    const pick = (c: string) => keep.map((i) => lung.cells.get(c)![i]);
    const t = tableFromColumns({ time: pick('time'), event: pick('event'), 'ph.ecog': pick('ph.ecog') });
    const data = parse(t, 'time', 'event', ['ph.ecog']);
    expect(data.n).toBe(226);
    compare(logRankTest(data, grouping(t, 'ph.ecog', data)), ref.result, 'lung ecog');
  });

  it('logrank_lung_monthly_sex (heavy ties)', () => {
    const ref = readSharedJson('survival/expected/logrank_lung_monthly_sex.json');
    const month = lung.cells.get('time')!.map((v) => Math.ceil(Number(v) / 30.4375));
    const t = tableFromColumns({ month, event: lung.cells.get('event')!, sex: lung.cells.get('sex')! });
    const data = parse(t, 'month', 'event', ['sex']);
    compare(logRankTest(data, grouping(t, 'sex', data)), ref.result, 'lung monthly');
  });
});

describe('logRankTest vs R survdiff: stratified (test/reference/survival/logrank_veteran_strat)', () => {
  const ref = readLocalJson('survival/logrank_veteran_strat/expected.json');
  const table = readCsvFile(localReferencePath('survival/logrank_veteran_strat/input.csv'));
  const data = parse(table, 'time', 'status', ['trt'], ['celltype']);
  const trt = grouping(table, 'trt', data);

  for (const key of ['logrank', 'petopeto'] as const) {
    it(`${key}: survdiff(Surv(time, status) ~ trt + strata(celltype), rho = ${ref.results[key].rho})`, () => {
      const r = ref.results[key];
      const ours = logRankTest(data, trt, { rho: r.rho });
      compare(ours, r, `veteran ${key}`);
      // Per-stratum O and E, matched by stratum name (R orders celltype levels by the trial's coding).
      const nS = ours.strata.length;
      expect([...ours.strata].sort()).toEqual([...r.strata].sort());
      r.strata.forEach((name: string, sR: number) => {
        const s = ours.strata.indexOf(name);
        for (let g = 0; g < 2; g++) {
          expectClose(ours.observedByStratum[g * nS + s], r.observed_by_stratum[g][sR], SD_TOL, `${key} O[${g}, ${name}]`);
          expectClose(ours.expectedByStratum[g * nS + s], r.expected_by_stratum[g][sR], SD_TOL, `${key} E[${g}, ${name}]`);
        }
      });
    });
  }

  it('stratification matters: the unstratified statistic differs', () => {
    const flat = logRankTest({ ...data, strata: null, strataLevels: [] }, trt);
    expect(Math.abs(flat.chisq - ref.results.logrank.chisq)).toBeGreaterThan(1e-3);
  });

  it('groups built from values give the same answer as from the column', () => {
    const g2 = groupingFromValues(Array.from(data.rowIndex, (r) => table.cells.get('trt')![r]!), 'trt');
    expect(logRankTest(data, g2).chisq).toBe(logRankTest(data, trt).chisq);
  });
});
