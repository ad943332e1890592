import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import type { SurvivalData } from '../../survival/index.js';
import { makeSurvivalData, timeDependentAuc } from '../../survival/index.js';
import { rocThresholds, thinRocCurve, timeDependentRocPoints, trapezoidArea } from './roc-points.js';

function data(time: number[], event: number[]): SurvivalData {
  const d = makeSurvivalData({ time: Float64Array.from(time), event: Uint8Array.from(event) });
  if (!d.ok) throw new Error(d.issues[0].message);
  return d.value;
}

/** Reverse Kaplan-Meier G(t−) computed directly (distinct times, so no tie convention matters). */
function censoringLeftLimit(time: number[], event: number[], t: number): number {
  let g = 1;
  for (let i = 0; i < time.length; i++) {
    if (event[i] === 0 && time[i] < t) g *= 1 - 1 / time.filter((u) => u >= time[i]).length;
  }
  return g;
}

describe('time-dependent ROC curve points (cumulative/dynamic, IPCW)', () => {
  it('gives the empirical ROC without censoring (hand computed)', () => {
    // t = 3.5: cases rows 0-2 (T = 1, 2, 3, events), controls rows 3-5 (T = 4, 5, 6).
    const d = data([1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 1]);
    const marker = [0.9, 0.7, 0.2, 0.8, 0.1, 0.05];
    const [c] = timeDependentRocPoints(d, marker, [3.5]);
    // Thresholds from the top: 0.9 (case), 0.8 (control), 0.7 (case), 0.2 (case), 0.1, 0.05 (controls).
    // Vertical and horizontal runs are thinned: (0,0) (0,1/3) (1/3,1/3) (1/3,1) (1,1).
    expect(Array.from(c.fpr)).toEqual([0, 0, 1 / 3, 1 / 3, 1]);
    expect(Array.from(c.tpr)).toEqual([0, 1 / 3, 1 / 3, 1, 1]);
    expect(c.threshold).toEqual([null, 0.9, 0.8, 0.2, 0.05]);
    // Mann-Whitney: case-control pairs with the case higher: 0.9 beats 3, 0.7 beats 2, 0.2 beats 2 → 7/9.
    expect(c.auc).toBeCloseTo(7 / 9, 14);
    expect(trapezoidArea(c.fpr, c.tpr)).toBeCloseTo(7 / 9, 14);
  });

  it('weights cases by 1/G(T−) (hand computed with a censored row)', () => {
    // Censored at 2 among 5 at risk: G = 0.8 after 2. t = 3.5: cases T = 1 (weight 1) and T = 3 (weight 1.25); controls 4, 5, 6.
    const d = data([1, 2, 3, 4, 5, 6], [1, 0, 1, 1, 0, 1]);
    const marker = [0.3, 0.5, 0.9, 0.6, 0.2, 0.1];
    const [c] = timeDependentRocPoints(d, marker, [3.5]);
    // From the top: 0.9 case (1.25), 0.6 control, 0.5 other (censored), 0.3 case (1), 0.2 and 0.1 controls.
    const w = 1.25 / 2.25;
    expect(c.tpr[1]).toBeCloseTo(w, 14);
    expect(c.fpr[1]).toBe(0);
    // AUC: case 3 (weight 1.25) beats every control, case 1 (weight 1) beats 2 of 3 controls.
    expect(c.auc).toBeCloseTo((1.25 * 1 + 1 * (2 / 3)) / 2.25, 14);
    expect(trapezoidArea(c.fpr, c.tpr)).toBeCloseTo(c.auc!, 14);
  });

  it('has trapezoid area equal to timeDependentAuc and points equal to a direct IPCW count (fixture with tied markers)', () => {
    const rng = createRng(11);
    const n = 150;
    const time: number[] = [];
    const event: number[] = [];
    const marker: number[] = [];
    for (let i = 0; i < n; i++) {
      const m = Math.round(rng.normal() * 4) / 4; // ties in the marker
      const t = -Math.log(rng.uniform()) * 20 * Math.exp(-0.7 * m);
      const c = -Math.log(rng.uniform()) * 30;
      time.push(Math.min(t, c) + i * 1e-9); // distinct times
      event.push(t <= c ? 1 : 0);
      marker.push(m);
    }
    const d = data(time, event);
    const horizons = [5, 10, 20];
    const curves = timeDependentRocPoints(d, marker, horizons);
    const auc = timeDependentAuc(d, marker, { times: horizons, iid: false });
    if (!auc.ok) throw new Error('auc');
    expect(curves).toHaveLength(3);
    curves.forEach((c, k) => {
      expect(Math.abs(trapezoidArea(c.fpr, c.tpr) - auc.value.points[k].auc!)).toBeLessThan(1e-9);
      expect(c.fpr.length).toBeLessThan(new Set(marker).size + 1); // thinned
      const t = c.horizon;
      const cases = time.flatMap((u, i) => (u < t && event[i] === 1 ? [i] : []));
      const controls = time.flatMap((u, i) => (u > t ? [i] : []));
      const wCase = cases.map((i) => 1 / censoringLeftLimit(time, event, time[i]));
      const wSum = wCase.reduce((a, b) => a + b, 0);
      for (let q = 1; q < c.fpr.length; q++) {
        const thr = c.threshold[q]!;
        const tpr = cases.reduce((a, i, k2) => a + (marker[i] >= thr ? wCase[k2] : 0), 0) / wSum;
        const fpr = controls.filter((i) => marker[i] >= thr).length / controls.length;
        expect(c.tpr[q]).toBeCloseTo(tpr, 12);
        expect(c.fpr[q]).toBeCloseTo(fpr, 12);
      }
    });
  });

  it('thins only straight runs and keeps the area', () => {
    const fpr = [0, 0, 0, 0.5, 1, 1];
    const tpr = [0, 0.2, 0.6, 0.6, 0.6, 1];
    const t = thinRocCurve(fpr, tpr, rocThresholds([5, 4, 3, 2, 1]));
    expect(Array.from(t.fpr)).toEqual([0, 0, 1, 1]);
    expect(Array.from(t.tpr)).toEqual([0, 0.6, 0.6, 1]);
    expect(t.threshold).toEqual([null, 4, 2, 1]);
    expect(trapezoidArea(t.fpr, t.tpr)).toBeCloseTo(trapezoidArea(fpr, tpr), 15);
  });
});

describe('thinRocCurve with repeated points', () => {
  it('keeps the corner next to a repeated point (a threshold passing only censored rows)', () => {
    const fpr = [0, 0, 1 / 3, 1 / 3, 1 / 3, 2 / 3, 1];
    const tpr = [0, 0.5, 0.5, 0.5, 1, 1, 1];
    const t = thinRocCurve(fpr, tpr, [null, 6, 5, 4, 3, 2, 1]);
    expect(Array.from(t.fpr)).toEqual([0, 0, 1 / 3, 1 / 3, 1]);
    expect(Array.from(t.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(t.threshold).toEqual([null, 6, 5, 3, 1]);
    expect(trapezoidArea(t.fpr, t.tpr)).toBeCloseTo(trapezoidArea(fpr, tpr), 15);
  });
});
