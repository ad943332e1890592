import * as tf from '@tensorflow/tfjs';
import type { ConvImpl } from './engine/conv-ops.js';
import type { DeepDataset } from './dataset.js';
import { addViewShare, gatherImages } from './dataset.js';
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

/** Scores and features of every sample, in dataset order (with several views, their mean). Independent of batch composition. */
export function predictMember(net: Network, data: DeepDataset, options: PredictOptions = {}): MemberPredictions {
  const bs = options.batchSize ?? 32;
  const V = data.views ?? 1;
  const convImpl = options.convImpl ?? 'native';
  const os = new Float32Array(data.n);
  const pfs = net.spec.pfsHead ? new Float32Array(data.n) : null;
  const fd = net.spec.headWidth + 4 * net.spec.regionStats; // the region statistics join the features
  const features = new Float32Array(data.n * fd);
  for (let start = 0; start < data.n; start += bs) {
    const rows = Array.from({ length: Math.min(bs, data.n - start) }, (_, k) => start + k);
    // Views (`DeepDataset.views`): each view is scored and the scores and features averaged.
    for (let v = 0; v < V; v++) {
      tf.tidy(() => {
        const x = tf.tensor4d(gatherImages(data, rows, v), [rows.length, data.height, data.width, data.channels]);
        const out = forwardNetwork(net, x, { training: false, convImpl });
        addViewShare(os, out.os.dataSync(), start, V);
        if (pfs && out.pfs) addViewShare(pfs, out.pfs.dataSync(), start, V);
        addViewShare(features, out.features.dataSync(), start * fd, V);
      });
    }
  }
  return { os, pfs, features, featureDim: fd };
}
