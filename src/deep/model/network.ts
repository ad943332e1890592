import * as tf from '@tensorflow/tfjs';
import { HccError } from '../../core/errors.js';
import { autoencoderHead, autoencoderTrunk } from './autoencoder.js';
import { cnn25dHead, cnn25dTrunk } from './cnn25d.js';
import { cnn3dHead, cnn3dTrunk } from './cnn3d.js';
import type { NetworkOutputs, RunMode } from './heads.js';
import type { LayerContext } from './layers.js';
import { m3tHead, m3tTrunk } from './m3t.js';
import { regionStatistics } from './region-stats.js';
import type { NetworkSpec, NetworkSpecInput } from './network-spec.js';
import { networkSpecSchema } from './network-spec.js';
import type { ParamStore } from './params.js';
import { createParamStore } from './params.js';

/** A built member: its spec, parameters, and the two halves of its forward pass. */
export interface Network {
  readonly spec: NetworkSpec;
  readonly store: ParamStore;
  /** Input [B, H, W, C] → last convolutional activations (the Grad-CAM layer). */
  trunk(x: tf.Tensor4D, mode: RunMode): tf.Tensor4D;
  /** Last convolutional activations (and, for the region statistics, the input) → outputs. */
  head(a: tf.Tensor4D, mode: RunMode, x: tf.Tensor4D): NetworkOutputs;
}

function context(store: ParamStore, spec: NetworkSpec, mode: RunMode): LayerContext {
  return { store, training: mode.training, convImpl: mode.convImpl, bnMomentum: spec.batchNormMomentum };
}

/**
 * Build a member from its spec; parameters are created (seeded by `seed`) by one forward pass on a
 * dummy batch so the optimizer sees the full variable list from the start.
 * @throws HccError `E_OPTION` for inconsistent specs (channels not divisible by phases, sizes not
 * divisible by the pooling factor).
 */
export function buildNetwork(specInput: NetworkSpecInput, seed: number): Network {
  const spec = networkSpecSchema.parse(specInput);
  const pools = spec.kind === 'cnn25d' || spec.kind === 'cnn3d' ? spec.widths.length - 1 : 2;
  const minSide = 2 ** pools;
  if (spec.height % minSide !== 0 || spec.width % minSide !== 0) {
    throw new HccError('E_OPTION', `network ${spec.kind}: height and width must be multiples of ${minSide}, got ${spec.height}×${spec.width}`);
  }
  if (spec.kind === 'cnn3d' && spec.channels % spec.phases !== 0) {
    throw new HccError('E_OPTION', `network cnn3d: channels (${spec.channels}) must be slices × phases (${spec.phases})`);
  }
  if (spec.kind === 'm3t' && (spec.channels % spec.phases !== 0 || spec.headWidth % spec.transformerHeads !== 0)) {
    throw new HccError('E_OPTION', `network m3t: channels (${spec.channels}) must be slices × phases (${spec.phases}) and headWidth (${spec.headWidth}) divisible by transformerHeads (${spec.transformerHeads})`);
  }
  if (spec.regionStats > 0 && (spec.kind === 'cnn3d' || spec.channels % spec.phases !== 0)) throw new HccError('E_OPTION', `network ${spec.kind}: regionStats needs a 2-D member and channels (${spec.channels}) that are slices × phases (${spec.phases})`);
  if (spec.trunkChannels !== null && (spec.trunkChannels > spec.channels || spec.trunkChannels % spec.phases !== 0)) {
    throw new HccError('E_OPTION', `network ${spec.kind}: trunkChannels (${spec.trunkChannels}) must be whole slices (multiples of phases = ${spec.phases}) and at most channels (${spec.channels})`);
  }
  // The trunk's own view: the first trunkChannels channels.
  const trunkSpec: NetworkSpec = spec.trunkChannels === null ? spec : { ...spec, channels: spec.trunkChannels };
  const trunkInput = (x: tf.Tensor4D) => (spec.trunkChannels === null || spec.trunkChannels === x.shape[3] ? x : (tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, spec.trunkChannels]) as tf.Tensor4D));
  const store = createParamStore(seed);
  const trunkFn = { cnn25d: cnn25dTrunk, autoencoder: autoencoderTrunk, m3t: m3tTrunk, cnn3d: cnn3dTrunk }[spec.kind];
  const headFn = { cnn25d: cnn25dHead, autoencoder: autoencoderHead, m3t: m3tHead, cnn3d: cnn3dHead }[spec.kind];
  const net: Network = {
    spec,
    store,
    trunk: (x, mode) => {
      const xt = trunkInput(x);
      const a = trunkFn(context(store, spec, mode), trunkSpec, xt);
      return spec.roiGate ? tf.mul(a, supportGate(xt, a, trunkSpec)) as tf.Tensor4D : a;
    },
    head: (a, mode, x) => {
      const ctx = context(store, spec, mode);
      return headFn(ctx, trunkSpec, a, spec.regionStats > 0 ? regionStatistics(ctx, spec, x) : null);
    },
  };
  tf.tidy(() => {
    const x = tf.zeros([2, spec.height, spec.width, spec.channels]) as tf.Tensor4D;
    const mode: RunMode = { training: false, convImpl: 'native' };
    net.head(net.trunk(x, mode), mode, x);
  });
  return net;
}

/** Full forward pass. */
export function forwardNetwork(net: Network, x: tf.Tensor4D, mode: RunMode): NetworkOutputs {
  return net.head(net.trunk(x, mode), mode, x);
}

/**
 * 1 where the input has any non-zero channel, max-pooled to the activation grid of `a` ([B, h, w, C],
 * or [B·S, h, w, C] per slice for 'm3t'); 0 elsewhere. Not differentiated (depends on the input only).
 */
function supportGate(x: tf.Tensor4D, a: tf.Tensor4D, spec: NetworkSpec): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  let support: tf.Tensor4D;
  if (a.shape[0] === b) support = tf.cast(tf.greater(tf.max(x, -1, true), 0), 'float32') as tf.Tensor4D;
  else {
    const s = c / spec.phases;
    const perSlice = tf.max(tf.reshape(x, [b, h, w, s, spec.phases]), -1); // [B, H, W, S]
    support = tf.reshape(tf.transpose(tf.cast(tf.greater(perSlice, 0), 'float32'), [0, 3, 1, 2]), [b * s, h, w, 1]) as tf.Tensor4D;
  }
  const f = h / a.shape[1];
  if (f <= 1) return support;
  return (spec.roiGate === 'mean' ? tf.avgPool(support, [f, f], [f, f], 'valid') : tf.maxPool(support, [f, f], [f, f], 'valid')) as tf.Tensor4D;
}
