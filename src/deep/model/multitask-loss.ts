import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { CoxBatchLayout } from '../loss/cox-partial-likelihood.js';
import { coxPartialLikelihoodLoss } from '../loss/cox-partial-likelihood.js';
import type { NetworkOutputs } from './heads.js';
import type { ParamStore } from './params.js';
import { param } from './params.js';

/**
 * How task losses combine.
 * - 'uncertainty' (default): Kendall, Gal & Cipolla (2018) homoscedastic-uncertainty weighting with a
 *   learned log-variance s_k per task: total = Σ_k exp(−s_k)·L_k + s_k.
 * - 'fixed': total = Σ_k w_k·L_k with the given weights.
 * The paper multiplies an uncertainty-weighted sum of the secondary losses by the OS Cox loss and by
 * log10 of the weights' L1 norm; this module keeps the additive Kendall form (well defined gradients,
 * no dependence on the scale of the weights), which is the documented simplification.
 */
export const multitaskWeightingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('uncertainty') }),
  z.object({
    kind: z.literal('fixed'),
    os: z.number().min(0).default(1),
    pfs: z.number().min(0).default(1),
    aux: z.number().min(0).default(0.3),
    reconstruction: z.number().min(0).default(1),
  }),
]);
export type MultitaskWeighting = z.output<typeof multitaskWeightingSchema>;

/** Per-batch targets; layouts are built in JS from the batch (sorted by OS time). */
export interface BatchTargets {
  readonly os: CoxBatchLayout;
  readonly pfs: CoxBatchLayout | null;
  /** Log-hazard offsets of the batch rows (OS, PFS), added to the network's risks in the Cox losses. */
  readonly osOffset?: tf.Tensor | null;
  readonly pfsOffset?: tf.Tensor | null;
  /** Class labels per auxiliary head, −1 = missing (masked out). */
  readonly aux: Readonly<Record<string, { readonly classes: number; readonly labels: Int32Array }>>;
  /** The input batch, for the reconstruction loss. */
  readonly input: tf.Tensor4D | null;
}

/** Total and per-task losses (scalars). */
export interface MultitaskLoss {
  readonly total: tf.Scalar;
  readonly parts: Readonly<Record<string, tf.Scalar>>;
}

function crossEntropy(logits: tf.Tensor2D, classes: number, labels: Int32Array): tf.Scalar {
  const n = labels.length;
  const onehot = new Float32Array(n * classes);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] >= 0 && labels[i] < classes) {
      onehot[i * classes + labels[i]] = 1;
      count++;
    }
  }
  const ll = tf.sum(tf.mul(tf.logSoftmax(logits), tf.tensor2d(onehot, [n, classes])));
  return tf.div(tf.neg(ll), Math.max(1, count)) as tf.Scalar;
}

/**
 * Multitask loss of one batch: OS Cox (mean over events), PFS Cox, softmax cross-entropy per auxiliary
 * head (mean over labelled rows), and mean squared reconstruction error (autoencoder), combined by
 * `weighting`. Log-variances of the uncertainty weighting live in `store` as `mtl.<task>`.
 */
export function multitaskLoss(store: ParamStore, out: NetworkOutputs, targets: BatchTargets, weighting: MultitaskWeighting): MultitaskLoss {
  const withOffset = (r: tf.Tensor, o: tf.Tensor | null | undefined) => (o ? tf.add(r, tf.reshape(o, r.shape)) : r);
  const parts: Record<string, tf.Scalar> = { os: coxPartialLikelihoodLoss(withOffset(out.os, targets.osOffset) as typeof out.os, targets.os) };
  if (out.pfs && targets.pfs) parts.pfs = coxPartialLikelihoodLoss(withOffset(out.pfs, targets.pfsOffset) as typeof out.pfs, targets.pfs);
  for (const [name, t] of Object.entries(targets.aux)) {
    const logits = out.aux[name];
    if (logits) parts[`aux.${name}`] = crossEntropy(logits, t.classes, t.labels);
  }
  if (out.reconstruction && targets.input) {
    // a trunk that reads the first channels only (trunkChannels) reconstructs those
    const c = out.reconstruction.shape[3];
    const input = targets.input.shape[3] === c ? targets.input : tf.slice(targets.input, [0, 0, 0, 0], [-1, -1, -1, c]);
    parts.reconstruction = tf.mean(tf.squaredDifference(out.reconstruction, input)) as tf.Scalar;
  }
  let total: tf.Tensor = tf.scalar(0);
  for (const [name, l] of Object.entries(parts)) {
    if (weighting.kind === 'uncertainty') {
      const s = param(store, `mtl.${name}`, [], 'zeros');
      total = tf.add(total, tf.add(tf.mul(tf.exp(tf.neg(s)), l), s));
    } else {
      const w = name === 'os' ? weighting.os : name === 'pfs' ? weighting.pfs : name === 'reconstruction' ? weighting.reconstruction : weighting.aux;
      total = tf.add(total, tf.mul(l, w));
    }
  }
  return { total: total as tf.Scalar, parts };
}
