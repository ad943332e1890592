/**
 * Local dispersion trend: local quadratic regression of log α̂ on log μ with tricube kernel,
 * nearest-neighbour bandwidth (fraction 0.7 of the points) and prior weights μ — the model
 * DESeq2 fits with `locfit(logDisps ~ logMeans, weights = means)` (locfit defaults). locfit
 * evaluates on a k-d tree and interpolates; here the fit is evaluated directly on a 512-point grid
 * over the data range and interpolated linearly (outside the range, the boundary fit's local
 * quadratic is extended, as locfit does), so values
 * agree with DESeq2 to interpolation accuracy, not to the last digit.
 * @see DESeq2 `localDispersionFit`; locfit `locfit(..., alpha = 0.7, deg = 2, kern = "tcub")`
 */

const NN_FRACTION = 0.7;
const GRID = 512;

function localQuadraticAt(xs: Float64Array, ys: Float64Array, ws: Float64Array, k: number, dist: Float64Array, x0: number, coef?: Float64Array): number {
  const n = xs.length;
  for (let i = 0; i < n; i++) dist[i] = Math.abs(xs[i] - x0);
  const sorted = dist.slice().sort();
  let h = sorted[Math.min(k, n) - 1];
  if (!(h > 0)) h = 1e-12;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
  for (let i = 0; i < n; i++) {
    const u = dist[i] / h;
    if (u >= 1) continue;
    const c = 1 - u * u * u;
    const w = ws[i] * c * c * c;
    const d = xs[i] - x0;
    const d2 = d * d;
    s0 += w; s1 += w * d; s2 += w * d2; s3 += w * d2 * d; s4 += w * d2 * d2;
    t0 += w * ys[i]; t1 += w * d * ys[i]; t2 += w * d2 * ys[i];
  }
  // Solve the 3×3 normal equations [s0 s1 s2; s1 s2 s3; s2 s3 s4]·β = [t0 t1 t2] for β₀ (Cramer).
  const det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
  if (!(Math.abs(det) > 1e-300)) {
    if (coef) coef.set([t0 / s0, 0, 0]);
    return t0 / s0;
  }
  const b0 = (t0 * (s2 * s4 - s3 * s3) - s1 * (t1 * s4 - s3 * t2) + s2 * (t1 * s3 - s2 * t2)) / det;
  if (coef) {
    coef[0] = b0;
    coef[1] = (s0 * (t1 * s4 - s3 * t2) - t0 * (s1 * s4 - s3 * s2) + s2 * (s1 * t2 - t1 * s2)) / det;
    coef[2] = (s0 * (s2 * t2 - t1 * s3) - s1 * (s1 * t2 - t1 * s2) + t0 * (s1 * s3 - s2 * s2)) / det;
  }
  return b0;
}

/**
 * Build the local trend from (mean, gene-wise dispersion) pairs; returns μ ↦ α(μ). Points with
 * α̂ < 10·minDisp are left out; when none remain the trend is the constant minDisp.
 */
export function localLikelihoodTrend(means: Float64Array, disps: Float64Array, minDisp: number): (mean: number) => number {
  const keep: number[] = [];
  for (let i = 0; i < means.length; i++) if (disps[i] >= minDisp * 10) keep.push(i);
  if (keep.length === 0) return () => minDisp;
  const xs = Float64Array.from(keep, (i) => Math.log(means[i]));
  const ys = Float64Array.from(keep, (i) => Math.log(disps[i]));
  const ws = Float64Array.from(keep, (i) => means[i]);
  const k = Math.max(3, Math.floor(NN_FRACTION * xs.length));
  const dist = new Float64Array(xs.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) { if (x < lo) lo = x; if (x > hi) hi = x; }
  const step = (hi - lo) / (GRID - 1);
  const grid = new Float64Array(GRID);
  for (let t = 0; t < GRID; t++) grid[t] = localQuadraticAt(xs, ys, ws, k, dist, lo + t * step);
  const loCoef = new Float64Array(3);
  const hiCoef = new Float64Array(3);
  localQuadraticAt(xs, ys, ws, k, dist, lo, loCoef);
  localQuadraticAt(xs, ys, ws, k, dist, hi, hiCoef);
  return (mean: number): number => {
    const x = Math.log(mean);
    if (step === 0) return Math.exp(grid[0]);
    if (!(x >= lo && x <= hi)) {
      // beyond the data: the boundary fit's local quadratic, as locfit's predict does
      const c = x < lo ? loCoef : hiCoef;
      const d = x - (x < lo ? lo : hi);
      return Math.exp(c[0] + d * (c[1] + d * c[2]));
    }
    const pos = (x - lo) / step;
    const t = Math.min(GRID - 2, Math.floor(pos));
    const f = pos - t;
    return Math.exp(grid[t] * (1 - f) + grid[t + 1] * f);
  };
}
