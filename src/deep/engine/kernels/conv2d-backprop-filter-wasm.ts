import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../../core/errors.js';
import type { WasmBackendLike } from './wasm-heap.js';
import { runWasmKernel } from './wasm-heap.js';

/**
 * Stride-1 case as ONE forward convolution, which wasm runs fast (XNNPACK), with the batch as the
 * contracted channel axis:
 *   dW[a, b, i, o] = Σ_n Σ_{y, x} Xp[n, y + a, x + b, i] · dY[n, y, x, o]
 *                  = conv2d_valid( Xpᵀ [i, Hp, Wp, n],  dYᵀ [y, x, n, o] )[i, a, b, o]
 * (Xp = X zero-padded as the forward 'same' padding did), then transposed to [a, b, i, o]. About 10×
 * faster than wasm's naive Conv3DBackpropFilterV2 on the default member's shapes (docs/deep-learning.md).
 */
function backpropFilterViaConv(backend: tf.KernelBackend, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const be = backend as unknown as WasmBackendLike;
  const run = (name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) => runWasmKernel(name, backend, inputs, attrs);
  const { top, bottom, left, right } = info.padInfo;
  const padded = top || bottom || left || right ? run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 }) : x;
  const xt = run('Transpose', { x: padded }, { perm: [3, 1, 2, 0] });
  if (padded !== x) be.disposeData(padded.dataId);
  const dyt = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const conv = run('Conv2D', { x: xt, filter: dyt }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined } as unknown as tf.NamedAttrMap);
  be.disposeData(xt.dataId);
  be.disposeData(dyt.dataId);
  const out = run('Transpose', { x: conv }, { perm: [1, 2, 0, 3] });
  be.disposeData(conv.dataId);
  return out;
}

type Conv2DBackpropFilterAttrs = {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  filterShape: [number, number, number, number];
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

/**
 * Strided case in plain JS on views of the wasm heap (one pass, no copies besides the output):
 *   dW[a, b, i, o] = Σ_{n, y, x} X[n, y·s_h + a − pad_top, x·s_w + b − pad_left, i] · dY[n, y, x, o]
 * Needed because tfjs-wasm 4.22.0's Conv3DBackpropFilterV2 gives wrong values for strides > 1
 * (found by this module's tests against the cpu backend).
 */
function backpropFilterStridedJs(be: WasmBackendLike, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const out = be.makeOutput([filterHeight, filterWidth, inChannels, outChannels], 'float32');
  const dw = be.typedArrayFromHeap(out) as Float32Array;
  const xv = be.typedArrayFromHeap(x) as Float32Array;
  const dv = be.typedArrayFromHeap(dy) as Float32Array;
  dw.fill(0);
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const acc = new Float64Array(inChannels * outChannels);
  for (let a = 0; a < filterHeight; a++) {
    for (let b = 0; b < filterWidth; b++) {
      acc.fill(0);
      for (let n = 0; n < batchSize; n++) {
        for (let y = 0; y < outHeight; y++) {
          const iy = y * strideHeight + a - top;
          if (iy < 0 || iy >= inHeight) continue;
          for (let xo = 0; xo < outWidth; xo++) {
            const ix = xo * strideWidth + b - left;
            if (ix < 0 || ix >= inWidth) continue;
            const xBase = ((n * inHeight + iy) * inWidth + ix) * inChannels;
            const dBase = ((n * outHeight + y) * outWidth + xo) * outChannels;
            for (let i = 0; i < inChannels; i++) {
              const xvv = xv[xBase + i];
              if (xvv === 0) continue;
              const row = i * outChannels;
              for (let o = 0; o < outChannels; o++) acc[row + o] += xvv * dv[dBase + o];
            }
          }
        }
      }
      const base = (a * filterWidth + b) * inChannels * outChannels;
      for (let k = 0; k < acc.length; k++) dw[base + k] = acc[k];
    }
  }
  return out;
}

/**
 * `Conv2DBackpropFilter` for the wasm backend (which lacks it in tfjs 4.22.0):
 *
 *   dW[a, b, i, o] = Σ_{n, y, x} X[n, y·s_h + a − pad_top, x·s_w + b − pad_left, i] · dY[n, y, x, o]
 *
 * At stride 1 it is one forward convolution of the transposed, padded input with the transposed output
 * gradient (`backpropFilterViaConv`; earlier versions used wasm's naive Conv3DBackpropFilterV2 on the
 * same memory, about 10× slower). Other strides use a JS loop over heap views (the 3-D kernel is wrong
 * for strides > 1 in 4.22.0).
 * NHWC and dilation 1 only (what tfjs's conv2d gradient requests); NCHW throws `E_OPTION`.
 * @see tfjs-core `conv2DBackpropFilter` (the reference op on the cpu backend).
 */
export function conv2dBackpropFilterWasmConfig(): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const a = attrs as unknown as Conv2DBackpropFilterAttrs;
    if (a.dataFormat !== undefined && a.dataFormat !== 'NHWC') {
      throw new HccError('E_OPTION', `Conv2DBackpropFilter (wasm shim): only NHWC is supported, got ${a.dataFormat}`);
    }
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new HccError('E_OPTION', 'Conv2DBackpropFilter (wasm shim): float32 tensors only');
    const s = Array.isArray(a.strides) ? a.strides : [a.strides, a.strides];
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, s as [number, number], 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    if (s[0] === 1 && s[1] === 1) return backpropFilterViaConv(backend as tf.KernelBackend, x, dy, info);
    return backpropFilterStridedJs(backend as unknown as WasmBackendLike, x, dy, info);
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc };
}
