import * as tf from '@tensorflow/tfjs';
import { heapSimd } from './simd/heap-simd.js';
import { asWasm, heapF32, requireFloat32, runWasmKernel } from './wasm-heap.js';

/** Kernel names of the fused swish (this project's, not tfjs's). */
export const SWISH = 'HccSwish';
export const SWISH_GRAD = 'HccSwishGrad';

/**
 * swish(x) = x · σ(x) for the wasm backend as one engine kernel: wasm's own (XNNPACK, vectorised)
 * `Sigmoid` and `Multiply` on the heap, without the engine's per-op bookkeeping and tape entries.
 * @see tfjs-core `sigmoid`, `mul` (the composite reference on the cpu backend).
 */
export function swishWasmConfig(): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend }) => {
    const x = inputs.x as tf.TensorInfo;
    requireFloat32(SWISH, x);
    const s = runWasmKernel('Sigmoid', backend, { x });
    const y = runWasmKernel('Multiply', backend, { a: x, b: s });
    asWasm(backend).disposeData(s.dataId);
    return y;
  };
  return { kernelName: SWISH, backendName: 'wasm', kernelFunc };
}

/**
 * Gradient of swish in one pass over the heap (σ recomputed with wasm's `Sigmoid`; f32x4 SIMD loop,
 * JS for the last size mod 4 elements):
 *   dx = dy · (σ(x) + x σ(x) (1 − σ(x))).
 */
export function swishGradWasmConfig(): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend }) => {
    const { dy, x } = inputs as Record<string, tf.TensorInfo>;
    requireFloat32(SWISH_GRAD, dy, x);
    const be = asWasm(backend);
    const s = runWasmKernel('Sigmoid', backend, { x });
    const out = be.makeOutput([...x.shape], 'float32');
    const sv = heapF32(be, s);
    const xv = heapF32(be, x);
    const dv = heapF32(be, dy);
    const o = heapF32(be, out);
    const simd = heapSimd(backend);
    const vec = simd ? o.length - (o.length % 4) : 0;
    if (simd && vec > 0) simd.swishGrad(dv.byteOffset, xv.byteOffset, sv.byteOffset, o.byteOffset, 4 * vec);
    for (let i = vec; i < o.length; i++) {
      const si = sv[i];
      o[i] = dv[i] * (si + xv[i] * si * (1 - si));
    }
    be.disposeData(s.dataId);
    return out;
  };
  return { kernelName: SWISH_GRAD, backendName: 'wasm', kernelFunc };
}

/** Gradient of `HccSwish` (global registry entry; the kernel exists on wasm only). */
export function swishGradConfig(): tf.GradConfig {
  return {
    kernelName: SWISH,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as tf.Tensor[];
      return { x: () => tf.engine().runKernel(SWISH_GRAD, { dy: dy as tf.Tensor, x }) as tf.Tensor };
    },
  };
}
