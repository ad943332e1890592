// A known log-hazard offset (e.g. the clinical benchmark's linear predictor) enters the Cox losses as
// risk + offset, so the network is trained on the risk beyond it; the dataset carries it through
// subsets and hashes and rejects a malformed one.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initDeepEngine } from '../engine/backend.js';
import { coxBatchLayout, coxPartialLikelihoodLoss } from '../loss/cox-partial-likelihood.js';
import { checkDeepDataset, hashDeepDataset } from '../dataset.js';
import type { DeepDataset } from '../dataset.js';
import { subsetDeepDataset } from '../data/subset.js';
import { createParamStore } from './params.js';
import { multitaskLoss } from './multitask-loss.js';

await initDeepEngine({ backend: 'cpu' });

describe('multitaskLoss with offsets', () => {
  it('equals the Cox loss of risk + offset (OS and PFS), and differs from the loss without it', () => {
    const time = [9, 7, 7, 5, 3, 2], event = [1, 0, 1, 1, 0, 1]; // sorted by time descending, as batches are
    const layout = coxBatchLayout(time, event);
    const risk = tf.tensor1d([0.3, -0.2, 0.5, 0.1, -0.4, 0.2]);
    const off = tf.tensor1d([0.1, 0.8, -0.3, 0.4, 0, -0.6]);
    const out = { os: risk, pfs: risk, aux: {}, features: tf.zeros([6, 2]) as tf.Tensor2D, reconstruction: null } as never;
    const w = { kind: 'fixed', os: 1, pfs: 0, aux: 0, reconstruction: 0 } as const;
    const withOff = multitaskLoss(createParamStore(1), out, { os: layout, pfs: null, aux: {}, input: null, osOffset: off }, w).total.dataSync()[0];
    const direct = coxPartialLikelihoodLoss(tf.add(risk, off), layout).dataSync()[0];
    const without = multitaskLoss(createParamStore(1), out, { os: layout, pfs: null, aux: {}, input: null }, w).total.dataSync()[0];
    expect(withOff).toBeCloseTo(direct, 6);
    expect(Math.abs(withOff - without)).toBeGreaterThan(1e-3);
  });
});

describe('DeepDataset offsets', () => {
  const d: DeepDataset = { n: 3, height: 1, width: 1, channels: 1, images: new Float32Array([1, 2, 3]), os: { time: new Float64Array([3, 2, 1]), event: new Uint8Array([1, 0, 1]), offset: new Float64Array([0.5, -1, 2]) } };
  it('subsets carry the offset rows; the hash depends on the offset', () => {
    expect(Array.from(subsetDeepDataset(d, [2, 0]).os.offset!)).toEqual([2, 0.5]);
    const plain: DeepDataset = { ...d, os: { time: d.os.time, event: d.os.event } };
    expect(hashDeepDataset(d)).not.toBe(hashDeepDataset(plain));
    expect(checkDeepDataset(d)).toEqual([]);
  });
  it('rejects an offset of the wrong length or with a non-finite value', () => {
    const bad: DeepDataset = { ...d, os: { ...d.os, offset: new Float64Array([0, Number.NaN, 1]) } };
    expect(checkDeepDataset(bad).map((i) => i.path.join('.'))).toContain('os.offset');
    const short: DeepDataset = { ...d, os: { ...d.os, offset: new Float64Array([0]) } };
    expect(checkDeepDataset(short).length).toBeGreaterThan(0);
  });
});
