import * as tf from '@tensorflow/tfjs';
import { installBatchMatMulGrad, restoreBatchMatMulGrad } from './batch-matmul-grad.js';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter-wasm.js';
import { maxPoolGradWasmConfig } from './max-pool-grad-wasm.js';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum-wasm.js';

/** What `registerDeepKernels` changed. */
export interface RegisteredKernels {
  /** Kernels added to the backend's registry, e.g. ['Conv2DBackpropFilter', 'UnsortedSegmentSum']. */
  readonly kernelsAdded: readonly string[];
  /** Whether the transposing BatchMatMul gradient is installed (global for all backends). */
  readonly batchMatMulGrad: boolean;
}

const added = new Map<string, Set<string>>(); // backend → kernel names this module added
const replaced = new Map<string, tf.KernelConfig>(); // `${backend}/${kernel}` → the backend's own config we replaced

/**
 * Register the kernels this project supplies through tfjs's public kernel registry
 * (`tf.registerKernel` / `tf.registerGradient`). On `wasm`: `Conv2DBackpropFilter` (zero-copy over
 * `Conv3DBackpropFilterV2`) and `UnsortedSegmentSum`, added only when the backend lacks them, and a
 * corrected `MaxPoolGrad` in place of wasm's own (which drops some windows' gradients). On every
 * backend: the BatchMatMul gradient with explicit transposes. Must run after the backend is
 * initialised (the wasm kernel we build on is set up at initialisation). Idempotent.
 */
export function registerDeepKernels(backendName: string): RegisteredKernels {
  const mine = added.get(backendName) ?? new Set<string>();
  if (backendName === 'wasm') {
    const candidates: Array<[string, () => tf.KernelConfig]> = [
      ['Conv2DBackpropFilter', conv2dBackpropFilterWasmConfig],
      ['UnsortedSegmentSum', unsortedSegmentSumWasmConfig],
    ];
    for (const [name, make] of candidates) {
      if (!tf.getKernel(name, backendName)) {
        tf.registerKernel(make());
        mine.add(name);
      }
    }
    // Replace wasm's MaxPoolGrad, which drops some windows' gradients (max-pool-grad-wasm.ts).
    const own = tf.getKernel('MaxPoolGrad', backendName);
    if (own && !mine.has('MaxPoolGrad')) {
      replaced.set(`${backendName}/MaxPoolGrad`, own);
      tf.unregisterKernel('MaxPoolGrad', backendName);
      tf.registerKernel(maxPoolGradWasmConfig());
      mine.add('MaxPoolGrad');
    }
  }
  added.set(backendName, mine);
  installBatchMatMulGrad();
  return { kernelsAdded: [...mine], batchMatMulGrad: true };
}

/** Undo `registerDeepKernels` (kernels this module added, and the BatchMatMul gradient). For benchmarks of plain tfjs. */
export function unregisterDeepKernels(backendName: string): void {
  const mine = added.get(backendName);
  if (mine) {
    for (const name of mine) {
      tf.unregisterKernel(name, backendName);
      const original = replaced.get(`${backendName}/${name}`);
      if (original) {
        tf.registerKernel(original);
        replaced.delete(`${backendName}/${name}`);
      }
    }
  }
  added.delete(backendName);
  restoreBatchMatMulGrad();
}
