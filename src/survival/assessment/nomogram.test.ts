import { describe, expect, it } from 'vitest';
import { HccError } from '../../core/errors.js';
import { buildNomogram, lpToTotalPoints, nomogramAxisValues, predictSurvivalFromLp, termPoints, totalPointsToLp } from './nomogram.js';
import { prettyBreaks } from './pretty.js';

function catchHcc(f: () => unknown): HccError {
  try {
    f();
  } catch (e) {
    if (e instanceof HccError) return e;
    throw e;
  }
  throw new Error('expected an HccError');
}

describe('buildNomogram (closed form)', () => {
  // a: b = 2 over 0..10 -> range 20 (widest); g: levels x(0), y(5), z(-3) -> range 8.
  const nomo = buildNomogram(
    [
      { kind: 'continuous', name: 'a', coefficient: 2, at: [0, 5, 10] },
      { kind: 'categorical', name: 'g', levels: ['x', 'y', 'z'], coefficients: [0, 5, -3] },
    ],
    { center: 1, lpAt: [0, 10, 20] },
  );
  it('scales the widest term to 0..100 and shifts every term to start at 0', () => {
    expect(nomo.scale).toBe(5);
    expect(Array.from(nomo.terms[0].points)).toEqual([0, 50, 100]);
    expect(Array.from(nomo.terms[1].points)).toEqual([15, 40, 0]);
    expect(termPoints(nomo, 'a', 2.5)).toBe(25);
    expect(termPoints(nomo, 'g', 'y')).toBe(40);
  });
  it('total points <-> centred lp: intercept = -center + sum of minima', () => {
    expect(nomo.intercept).toBe(-1 + 0 - 3);
    // a = 10, g = y: lp = 20 + 5 - 1 = 24; points 100 + 40 = 140.
    expect(lpToTotalPoints(nomo, 24)).toBe(140);
    expect(totalPointsToLp(nomo, 140)).toBe(24);
    expect(Array.from(nomo.lpAxis!.points)).toEqual([20, 70, 120]);
    expect(nomo.totalPointsAxis[nomo.totalPointsAxis.length - 1]).toBeGreaterThanOrEqual(120);
  });
  it('survival S0^exp(lp)', () => {
    expect(predictSurvivalFromLp(0, 0.8)).toBeCloseTo(0.8, 15);
    expect(predictSurvivalFromLp(Math.log(2), 0.8)).toBeCloseTo(0.64, 14);
  });
  it('error contracts', () => {
    let e = catchHcc(() => buildNomogram([{ kind: 'continuous', name: 'b', coefficient: 1, transform: 'log', at: [0, 1, 2] }]));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['terms', 0, 'at', 0]]]);
    e = catchHcc(() => buildNomogram([{ kind: 'categorical', name: 'g', levels: ['a', 'b'], coefficients: [0] }]));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['bad_option', ['terms', 0, 'coefficients']]]);
    e = catchHcc(() => buildNomogram([]));
    expect(e.issues.map((i) => i.code)).toEqual(['empty_data']);
    e = catchHcc(() => buildNomogram([{ kind: 'continuous', name: 'c', coefficient: 0, at: [1, 2] }]));
    expect(e.issues.map((i) => i.code)).toEqual(['constant_covariate']);
    e = catchHcc(() => termPoints(nomo, 'g', 'w'));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([['unknown_level', ['g']]]);
  });
});

describe('axes', () => {
  it('few distinct values are used as they are; otherwise pretty over the range', () => {
    expect(Array.from(nomogramAxisValues([1, 0.5, 0, 0, 1]))).toEqual([0, 0.5, 1]);
    expect(Array.from(nomogramAxisValues(Array.from({ length: 30 }, (_, i) => 26 + i * 1.7)))).toEqual([25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80]);
    expect(Array.from(prettyBreaks(0, 1).breaks)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
    expect(() => prettyBreaks(2, 1)).toThrow(RangeError);
  });
});
