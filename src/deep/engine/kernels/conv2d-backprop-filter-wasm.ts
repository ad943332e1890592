import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../../core/errors.js';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
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
 * At stride 1 with 'same'/'valid' padding it is the wasm backend's own `Conv3DBackpropFilterV2` on the
 * same memory: NHWC [N, H, W, C] viewed as NDHWC [N, 1, H, W, C] and the filter [kh, kw, ci, co] as
 * [1, kh, kw, ci, co]; no data is copied, only the shape in the `TensorInfo` changes. Other strides or
 * paddings use a JS loop over heap views (the 3-D kernel is wrong for strides > 1 in 4.22.0).
 * NHWC and dilation 1 only (what tfjs's conv2d gradient requests); NCHW throws `E_OPTION`.
 * @see tfjs-core `conv2DBackpropFilter` (the reference op on the cpu backend).
 */
export function conv2dBackpropFilterWasmConfig(): tf.KernelConfig {
  const k3 = tf.getKernel('Conv3DBackpropFilterV2', 'wasm');
  if (!k3) throw new HccError('E_INTERNAL', "wasm backend has no 'Conv3DBackpropFilterV2' kernel to build Conv2DBackpropFilter on");
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const a = attrs as unknown as Conv2DBackpropFilterAttrs;
    if (a.dataFormat !== undefined && a.dataFormat !== 'NHWC') {
      throw new HccError('E_OPTION', `Conv2DBackpropFilter (wasm shim): only NHWC is supported, got ${a.dataFormat}`);
    }
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new HccError('E_OPTION', 'Conv2DBackpropFilter (wasm shim): float32 tensors only');
    const s = Array.isArray(a.strides) ? a.strides : [a.strides, a.strides];
    if (s[0] === 1 && s[1] === 1 && (a.pad === 'same' || a.pad === 'valid')) {
      const out = k3.kernelFunc({
        backend,
        inputs: {
          x: { dataId: x.dataId, shape: [x.shape[0], 1, ...x.shape.slice(1)], dtype: x.dtype },
          dy: { dataId: dy.dataId, shape: [dy.shape[0], 1, ...dy.shape.slice(1)], dtype: dy.dtype },
        },
        attrs: { strides: [1, 1, 1], pad: a.pad, filterShape: [1, ...a.filterShape] },
      }) as tf.TensorInfo;
      return { dataId: out.dataId, shape: [...a.filterShape], dtype: out.dtype };
    }
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, s as [number, number], 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    return backpropFilterStridedJs(backend as unknown as WasmBackendLike, x, dy, info);
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc };
}
