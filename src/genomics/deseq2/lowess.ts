/**
 * Cleveland's LOWESS smoother as in R's `lowess` (C `clowess`): local linear fits with tricube
 * weights over the ⌊f·n⌋ nearest points, points within `delta` of the last fitted x interpolated,
 * `iter` robustness passes with bisquare weights on residuals scaled by 6·median|r|.
 * @see R `lowess(x, y, f, iter = 3, delta = 0.01 * diff(range(x)))`
 */

/** Smoothed values at sorted x (x must be non-decreasing). */
export function lowess(x: Float64Array, y: Float64Array, f = 2 / 3, iter = 3, delta?: number): Float64Array {
  const n = x.length;
  const ys = new Float64Array(n);
  if (n < 2) { ys.set(y); return ys; }
  const d = delta ?? 0.01 * (x[n - 1] - x[0]);
  const ns = Math.max(2, Math.min(n, Math.floor(f * n + 1e-7)));
  const rw = new Float64Array(n);
  const res = new Float64Array(n);
  const w = new Float64Array(n);
  const range = x[n - 1] - x[0];
  const fitAt = (xs: number, nleft: number, nright: number, robust: boolean): number | null => {
    const h = Math.max(xs - x[nleft], x[nright] - xs);
    const h9 = 0.999 * h;
    const h1 = 0.001 * h;
    let a = 0;
    let j = nleft;
    while (j < n) {
      w[j] = 0;
      const r = Math.abs(x[j] - xs);
      if (r <= h9) {
        if (r <= h1) w[j] = 1;
        else { const q = r / h; const c = 1 - q * q * q; w[j] = c * c * c; }
        if (robust) w[j] *= rw[j];
        a += w[j];
      } else if (x[j] > xs) break;
      j++;
    }
    const nrt = j - 1;
    if (a <= 0) return null;
    for (j = nleft; j <= nrt; j++) w[j] /= a;
    if (h > 0) {
      a = 0;
      for (j = nleft; j <= nrt; j++) a += w[j] * x[j];
      let b = xs - a;
      let c = 0;
      for (j = nleft; j <= nrt; j++) c += w[j] * (x[j] - a) * (x[j] - a);
      if (Math.sqrt(c) > 0.001 * range) {
        b /= c;
        for (j = nleft; j <= nrt; j++) w[j] *= b * (x[j] - a) + 1;
      }
    }
    let s = 0;
    for (j = nleft; j <= nrt; j++) s += w[j] * y[j];
    return s;
  };
  for (let pass = 1; pass <= iter + 1; pass++) {
    let nleft = 0;
    let nright = ns - 1;
    let last = -1;
    let i = 0;
    for (;;) {
      if (nright < n - 1) {
        const d1 = x[i] - x[nleft];
        const d2 = x[nright + 1] - x[i];
        if (d1 > d2) { nleft++; nright++; continue; }
      }
      const v = fitAt(x[i], nleft, nright, pass > 1);
      ys[i] = v === null ? y[i] : v;
      if (last < i - 1) {
        const denom = x[i] - x[last];
        for (let j = last + 1; j < i; j++) {
          const alpha = (x[j] - x[last]) / denom;
          ys[j] = alpha * ys[i] + (1 - alpha) * ys[last];
        }
      }
      last = i;
      const cut = x[last] + d;
      for (i = last + 1; i < n; i++) {
        if (x[i] > cut) break;
        if (x[i] === x[last]) { ys[i] = ys[last]; last = i; }
      }
      i = Math.max(last + 1, i - 1);
      if (last >= n - 1) break;
    }
    let sc = 0;
    for (let k = 0; k < n; k++) { res[k] = y[k] - ys[k]; sc += Math.abs(res[k]); }
    sc /= n;
    if (pass > iter) break;
    const abs = Float64Array.from(res, Math.abs).sort();
    const m1 = Math.floor(n / 2);
    const cmad = n % 2 === 0 ? 3 * (abs[m1] + abs[n - m1 - 1]) : 6 * abs[m1];
    if (cmad < 1e-7 * sc) break;
    const c9 = 0.999 * cmad;
    const c1 = 0.001 * cmad;
    for (let k = 0; k < n; k++) {
      const r = Math.abs(res[k]);
      if (r <= c1) rw[k] = 1;
      else if (r <= c9) { const q = r / cmad; rw[k] = (1 - q * q) * (1 - q * q); }
      else rw[k] = 0;
    }
  }
  return ys;
}
