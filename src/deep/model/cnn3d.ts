import * as tf from '@tensorflow/tfjs';
import type { NetworkOutputs } from './heads.js';
import { survivalHeads } from './heads.js';
import type { LayerContext } from './layers.js';
import { batchNorm, globalAvgPool, swish } from './layers.js';
import type { NetworkSpec } from './network-spec.js';
import { param } from './params.js';

/**
 * Stride-1 'same' 3-D convolution (odd kernels) with its gradients written out: tfjs-wasm 4.22.0's
 * Conv3DBackpropInputV2 is wrong here too (not only for strides > 1; test/deep/cnn3d.test.ts), so the
 * input gradient is the convolution of dy with the flipped, transposed filter, dx = conv3d(dy, w̃); the
 * filter gradient uses Conv3DBackpropFilterV2, which agrees with the cpu backend at stride 1.
 */
const conv3dSame = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor5D, tf.Tensor5D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.conv3d(x, w, 1, 'same'),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor5D, tf.Tensor5D];
      const flipped = tf.transpose(tf.reverse(ws, [0, 1, 2]), [0, 1, 2, 4, 3]) as tf.Tensor5D;
      const g = dy as tf.Tensor5D;
      const dx = tf.conv3d(g, flipped, 1, 'same');
      const dw = tf.engine().runKernel('Conv3DBackpropFilterV2', { x: xs, dy: g }, { strides: [1, 1, 1, 1, 1], pad: 'same', filterShape: ws.shape }) as tf.Tensor;
      return [dx, dw];
    },
  };
});

/** 3-D convolution k×k×k (k odd), stride 1, 'same' padding, no bias (a batch norm follows). He-normal init. */
function conv3d(ctx: LayerContext, name: string, x: tf.Tensor5D, outChannels: number, k: number): tf.Tensor5D {
  const w = param(ctx.store, `${name}.w`, [k, k, k, x.shape[4], outChannels], 'he') as tf.Tensor5D;
  return conv3dSame(x, w) as tf.Tensor5D;
}

/**
 * 1×2×2 max pooling as 2-D pooling of every depth slice: tfjs-wasm 4.22.0's MaxPool3D gives wrong values
 * for the anisotropic window [1, 2, 2] (found by test/deep/cnn3d.test.ts against the cpu backend and a
 * hand computation; AvgPool3D agrees), while 2-D MaxPool is right on every backend.
 */
function inPlanePool(v: tf.Tensor5D): tf.Tensor5D {
  const [b, d, h, w, c] = v.shape;
  const p = tf.maxPool(tf.reshape(v, [b * d, h, w, c]) as tf.Tensor4D, 2, 2, 'valid');
  return tf.reshape(p, [b, d, p.shape[1], p.shape[2], c]) as tf.Tensor5D;
}

/**
 * True 3-D member (opt-in: `members: ['cnn3d']`, best with more slices, e.g. `slices: 9`): the stack
 * [B, H, W, slices·phases] is read as a volume [B, slices, H, W, phases] (NDHWC); then conv3d 3×3×3
 * (widths[i]) → BN → swish per stage, with in-plane 1×2×2 max pooling between stages (depth is kept:
 * stacks have few slices), a 1×1×1 conv to headWidth → BN → swish, and the mean over depth gives the
 * Grad-CAM layer [B, H/2^k, W/2^k, headWidth]. Only stride-1 3-D convolutions are used:
 * tfjs-wasm 4.22.0's Conv3DBackpropFilterV2 / InputV2 are wrong for strides > 1, and its MaxPool3D for
 * a [1, 2, 2] window (docs/deep-learning.md).
 * About 80× slower per sample than `cnn25d` at the same size on wasm; use a faster backend or ONNX.
 * @see paper Network 1 (MONAI 3-D EfficientNet), here a plain 3-D CNN.
 */
export function cnn3dTrunk(ctx: LayerContext, spec: NetworkSpec, x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const s = c / spec.phases;
  let v = tf.transpose(tf.reshape(x, [b, h, w, s, spec.phases]), [0, 3, 1, 2, 4]) as tf.Tensor5D;
  spec.widths.forEach((width, i) => {
    if (i > 0) v = inPlanePool(v);
    v = swish(batchNorm(ctx, `c3d${i}.bn`, conv3d(ctx, `c3d${i}`, v, width, 3))) as tf.Tensor5D;
  });
  v = swish(batchNorm(ctx, 'top.bn', conv3d(ctx, 'top', v, spec.headWidth, 1))) as tf.Tensor5D;
  return tf.mean(v, 1) as tf.Tensor4D;
}

/** GAP → penultimate features → OS / PFS Cox heads and auxiliary logits. */
export function cnn3dHead(ctx: LayerContext, spec: NetworkSpec, a: tf.Tensor4D, extra: tf.Tensor2D | null = null): NetworkOutputs {
  return survivalHeads(ctx, spec, globalAvgPool(a), null, extra);
}
