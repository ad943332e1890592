import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../../core/errors.js';
import type { HeapSimd } from './simd/heap-simd.js';
import { heapSimd } from './simd/heap-simd.js';
import { asWasm, heapF32, requireFloat32 } from './wasm-heap.js';

/** Kernel names of the fused training batch norm (this project's, not tfjs's). */
export const BATCH_NORM_TRAIN = 'HccBatchNormTrain';
export const BATCH_NORM_TRAIN_GRAD = 'HccBatchNormTrainGrad';

/** Attributes of both kernels. */
export interface BatchNormTrainAttrs {
  readonly varianceEpsilon: number;
}

/** Rows per SIMD call: float32 partial sums over at most this many rows, then added up in float64. */
const BLOCK_ROWS = 128;

/**
 * s1[k] += Σ_r (x[r, k] − shift[k]),  s2[k] += Σ_r (x[r, k] − shift[k])²  in float64; with SIMD, float32
 * partial sums per block of rows (`scratch`: 3·C floats on the heap).
 */
function shiftedSums(simd: HeapSimd | null, xv: Float32Array, rows: number, c: number, shift: Float64Array, scratch: Float32Array, s1: Float64Array, s2: Float64Array): void {
  if (!simd) {
    const size = rows * c;
    for (let p = 0; p < size; ) {
      for (let k = 0; k < c; k++, p++) {
        const d = xv[p] - shift[k];
        s1[k] += d;
        s2[k] += d * d;
      }
    }
    return;
  }
  for (let k = 0; k < c; k++) scratch[k] = shift[k];
  const acc1 = scratch.subarray(c, 2 * c);
  const acc2 = scratch.subarray(2 * c, 3 * c);
  for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
    const nr = Math.min(BLOCK_ROWS, rows - r0);
    acc1.fill(0);
    acc2.fill(0);
    simd.colSums(xv.byteOffset + 4 * r0 * c, 4 * nr * c, 4 * c, scratch.byteOffset, acc1.byteOffset, acc2.byteOffset);
    for (let k = 0; k < c; k++) {
      s1[k] += acc1[k];
      s2[k] += acc2[k];
    }
  }
}

/** s1[k] += Σ_r dy[r, k],  s2[k] += Σ_r dy[r, k] (x[r, k] − mean[k])  in float64 (SIMD: float32 per block of rows). */
function gradSums(simd: HeapSimd | null, dyv: Float32Array, xv: Float32Array, mu: Float32Array, rows: number, c: number, scratch: Float32Array, s1: Float64Array, s2: Float64Array): void {
  if (!simd) {
    const size = rows * c;
    for (let p = 0; p < size; ) {
      for (let k = 0; k < c; k++, p++) {
        const d = dyv[p];
        s1[k] += d;
        s2[k] += d * (xv[p] - mu[k]);
      }
    }
    return;
  }
  const acc1 = scratch.subarray(0, c);
  const acc2 = scratch.subarray(c, 2 * c);
  for (let r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
    const nr = Math.min(BLOCK_ROWS, rows - r0);
    acc1.fill(0);
    acc2.fill(0);
    const off = 4 * r0 * c;
    simd.gradSums(dyv.byteOffset + off, xv.byteOffset + off, 4 * nr * c, 4 * c, mu.byteOffset, acc1.byteOffset, acc2.byteOffset);
    for (let k = 0; k < c; k++) {
      s1[k] += acc1[k];
      s2[k] += acc2[k];
    }
  }
}

/** Rows, evenly spaced over the tensor, whose mean is the shift of the one-pass statistics. */
const SHIFT_SAMPLE_ROWS = 64;

/**
 * Per-channel mean and biased variance of x [rows, c] into `meanOut` / `varOut`, in float64 from
 * shifted sums (`shiftedSums`): mean = shift + s1/M, var = s2/M − (s1/M)². The shift is the mean of
 * up to 64 evenly spaced rows, so that |shift − mean| is a small fraction of the standard deviation and
 * the subtraction does not cancel. Where a channel's shift still lies more than one standard deviation
 * from its mean (an outlier among the sampled rows, heavy tails), the sums are taken a second time with
 * the first pass's mean as shift: the float32 partial sums of the SIMD loop then carry relative error
 * ≈ 1e-6 in both statistics, however far the data sit from zero or from any one row.
 */
function channelMoments(simd: HeapSimd | null, xv: Float32Array, rows: number, c: number, scratch: Float32Array, meanOut: Float32Array, varOut: Float32Array): void {
  if (rows <= 0) {
    meanOut.fill(0);
    varOut.fill(0);
    return;
  }
  const shift = new Float64Array(c);
  const sampled = Math.min(rows, SHIFT_SAMPLE_ROWS);
  for (let j = 0; j < sampled; j++) {
    const base = Math.floor((j * rows) / sampled) * c;
    for (let k = 0; k < c; k++) shift[k] += xv[base + k];
  }
  // float32 values: the SIMD loop subtracts the float32 copy of the shift, and the mean adds it back
  for (let k = 0; k < c; k++) shift[k] = Math.fround(shift[k] / sampled);
  const s1 = new Float64Array(c);
  const s2 = new Float64Array(c);
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  for (let pass = 0; pass < 2; pass++) {
    s1.fill(0);
    s2.fill(0);
    shiftedSums(simd, xv, rows, c, shift, scratch, s1, s2);
    let recentre = false;
    for (let k = 0; k < c; k++) {
      const dm = s1[k] / rows;
      mean[k] = shift[k] + dm;
      variance[k] = Math.max(0, s2[k] / rows - dm * dm);
      if (dm * dm > variance[k]) recentre = true;
    }
    if (!recentre) break;
    for (let k = 0; k < c; k++) shift[k] = Math.fround(mean[k]);
  }
  for (let k = 0; k < c; k++) {
    meanOut[k] = mean[k];
    varOut[k] = variance[k];
  }
}

/** Throw `E_OPTION` unless `t` is a vector of length c (γ, β and the statistics are per channel). */
function requireChannelVector(kernel: string, what: string, t: tf.TensorInfo, c: number): void {
  if (t.shape.length !== 1 || t.shape[0] !== c) {
    throw new HccError('E_OPTION', `${kernel} (wasm): ${what} must have shape [${c}] (the channels of x), got ${JSON.stringify(t.shape)}`);
  }
}

/**
 * Training-mode batch normalisation over every axis but the last (channels), for the wasm backend,
 * directly on the wasm heap. Inputs x [..., C], gamma [C], beta [C]; outputs
 *
 *   mean_c = (1/M) Σ_i x_ic,   var_c = (1/M) Σ_i (x_ic − mean_c)²   (biased, as `tf.moments`)
 *   y_ic   = γ_c (x_ic − mean_c) / sqrt(var_c + ε) + β_c
 *
 * (M = size / C). The statistics take one pass over x with shifted sums in float64 (`channelMoments`:
 * the shift is the mean of a sample of rows, so var does not cancel when |mean| ≫ std; a second pass
 * only where the shift turns out far from the mean); y takes one more pass.
 * With C a multiple of 4 these passes are f32x4 SIMD loops (`simd/heap-simd.ts`; float32 partial sums
 * per block of 128 rows), otherwise plain JS. Replaces `tf.moments` + five element-wise ops (and their
 * ~15 backward ops), each a full pass on wasm, and wasm's `Sum`/`Mean` over non-innermost axes, which
 * transpose the whole tensor first. γ and β must be [C] (`E_OPTION` otherwise).
 * @see tfjs-core `moments` and `batchNorm` (the composite reference on the cpu backend).
 */
export function batchNormTrainWasmConfig(): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as tf.TensorInfo;
    const gamma = inputs.gamma as tf.TensorInfo;
    const beta = inputs.beta as tf.TensorInfo;
    requireFloat32(BATCH_NORM_TRAIN, x, gamma, beta);
    const eps = (attrs as unknown as BatchNormTrainAttrs).varianceEpsilon;
    const c = x.shape[x.shape.length - 1];
    requireChannelVector(BATCH_NORM_TRAIN, 'gamma', gamma, c);
    requireChannelVector(BATCH_NORM_TRAIN, 'beta', beta, c);
    const size = x.shape.reduce((a, b) => a * b, 1);
    const m = c > 0 ? size / c : 0;
    const be = asWasm(backend);
    const simd = c % 4 === 0 && size > 0 ? heapSimd(backend) : null;
    // Allocate first: growing the heap would detach earlier views.
    const yT = be.makeOutput([...x.shape], 'float32');
    const meanT = be.makeOutput([c], 'float32');
    const varT = be.makeOutput([c], 'float32');
    const scratchT = be.makeOutput([4 * c], 'float32'); // shift, two partial sums, scale
    const xv = heapF32(be, x);
    const g = heapF32(be, gamma);
    const b = heapF32(be, beta);
    const y = heapF32(be, yT);
    const meanV = heapF32(be, meanT);
    const varV = heapF32(be, varT);
    const scratch = heapF32(be, scratchT);
    channelMoments(simd, xv, m, c, scratch, meanV, varV);
    const scale = scratch.subarray(3 * c, 4 * c);
    for (let k = 0; k < c; k++) scale[k] = g[k] / Math.sqrt(varV[k] + eps);
    if (simd) {
      simd.affine(xv.byteOffset, y.byteOffset, 4 * size, 4 * c, meanV.byteOffset, scale.byteOffset, b.byteOffset);
    } else {
      for (let p = 0; p < size; ) {
        for (let k = 0; k < c; k++, p++) y[p] = (xv[p] - meanV[k]) * scale[k] + b[k];
      }
    }
    be.disposeData(scratchT.dataId);
    return [yT, meanT, varT];
  };
  return { kernelName: BATCH_NORM_TRAIN, backendName: 'wasm', kernelFunc };
}

/**
 * Gradient of `HccBatchNormTrain` in two passes over the heap: with x̂ = (x − mean)·s, s = 1/sqrt(var + ε),
 * upstream gradients dy (of y), dmean and dvar (of the statistics outputs; zero when only y is used),
 *
 *   dβ_c = Σ_i dy_ic,   dγ_c = Σ_i dy_ic x̂_ic
 *   dx_ic = γ_c s_c dy_ic + (2 dvar_c − γ_c s_c² dγ_c)(x_ic − mean_c)/M + (dmean_c − γ_c s_c dβ_c)/M
 *
 * (the standard batch-norm backward, the variance being the biased one). Sums in float64 (SIMD:
 * float32 per block of 128 rows), dx in a second pass (SIMD where C is a multiple of 4).
 */
export function batchNormTrainGradWasmConfig(): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const { dy, x, gamma, mean, variance, dmean, dvariance } = inputs as Record<string, tf.TensorInfo>;
    requireFloat32(BATCH_NORM_TRAIN_GRAD, dy, x, gamma, mean, variance, dmean, dvariance);
    const eps = (attrs as unknown as BatchNormTrainAttrs).varianceEpsilon;
    const c = x.shape[x.shape.length - 1];
    for (const [what, t] of [['gamma', gamma], ['mean', mean], ['variance', variance], ['dmean', dmean], ['dvariance', dvariance]] as const) requireChannelVector(BATCH_NORM_TRAIN_GRAD, what, t, c);
    if (dy.shape.length !== x.shape.length || dy.shape.some((d, i) => d !== x.shape[i])) {
      throw new HccError('E_OPTION', `${BATCH_NORM_TRAIN_GRAD} (wasm): dy ${JSON.stringify(dy.shape)} must have the shape of x ${JSON.stringify(x.shape)}`);
    }
    const size = x.shape.reduce((a, b) => a * b, 1);
    const rows = c > 0 ? size / c : 0;
    const m = Math.max(1, rows);
    const be = asWasm(backend);
    const simd = c % 4 === 0 && size > 0 ? heapSimd(backend) : null;
    const dxT = be.makeOutput([...x.shape], 'float32');
    const dgT = be.makeOutput([c], 'float32');
    const dbT = be.makeOutput([c], 'float32');
    const scratchT = be.makeOutput([3 * c], 'float32'); // partial sums, then the coefficients of dx
    const dyv = heapF32(be, dy);
    const xv = heapF32(be, x);
    const g = heapF32(be, gamma);
    const mu = heapF32(be, mean);
    const va = heapF32(be, variance);
    const dmu = heapF32(be, dmean);
    const dva = heapF32(be, dvariance);
    const dx = heapF32(be, dxT);
    const dg = heapF32(be, dgT);
    const db = heapF32(be, dbT);
    const scratch = heapF32(be, scratchT);
    const sdy = new Float64Array(c);
    const sdyc = new Float64Array(c); // Σ dy (x − mean)
    gradSums(simd, dyv, xv, mu, rows, c, scratch, sdy, sdyc);
    const a = scratch.subarray(0, c); // coefficient of dy
    const bc = scratch.subarray(c, 2 * c); // coefficient of (x − mean)
    const k0 = scratch.subarray(2 * c, 3 * c); // constant
    for (let k = 0; k < c; k++) {
      const s = 1 / Math.sqrt(va[k] + eps);
      const dGamma = sdyc[k] * s;
      db[k] = sdy[k];
      dg[k] = dGamma;
      a[k] = g[k] * s;
      bc[k] = (-g[k] * s * s * dGamma + 2 * dva[k]) / m;
      k0[k] = (-g[k] * s * sdy[k] + dmu[k]) / m;
    }
    if (simd) {
      simd.gradDx(dyv.byteOffset, xv.byteOffset, dx.byteOffset, 4 * size, 4 * c, mu.byteOffset, a.byteOffset, bc.byteOffset, k0.byteOffset);
    } else {
      for (let p = 0; p < size; ) {
        for (let k = 0; k < c; k++, p++) dx[p] = a[k] * dyv[p] + bc[k] * (xv[p] - mu[k]) + k0[k];
      }
    }
    be.disposeData(scratchT.dataId);
    return [dxT, dgT, dbT];
  };
  return { kernelName: BATCH_NORM_TRAIN_GRAD, backendName: 'wasm', kernelFunc };
}

/**
 * Gradient of `HccBatchNormTrain` (global registry entry; the kernel itself exists on wasm only): one
 * `HccBatchNormTrainGrad` call gives dx, dγ and dβ.
 */
export function batchNormTrainGradConfig(): tf.GradConfig {
  return {
    kernelName: BATCH_NORM_TRAIN,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, gamma, mean, variance] = saved as tf.Tensor[];
      const [dy, dmean, dvariance] = dys as tf.Tensor[];
      const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD, { dy, x, gamma, mean, variance, dmean, dvariance }, attrs) as tf.Tensor[];
      return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
    },
  };
}
