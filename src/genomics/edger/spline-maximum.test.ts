// Tier (b): coefficients of R 4.2.2 splinefun(x, y, method = "fmm") (environment(f)$z);
// tier (a)/(c): maximum of the spline, closed form for a parabola.
import { describe, expect, it } from 'vitest';
import { expectAllClose } from '../../../test/helpers/reference.js';
import { fmmSpline, maximizeInterpolant } from './spline-maximum.js';

const X = [-10, -9, -7.5, -7, -5, -2, 0, 1, 4];
const Y = [3, 5, 4.5, 7, 6.8, 2, 1, 1.5, -3];

describe('fmmSpline vs R splinefun(method = "fmm")', () => {
  it('nine unequally spaced points', () => {
    const s = fmmSpline(X, Y);
    expectAllClose(s.b, [6.2552729400571678, -1.0552729400571683, 3.8934552902000901, 4.635876872818816, -2.2325898889885196, -1.0408658642856241, 0.25794614027776025, 0.49659451130953158, -4.7465945113095316], { abs: 1e-12 }, 'b');
    expectAllClose(s.c, [-5.455272940057168, -1.8552729400571684, 5.1544250935620068, -3.6695819283245554, 0.2353485474208879, 0.16189279414674398, 0.48751320813494819, -0.24886483710317719, -1.498864837103177], { abs: 1e-12 }, 'c');
    expectAllClose(s.d, [1.2, 1.5577106741375946, -5.8826713479243748, 0.65082174595757392, -0.0081617503637937683, 0.054270068998034035, -0.24545934841270844, -0.13888888888888887, -0.13888888888888887], { abs: 1e-12 }, 'd');
  });

  it('three points give the interpolating parabola', () => {
    const s = fmmSpline(X.slice(0, 3), Y.slice(0, 3));
    expectAllClose(s.b, [2.9333333333333336, 1.0666666666666667, -1.7333333333333332], { abs: 1e-12 }, 'b3');
    expectAllClose(s.c, [-0.93333333333333335, -0.93333333333333335, -0.93333333333333335], { abs: 1e-12 }, 'c3');
    expectAllClose(s.d, [0, 0, 0], { abs: 1e-12 }, 'd3');
  });
});

describe('maximizeInterpolant', () => {
  it('finds the stationary maximum next to the largest grid value', () => {
    const xm = maximizeInterpolant(X, Y);
    expect(Math.abs(xm - -6.197)).toBeLessThan(1e-3); // R: the fine-grid argmax of splinefun is -6.197
    const s = fmmSpline(X, Y);
    const t = xm - X[3];
    expect(Math.abs(s.b[3] + 2 * s.c[3] * t + 3 * s.d[3] * t * t)).toBeLessThan(1e-12);
  });

  it('a sampled parabola has its maximum at the vertex; a monotone sequence at its end', () => {
    const x = [-3, -2, -1, 0, 1, 2];
    expect(maximizeInterpolant(x, x.map((v) => -((v - 0.3) ** 2)))).toBeCloseTo(0.3, 12);
    expect(maximizeInterpolant(x, x)).toBe(2);
  });
});
