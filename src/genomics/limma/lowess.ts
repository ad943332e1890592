import { HccError } from '../../core/errors.js';

/** Options of `lowess` (R defaults). */
export interface LowessOptions {
  /** Span: fraction of points in each local fit (default 2/3). */
  readonly f?: number;
  /** Number of robustifying iterations (default 3). */
  readonly iter?: number;
  /** Points closer than delta (in x units) to the last fitted point are interpolated (default 0.01·range(x)). */
  readonly delta?: number;
}

/** What `lowess` returns: the fit at the x values sorted ascending (ties in input order). */
export interface LowessResult {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Robustness iterations actually done (stops early when the residual scale is ~0). */
  readonly iterations: number;
}

/**
 * One locally weighted linear fit at xs over points [nleft, nright] of sorted x (0-based),
 * tricube weights (1-(r/h)³)³ with h the distance to the farther end of the window, times the
 * robustness weights when given. Points up to 0.999h keep their weight, and points within
 * 0.001h get weight 1. Returns NaN when all weights vanish.
 */
function localFit(x: Float64Array, y: Float64Array, xs: number, nleft: number, nright: number, w: Float64Array, rw: Float64Array | null): number {
  const n = x.length;
  const range = x[n - 1] - x[0];
  const h = Math.max(xs - x[nleft], x[nright] - xs);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let sumW = 0;
  let j = nleft;
  while (j < n) {
    w[j] = 0;
    const r = Math.abs(x[j] - xs);
    if (r <= h9) {
      if (r <= h1) w[j] = 1;
      else {
        const q = r / h;
        const t = 1 - q * q * q;
        w[j] = t * t * t;
      }
      if (rw) w[j] *= rw[j];
      sumW += w[j];
    } else if (x[j] > xs) break;
    j++;
  }
  const nrt = j - 1;
  if (sumW <= 0) return NaN;
  for (j = nleft; j <= nrt; j++) w[j] /= sumW;
  if (h > 0) {
    // Weighted linear fit: shift the weights so Σ w_j y_j is the fitted line at xs.
    let mean = 0;
    for (j = nleft; j <= nrt; j++) mean += w[j] * x[j];
    let b = xs - mean;
    let c = 0;
    for (j = nleft; j <= nrt; j++) c += w[j] * (x[j] - mean) * (x[j] - mean);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (j = nleft; j <= nrt; j++) w[j] *= b * (x[j] - mean) + 1;
    }
  }
  let ys = 0;
  for (j = nleft; j <= nrt; j++) ys += w[j] * y[j];
  return ys;
}

/** Median of |res| (mean of the two middle values for even n), sorted in a scratch array. */
function medianAbs(res: Float64Array, scratch: Float64Array): number {
  const n = res.length;
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(res[i]);
  scratch.sort();
  const m1 = n >> 1;
  return n % 2 === 0 ? (scratch[m1] + scratch[n - m1 - 1]) / 2 : scratch[m1];
}

/**
 * Robust locally weighted scatterplot smoothing (LOWESS) as R's `lowess` (C `clowess`).
 *
 * Sort by x; with k = max(2, min(n, ⌊f·n + 1e-7⌋)) nearest neighbours, fit a tricube-weighted
 * line at every point (skipping ahead by delta and interpolating linearly in between; tied x
 * share a fit). Then `iter` times: residuals e_i, scale s = 6·median|e|, bisquare robustness
 * weights (1-(e_i/s)²)² (1 when |e_i| <= 0.001s, 0 beyond 0.999s) and refit; stop early when
 * s < 1e-7·mean|e|.
 *
 * @see R `stats::lowess`; Cleveland, W. S. (1979) Robust locally weighted regression and smoothing
 *   scatterplots. JASA 74:829–836.
 */
export function lowess(xIn: ArrayLike<number>, yIn: ArrayLike<number>, options: LowessOptions = {}): LowessResult {
  const n = xIn.length;
  if (yIn.length !== n) throw new HccError('E_INTERNAL', `lowess: x has ${n} values, y has ${yIn.length}`);
  if (n === 0) throw new HccError('E_INTERNAL', 'lowess: no points');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xIn[i]) || !Number.isFinite(yIn[i])) throw new HccError('E_INTERNAL', `lowess: non-finite point at ${i}`);
  }
  const f = options.f ?? 2 / 3;
  const nsteps = options.iter ?? 3;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xIn[a] - xIn[b] || a - b);
  const x = Float64Array.from(order, (i) => xIn[i]);
  const y = Float64Array.from(order, (i) => yIn[i]);
  const delta = options.delta ?? 0.01 * (x[n - 1] - x[0]);
  const ys = new Float64Array(n);
  if (n < 2) {
    ys[0] = y[0];
    return { x, y: ys, iterations: 0 };
  }
  const ns = Math.max(2, Math.min(n, Math.floor(f * n + 1e-7)));
  const res = new Float64Array(n);
  const w = new Float64Array(n);
  const rw = new Float64Array(n);
  const scratch = new Float64Array(n);
  let iter = 1;
  for (; iter <= nsteps + 1; iter++) {
    let nleft = 0;
    let nright = ns - 1;
    let last = -1;
    let i = 0;
    for (;;) {
      if (nright < n - 1) {
        const d1 = x[i] - x[nleft];
        const d2 = x[nright + 1] - x[i];
        if (d1 > d2) {
          nleft++;
          nright++;
          continue;
        }
      }
      const fit = localFit(x, y, x[i], nleft, nright, w, iter > 1 ? rw : null);
      ys[i] = Number.isNaN(fit) ? y[i] : fit;
      if (last < i - 1) {
        const denom = x[i] - x[last];
        for (let j = last + 1; j < i; j++) {
          const alpha = (x[j] - x[last]) / denom;
          ys[j] = alpha * ys[i] + (1 - alpha) * ys[last];
        }
      }
      last = i;
      const cut = x[last] + delta;
      for (i = last + 1; i < n; i++) {
        if (x[i] > cut) break;
        if (x[i] === x[last]) {
          ys[i] = ys[last];
          last = i;
        }
      }
      i = Math.max(last + 1, i - 1);
      if (last >= n - 1) break;
    }
    let sc = 0;
    for (let k = 0; k < n; k++) {
      res[k] = y[k] - ys[k];
      sc += Math.abs(res[k]);
    }
    sc /= n;
    if (iter > nsteps) break;
    const cmad = 6 * medianAbs(res, scratch);
    if (cmad < 1e-7 * sc) break;
    const c9 = 0.999 * cmad;
    const c1 = 0.001 * cmad;
    for (let k = 0; k < n; k++) {
      const r = Math.abs(res[k]);
      if (r <= c1) rw[k] = 1;
      else if (r <= c9) {
        const q = r / cmad;
        rw[k] = (1 - q * q) * (1 - q * q);
      } else rw[k] = 0;
    }
  }
  return { x, y: ys, iterations: Math.min(iter, nsteps + 1) - 1 };
}
