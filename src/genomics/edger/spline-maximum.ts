import { HccError } from '../../core/errors.js';

/** Cubic spline coefficients: on [x_i, x_{i+1}], s(x) = y_i + b_i t + c_i t² + d_i t³ with t = x - x_i. */
export interface CubicSpline {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly d: Float64Array;
}

/**
 * Interpolating cubic spline with Forsythe–Malcolm–Moler end conditions: the third derivative at
 * each end matches that of the cubic through the four nearest points (a straight line for n = 2,
 * not-a-knot-like for n = 3 with zero end curvature terms).
 *
 * Solves the symmetric tridiagonal system for σ_i = s''(x_i)/6 by Gaussian elimination, then
 * b_i = Δy_i/h_i - h_i(σ_{i+1} + 2σ_i), c_i = 3σ_i, d_i = (σ_{i+1} - σ_i)/h_i.
 *
 * @param x strictly increasing knots; @param y values.
 * @see R `splinefun(x, y, method = "fmm")`; Forsythe, Malcolm & Moler (1977) Computer Methods for
 *   Mathematical Computations, §4.4.
 */
export function fmmSpline(xIn: ArrayLike<number>, yIn: ArrayLike<number>): CubicSpline {
  const n = xIn.length;
  if (yIn.length !== n || n < 2) throw new HccError('E_INTERNAL', `fmmSpline: need >= 2 points with matching x and y (got ${n}, ${yIn.length})`);
  const x = Float64Array.from(xIn);
  const y = Float64Array.from(yIn);
  for (let i = 1; i < n; i++) if (!(x[i] > x[i - 1])) throw new HccError('E_INTERNAL', 'fmmSpline: x must be strictly increasing');
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const d = new Float64Array(n);
  if (n < 3) {
    const slope = (y[1] - y[0]) / (x[1] - x[0]);
    b[0] = slope;
    b[1] = slope;
    return { x, y, b, c, d };
  }
  const last = n - 1;
  // Tridiagonal system: diagonal in b, off-diagonal (interval widths) in d, right side in c.
  d[0] = x[1] - x[0];
  c[1] = (y[1] - y[0]) / d[0];
  for (let i = 1; i < last; i++) {
    d[i] = x[i + 1] - x[i];
    b[i] = 2 * (d[i - 1] + d[i]);
    c[i + 1] = (y[i + 1] - y[i]) / d[i];
    c[i] = c[i + 1] - c[i];
  }
  // End conditions from third divided differences.
  b[0] = -d[0];
  b[last] = -d[n - 2];
  c[0] = 0;
  c[last] = 0;
  if (n > 3) {
    c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0]);
    c[last] = c[n - 2] / (x[last] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4]);
    c[0] = (c[0] * d[0] * d[0]) / (x[3] - x[0]);
    c[last] = (-c[last] * d[n - 2] * d[n - 2]) / (x[last] - x[n - 4]);
  }
  // Forward elimination, back substitution.
  for (let i = 1; i <= last; i++) {
    const t = d[i - 1] / b[i - 1];
    b[i] -= t * d[i - 1];
    c[i] -= t * c[i - 1];
  }
  c[last] /= b[last];
  for (let i = n - 2; i >= 0; i--) c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
  // Polynomial coefficients.
  b[last] = (y[last] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2 * c[last]);
  for (let i = 0; i < last; i++) {
    b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2 * c[i]);
    d[i] = (c[i + 1] - c[i]) / d[i];
    c[i] *= 3;
  }
  c[last] *= 3;
  d[last] = d[n - 2];
  return { x, y, b, c, d };
}

/** Maximum of the cubic y + b t + c t² + d t³ over 0 < t < h (stationary point with s'' < 0), or null. */
function segmentMaximum(y0: number, b: number, c: number, d: number, h: number): { t: number; value: number } | null {
  const disc = c * c - 3 * d * b;
  if (disc < 0) return null;
  // Roots of b + 2c t + 3d t² = 0; the maximum is the root where 2c + 6d t < 0, i.e. (-c - √disc)/(3d),
  // written as b/(√disc - c) when c < 0 to avoid cancellation (and to cover d = 0).
  const root = Math.sqrt(disc);
  let t: number;
  if (c < 0) t = b / (root - c);
  else if (d !== 0) t = (-c - root) / (3 * d);
  else return null;
  if (!(t > 0 && t < h)) return null;
  return { t, value: ((d * t + c) * t + b) * t + y0 };
}

/**
 * Location of the maximum of the FMM spline through (x_i, y_i): start at the largest y_i (first
 * on ties), then take a higher stationary maximum of the spline in either neighbouring interval.
 * @see edgeR `maximizeInterpolant`.
 */
export function maximizeInterpolant(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let at = 0;
  for (let i = 1; i < n; i++) if (y[i] > y[at]) at = i;
  let best = y[at];
  let xMax = x[at];
  if (n < 2) return xMax;
  const s = fmmSpline(x, y);
  if (at > 0) {
    const k = at - 1;
    const m = segmentMaximum(s.y[k], s.b[k], s.c[k], s.d[k], s.x[at] - s.x[k]);
    if (m && m.value > best) {
      best = m.value;
      xMax = s.x[k] + m.t;
    }
  }
  if (at < n - 1) {
    const m = segmentMaximum(s.y[at], s.b[at], s.c[at], s.d[at], s.x[at + 1] - s.x[at]);
    if (m && m.value > best) xMax = s.x[at] + m.t;
  }
  return xMax;
}
