/**
 * Eigenvalues of a dense symmetric n×n matrix: Householder reduction to tridiagonal form, then the
 * implicit-shift QL iteration (O(n³) once; used for the GLCM maximal correlation coefficient).
 */

/** Eigenvalues of symmetric `a` (row-major, n×n; not modified), ascending. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n); // e[i] couples d[i] and d[i + 1]
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += m[i * n + k] * m[i * n + k];
    norm = Math.sqrt(norm);
    const x0 = m[(k + 1) * n + k];
    if (norm === 0) {
      e[k] = x0;
      continue;
    }
    const alpha = x0 > 0 ? -norm : norm;
    let vn = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = m[i * n + k];
      if (i === k + 1) v[i] -= alpha;
      vn += v[i] * v[i];
    }
    if (vn === 0) {
      e[k] = x0;
      continue;
    }
    vn = Math.sqrt(vn);
    for (let i = k + 1; i < n; i++) v[i] /= vn;
    // p = A v on the trailing block; w = p − (vᵀp) v; A ← A − 2 v wᵀ − 2 w vᵀ.
    let kk = 0;
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += m[i * n + j] * v[j];
      w[i] = s;
      kk += v[i] * s;
    }
    for (let i = k + 1; i < n; i++) w[i] -= kk * v[i];
    for (let i = k + 1; i < n; i++) for (let j = k + 1; j < n; j++) m[i * n + j] -= 2 * (v[i] * w[j] + w[i] * v[j]);
    e[k] = alpha;
  }
  for (let i = 0; i < n; i++) d[i] = m[i * n + i];
  if (n >= 2) e[n - 2] = m[(n - 1) * n + (n - 2)];
  e[n - 1] = 0;
  // Implicit QL with Wilkinson-type shifts.
  for (let l = 0; l < n; l++) {
    for (let iter = 0; iter < 60; iter++) {
      let mm = l;
      for (; mm < n - 1; mm++) {
        const dd = Math.abs(d[mm]) + Math.abs(d[mm + 1]);
        if (Math.abs(e[mm]) <= Number.EPSILON * dd) break;
      }
      if (mm === l) break;
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[mm] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = mm - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[mm] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[mm] = 0;
    }
  }
  return d.sort();
}
