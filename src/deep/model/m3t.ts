import * as tf from '@tensorflow/tfjs';
import type { NetworkOutputs } from './heads.js';
import { survivalHeads } from './heads.js';
import type { LayerContext } from './layers.js';
import { convBnAct, dense, globalAvgPool, layerNorm, pool2, swish } from './layers.js';
import { param } from './params.js';
import type { NetworkSpec } from './network-spec.js';

/** Number of slice tokens: channels / phases. */
export function sliceCount(spec: NetworkSpec): number {
  return spec.channels / spec.phases;
}

/**
 * Per-slice CNN of the M3T-style member: the stack [B, H, W, S·P] (slice-major channels) becomes S
 * images [B·S, H, W, P]; conv3×3(widths[0]) → pool → conv3×3(widths[1]) → pool → conv3×3(headWidth)
 * with shared weights. Output [B·S, H/4, W/4, headWidth] (the Grad-CAM layer, one map per slice).
 * @see paper Network 3 (M3T, Jang & Hwang, CVPR 2022): 3-D CNN block then 2-D slice tokens.
 */
export function m3tTrunk(ctx: LayerContext, spec: NetworkSpec, x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w] = x.shape;
  const s = sliceCount(spec);
  const slices = tf.reshape(tf.transpose(tf.reshape(x, [b, h, w, s, spec.phases]), [0, 3, 1, 2, 4]), [b * s, h, w, spec.phases]) as tf.Tensor4D;
  const w0 = spec.widths[0];
  const w1 = spec.widths[Math.min(1, spec.widths.length - 1)];
  let y = pool2(convBnAct(ctx, 'slice1', slices, w0));
  y = pool2(convBnAct(ctx, 'slice2', y, w1));
  return convBnAct(ctx, 'slice3', y, spec.headWidth);
}

function attention(ctx: LayerContext, name: string, x: tf.Tensor3D, heads: number): tf.Tensor3D {
  const [b, t, d] = x.shape;
  const dh = d / heads;
  const split = (v: tf.Tensor) => tf.reshape(tf.transpose(tf.reshape(v, [b, t, heads, dh]), [0, 2, 1, 3]), [b * heads, t, dh]) as tf.Tensor3D;
  const q = split(dense(ctx, `${name}.q`, x, d));
  const k = split(dense(ctx, `${name}.k`, x, d));
  const v = split(dense(ctx, `${name}.v`, x, d));
  const scores = tf.div(tf.matMul(q, tf.transpose(k, [0, 2, 1]) as tf.Tensor3D), Math.sqrt(dh));
  const att = tf.matMul(tf.softmax(scores) as tf.Tensor3D, v);
  const merged = tf.reshape(tf.transpose(tf.reshape(att, [b, heads, t, dh]), [0, 2, 1, 3]), [b, t, d]);
  return dense(ctx, `${name}.o`, merged, d) as tf.Tensor3D;
}

/**
 * Slice tokens (GAP per slice → dense → swish), a learned CLS token in front, learned position
 * embeddings, `transformerLayers` pre-norm encoder layers (multi-head self-attention; MLP ×2 with swish),
 * CLS → layer norm → features → heads.
 */
export function m3tHead(ctx: LayerContext, spec: NetworkSpec, a: tf.Tensor4D, extra: tf.Tensor2D | null = null): NetworkOutputs {
  const s = sliceCount(spec);
  const d = spec.headWidth;
  const b = a.shape[0] / s;
  const tokens = swish(dense(ctx, 'token.proj', tf.reshape(globalAvgPool(a), [b, s, d]), d));
  const cls = tf.mul(tf.ones([b, 1, 1]), param(ctx.store, 'token.cls', [1, 1, d], 'normal02'));
  let x = tf.add(tf.concat([cls, tokens], 1), param(ctx.store, 'token.pos', [s + 1, d], 'normal02')) as tf.Tensor3D;
  for (let l = 0; l < spec.transformerLayers; l++) {
    const p = `tf${l}`;
    x = tf.add(x, attention(ctx, `${p}.att`, layerNorm(ctx, `${p}.ln1`, x) as tf.Tensor3D, spec.transformerHeads)) as tf.Tensor3D;
    const m = dense(ctx, `${p}.mlp2`, swish(dense(ctx, `${p}.mlp1`, layerNorm(ctx, `${p}.ln2`, x), 2 * d)), d);
    x = tf.add(x, m) as tf.Tensor3D;
  }
  const clsOut = tf.reshape(tf.slice(x, [0, 0, 0], [b, 1, d]), [b, d]);
  return survivalHeads(ctx, spec, layerNorm(ctx, 'final.ln', clsOut) as tf.Tensor2D, null, extra);
}
