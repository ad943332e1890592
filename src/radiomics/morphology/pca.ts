/**
 * Eigenvalues of a symmetric 3×3 matrix (row-major), sorted descending, by cyclic Jacobi rotations
 * (converges quadratically; exact to rounding for any symmetric input).
 */
export function symmetricEigenvalues3(m: ArrayLike<number>): [number, number, number] {
  const a = Array.from(m);
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
    if (off <= 1e-30 * (a[0] * a[0] + a[4] * a[4] + a[8] * a[8]) || off === 0) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]]) {
      const apq = a[3 * p + q];
      if (apq === 0) continue;
      const theta = (a[3 * q + q] - a[3 * p + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[3 * k + p], akq = a[3 * k + q];
        a[3 * k + p] = c * akp - s * akq;
        a[3 * k + q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[3 * p + k], aqk = a[3 * q + k];
        a[3 * p + k] = c * apk - s * aqk;
        a[3 * q + k] = s * apk + c * aqk;
      }
    }
  }
  const ev = [a[0], a[4], a[8]].sort((x, y) => y - x);
  return [ev[0], ev[1], ev[2]];
}

/**
 * Principal-component eigenvalues of the ROI voxel-centre point set X_c (mm): eigenvalues of the sample
 * covariance with the n − 1 denominator, as the IBSI reference values use (PyRadiomics uses n).
 *
 * @see IBSI 1 manual, "Major axis length" (TDIC).
 */
export function voxelCentreEigenvalues(mask: Uint8Array, shape: readonly [number, number, number], spacingMm: readonly [number, number, number], denominator: 'n-1' | 'n' = 'n-1'): { eigenvalues: [number, number, number]; voxels: number } {
  const [nx, ny] = shape;
  let n = 0, sx = 0, sy = 0, sz = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const x = i % nx;
    n++;
    sx += x;
    sy += ((i - x) / nx) % ny;
    sz += Math.floor(i / (nx * ny));
  }
  const mx = sx / n, my = sy / n, mz = sz / n;
  let cxx = 0, cyy = 0, czz = 0, cxy = 0, cxz = 0, cyz = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const x = i % nx;
    const dx = (x - mx) * spacingMm[0];
    const dy = ((((i - x) / nx) % ny) - my) * spacingMm[1];
    const dz = (Math.floor(i / (nx * ny)) - mz) * spacingMm[2];
    cxx += dx * dx;
    cyy += dy * dy;
    czz += dz * dz;
    cxy += dx * dy;
    cxz += dx * dz;
    cyz += dy * dz;
  }
  const d = denominator === 'n-1' ? Math.max(1, n - 1) : n;
  const ev = symmetricEigenvalues3([cxx / d, cxy / d, cxz / d, cxy / d, cyy / d, cyz / d, cxz / d, cyz / d, czz / d]);
  return { eigenvalues: [Math.max(0, ev[0]), Math.max(0, ev[1]), Math.max(0, ev[2])], voxels: n };
}

/**
 * Surface area of an ellipsoid with semi-axes a ≥ b ≥ c by the IBSI Legendre series, stopped after ν = 20:
 *   A = 4πab Σ_ν (αβ)^ν / (1 − 4ν²) · P_ν((α² + β²) / (2αβ)),  α = √(1 − b²/a²), β = √(1 − c²/a²).
 * (αβ)^ν P_ν(·) is formed by Bonnet's recursion scaled by αβ, so α = 0 or β = 0 needs no special case.
 *
 * @see IBSI 1 manual, "Area density (approximate enclosing ellipsoid)" (RDD2).
 */
export function ellipsoidSurfaceArea(a: number, b: number, c: number, terms = 20): number {
  const alpha = Math.sqrt(Math.max(0, 1 - (b * b) / (a * a)));
  const beta = Math.sqrt(Math.max(0, 1 - (c * c) / (a * a)));
  const xab = 0.5 * (alpha * alpha + beta * beta); // x · αβ
  const ab2 = alpha * alpha * beta * beta; // (αβ)²
  let qPrev = 1; // ν = 0
  let q = xab; // ν = 1
  let sum = qPrev / 1 + q / (1 - 4);
  for (let nu = 1; nu < terms; nu++) {
    const qNext = ((2 * nu + 1) * xab * q - nu * ab2 * qPrev) / (nu + 1);
    qPrev = q;
    q = qNext;
    sum += q / (1 - 4 * (nu + 1) * (nu + 1));
  }
  return 4 * Math.PI * a * b * sum;
}
