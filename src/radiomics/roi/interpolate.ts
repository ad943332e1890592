import type { Vec3 } from '../../core/geometry.js';
import type { IbsiGrid } from './grid.js';

/** Interpolation kernels for image and mask resampling. */
export type InterpolationMethod = 'nearest' | 'linear' | 'cubic-spline';

/** Causal/anti-causal pole of the cubic B-spline prefilter: z = √3 − 2. */
const POLE = Math.sqrt(3) - 2;

/** Cubic B-spline basis β³(t) for |t| < 2. */
function bspline3(t: number): number {
  const a = Math.abs(t);
  if (a < 1) return 2 / 3 - a * a + 0.5 * a * a * a;
  if (a < 2) {
    const b = 2 - a;
    return (b * b * b) / 6;
  }
  return 0;
}

/** Mirror an index into [0, n − 1] (whole-sample symmetric extension). */
function mirror(k: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let m = ((k % period) + period) % period;
  if (m > n - 1) m = period - m;
  return m;
}

/**
 * In-place cubic B-spline prefilter of one line (Unser's recursive filter, mirror boundaries), turning samples
 * into spline coefficients so that Σ c_k β³(x − k) interpolates the samples.
 */
function prefilterLine(c: Float64Array): void {
  const n = c.length;
  if (n < 2) return;
  const z = POLE;
  for (let k = 0; k < n; k++) c[k] *= 6; // gain (1 − z)(1 − 1/z)
  // causal initialisation c⁺₀ = Σ_k z^k s_k over the mirror-extended line
  if (n > 30) {
    let sum = c[0];
    let zk = z;
    for (let k = 1; k < 30; k++) {
      sum += zk * c[k];
      zk *= z;
    }
    c[0] = sum;
  } else {
    // exact: (s₀ + z^{n−1} s_{n−1} + Σ_{k=1}^{n−2} (z^k + z^{2n−2−k}) s_k) / (1 − z^{2n−2})
    const zn1 = Math.pow(z, n - 1);
    const z2n2 = zn1 * zn1;
    let sum = c[0] + zn1 * c[n - 1];
    for (let k = 1; k <= n - 2; k++) sum += (Math.pow(z, k) + Math.pow(z, 2 * n - 2 - k)) * c[k];
    c[0] = sum / (1 - z2n2);
  }
  for (let k = 1; k < n; k++) c[k] += z * c[k - 1];
  c[n - 1] = (z / (z * z - 1)) * (c[n - 1] + z * c[n - 2]);
  for (let k = n - 2; k >= 0; k--) c[k] = z * (c[k + 1] - c[k]);
}

/** For each output position along one axis: input indices and weights (`taps` per position). */
interface AxisPlan {
  readonly taps: number;
  readonly index: Int32Array;
  readonly weight: Float64Array;
}

function planAxis(n: number, m: number, start: number, step: number, method: InterpolationMethod): AxisPlan {
  const taps = method === 'nearest' ? 1 : method === 'linear' ? 2 : 4;
  const index = new Int32Array(m * taps);
  const weight = new Float64Array(m * taps);
  for (let o = 0; o < m; o++) {
    // positions outside the original grid take the boundary value (IBSI: pad with nearest boundary intensity)
    const p = Math.min(n - 1, Math.max(0, start + o * step));
    if (method === 'nearest') {
      index[o] = Math.min(n - 1, Math.round(p));
      weight[o] = 1;
    } else if (method === 'linear') {
      const i0 = Math.min(Math.floor(p), n - 1);
      const f = p - i0;
      index[2 * o] = i0;
      index[2 * o + 1] = Math.min(i0 + 1, n - 1);
      weight[2 * o] = 1 - f;
      weight[2 * o + 1] = f;
    } else {
      const i0 = Math.floor(p);
      for (let t = 0; t < 4; t++) {
        const k = i0 - 1 + t;
        index[4 * o + t] = mirror(k, n);
        weight[4 * o + t] = bspline3(p - k);
      }
    }
  }
  return { taps, index, weight };
}

/** Resample along one axis: (n_axis → m) with the other two axes unchanged. */
function resampleAxis(src: Float64Array, shape: Vec3, axis: number, m: number, start: number, step: number, method: InterpolationMethod): { data: Float64Array; shape: Vec3 } {
  const n = shape[axis];
  const outShape = [shape[0], shape[1], shape[2]] as [number, number, number];
  outShape[axis] = m;
  const strideIn = axis === 0 ? 1 : axis === 1 ? shape[0] : shape[0] * shape[1];
  const strideOut = axis === 0 ? 1 : axis === 1 ? outShape[0] : outShape[0] * outShape[1];
  const plan = planAxis(n, m, start, step, method);
  const out = new Float64Array(outShape[0] * outShape[1] * outShape[2]);
  const line = new Float64Array(n);
  // iterate over all lines along `axis`
  const [a1, a2] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
  const sIn = [1, shape[0], shape[0] * shape[1]];
  const sOut = [1, outShape[0], outShape[0] * outShape[1]];
  for (let v = 0; v < shape[a2]; v++) {
    for (let u = 0; u < shape[a1]; u++) {
      const baseIn = u * sIn[a1] + v * sIn[a2];
      const baseOut = u * sOut[a1] + v * sOut[a2];
      for (let k = 0; k < n; k++) line[k] = src[baseIn + k * strideIn];
      if (method === 'cubic-spline') prefilterLine(line);
      const { taps, index, weight } = plan;
      for (let o = 0; o < m; o++) {
        let acc = 0;
        for (let t = 0; t < taps; t++) acc += weight[o * taps + t] * line[index[o * taps + t]];
        out[baseOut + o * strideOut] = acc;
      }
    }
  }
  return { data: out, shape: outShape };
}

/**
 * Resample a volume onto an IBSI grid that is axis-aligned with the original (the IBSI grid always is), one axis
 * at a time: tensor-product kernels (trilinear, tricubic B-spline) are separable, so three 1-D passes equal the
 * 3-D interpolation at a fraction of the cost. Positions beyond the original grid take the nearest boundary value.
 * Cubic-spline uses Unser's exact B-spline prefilter with mirror boundaries (as `scipy.ndimage.map_coordinates`,
 * order 3). Arithmetic is double precision throughout.
 *
 * @see IBSI 1 manual, "Interpolation" (VTM2); M. Unser, "Splines: a perfect fit", IEEE SPM 1999.
 */
export function resampleToGrid(data: ArrayLike<number>, shape: Vec3, grid: IbsiGrid, method: InterpolationMethod): Float64Array {
  let cur: Float64Array = Float64Array.from(data as ArrayLike<number>);
  let curShape: Vec3 = shape;
  for (let axis = 0; axis < 3; axis++) {
    if (!grid.resampled[axis]) continue;
    const r = resampleAxis(cur, curShape, axis, grid.shape[axis], grid.startIndex[axis], grid.stepIndex[axis], method);
    cur = r.data;
    curShape = r.shape;
  }
  return cur;
}
