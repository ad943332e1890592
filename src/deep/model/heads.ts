import * as tf from '@tensorflow/tfjs';
import type { ConvImpl } from '../engine/conv-ops.js';
import type { LayerContext } from './layers.js';
import { dense } from './layers.js';
import type { NetworkSpec } from './network-spec.js';

/** Train/inference mode and convolution implementation of one forward pass. */
export interface RunMode {
  readonly training: boolean;
  readonly convImpl: ConvImpl;
}

/** Everything a member outputs for a batch. */
export interface NetworkOutputs {
  /** OS log relative hazard per sample [B] (higher = worse). */
  readonly os: tf.Tensor1D;
  /** PFS log relative hazard [B], or null without a PFS head. */
  readonly pfs: tf.Tensor1D | null;
  /** Logits [B, classes] per auxiliary head. */
  readonly aux: Readonly<Record<string, tf.Tensor2D>>;
  /** Penultimate-layer features [B, F] (deep feature export). */
  readonly features: tf.Tensor2D;
  /** Autoencoder reconstruction of the input [B, H, W, C], else null. */
  readonly reconstruction: tf.Tensor4D | null;
}

/**
 * The survival and auxiliary heads on a feature vector (shared by all members): linear, no bias for
 * Cox. `extra` features (the region statistics) are joined to the member's own.
 */
export function survivalHeads(ctx: LayerContext, spec: NetworkSpec, own: tf.Tensor2D, reconstruction: tf.Tensor4D | null, extra: tf.Tensor2D | null = null): NetworkOutputs {
  const features = extra ? (tf.concat([own, extra], 1) as tf.Tensor2D) : own;
  const os = tf.reshape(dense(ctx, 'head.os', features, 1, false), [-1]) as tf.Tensor1D;
  const pfs = spec.pfsHead ? (tf.reshape(dense(ctx, 'head.pfs', features, 1, false), [-1]) as tf.Tensor1D) : null;
  const aux: Record<string, tf.Tensor2D> = {};
  for (const h of spec.auxHeads) aux[h.name] = dense(ctx, `head.aux.${h.name}`, features, h.classes) as tf.Tensor2D;
  return { os, pfs, aux, features, reconstruction };
}
