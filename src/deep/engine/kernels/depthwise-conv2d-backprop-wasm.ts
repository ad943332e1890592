import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../../core/errors.js';
import type { HeapSimd } from './simd/heap-simd.js';
import { heapSimd } from './simd/heap-simd.js';
import { asWasm, heapF32, requireFloat32, runWasmKernel } from './wasm-heap.js';
import type { WasmBackendLike } from './wasm-heap.js';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
interface DepthwiseBackpropAttrs {
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: number | [number, number];
}

const pair = (v: number | [number, number] | undefined, dflt: number): [number, number] => (v === undefined ? [dflt, dflt] : typeof v === 'number' ? [v, v] : v);

function depthwiseInfo(kernel: string, xShape: number[], filterShape: number[], a: DepthwiseBackpropAttrs): tf.backend_util.Conv2DInfo {
  if (xShape.length !== 4 || filterShape.length !== 4) throw new HccError('E_OPTION', `${kernel} (wasm): rank-4 input and filter expected`);
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    pair(a.strides, 1),
    pair(a.dilations, 1),
    a.pad,
    a.dimRoundingMode,
    true,
    'channelsLast',
  );
}

/**
 * Stride 1, dilation 1, channel multiplier 1: the input gradient is the forward depthwise convolution of
 * dy with the filter rotated by 180° and the complementary padding (fh − 1 − top, fh − 1 − bottom, …),
 * run by wasm's own (XNNPACK) `DepthwiseConv2dNative`:
 *   dX[n, i, j, c] = Σ_{a, b} dY[n, i − a + top, j − b + left, c] · w[a, b, c]
 *                  = Σ_{a', b'} dY_pad[n, i + a', j + b', c] · w[fh − 1 − a', fw − 1 − b', c].
 */
function backpropInputViaConv(be: WasmBackendLike, backend: unknown, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { filterHeight: fh, filterWidth: fw, inChannels: c } = info;
  const { top, bottom, left, right } = info.padInfo;
  const rot = be.makeOutput([fh, fw, c, 1], 'float32');
  const w = heapF32(be, filter);
  const r = heapF32(be, rot);
  for (let a = 0; a < fh; a++) {
    for (let b = 0; b < fw; b++) {
      const src = (a * fw + b) * c;
      const dst = ((fh - 1 - a) * fw + (fw - 1 - b)) * c;
      for (let k = 0; k < c; k++) r[dst + k] = w[src + k];
    }
  }
  const pad: tf.backend_util.ExplicitPadding = [[0, 0], [fh - 1 - top, fh - 1 - bottom], [fw - 1 - left, fw - 1 - right], [0, 0]];
  const out = runWasmKernel('DepthwiseConv2dNative', backend, { x: dy, filter: rot }, { strides: [1, 1], pad, dilations: [1, 1] } as unknown as tf.NamedAttrMap);
  be.disposeData(rot.dataId);
  return out;
}

/** Any stride / dilation / multiplier: scatter each output gradient back over its window (float64 accumulation). */
function backpropInputJs(be: WasmBackendLike, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: wd, inChannels: c, outHeight: oh, outWidth: ow, outChannels: oc, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, filterHeight: fh, filterWidth: fw } = info;
  const mult = oc / c;
  const out = be.makeOutput([n, h, wd, c], 'float32');
  const o = heapF32(be, out);
  const g = heapF32(be, dy);
  const w = heapF32(be, filter);
  const acc = new Float64Array(o.length);
  const { top, left } = info.padInfo;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        const gBase = ((b * oh + y) * ow + x) * oc;
        for (let a = 0; a < fh; a++) {
          const iy = y * sh + a * dh - top;
          if (iy < 0 || iy >= h) continue;
          for (let e = 0; e < fw; e++) {
            const ix = x * sw + e * dw - left;
            if (ix < 0 || ix >= wd) continue;
            const xBase = ((b * h + iy) * wd + ix) * c;
            const wBase = (a * fw + e) * oc;
            for (let k = 0; k < c; k++) {
              let s = 0;
              for (let q = 0; q < mult; q++) s += g[gBase + k * mult + q] * w[wBase + k * mult + q];
              acc[xBase + k] += s;
            }
          }
        }
      }
    }
  }
  o.set(acc);
  return out;
}

/**
 * `DepthwiseConv2dNativeBackpropInput` for the wasm backend (missing in tfjs 4.22.0):
 *
 *   dX[n, iy, ix, c] = Σ_{y, x, a, b, q : iy = y·s_h + a·d_h − top, ix = x·s_w + b·d_w − left} dY[n, y, x, c·m + q] · w[a, b, c, q]
 *
 * At stride 1, dilation 1, multiplier 1 with padding below the filter size (every 'same' and 'valid'
 * case) one forward depthwise convolution on wasm (`backpropInputViaConv`); otherwise a JS loop on
 * heap views. NHWC only.
 * @see tfjs-core `depthwiseConv2dNativeBackpropInput` (the reference op on the cpu backend).
 */
export function depthwiseBackpropInputWasmConfig(): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const dy = inputs.dy as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const name = 'DepthwiseConv2dNativeBackpropInput';
    requireFloat32(name, dy, filter);
    const a = attrs as unknown as DepthwiseBackpropAttrs & { inputShape: number[] };
    const info = depthwiseInfo(name, a.inputShape, filter.shape, a);
    const be = asWasm(backend);
    const { top, bottom, left, right } = info.padInfo;
    const fast =
      info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1 && info.outChannels === info.inChannels &&
      Math.max(top, bottom) <= info.filterHeight - 1 && Math.max(left, right) <= info.filterWidth - 1;
    return fast ? backpropInputViaConv(be, backend, dy, filter, info) : backpropInputJs(be, dy, filter, info);
  };
  return { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: 'wasm', kernelFunc };
}

/**
 * Multiplier 1, C a multiple of 4: for each tap (a, b) and each image n, the output rows y whose input
 * row y·s_h + a·d_h − top exists and the output columns x0 … x1 − 1 whose input column exists; at
 * stride 1 horizontally those input positions are contiguous, so one `dotAcc` call (f32x4) sums
 * X · dY over the whole block, in float32, added into `acc` in float64 per (tap, image).
 */
function filterGradSimd(simd: HeapSimd, xv: Float32Array, g: Float32Array, scratch: Float32Array, acc: Float64Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize: n, inHeight: h, inWidth: wd, inChannels: c, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  for (let a = 0; a < fh; a++) {
    // rows y0 … y1 − 1 have their input row inside
    let y0 = 0;
    while (y0 < oh && y0 * sh + a * dh - top < 0) y0++;
    let y1 = oh;
    while (y1 > y0 && (y1 - 1) * sh + a * dh - top >= h) y1--;
    for (let e = 0; e < fw; e++) {
      let x0 = 0;
      while (x0 < ow && x0 * sw + e * dw - left < 0) x0++;
      let x1 = ow;
      while (x1 > x0 && (x1 - 1) * sw + e * dw - left >= wd) x1--;
      if (y1 <= y0 || x1 <= x0) continue;
      const base = (a * fw + e) * c;
      for (let b = 0; b < n; b++) {
        scratch.fill(0);
        const xRow0 = ((b * h + y0 * sh + a * dh - top) * wd + x0 * sw + e * dw - left) * c;
        const gRow0 = ((b * oh + y0) * ow + x0) * c;
        if (sw === 1) {
          simd.dotAcc(xv.byteOffset + 4 * xRow0, g.byteOffset + 4 * gRow0, y1 - y0, 4 * sh * wd * c, 4 * ow * c, 4 * (x1 - x0) * c, 4 * c, scratch.byteOffset);
        } else {
          // strided columns: one position per call (rows of one position each)
          for (let xo = x0; xo < x1; xo++) {
            const dx = (xo - x0) * sw * c;
            const dg = (xo - x0) * c;
            simd.dotAcc(xv.byteOffset + 4 * (xRow0 + dx), g.byteOffset + 4 * (gRow0 + dg), y1 - y0, 4 * sh * wd * c, 4 * ow * c, 4 * c, 4 * c, scratch.byteOffset);
          }
        }
        for (let k = 0; k < c; k++) acc[base + k] += scratch[k];
      }
    }
  }
}

/**
 * `DepthwiseConv2dNativeBackpropFilter` for the wasm backend (missing in tfjs 4.22.0), in plain JS on
 * heap views with float64 accumulation:
 *
 *   dW[a, b, c, q] = Σ_{n, y, x} X[n, y·s_h + a·d_h − top, x·s_w + b·d_w − left, c] · dY[n, y, x, c·m + q]
 *
 * With multiplier 1 and C a multiple of 4 as f32x4 SIMD loops over the heap (`filterGradSimd`). NHWC only.
 * @see tfjs-core `depthwiseConv2dNativeBackpropFilter` (the reference op on the cpu backend).
 */
export function depthwiseBackpropFilterWasmConfig(): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const name = 'DepthwiseConv2dNativeBackpropFilter';
    requireFloat32(name, x, dy);
    const a = attrs as unknown as DepthwiseBackpropAttrs & { filterShape: number[] };
    const info = depthwiseInfo(name, x.shape, a.filterShape, a);
    const { batchSize: n, inHeight: h, inWidth: wd, inChannels: c, outHeight: oh, outWidth: ow, outChannels: oc, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, filterHeight: fh, filterWidth: fw } = info;
    const mult = oc / c;
    const { top, left } = info.padInfo;
    const be = asWasm(backend);
    const simd = mult === 1 && c % 4 === 0 ? heapSimd(backend) : null;
    const out = be.makeOutput([fh, fw, c, mult], 'float32');
    const scratchT = simd ? be.makeOutput([c], 'float32') : null;
    const o = heapF32(be, out);
    const xv = heapF32(be, x);
    const g = heapF32(be, dy);
    const acc = new Float64Array(o.length);
    if (simd && scratchT) {
      filterGradSimd(simd, xv, g, heapF32(be, scratchT), acc, info);
      be.disposeData(scratchT.dataId);
      o.set(acc);
      return out;
    }
    for (let a2 = 0; a2 < fh; a2++) {
      for (let e = 0; e < fw; e++) {
        const wBase = (a2 * fw + e) * oc;
        // Output columns whose tap (a2, e) falls inside the input: a contiguous run x0 … x1 − 1.
        let x0 = 0;
        while (x0 < ow && x0 * sw + e * dw - left < 0) x0++;
        let x1 = ow;
        while (x1 > x0 && (x1 - 1) * sw + e * dw - left >= wd) x1--;
        for (let b = 0; b < n; b++) {
          for (let y = 0; y < oh; y++) {
            const iy = y * sh + a2 * dh - top;
            if (iy < 0 || iy >= h) continue;
            for (let xo = x0; xo < x1; xo++) {
              const xBase = ((b * h + iy) * wd + xo * sw + e * dw - left) * c;
              const gBase = ((b * oh + y) * ow + xo) * oc;
              if (mult === 1) {
                for (let k = 0; k < c; k++) acc[wBase + k] += xv[xBase + k] * g[gBase + k];
              } else {
                for (let k = 0; k < c; k++) {
                  const xk = xv[xBase + k];
                  for (let q = 0; q < mult; q++) acc[wBase + k * mult + q] += xk * g[gBase + k * mult + q];
                }
              }
            }
          }
        }
      }
    }
    o.set(acc);
    return out;
  };
  return { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: 'wasm', kernelFunc };
}
