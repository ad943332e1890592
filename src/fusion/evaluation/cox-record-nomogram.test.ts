import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { tableFromColumns } from '../../core/table.js';
import { buildDesign, coxNomogram, fitCox, termPoints } from '../../survival/index.js';
import { outcomeColumns, survivalOf } from '../cohort-data.js';
import { fitCoxRecord, predictCoxRecord } from '../cox-model.js';
import { coxRecordNomogram, nomogramPointsForSurvival, nomogramSurvivalAt, nomogramTableRows } from './cox-record-nomogram.js';

// A small cohort: a numeric score, a 3-level factor and a binary numeric covariate with known effects.
const rng = createRng(5);
const n = 120;
const score: number[] = [];
const grp: string[] = [];
const mvi: number[] = [];
const time: number[] = [];
const event: number[] = [];
for (let i = 0; i < n; i++) {
  const s = Math.round(rng.normal() * 100) / 100;
  const g = ['a', 'b', 'c'][rng.int(3)];
  const v = rng.uniform() < 0.4 ? 1 : 0;
  const lp = 0.8 * s + (g === 'b' ? 0.5 : g === 'c' ? -0.4 : 0) + 0.6 * v;
  const t = -Math.log(rng.uniform()) * 15 * Math.exp(-lp);
  const c = 5 + rng.uniform() * 40;
  score.push(s);
  grp.push(g);
  mvi.push(v);
  time.push(Number(Math.min(t, c).toFixed(3)));
  event.push(t <= c ? 1 : 0);
}
const table = tableFromColumns({ score, grp, mvi, os_time: time, os_event: event });
const oc = outcomeColumns(table, 'os');
const rows = Array.from({ length: 90 }, (_, i) => i); // "training"
const terms = [{ column: 'score' }, { column: 'grp', kind: 'factor' as const }, { column: 'mvi' }];
const rec = fitCoxRecord(table, rows, oc, terms);
const horizons = [6, 12, 24];
const nm = coxRecordNomogram(rec, table, rows, horizons);

describe('nomogram of a stored Cox fit record (rms conventions)', () => {
  it('matches coxNomogram of the live Cox fit (points, scale, intercept, baseline survival)', () => {
    const design = buildDesign(table, rows, terms);
    if (!design.ok) throw new Error('design');
    const fit = fitCox(survivalOf(oc, rows), design.value.x, design.value.names, { terms: design.value.terms });
    const ref = coxNomogram(fit.model, design.value, { horizons });
    expect(nm.nomogram.scale).toBeCloseTo(ref.scale, 10);
    expect(nm.nomogram.intercept).toBeCloseTo(ref.intercept, 10);
    nm.nomogram.terms.forEach((t, j) => {
      expect(t.name).toBe(ref.terms[j].name);
      expect(t.values).toEqual(ref.terms[j].values);
      for (let k = 0; k < t.points.length; k++) expect(t.points[k]).toBeCloseTo(ref.terms[j].points[k], 9);
    });
    ref.survival.forEach((s, q) => expect(nm.baselineSurvival[q]).toBeCloseTo(s.baseline, 12));
  });

  it('puts 0-100 points on the widest term, 0 at every term minimum, and levels of the factor at their coefficients', () => {
    const maxima = nm.nomogram.terms.map((t) => Math.max(...t.points));
    expect(Math.max(...maxima)).toBeCloseTo(100, 10);
    for (const t of nm.nomogram.terms) expect(Math.min(...t.points)).toBeCloseTo(0, 12);
    const g = nm.nomogram.terms.find((t) => t.name === 'grp')!;
    const bB = rec.coef[rec.design.names.indexOf('grpb')];
    const bC = rec.coef[rec.design.names.indexOf('grpc')];
    expect(g.values).toEqual(['a', 'b', 'c']);
    expect(g.points[1] - g.points[0]).toBeCloseTo(bB * nm.nomogram.scale, 10);
    expect(g.points[2] - g.points[0]).toBeCloseTo(bC * nm.nomogram.scale, 10);
  });

  it('total points of a patient give the survival predictCoxRecord gives', () => {
    const pred = predictCoxRecord(rec, table, [95, 100, 110], horizons);
    [95, 100, 110].forEach((r, k) => {
      const total = termPoints(nm.nomogram, 'score', score[r]) + termPoints(nm.nomogram, 'grp', grp[r]) + termPoints(nm.nomogram, 'mvi', mvi[r]);
      horizons.forEach((h, q) => {
        expect(nomogramSurvivalAt(nm, total, q)).toBeCloseTo(pred.survival[String(h)][k]!, 10);
        expect(nomogramPointsForSurvival(nm, pred.survival[String(h)][k]!, q)).toBeCloseTo(total, 6);
      });
    });
  });

  it('writes points and totals rows; survival decreases with total points', () => {
    const t = nomogramTableRows('os', 'mmf-cox', nm);
    expect(t.points).toHaveLength(nm.nomogram.terms.reduce((a, x) => a + x.values.length, 0));
    expect(t.totals).toHaveLength(nm.totalPointsGrid.length * horizons.length);
    expect(nm.totalPointsGrid[0]).toBe(0);
    expect(nm.totalPointsGrid[nm.totalPointsGrid.length - 1]).toBeLessThanOrEqual(nm.maxTotalPoints + 1e-9);
    for (const q of [0, 1, 2]) {
      const s = t.totals.filter((r) => r[4] === horizons[q]).map((r) => r[6] as number);
      for (let k = 1; k < s.length; k++) expect(s[k]).toBeLessThan(s[k - 1]);
    }
  });
});
