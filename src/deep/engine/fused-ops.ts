import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../core/errors.js';
import { BATCH_NORM_TRAIN } from './kernels/batch-norm-train-wasm.js';
import { SWISH } from './kernels/swish-wasm.js';

/** Whether the current backend has the project's kernel `name` (registered by `initDeepEngine` with kernels on). */
function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/**
 * Whether the current backend can differentiate native depthwise convolution (`tf.depthwiseConv2d`):
 * cpu has the backprop kernels; wasm has them only with the project's kernels.
 */
export function nativeDepthwiseTrainable(): boolean {
  return hasKernel('DepthwiseConv2dNativeBackpropInput') && hasKernel('DepthwiseConv2dNativeBackpropFilter');
}

/** Whether `batchNormTraining` and `swish` run as the project's fused kernels on the current backend. */
export function fusedTrainingOpsAvailable(): boolean {
  return hasKernel(BATCH_NORM_TRAIN) && hasKernel(SWISH);
}

/** Normalised output and the batch statistics (biased variance) it used. */
export interface BatchNormTrainingResult {
  readonly y: tf.Tensor;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
}

/**
 * Training-mode batch normalisation over every axis but the last:
 *   (mean, var) = moments(x),   y = γ (x − mean) / sqrt(var + ε) + β
 * As one fused kernel pair (`HccBatchNormTrain`, one pass for the statistics, one for y; the backward
 * in two passes) where the backend has it (wasm with the project's kernels), otherwise `tf.moments` and
 * element-wise ops. Both are differentiable in x, γ, β and give the same values up to float32 rounding
 * (`kernels.test.ts`); gradients flow through mean and variance too.
 * @throws HccError `E_OPTION` unless γ and β are vectors of length C (the last axis of x), on every
 *   backend alike (the fused kernel reads them per channel; the composite path would broadcast).
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, varianceEpsilon: number): BatchNormTrainingResult {
  const c = x.shape[x.rank - 1];
  for (const [what, t] of [['gamma', gamma], ['beta', beta]] as const) {
    if (t.rank !== 1 || t.shape[0] !== c) throw new HccError('E_OPTION', `batchNormTraining: ${what} must have shape [${c}] (the channels of x ${JSON.stringify(x.shape)}), got ${JSON.stringify(t.shape)}`);
  }
  if (hasKernel(BATCH_NORM_TRAIN)) {
    const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAIN, { x, gamma, beta }, { varianceEpsilon }) as tf.Tensor[];
    return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
  }
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  const y = tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, varianceEpsilon))), gamma), beta);
  return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

/**
 * swish(x) = x · sigmoid(x) (EfficientNet's activation); one fused kernel pair (`HccSwish`) where the
 * backend has it, otherwise `mul` and `sigmoid`.
 */
export function swishOp(x: tf.Tensor): tf.Tensor {
  if (hasKernel(SWISH)) return tf.engine().runKernel(SWISH, { x }) as tf.Tensor;
  return tf.mul(x, tf.sigmoid(x));
}
