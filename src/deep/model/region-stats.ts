import * as tf from '@tensorflow/tfjs';
import type { LayerContext } from './layers.js';
import { convBnAct } from './layers.js';
import type { NetworkSpec } from './network-spec.js';

/**
 * Mean and SD of `a` ([N, H, W, C]) per sample over the pixels weighted by `w` ([N, H, W, 1], 0/1),
 * pooled over `groups` consecutive rows of N (the slices of one sample): [N / groups, 2C]. A region
 * with no pixel gives mean 0 and SD 0.
 */
export function weightedMoments(a: tf.Tensor4D, w: tf.Tensor4D, groups: number): tf.Tensor2D {
  const [n, h, wd, c] = a.shape;
  const b = n / groups;
  const av = tf.reshape(a, [b, groups * h * wd, c]);
  const wv = tf.reshape(w, [b, groups * h * wd, 1]);
  const count = tf.add(tf.sum(wv, 1), 1e-6); // [b, 1]
  const mean = tf.div(tf.sum(tf.mul(av, wv), 1), count); // [b, c]
  const dev = tf.sub(av, tf.expandDims(mean, 1));
  const variance = tf.div(tf.sum(tf.mul(tf.square(dev), wv), 1), count);
  return tf.concat([mean, tf.sqrt(tf.add(variance, 1e-4))], 1) as tf.Tensor2D;
}

/**
 * The region-statistics features of a stack `x` [B, H, W, S·P] (slice-major, mask channel last of
 * each slice's P): every slice through a shared 3×3 conv → BN → swish of `spec.regionStats` channels
 * (on its image channels and mask), then the mean and SD of each channel over the tumour (mask > 0.5)
 * and over its one-pixel ring (3×3 dilation minus the tumour), pooled over the slices: [B, 4·width].
 */
export function regionStatistics(ctx: LayerContext, spec: NetworkSpec, x: tf.Tensor4D): tf.Tensor2D {
  const { slices, mask, ring, perSample } = regionMasks(x, spec.phases);
  const a = convBnAct(ctx, 'region.stem', slices, spec.regionStats);
  return tf.concat([weightedMoments(a, mask, perSample), weightedMoments(a, ring, perSample)], 1) as tf.Tensor2D;
}

/**
 * The stack `x` [B, H, W, S·P] as S slices per sample [B·S, H, W, P], the tumour of each slice (its
 * last channel > 0.5) and the tumour's one-pixel ring (3×3 dilation minus the tumour), both 0/1
 * [B·S, H, W, 1].
 */
export function regionMasks(x: tf.Tensor4D, phases: number): { slices: tf.Tensor4D; mask: tf.Tensor4D; ring: tf.Tensor4D; perSample: number } {
  const [b, h, w, c] = x.shape;
  const s = c / phases;
  const slices = tf.reshape(tf.transpose(tf.reshape(x, [b, h, w, s, phases]), [0, 3, 1, 2, 4]), [b * s, h, w, phases]) as tf.Tensor4D;
  const mask = tf.cast(tf.greater(tf.slice(slices, [0, 0, 0, phases - 1], [-1, -1, -1, 1]), 0.5), 'float32') as tf.Tensor4D;
  const ring = tf.sub(tf.maxPool(mask, 3, 1, 'same'), mask) as tf.Tensor4D;
  return { slices, mask, ring, perSample: s };
}
