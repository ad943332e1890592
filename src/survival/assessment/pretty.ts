/**
 * "Pretty" axis breaks as R's `pretty()` chooses them (nomogram axes follow rms, which calls
 * `pretty`). Reimplemented from the documented algorithm: pick a unit from {1, 2, 5, 10} x 10^k
 * close to range / n (biased towards larger units), then extend the range outward to multiples of it.
 */

/** Result of `prettyBreaks`: the breaks and the unit between them. */
export interface PrettyBreaks {
  readonly breaks: Float64Array;
  readonly unit: number;
}

const ROUNDING_EPS = 1e-10;

/**
 * Equally spaced "round" values covering [lo, hi], about `n` intervals.
 * Defaults as R: min.n = n %/% 3, shrink.sml = 0.75, high.u.bias = 1.5, u5.bias = 0.5 + 1.5 * 1.5.
 * @see R `pretty.default` (base)
 */
export function prettyBreaks(lo: number, hi: number, n = 5): PrettyBreaks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
    throw new RangeError(`prettyBreaks: need finite lo <= hi, got ${lo}, ${hi}`);
  }
  const minN = Math.floor(n / 3);
  const shrink = 0.75;
  const h = 1.5;
  const h5 = 0.5 + 1.5 * h;
  const dx = hi - lo;
  let cell: number;
  let small: boolean;
  if (dx === 0 && hi === 0) {
    cell = 1;
    small = true;
  } else {
    cell = Math.max(Math.abs(lo), Math.abs(hi));
    const u = (1 + (h5 >= 1.5 * h + 0.5 ? 1 / (1 + h) : 1.5 / (1 + h5))) * Math.max(1, n) * Number.EPSILON;
    small = dx < cell * u * 3;
  }
  if (small) {
    if (cell > 10) cell = 9 + cell / 10;
    cell *= shrink;
    if (minN > 1) cell /= minN;
  } else {
    cell = dx;
    if (n > 1) cell /= n;
  }
  const base = Math.pow(10, Math.floor(Math.log10(cell)));
  let unit = base;
  if (2 * base - cell < h * (cell - unit)) {
    unit = 2 * base;
    if (5 * base - cell < h5 * (cell - unit)) {
      unit = 5 * base;
      if (10 * base - cell < h * (cell - unit)) unit = 10 * base;
    }
  }
  let ns = Math.floor(lo / unit + ROUNDING_EPS);
  let nu = Math.ceil(hi / unit - ROUNDING_EPS);
  while (ns * unit > lo + ROUNDING_EPS * unit) ns--;
  while (nu * unit < hi - ROUNDING_EPS * unit) nu++;
  let k = Math.floor(0.5 + nu - ns);
  if (k < minN) {
    k = minN - k;
    if (ns >= 0) {
      nu += Math.floor(k / 2);
      ns -= Math.floor(k / 2) + (k % 2);
    } else {
      ns -= Math.floor(k / 2);
      nu += Math.floor(k / 2) + (k % 2);
    }
    k = minN;
  }
  const from = Math.min(lo, ns * unit);
  const to = Math.max(hi, nu * unit);
  // seq(from, to, length.out = k + 1) as R's seq.int computes it (from + i·by, last = to), then tiny values zapped to 0.
  const breaks = new Float64Array(k + 1);
  if (k === 0) breaks[0] = from;
  else {
    const by = (to - from) / k;
    for (let i = 0; i <= k; i++) breaks[i] = i === k ? to : from + i * by;
    const delta = (to - from) / k;
    for (let i = 0; i <= k; i++) if (Math.abs(breaks[i]) < 1e-14 * delta) breaks[i] = 0;
  }
  return { breaks, unit };
}
