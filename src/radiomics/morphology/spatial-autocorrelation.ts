import type { Vec3 } from '../../core/geometry.js';
import { fft3d, nextPowerOfTwo } from './fft3d.js';

/** Moran's I and Geary's C of the intensity-mask voxels, with how they were computed. */
export interface SpatialAutocorrelation {
  /** Moran's I (IBSI N365). */
  readonly moranI: number;
  /** Geary's C (IBSI NPT7). */
  readonly gearyC: number;
  /** Voxels used (N_v,gl). */
  readonly voxels: number;
  /** 'direct' sums all pairs (O(n²)); 'fft' evaluates the same pair sums exactly as correlations on the grid. */
  readonly method: 'direct' | 'fft';
}

/** Below this many voxels the direct pair sum is cheaper than the FFT. */
const DIRECT_LIMIT = 3000;

/**
 * Moran's I and Geary's C with inverse-Euclidean-distance weights w = 1/‖x_k1 − x_k2‖ (mm), k1 ≠ k2:
 *   I = N/Σw · Σ w (x1 − μ)(x2 − μ) / Σ (x − μ)²,
 *   C = (N − 1)/(2Σw) · Σ w (x1 − x2)² / Σ (x − μ)².
 * The pair sums are O(n²) when done directly. On a regular grid the weight depends only on the offset o, so each
 * sum is Σ_o w(o)·R(o) with R a lattice correlation of (mask, centred intensities, squared centred intensities);
 * these are evaluated exactly (to rounding) by zero-padded FFTs in O(N log N): Σ_o w(o) R_ab(o) =
 * (1/N) Σ_f W(f) Re(conj(A(f)) B(f)), W real because w is even. Used above 3000 voxels; below, direct sums.
 * Both are 0-variance safe: a constant ROI gives I = 0 and C = 0 by convention (no NaN).
 *
 * @see IBSI 1 manual, "Moran's I index" (N365) and "Geary's C measure" (NPT7); Da Silva et al. 2008.
 */
export function spatialAutocorrelation(values: ArrayLike<number>, mask: Uint8Array, shape: Vec3, spacingMm: Vec3, method: 'auto' | 'direct' | 'fft' = 'auto'): SpatialAutocorrelation {
  const idx: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) idx.push(i);
  const nv = idx.length;
  let mu = 0;
  for (const i of idx) mu += values[i];
  mu /= nv || 1;
  let ss = 0;
  for (const i of idx) ss += (values[i] - mu) ** 2;
  const use = method === 'auto' ? (nv <= DIRECT_LIMIT ? 'direct' : 'fft') : method;
  if (nv < 2 || ss === 0) return { moranI: 0, gearyC: 0, voxels: nv, method: use };
  const [nx, ny] = shape;
  if (use === 'direct') {
    const px = new Float64Array(nv), py = new Float64Array(nv), pz = new Float64Array(nv), y = new Float64Array(nv);
    idx.forEach((i, k) => {
      const x = i % nx;
      px[k] = x * spacingMm[0];
      py[k] = (((i - x) / nx) % ny) * spacingMm[1];
      pz[k] = Math.floor(i / (nx * ny)) * spacingMm[2];
      y[k] = values[i] - mu;
    });
    let sw = 0, sm = 0, sg = 0;
    for (let a = 0; a < nv; a++) {
      for (let b = a + 1; b < nv; b++) {
        const w = 1 / Math.sqrt((px[a] - px[b]) ** 2 + (py[a] - py[b]) ** 2 + (pz[a] - pz[b]) ** 2);
        sw += w;
        sm += w * y[a] * y[b];
        sg += w * (y[a] - y[b]) ** 2;
      }
    }
    // each unordered pair counts twice in the ordered double sums
    return { moranI: (nv / (2 * sw)) * ((2 * sm) / ss), gearyC: ((nv - 1) / (4 * sw)) * ((2 * sg) / ss), voxels: nv, method: 'direct' };
  }
  // bounding box of the voxels
  const lo = [Infinity, Infinity, Infinity], hi = [-1, -1, -1];
  for (const i of idx) {
    const x = i % nx, yy = ((i - x) / nx) % ny, z = Math.floor(i / (nx * ny));
    const c = [x, yy, z];
    for (let a = 0; a < 3; a++) {
      if (c[a] < lo[a]) lo[a] = c[a];
      if (c[a] > hi[a]) hi[a] = c[a];
    }
  }
  const ext = [0, 1, 2].map((a) => hi[a] - lo[a] + 1);
  const N = ext.map((e) => nextPowerOfTwo(2 * e - 1)) as [number, number, number];
  const total = N[0] * N[1] * N[2];
  // z1 = m + i·y, z2 = y² + i·w
  const r1 = new Float64Array(total), i1 = new Float64Array(total);
  const r2 = new Float64Array(total), i2 = new Float64Array(total);
  for (const i of idx) {
    const x = i % nx, yy = ((i - x) / nx) % ny, z = Math.floor(i / (nx * ny));
    const p = x - lo[0] + N[0] * (yy - lo[1] + N[1] * (z - lo[2]));
    const d = values[i] - mu;
    r1[p] = 1;
    i1[p] = d;
    r2[p] = d * d;
  }
  for (let z = 0; z < N[2]; z++) {
    const dz = z < ext[2] ? z : z > N[2] - ext[2] ? z - N[2] : null;
    if (dz === null) continue;
    for (let y = 0; y < N[1]; y++) {
      const dy = y < ext[1] ? y : y > N[1] - ext[1] ? y - N[1] : null;
      if (dy === null) continue;
      for (let x = 0; x < N[0]; x++) {
        const dx = x < ext[0] ? x : x > N[0] - ext[0] ? x - N[0] : null;
        if (dx === null || (dx === 0 && dy === 0 && dz === 0)) continue;
        i2[x + N[0] * (y + N[1] * z)] = 1 / Math.sqrt((dx * spacingMm[0]) ** 2 + (dy * spacingMm[1]) ** 2 + (dz * spacingMm[2]) ** 2);
      }
    }
  }
  fft3d(r1, i1, N);
  fft3d(r2, i2, N);
  let s0 = 0, syy = 0, sy2m = 0;
  for (let z = 0; z < N[2]; z++) {
    const zc = (N[2] - z) % N[2];
    for (let y = 0; y < N[1]; y++) {
      const yc = (N[1] - y) % N[1];
      for (let x = 0; x < N[0]; x++) {
        const xc = (N[0] - x) % N[0];
        const f = x + N[0] * (y + N[1] * z);
        const g = xc + N[0] * (yc + N[1] * zc); // −f
        // split packed transforms: A = (Z(f) + conj Z(−f))/2, B = (Z(f) − conj Z(−f))/(2i)
        const mr = 0.5 * (r1[f] + r1[g]), mi = 0.5 * (i1[f] - i1[g]);
        const yr = 0.5 * (i1[f] + i1[g]), yi = -0.5 * (r1[f] - r1[g]);
        const qr = 0.5 * (r2[f] + r2[g]), qi = 0.5 * (i2[f] - i2[g]);
        const w = 0.5 * (i2[f] + i2[g]); // W is real (w even)
        s0 += w * (mr * mr + mi * mi);
        syy += w * (yr * yr + yi * yi);
        sy2m += w * (qr * mr + qi * mi);
      }
    }
  }
  s0 /= total;
  syy /= total;
  sy2m /= total;
  return { moranI: (nv / s0) * (syy / ss), gearyC: ((nv - 1) * (sy2m - syy)) / (s0 * ss), voxels: nv, method: 'fft' };
}
