// Oracle tier (b): rms::groupkm + Hmisc::cut2 in R (test/reference/survival/calib_lung_365: generate.R, expected.json).
import { describe, expect, it } from 'vitest';
import { numericColumn } from '../../src/core/table.js';
import { calibrationByGroups, parseSurvival } from '../../src/survival/index.js';
import { expectAllClose, expectClose, readLocalJson, readSharedCsv } from '../helpers/reference.js';

const table = readSharedCsv('survival/data/lung_markers.csv');
const ref = readLocalJson('survival/calib_lung_365/expected.json');
const parsed = parseSurvival(table, { time: 'time', event: 'event' });
if (!parsed.ok) throw new Error('lung_markers.csv did not parse');
const predicted = Float64Array.from(numericColumn(table, 'risk_1y').values, (r) => 1 - r);

describe('groupkm calibration at 365.25 days, 5 quantile groups', () => {
  const res = calibrationByGroups(parsed.value.data, predicted, { horizonDays: ref.horizon, groups: ref.groups });
  if (!res.ok) throw new Error('calibrationByGroups failed');
  const g = res.value.groups;

  it('cut2 groups every row as R does; cut points match', () => {
    expect(Array.from(res.value.groupOfRow)).toEqual(ref.group_of_row);
    expectAllClose([...g.map((x) => x.lower), g[g.length - 1].upper], ref.cut2_onlycuts, { abs: 1e-14 }, 'cuts');
  });
  it('n and events per group are exact', () => {
    expect(g.map((x) => x.n)).toEqual(ref.table.n);
    expect(g.map((x) => x.events)).toEqual(ref.table.events);
  });
  it('mean predicted (abs 1e-12), KM (abs 1e-10), se(log KM) (rel 1e-9)', () => {
    expectAllClose(g.map((x) => x.meanPredicted), ref.table.x, { abs: 1e-12 }, 'mean predicted');
    expectAllClose(g.map((x) => x.observed), ref.table.KM, { abs: 1e-10 }, 'KM');
    expectAllClose(g.map((x) => x.stdErrLog), ref.table.std_err, { rel: 1e-9 }, 'std.err');
  });
  it('overall KM at u and mean prediction', () => {
    expectClose(res.value.summary.observedOverall, ref.overall.km_at_u, { abs: 1e-10 }, 'overall KM');
    expectClose(res.value.summary.meanPredictedOverall, ref.overall.mean_predicted, { abs: 1e-12 }, 'mean predicted');
  });
});
