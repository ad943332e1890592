import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../../core/errors.js';
import type { WasmBackendLike } from './wasm-heap.js';

/**
 * `UnsortedSegmentSum` for the wasm backend (missing in tfjs 4.22.0; it is the gradient of `gather`):
 *
 *   out[s, …] = Σ_{i : ids[i] = s} x[i, …],   s = 0 … numSegments − 1   (ids outside the range are dropped)
 *
 * Written in plain JS on views of the wasm heap (one pass, no copies besides the output). Supports
 * float32 x with 1-D segment ids over its first axis, which is what `gather`'s gradient produces.
 * @see tfjs-core `unsortedSegmentSum` (the reference op on the cpu backend).
 */
export function unsortedSegmentSumWasmConfig(): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as tf.TensorInfo;
    const ids = inputs.segmentIds as tf.TensorInfo;
    const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
    if (x.dtype !== 'float32') throw new HccError('E_OPTION', `UnsortedSegmentSum (wasm shim): x must be float32, got ${x.dtype}`);
    if (ids.shape.length !== 1 || ids.shape[0] !== x.shape[0]) {
      throw new HccError('E_OPTION', `UnsortedSegmentSum (wasm shim): segmentIds must be 1-D over x's first axis (x ${JSON.stringify(x.shape)}, ids ${JSON.stringify(ids.shape)})`);
    }
    const be = backend as unknown as WasmBackendLike;
    const inner = x.shape.slice(1).reduce((p, q) => p * q, 1);
    // Allocate first: growing the heap would detach earlier views.
    const out = be.makeOutput([numSegments, ...x.shape.slice(1)], 'float32');
    const o = be.typedArrayFromHeap(out) as Float32Array;
    const xv = be.typedArrayFromHeap(x) as Float32Array;
    const iv = be.typedArrayFromHeap(ids);
    o.fill(0);
    const n = x.shape[0];
    for (let i = 0; i < n; i++) {
      const s = iv[i];
      if (s < 0 || s >= numSegments) continue;
      const src = i * inner;
      const dst = s * inner;
      for (let k = 0; k < inner; k++) o[dst + k] += xv[src + k];
    }
    return out;
  };
  return { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc };
}
