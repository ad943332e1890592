import * as tf from '@tensorflow/tfjs';
import type { ConvImpl } from './engine/conv-ops.js';
import type { DeepDataset } from './dataset.js';
import { gatherImages } from './dataset.js';
import type { Network } from './model/network.js';
import { forwardNetwork } from './model/network.js';

/** Per-sample outputs of a member at inference (running batch-norm statistics). */
export interface MemberPredictions {
  /** OS risk score (log relative hazard, higher = worse), length n. */
  readonly os: Float32Array;
  /** PFS risk score, or null without a PFS head. */
  readonly pfs: Float32Array | null;
  /** Penultimate features, n × featureDim row-major (deep feature export). */
  readonly features: Float32Array;
  readonly featureDim: number;
}

/** Options of `predictMember`. */
export interface PredictOptions {
  readonly batchSize?: number;
  /** 'native' (default, fastest forward on wasm) or 'im2col'. */
  readonly convImpl?: ConvImpl;
}

/** Scores and features of every sample, in dataset order. Independent of batch composition. */
export function predictMember(net: Network, data: DeepDataset, options: PredictOptions = {}): MemberPredictions {
  const bs = options.batchSize ?? 32;
  const convImpl = options.convImpl ?? 'native';
  const os = new Float32Array(data.n);
  const pfs = net.spec.pfsHead ? new Float32Array(data.n) : null;
  const fd = net.spec.headWidth + 4 * net.spec.regionStats; // the region statistics join the features
  const features = new Float32Array(data.n * fd);
  for (let start = 0; start < data.n; start += bs) {
    const rows = Array.from({ length: Math.min(bs, data.n - start) }, (_, k) => start + k);
    tf.tidy(() => {
      const x = tf.tensor4d(gatherImages(data, rows), [rows.length, data.height, data.width, data.channels]);
      const out = forwardNetwork(net, x, { training: false, convImpl });
      os.set(out.os.dataSync(), start);
      if (pfs && out.pfs) pfs.set(out.pfs.dataSync(), start);
      features.set(out.features.dataSync(), start * fd);
    });
  }
  return { os, pfs, features, featureDim: fd };
}
