import type * as tf from '@tensorflow/tfjs';
import type { NetworkOutputs } from './heads.js';
import { survivalHeads } from './heads.js';
import type { LayerContext } from './layers.js';
import { convBnAct, globalAvgPool, mbConv, pool2 } from './layers.js';
import type { NetworkSpec } from './network-spec.js';

/**
 * 2.5-D EfficientNet-style trunk: stem conv3×3 (widths[0]) → [pool 2×2 → MBConv-lite(widths[i])]… →
 * 1×1 conv to headWidth → BN → swish. Output: the last convolutional activations
 * [B, H/2^k, W/2^k, headWidth], k = widths.length − 1.
 * @see paper Network 1 (MONAI EfficientNetBN b1, 3-D); here 2-D on phases × adjacent slices.
 */
export function cnn25dTrunk(ctx: LayerContext, spec: NetworkSpec, x: tf.Tensor4D): tf.Tensor4D {
  let h = convBnAct(ctx, 'stem', x, spec.widths[0]);
  for (let i = 1; i < spec.widths.length; i++) {
    h = pool2(h);
    h = mbConv(ctx, `block${i}`, h, spec.widths[i], spec.expand);
  }
  return convBnAct(ctx, 'top', h, spec.headWidth, 1);
}

/** GAP → penultimate features → OS / PFS Cox heads and auxiliary logits. */
export function cnn25dHead(ctx: LayerContext, spec: NetworkSpec, a: tf.Tensor4D, extra: tf.Tensor2D | null = null): NetworkOutputs {
  return survivalHeads(ctx, spec, globalAvgPool(a), null, extra);
}
