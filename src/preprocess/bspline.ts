import type { Vec3 } from '../core/geometry.js';
import type { SampleSource } from './interpolate.js';

/** Edge padding added before prefiltering (as scipy.ndimage does for mode 'nearest'). */
export const BSPLINE_PAD = 12;

const POLE = Math.sqrt(3) - 2;

/**
 * Cubic B-spline interpolation coefficients of one line, in place (Unser, Aldroubi & Eden 1993;
 * Thévenaz et al. 2000): gain 6, causal then anti-causal first-order recursions with pole
 * z = √3 − 2 and mirror-symmetric boundary initialisation.
 */
export function prefilterLine(c: Float64Array, n: number): void {
  if (n === 1) return;
  const z = POLE;
  for (let k = 0; k < n; k++) c[k] *= 6;
  const horizon = Math.ceil(Math.log(1e-17) / Math.log(Math.abs(z)));
  let sum: number;
  if (n > horizon) {
    sum = c[0];
    let zk = z;
    for (let k = 1; k < horizon; k++) { sum += zk * c[k]; zk *= z; }
  } else {
    const zn = Math.pow(z, n - 1);
    const z2n = zn * zn;
    sum = c[0] + zn * c[n - 1];
    let zk = z;
    let zr = (z2n / z);
    for (let k = 1; k < n - 1; k++) { sum += (zk + zr) * c[k]; zk *= z; zr /= z; }
    sum /= 1 - z2n;
  }
  c[0] = sum;
  for (let k = 1; k < n; k++) c[k] += z * c[k - 1];
  c[n - 1] = (z / (z * z - 1)) * (c[n - 1] + z * c[n - 2]);
  for (let k = n - 2; k >= 0; k--) c[k] = z * (c[k + 1] - c[k]);
}

/**
 * Cubic B-spline coefficients of a volume for interpolation with scipy.ndimage mode 'nearest'
 * semantics: the volume is first extended by {@link BSPLINE_PAD} edge-replicated voxels on every side,
 * then prefiltered along x, y and z. Returns a source whose coordinates are shifted by the padding.
 * Memory: (nx + 24)(ny + 24)(nz + 24) float64 values.
 * @see scipy.ndimage.map_coordinates(order=3, mode='nearest', prefilter=True)
 */
export function bsplineCoefficients(data: ArrayLike<number>, shape: Vec3): SampleSource {
  const p = BSPLINE_PAD;
  const [nx, ny, nz] = shape;
  const px = nx + 2 * p, py = ny + 2 * p, pz = nz + 2 * p;
  const c = new Float64Array(px * py * pz);
  for (let k = 0; k < pz; k++) {
    const sk = Math.min(nz - 1, Math.max(0, k - p));
    for (let j = 0; j < py; j++) {
      const sj = Math.min(ny - 1, Math.max(0, j - p));
      const srcRow = nx * (sj + ny * sk);
      const dstRow = px * (j + py * k);
      for (let i = 0; i < px; i++) c[dstRow + i] = data[srcRow + Math.min(nx - 1, Math.max(0, i - p))];
    }
  }
  const line = new Float64Array(Math.max(px, py, pz));
  // x lines are contiguous
  for (let r = 0; r < py * pz; r++) {
    const sub = c.subarray(r * px, (r + 1) * px);
    prefilterLine(sub, px);
  }
  for (let k = 0; k < pz; k++) {
    for (let i = 0; i < px; i++) {
      const base = i + px * py * k;
      for (let j = 0; j < py; j++) line[j] = c[base + px * j];
      prefilterLine(line, py);
      for (let j = 0; j < py; j++) c[base + px * j] = line[j];
    }
  }
  const plane = px * py;
  for (let q = 0; q < plane; q++) {
    for (let k = 0; k < pz; k++) line[k] = c[q + plane * k];
    prefilterLine(line, pz);
    for (let k = 0; k < pz; k++) c[q + plane * k] = line[k];
  }
  return { data: c, shape: [px, py, pz], pad: p };
}
