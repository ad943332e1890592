// Oracle tier (b): dcurves::dca (../shared/reference/survival/expected/dca_lung_1y.json).
import { describe, expect, it } from 'vitest';
import { numericColumn } from '../../src/core/table.js';
import { decisionCurve, parseSurvival } from '../../src/survival/index.js';
import { expectClose, readSharedCsv, readSharedJson } from '../helpers/reference.js';

const table = readSharedCsv('survival/data/lung_markers.csv');
const ref = readSharedJson('survival/expected/dca_lung_1y.json');
const parsed = parseSurvival(table, { time: 'time', event: 'event' });
if (!parsed.ok) throw new Error('lung_markers.csv did not parse');
const risk = numericColumn(table, 'risk_1y').values;

describe('decision curve, lung, risk_1y at 1 year', () => {
  const res = decisionCurve(parsed.value.data, [{ name: 'risk_1y', risk }], { horizonDays: ref.time });
  if (!res.ok) throw new Error('decisionCurve failed');
  const { curves, posRate } = res.value;

  it('rows come in dcurves order (all, none, risk_1y) with 100 thresholds each', () => {
    const vars = curves.flatMap((c) => Array.from(c.threshold, () => c.variable));
    expect(vars).toEqual(ref.table.variable);
    const th = curves.flatMap((c) => Array.from(c.threshold));
    th.forEach((t, i) => expectClose(t, ref.table.threshold[i], { abs: 1e-14 }, `threshold[${i}]`));
  });
  it('pos_rate, tp_rate, fp_rate and net benefit, abs 1e-12', () => {
    let row = 0;
    for (const c of curves) {
      for (let j = 0; j < c.threshold.length; j++, row++) {
        expectClose(posRate, ref.table.pos_rate[row], { abs: 1e-12 }, `pos_rate[${row}]`);
        expectClose(c.tpRate[j], ref.table.tp_rate[row], { abs: 1e-12 }, `tp_rate[${row}]`);
        expectClose(c.fpRate[j], ref.table.fp_rate[row], { abs: 1e-12 }, `fp_rate[${row}]`);
        expectClose(c.netBenefit[j], ref.table.net_benefit[row], { abs: 1e-12 }, `net_benefit[${row}] (${c.variable}, ${c.threshold[j]})`);
      }
    }
  });
  it('test-positive counts: tp + fp = test_pos_rate, all = 227/227, none = 0', () => {
    const model = curves[2];
    const at50 = risk.filter((r) => r >= 0.5).length;
    expect(model.testPosRate[50] * parsed.value.data.n).toBeCloseTo(at50, 10);
    for (let j = 0; j < 100; j++) {
      // null = dcurves NA: the test-positive group's follow-up ends before t (e.g. risk >= 0.85).
      if (model.tpRate[j] === null) expect(ref.table.tp_rate[200 + j]).toBeNull();
      else expectClose(model.tpRate[j]! + model.fpRate[j]!, model.testPosRate[j], { abs: 1e-15 }, `tp+fp[${j}]`);
    }
    expect(model.tpRate.filter((v) => v === null).length).toBe(ref.table.tp_rate.filter((v: number | null) => v === null).length);
    expect(res.value.warnings.length).toBeGreaterThan(0);
    expect(Array.from(curves[0].testPosRate).every((v) => v === 1)).toBe(true);
    expect(Array.from(curves[1].testPosRate).every((v) => v === 0)).toBe(true);
  });
});
