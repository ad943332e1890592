import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/core/table.js';
import { coxRecordNomogram, fitCoxRecord, nomogramPointsForSurvival, outcomeColumns } from '../../src/fusion/index.js';
import { expectAllClose, expectClose, localReferencePath, readLocalJson } from '../helpers/reference.js';

/**
 * The study's nomogram of a stored Cox fit record against rms::nomogram(cph(...)) on a cohort with
 * a numeric score, a 3-level factor and a binary covariate (test/reference/fusion/nomogram_cox_record).
 */
describe('coxRecordNomogram vs rms::nomogram (R reference)', () => {
  const ref = readLocalJson('fusion/nomogram_cox_record/expected.json');
  const table = readCsvFile(localReferencePath('fusion/nomogram_cox_record/input.csv'));
  const rows = Array.from({ length: table.nRows }, (_, i) => i);
  const rec = fitCoxRecord(table, rows, outcomeColumns(table, 'os'), [{ column: 'score' }, { column: 'grp', kind: 'factor' }, { column: 'mvi' }]);
  const nm = coxRecordNomogram(rec, table, rows, ref.survival.horizons);

  it('gives rms points for every axis value, the same scale and intercept', () => {
    for (const t of ref.terms as { name: string; values: string[]; points: number[] }[]) {
      const mine = nm.nomogram.terms.find((x) => x.name === t.name)!;
      expect(mine.values.map(String)).toEqual(t.values);
      expectAllClose(mine.points, t.points, ref.tolerances.points, `${t.name} points`);
    }
    expectClose(nm.nomogram.scale, ref.scale, { rel: 1e-6 }, 'scale');
    // rms centres at colMeans(X) (cph$center); coxph (and this project) at means with 0/1 columns
    // centred at 0. The uncentred intercept Σ_j min_j b·x = intercept + center is the same.
    expectClose(nm.nomogram.intercept + nm.nomogram.center, ref.intercept + ref.center, ref.tolerances.points, 'intercept + center');
  });

  it('maps total points to rms predicted survival (baseline S0 and the fun axes)', () => {
    // rms S0(t) is the survival at Σ b·x = cph$center: the same patient on this fit's centring.
    const shift = Math.exp(ref.center - nm.nomogram.center);
    expectAllClose(nm.baselineSurvival.map((s0) => Math.pow(s0, shift)), ref.survival.baseline, ref.tolerances.survival, 'S0 at the rms centre');
    (ref.fun_axes as { label: string; at: number[]; points: number[] }[]).forEach((axis, q) => {
      const pts = axis.at.map((s) => nomogramPointsForSurvival(nm, s, q));
      expectAllClose(pts as number[], axis.points, ref.tolerances.fun_points, `${axis.label} total points`);
    });
  });
});
