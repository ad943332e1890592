// Oracle tier (b), cross-implementation: R survival 3.5-3 survfit / quantile / summary on real data.
import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table.js';
import { tableFromColumns } from '../../src/core/table.js';
import type { KaplanMeierCurve, KaplanMeierOptions, KmConfType, SurvivalColumns } from '../../src/survival/index.js';
import { groupingFromColumn, kaplanMeier, parseSurvival } from '../../src/survival/index.js';
import { readCsvFile } from '../../src/core/table.js';
import { expectAllClose, expectClose, localReferencePath, readLocalJson, readSharedCsv, readSharedJson } from '../helpers/reference.js';

/** README tolerances: KM abs 1e-10, counts exact, quantiles exact, rmean rel 1e-8. */
const KM_TOL = { abs: 1e-10 };
const RMEAN_TOL = { rel: 1e-8 };
const CONF_TYPES: KmConfType[] = ['log', 'log-log', 'plain'];

interface RCurve {
  stratum: string;
  time: number[];
  n_risk: number[];
  n_event: number[];
  n_censor: number[];
  surv: number[];
  std_err_log_surv: number[];
  greenwood_se_surv: number[];
  cumhaz_nelson_aalen: number[];
  std_chaz: number[];
  lower: (number | null)[];
  upper: (number | null)[];
}
interface RAtTimes {
  stratum: string;
  time: number[];
  n_risk: number[];
  n_event?: number[];
  surv: number[];
  std_err_surv: number[];
  lower: (number | null)[];
  upper: (number | null)[];
}
interface RByConf {
  curves: RCurve[];
  quantiles: { probs: number[]; estimate: (number | null)[][]; lower: (number | null)[][]; upper: (number | null)[][] };
  table: { columns: string[]; values: (number | null)[][] };
  at_times: RAtTimes[];
}

/** Nullable number from our NaN-for-NA arrays. */
const na = (v: number) => (Number.isNaN(v) ? null : v);

function compareCurve(ours: KaplanMeierCurve, r: RCurve, label: string): void {
  expect(ours.label, `${label}: stratum label`).toBe(r.stratum);
  expect(Array.from(ours.time), `${label}: times`).toEqual(r.time);
  expect(Array.from(ours.nRisk), `${label}: n.risk`).toEqual(r.n_risk);
  expect(Array.from(ours.nEvent), `${label}: n.event`).toEqual(r.n_event);
  expect(Array.from(ours.nCensor), `${label}: n.censor`).toEqual(r.n_censor);
  expectAllClose(ours.surv, r.surv, KM_TOL, `${label}: surv`);
  expectAllClose(ours.stdErr, r.std_err_log_surv, KM_TOL, `${label}: std.err`);
  expectAllClose(ours.greenwoodSe, r.greenwood_se_surv, KM_TOL, `${label}: greenwood se`);
  expectAllClose(ours.cumhaz, r.cumhaz_nelson_aalen, KM_TOL, `${label}: cumhaz`);
  expectAllClose(ours.stdChaz, r.std_chaz, KM_TOL, `${label}: std.chaz`);
  expectAllClose(Array.from(ours.lower, na), r.lower, KM_TOL, `${label}: lower`);
  expectAllClose(Array.from(ours.upper, na), r.upper, KM_TOL, `${label}: upper`);
}

function compareFit(byConf: Record<string, RByConf>, run: (o: KaplanMeierOptions) => readonly KaplanMeierCurve[], fixedTimes: number[], tau: number, name: string): void {
  for (const ct of CONF_TYPES) {
    const ref = byConf[ct];
    const curves = run({ confType: ct, times: fixedTimes, rmeanTau: tau, probs: ref.quantiles.probs });
    const label = `${name} [${ct}]`;
    expect(curves.length, `${label}: number of curves`).toBe(ref.curves.length);
    curves.forEach((c, s) => {
      const l = `${label} ${c.label}`;
      compareCurve(c, ref.curves[s], l);
      // Quantiles: exact (data times or midpoints of two data times).
      expect(c.quantiles.map((q) => q.time), `${l}: quantiles`).toEqual(ref.quantiles.estimate[s]);
      expect(c.quantiles.map((q) => q.lower), `${l}: quantile lower`).toEqual(ref.quantiles.lower[s]);
      expect(c.quantiles.map((q) => q.upper), `${l}: quantile upper`).toEqual(ref.quantiles.upper[s]);
      // summary(fit, rmean = tau)$table
      const row = ref.table.values[s];
      const col = (n: string) => row[ref.table.columns.indexOf(n)];
      expect([c.records, c.nMax, c.nStart, c.events], `${l}: records, n.max, n.start, events`).toEqual([col('records'), col('n.max'), col('n.start'), col('events')]);
      expectClose(c.rmean!.rmean, col('rmean'), RMEAN_TOL, `${l}: rmean`);
      expectClose(c.rmean!.se, col('se(rmean)'), RMEAN_TOL, `${l}: se(rmean)`);
      expect([c.median.median, c.median.lower, c.median.upper], `${l}: median and CI`).toEqual([col('median'), col('0.95LCL'), col('0.95UCL')]);
      // summary(fit, times, extend = TRUE)
      const at = ref.at_times[s];
      const ours = c.atTimes!;
      expect(at.stratum).toBe(c.label);
      expect(Array.from(ours.time), `${l}: at times`).toEqual(at.time);
      expect(Array.from(ours.nRisk), `${l}: at n.risk`).toEqual(at.n_risk);
      if (at.n_event) expect(Array.from(ours.nEvent), `${l}: at n.event`).toEqual(at.n_event);
      expectAllClose(ours.surv, at.surv, KM_TOL, `${l}: at surv`);
      expectAllClose(Array.from(ours.stdErr, na), at.std_err_surv, KM_TOL, `${l}: at std.err`);
      expectAllClose(Array.from(ours.lower, na), at.lower, KM_TOL, `${l}: at lower`);
      expectAllClose(Array.from(ours.upper, na), at.upper, KM_TOL, `${l}: at upper`);
    });
  }
}

function parse(table: Table, cols: SurvivalColumns) {
  const r = parseSurvival(table, cols);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value.data;
}

function lungTable(monthly: boolean): Table {
  const lung = readSharedCsv('survival/data/lung.csv');
  if (!monthly) return lung;
  const time = lung.cells.get('time')!.map((v) => Math.ceil(Number(v) / 30.4375));
  return tableFromColumns({ month: time, event: lung.cells.get('event')!, sex: lung.cells.get('sex')! });
}

interface SharedCase {
  file: string;
  table: () => Table;
  cols: SurvivalColumns;
  group?: string;
}

const SHARED_CASES: SharedCase[] = [
  { file: 'km_lung_overall', table: () => lungTable(false), cols: { time: 'time', event: 'event' } },
  { file: 'km_lung_by_sex', table: () => lungTable(false), cols: { time: 'time', event: 'event' }, group: 'sex' },
  { file: 'km_lung_monthly_ties', table: () => lungTable(true), cols: { time: 'month', event: 'event' }, group: 'sex' },
  { file: 'km_ovarian_by_rx', table: () => readSharedCsv('survival/data/ovarian.csv'), cols: { time: 'futime', event: 'fustat' }, group: 'rx' },
];

describe('kaplanMeier vs R survfit (shared reference cases)', () => {
  for (const c of SHARED_CASES) {
    it(c.file, () => {
      const ref = readSharedJson(`survival/expected/${c.file}.json`);
      const table = c.table();
      const data = parse(table, { ...c.cols, alsoRequire: c.group ? [c.group] : [] });
      const groups = c.group ? groupingFromColumn(table, c.group, data) : undefined;
      if (groups && !groups.ok) throw new Error('grouping failed');
      compareFit(
        ref.by_conf_type,
        (o) => kaplanMeier(data, { ...o, groups: groups?.ok ? groups.value : undefined }).curves,
        ref.fixed_times,
        ref.rmean_tau,
        c.file,
      );
    });
  }
});

describe('kaplanMeier vs R survfit: delayed entry (test/reference/survival/km_heart_counting_process)', () => {
  const ref = readLocalJson('survival/km_heart_counting_process/expected.json');
  const table = readCsvFile(localReferencePath('survival/km_heart_counting_process/input.csv'));
  const data = parse(table, { time: 'stop', event: 'event', entry: 'start', alsoRequire: ['surgery'] });

  it('overall: Surv(start, stop, event) ~ 1', () => {
    expect(data.n).toBe(172);
    compareFit(ref.fits.overall.by_conf_type, (o) => kaplanMeier(data, o).curves, ref.fixed_times, ref.rmean_tau, 'heart overall');
  });

  it('by surgery: Surv(start, stop, event) ~ surgery', () => {
    const g = groupingFromColumn(table, 'surgery', data);
    if (!g.ok) throw new Error('grouping failed');
    compareFit(ref.fits.by_surgery.by_conf_type, (o) => kaplanMeier(data, { ...o, groups: g.value }).curves, ref.fixed_times, ref.rmean_tau, 'heart by surgery');
  });
});
