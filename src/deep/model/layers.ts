import * as tf from '@tensorflow/tfjs';
import type { ConvImpl } from '../engine/conv-ops.js';
import { conv2dStride1, depthwiseConvSame } from '../engine/conv-ops.js';
import { batchNormTraining, nativeDepthwiseTrainable, swishOp } from '../engine/fused-ops.js';
import type { ParamStore } from './params.js';
import { param } from './params.js';

/** What every layer needs: the parameter store, train/inference mode and the convolution implementation. */
export interface LayerContext {
  readonly store: ParamStore;
  readonly training: boolean;
  readonly convImpl: ConvImpl;
  /** Running-statistics momentum of batch norm: running = m·running + (1 − m)·batch. */
  readonly bnMomentum: number;
}

/** k×k convolution, stride 1, 'same' padding, no bias (a batch norm follows). He-normal init. */
export function conv(ctx: LayerContext, name: string, x: tf.Tensor4D, outChannels: number, k = 3): tf.Tensor4D {
  const w = param(ctx.store, `${name}.w`, [k, k, x.shape[3], outChannels], 'he') as tf.Tensor4D;
  return conv2dStride1(x, w, 'same', ctx.convImpl);
}

/**
 * Depthwise 3×3 convolution, 'same' padding. In training the native op only where the backend can
 * differentiate it (cpu; wasm with the project's kernels) and `convImpl` is 'native'; otherwise the
 * shifted-slice form, which is differentiable on every backend (plain tfjs-wasm has no depthwise
 * backprop kernels). Same values either way up to float32 rounding.
 */
export function depthwise(ctx: LayerContext, name: string, x: tf.Tensor4D, k = 3): tf.Tensor4D {
  const w = param(ctx.store, `${name}.dw`, [k, k, x.shape[3]], 'he') as tf.Tensor3D;
  const impl = ctx.training && !(ctx.convImpl === 'native' && nativeDepthwiseTrainable()) ? 'im2col' : ctx.convImpl;
  return depthwiseConvSame(x, w, impl);
}

/**
 * Batch normalisation (tf.layers' version rejects some ranks and shapes):
 *   y = γ (x − μ) / sqrt(σ² + 1e-3) + β
 * over all axes but the last; batch statistics in training (and the running averages are updated),
 * running statistics at inference, so a sample's score does not depend on its batch. Training uses
 * `batchNormTraining`: one fused kernel pair on wasm with the project's kernels, `tf.moments` and
 * element-wise ops elsewhere (same values up to float32 rounding).
 */
export function batchNorm(ctx: LayerContext, name: string, x: tf.Tensor): tf.Tensor {
  const c = x.shape[x.rank - 1];
  const gamma = param(ctx.store, `${name}.gamma`, [c], 'ones');
  const beta = param(ctx.store, `${name}.beta`, [c], 'zeros');
  const runMean = param(ctx.store, `${name}.mean`, [c], 'zeros', false);
  const runVar = param(ctx.store, `${name}.var`, [c], 'ones', false);
  if (ctx.training) {
    const { y, mean, variance } = batchNormTraining(x, gamma, beta, 1e-3);
    const mo = ctx.bnMomentum;
    runMean.assign(tf.add(tf.mul(runMean, mo), tf.mul(mean, 1 - mo)));
    runVar.assign(tf.add(tf.mul(runVar, mo), tf.mul(variance, 1 - mo)));
    return y;
  }
  return tf.add(tf.mul(tf.div(tf.sub(x, runMean), tf.sqrt(tf.add(runVar, 1e-3))), gamma), beta);
}

/** Layer normalisation over the last axis with learned scale and shift. */
export function layerNorm(ctx: LayerContext, name: string, x: tf.Tensor): tf.Tensor {
  const c = x.shape[x.rank - 1];
  const gamma = param(ctx.store, `${name}.gamma`, [c], 'ones');
  const beta = param(ctx.store, `${name}.beta`, [c], 'zeros');
  const { mean, variance } = tf.moments(x, [x.rank - 1], true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/** swish(x) = x · sigmoid(x) (EfficientNet's activation; one fused kernel on wasm with the project's kernels). */
export function swish(x: tf.Tensor): tf.Tensor {
  return swishOp(x);
}

/** Dense layer on the last axis of a rank-2 or rank-3 tensor: y = x W (+ b). Glorot init. */
export function dense(ctx: LayerContext, name: string, x: tf.Tensor, units: number, bias = true): tf.Tensor {
  const inDim = x.shape[x.rank - 1];
  const w = param(ctx.store, `${name}.w`, [inDim, units], 'glorot') as tf.Tensor2D;
  const lead = x.shape.slice(0, -1);
  const flat = tf.reshape(x, [-1, inDim]) as tf.Tensor2D;
  let y: tf.Tensor = tf.matMul(flat, w);
  if (bias) y = tf.add(y, param(ctx.store, `${name}.b`, [units], 'zeros'));
  return tf.reshape(y, [...lead, units]);
}

/** Global average pooling over height and width: [B, H, W, C] → [B, C]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

/** 2×2 max pooling, stride 2. */
export function pool2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.maxPool(x, 2, 2, 'valid');
}

/** conv → batch norm → swish. */
export function convBnAct(ctx: LayerContext, name: string, x: tf.Tensor4D, outChannels: number, k = 3): tf.Tensor4D {
  return swish(batchNorm(ctx, `${name}.bn`, conv(ctx, name, x, outChannels, k))) as tf.Tensor4D;
}

/**
 * MBConv-lite block (EfficientNet's inverted residual, reduced): 1×1 expand (×`expand`) → BN → swish →
 * depthwise 3×3 → BN → swish → squeeze-excitation (GAP → dense c/4 → swish → dense → sigmoid, channel
 * scaling) → 1×1 project → BN (+ identity when the shape is unchanged). Stride 1; the caller pools.
 * @see Tan & Le (2019), EfficientNet, MBConv; MONAI `EfficientNetBN` (the paper's Network 1 backbone).
 */
export function mbConv(ctx: LayerContext, name: string, x: tf.Tensor4D, outChannels: number, expand = 2): tf.Tensor4D {
  const cin = x.shape[3];
  const mid = cin * expand;
  let h = swish(batchNorm(ctx, `${name}.expand.bn`, conv(ctx, `${name}.expand`, x, mid, 1))) as tf.Tensor4D;
  h = swish(batchNorm(ctx, `${name}.dw.bn`, depthwise(ctx, `${name}.dw`, h))) as tf.Tensor4D;
  const s = globalAvgPool(h);
  const se = tf.sigmoid(dense(ctx, `${name}.se2`, swish(dense(ctx, `${name}.se1`, s, Math.max(4, Math.floor(mid / 4)))), mid));
  h = tf.mul(h, tf.reshape(se, [-1, 1, 1, mid])) as tf.Tensor4D;
  const y = batchNorm(ctx, `${name}.project.bn`, conv(ctx, `${name}.project`, h, outChannels, 1)) as tf.Tensor4D;
  return cin === outChannels ? (tf.add(x, y) as tf.Tensor4D) : y;
}
