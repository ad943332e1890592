import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../../core/errors.js';

/** The parts of tfjs-wasm's backend the project's kernels use (public methods of `BackendWasm`). */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
}

/** The kernel's backend as the wasm backend. */
export function asWasm(backend: unknown): WasmBackendLike {
  return backend as WasmBackendLike;
}

/**
 * A float32 view of a tensor's data on the wasm heap (no copy). Take views only after every output of
 * the kernel is allocated: allocating can grow the heap, which detaches earlier views.
 */
export function heapF32(be: WasmBackendLike, t: tf.TensorInfo): Float32Array {
  return be.typedArrayFromHeap(t) as Float32Array;
}

/** Run one of tfjs-wasm's own kernels on tensor infos (no tape, no engine bookkeeping); the caller disposes temporaries. */
export function runWasmKernel(name: string, backend: unknown, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new HccError('E_INTERNAL', `wasm backend has no '${name}' kernel`);
  return k.kernelFunc({ inputs, backend: backend as tf.KernelBackend, attrs }) as tf.TensorInfo;
}

/** Throw `E_OPTION` unless every tensor is float32 (the project's kernels read float32 heap views). */
export function requireFloat32(kernel: string, ...ts: tf.TensorInfo[]): void {
  for (const t of ts) if (t.dtype !== 'float32') throw new HccError('E_OPTION', `${kernel} (wasm): float32 tensors only, got ${t.dtype}`);
}
