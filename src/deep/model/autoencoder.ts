import * as tf from '@tensorflow/tfjs';
import type { NetworkOutputs } from './heads.js';
import { survivalHeads } from './heads.js';
import type { LayerContext } from './layers.js';
import { conv, convBnAct, globalAvgPool, pool2 } from './layers.js';
import { param } from './params.js';
import type { NetworkSpec } from './network-spec.js';

/**
 * Encoder of the convolutional autoencoder: conv3×3(widths[0]) → pool → conv3×3(widths[1]) → pool →
 * conv3×3(headWidth) (each conv → BN → swish). Output: the bottleneck activations [B, H/4, W/4, headWidth]
 * (the Grad-CAM layer).
 * @see paper Network 2 (MONAI 3-D autoencoder with a "DeepSurv" branch on the bottleneck).
 */
export function autoencoderTrunk(ctx: LayerContext, spec: NetworkSpec, x: tf.Tensor4D): tf.Tensor4D {
  const w0 = spec.widths[0];
  const w1 = spec.widths[Math.min(1, spec.widths.length - 1)];
  let h = pool2(convBnAct(ctx, 'enc1', x, w0));
  h = pool2(convBnAct(ctx, 'enc2', h, w1));
  return convBnAct(ctx, 'enc3', h, spec.headWidth);
}

/**
 * Survival branch (GAP of the bottleneck → heads) and decoder (bilinear ×2 → conv → BN → swish, twice,
 * then a linear 1×1 conv with bias back to the input channels) giving the reconstruction.
 */
export function autoencoderHead(ctx: LayerContext, spec: NetworkSpec, a: tf.Tensor4D, extra: tf.Tensor2D | null = null): NetworkOutputs {
  const w0 = spec.widths[0];
  const w1 = spec.widths[Math.min(1, spec.widths.length - 1)];
  let d = tf.image.resizeBilinear(a, [a.shape[1] * 2, a.shape[2] * 2]);
  d = convBnAct(ctx, 'dec1', d, w1);
  d = tf.image.resizeBilinear(d, [d.shape[1] * 2, d.shape[2] * 2]);
  d = convBnAct(ctx, 'dec2', d, w0);
  const recon = tf.add(conv(ctx, 'dec.out', d, spec.channels, 1), param(ctx.store, 'dec.out.b', [spec.channels], 'zeros')) as tf.Tensor4D;
  return survivalHeads(ctx, spec, globalAvgPool(a), recon, extra);
}
