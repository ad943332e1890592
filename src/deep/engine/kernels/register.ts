import * as tf from '@tensorflow/tfjs';
import { installBatchMatMulGrad, restoreBatchMatMulGrad } from './batch-matmul-grad.js';
import { BATCH_NORM_TRAIN, batchNormTrainGradConfig, batchNormTrainGradWasmConfig, batchNormTrainWasmConfig } from './batch-norm-train-wasm.js';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter-wasm.js';
import { conv2dBackpropInputWasmConfig } from './conv2d-backprop-input-wasm.js';
import { depthwiseBackpropFilterWasmConfig, depthwiseBackpropInputWasmConfig } from './depthwise-conv2d-backprop-wasm.js';
import { identityWasmConfig } from './identity-wasm.js';
import { maxPoolGradWasmConfig } from './max-pool-grad-wasm.js';
import { SWISH, swishGradConfig, swishGradWasmConfig, swishWasmConfig } from './swish-wasm.js';
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
const replacement = new Map<string, tf.KernelConfig>(); // `${backend}/${kernel}` → the project's config put in its place
let fusedGradientsRegistered = false;

/** Gradients of the project's own fused kernels (global registry; the kernels exist only where registered). */
function registerFusedGradients(): void {
  if (fusedGradientsRegistered) return;
  if (!tf.getGradient(BATCH_NORM_TRAIN)) tf.registerGradient(batchNormTrainGradConfig());
  if (!tf.getGradient(SWISH)) tf.registerGradient(swishGradConfig());
  fusedGradientsRegistered = true;
}

/**
 * Register the kernels this project supplies through tfjs's public kernel registry
 * (`tf.registerKernel` / `tf.registerGradient`). On `wasm`: `Conv2DBackpropFilter` (one forward conv at
 * stride 1), `UnsortedSegmentSum` and the two depthwise backprop kernels, added only when the backend
 * lacks them; the fused training batch norm and swish (`HccBatchNormTrain`, `HccSwish` and their
 * gradient kernels); a corrected `MaxPoolGrad` in place of wasm's own (which drops some windows'
 * gradients), a zero-copy `Identity` in place of wasm's copying one, and a stride-1 `Conv2DBackpropInput`
 * as one forward convolution in place of wasm's plain loop. On every backend: the BatchMatMul gradient with explicit transposes. Must run after the backend is
 * initialised (the wasm kernel we build on is set up at initialisation). Idempotent.
 */
export function registerDeepKernels(backendName: string): RegisteredKernels {
  const mine = added.get(backendName) ?? new Set<string>();
  if (backendName === 'wasm') {
    const candidates: Array<[string, () => tf.KernelConfig]> = [
      ['Conv2DBackpropFilter', conv2dBackpropFilterWasmConfig],
      ['UnsortedSegmentSum', unsortedSegmentSumWasmConfig],
      ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInputWasmConfig],
      ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilterWasmConfig],
      // The project's fused training ops (engine/fused-ops.ts uses them where registered).
      ['HccBatchNormTrain', batchNormTrainWasmConfig],
      ['HccBatchNormTrainGrad', batchNormTrainGradWasmConfig],
      ['HccSwish', swishWasmConfig],
      ['HccSwishGrad', swishGradWasmConfig],
    ];
    for (const [name, make] of candidates) {
      if (!tf.getKernel(name, backendName)) {
        tf.registerKernel(make());
        mine.add(name);
      }
    }
    // Replace wasm's MaxPoolGrad, which drops some windows' gradients (max-pool-grad-wasm.ts), its
    // Identity, which copies every tensor the engine saves for the backward pass (identity-wasm.ts),
    // and its Conv2DBackpropInput, a plain loop, at stride 1 (conv2d-backprop-input-wasm.ts; the
    // replacement calls wasm's own for the other cases).
    const replacements: Array<[string, (own: tf.KernelConfig) => tf.KernelConfig]> = [
      ['MaxPoolGrad', maxPoolGradWasmConfig],
      ['Identity', identityWasmConfig],
      ['Conv2DBackpropInput', conv2dBackpropInputWasmConfig],
    ];
    for (const [name, make] of replacements) {
      const own = tf.getKernel(name, backendName);
      if (own && !mine.has(name)) {
        replaced.set(`${backendName}/${name}`, own);
        tf.unregisterKernel(name, backendName);
        const config = make(own);
        replacement.set(`${backendName}/${name}`, config);
        tf.registerKernel(config);
        mine.add(name);
      }
    }
  }
  added.set(backendName, mine);
  registerFusedGradients();
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
        replacement.delete(`${backendName}/${name}`);
      }
    }
  }
  added.delete(backendName);
  restoreBatchMatMulGrad();
}

/**
 * For benchmarks: run one kernel that `registerDeepKernels` replaced with the backend's own
 * implementation again (`own` true) or with the project's (`own` false), leaving every other kernel
 * as it is. Returns false when `name` is not one of the replaced kernels on `backendName`.
 */
export function useBackendOwnKernel(backendName: string, name: string, own: boolean): boolean {
  const key = `${backendName}/${name}`;
  const original = replaced.get(key);
  const project = replacement.get(key);
  if (!original || !project) return false;
  tf.unregisterKernel(name, backendName);
  tf.registerKernel(own ? original : project);
  return true;
}
