import * as tf from '@tensorflow/tfjs';
import type { WasmBackendLike } from './wasm-heap.js';
import { runWasmKernel } from './wasm-heap.js';

type Conv2DBackpropInputAttrs = {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
};

/**
 * Stride-1 input gradient as ONE forward convolution (XNNPACK) of the output gradient with the
 * flipped, channel-transposed filter:
 *   dX[n, m, q, i] = Σ_{a, b, o} dY[n, m + top − a, q + left − b, o] · W[a, b, i, o]
 *                  = conv2d( dY, W̃, pads [kh−1−top, kh−1−bottom] × [kw−1−left, kw−1−right] )[n, m, q, i]
 * with W̃[a, b, o, i] = W[kh−1−a, kw−1−b, i, o] (top / left: the forward convolution's padding).
 * tfjs-wasm 4.22.0's own Conv2DBackpropInput is a plain loop, 5–10× slower on the autoencoder's and
 * M3T's shapes (docs/deep-learning.md); it stays for strided convolutions.
 */
function backpropInputViaConv(backend: tf.KernelBackend, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const be = backend as unknown as WasmBackendLike;
  const run = (name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap) => runWasmKernel(name, backend, inputs, attrs);
  const { top, bottom, left, right } = info.padInfo;
  const kh = info.filterHeight;
  const kw = info.filterWidth;
  const reversed = run('Reverse', { x: filter }, { dims: [0, 1] });
  const flipped = run('Transpose', { x: reversed }, { perm: [0, 1, 3, 2] });
  be.disposeData(reversed.dataId);
  const pad = [
    [0, 0],
    [kh - 1 - top, kh - 1 - bottom],
    [kw - 1 - left, kw - 1 - right],
    [0, 0],
  ];
  const dx = run('Conv2D', { x: dy, filter: flipped }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined } as unknown as tf.NamedAttrMap);
  be.disposeData(flipped.dataId);
  return dx;
}

/**
 * `Conv2DBackpropInput` for the wasm backend, in place of its own (`original`): stride 1, NHWC,
 * padding within the filter size (every 'same' and 'valid' convolution), float32, run as one
 * forward convolution (`backpropInputViaConv`); anything else goes to `original`.
 * @see tfjs-core `conv2DBackpropInput` (the reference op on the cpu backend).
 */
export function conv2dBackpropInputWasmConfig(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const dy = inputs.dy as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const a = attrs as unknown as Conv2DBackpropInputAttrs;
    if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return original.kernelFunc(args);
    const s = Array.isArray(a.strides) ? a.strides : [a.strides, a.strides];
    const nhwc = a.dataFormat === undefined || a.dataFormat === 'NHWC';
    if (nhwc && s[0] === 1 && s[1] === 1) {
      const info = tf.backend_util.computeConv2DInfo(a.inputShape, filter.shape as [number, number, number, number], 1, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
      const { top, bottom, left, right } = info.padInfo;
      const fits = Math.max(top, bottom) <= info.filterHeight - 1 && Math.max(left, right) <= info.filterWidth - 1;
      if (fits) return backpropInputViaConv(backend as tf.KernelBackend, dy, filter, info);
    }
    return original.kernelFunc(args);
  };
  return { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc };
}
