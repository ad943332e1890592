// Invariant tier: the zero-copy `Identity` on wasm (outputs share the input's buffer, reference counted
// by the backend) against the engine's bookkeeping: clones outlive their sources, tf.keep / variables /
// assign see the right values, every buffer goes with its last reference, and 50 training steps of the
// default member's architecture neither leak tensors, buffers nor heap, nor produce a non-finite loss.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeParams } from '../model/params.js';
import { plantedSignalDataset } from '../planted-signal.js';
import { trainMember } from '../train.js';
import { initDeepEngine } from './backend.js';

interface WasmRefs {
  numDataIds(): number;
  refCount(dataId: object): number;
  wasm: { HEAPU8: Uint8Array };
}
const be = () => tf.backend() as unknown as WasmRefs;

/** Live tensors, engine buffers, bytes and backend buffers. */
function counts() {
  const m = tf.memory();
  return { tensors: m.numTensors, buffers: m.numDataBuffers, bytes: m.numBytes, backendIds: be().numDataIds() };
}

beforeAll(async () => {
  await initDeepEngine({ backend: 'wasm' });
});
afterAll(async () => {
  await initDeepEngine({ backend: 'wasm' });
});

describe('zero-copy Identity: reference counts', () => {
  it('is the registered wasm Identity, and a clone shares the buffer with one more reference', () => {
    const a = tf.tensor1d([1, 2, 3, 4]);
    const before = counts();
    const b = tf.clone(a);
    expect(b.dataId).toBe(a.dataId);
    expect(be().refCount(a.dataId)).toBe(2);
    expect(counts()).toEqual({ ...before, tensors: before.tensors + 1, bytes: before.bytes + 16 });
    tf.dispose([a, b]);
  });

  it('clones of clones, disposed in every order: each survivor reads the values, the buffer goes with the last', () => {
    const start = counts();
    for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 0, 3, 2], [2, 3, 0, 1], [0, 2, 1, 3]]) {
      const a = tf.tensor2d([1, -2, 3.5, 4], [2, 2]);
      const inner = tf.clone(a);
      const mid = tf.clone(inner);
      const outer = tf.reshape(mid, [4]);
      const ts = [a, inner, mid, outer];
      expect(be().refCount(a.dataId)).toBe(4);
      const alive = new Set([0, 1, 2, 3]);
      for (const k of order) {
        ts[k].dispose();
        alive.delete(k);
        for (const j of alive) expect(Array.from(ts[j].dataSync())).toEqual([1, -2, 3.5, 4]);
        expect(be().refCount(a.dataId)).toBe(alive.size);
      }
      expect(counts()).toEqual(start);
    }
  });

  it('tf.keep in tidy, variables and assign: values stay right after their sources are disposed, and nothing leaks', () => {
    const start = counts();
    const a = tf.tensor1d([1, 2, 3]);
    const kept = tf.tidy(() => tf.keep(tf.clone(a)));
    const a2 = tf.clone(a);
    const v = tf.variable(a2, true, 'identity-test-v');
    tf.dispose([a, a2]);
    expect(Array.from(kept.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([1, 2, 3]);
    const b = tf.tensor1d([7, 8, 9]);
    const b2 = tf.clone(b);
    v.assign(b2);
    tf.dispose([b, b2]);
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
    expect(Array.from(kept.dataSync())).toEqual([1, 2, 3]);
    // a second variable from the first, then the first reassigned: the second keeps the old values
    const w = tf.variable(v, true, 'identity-test-w');
    const z = tf.zeros([3]) as tf.Tensor1D;
    v.assign(z);
    z.dispose();
    expect(Array.from(w.dataSync())).toEqual([7, 8, 9]);
    expect(Array.from(v.dataSync())).toEqual([0, 0, 0]);
    // the optimizer's pattern: x ← x − lr·g inside tidy, with the gradient taken through a clone
    const opt = tf.train.sgd(0.25);
    opt.minimize(() => tf.sum(tf.square(tf.clone(w))) as tf.Scalar, false, [w]);
    expect(Array.from(w.dataSync())).toEqual([3.5, 4, 4.5]); // w − 0.25 · 2w
    opt.dispose();
    tf.dispose([kept, v, w]);
    expect(counts()).toEqual(start);
  });

  it('gradients through saved (cloned) inputs stay right when the caller disposes the inputs right after', () => {
    const start = counts();
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.square(t), tf.tensor1d([1, 2, 3]))))(x);
    x.dispose();
    expect(Array.from(g.dataSync())).toEqual([2, 8, 18, 8, 20, 36]);
    g.dispose();
    expect(counts()).toEqual(start);
  });
});

describe('50 training steps of the default member (cnn25d, 48×48×12, small widths) on wasm + project kernels', () => {
  it('tensors, buffers, bytes and the wasm heap are the same after every step from the first on; losses finite; all freed with the network', async () => {
    const data = plantedSignalDataset({ n: 16, size: 48, channels: 12, seed: 5 }).data;
    await initDeepEngine({ backend: 'wasm' });
    const start = counts();
    const perStep: Array<ReturnType<typeof counts> & { heap: number; loss: number }> = [];
    const run = await trainMember(data, null, { seed: 3, epochs: 25, batchSize: 8, network: { kind: 'cnn25d', widths: [8, 16, 24], headWidth: 16, phases: 4, pfsHead: true } }, {
      onProgress: (p) => perStep.push({ ...counts(), heap: be().wasm.HEAPU8.length, loss: p.loss }),
    });
    expect(run.backend).toBe('wasm');
    expect(perStep).toHaveLength(50);
    for (const s of perStep) expect(Number.isFinite(s.loss)).toBe(true);
    const ref = perStep[0];
    perStep.forEach((s, k) => {
      expect({ ...s, loss: 0 }, `step ${k}`).toEqual({ ...ref, loss: 0 });
      expect(s.backendIds, `step ${k}: backend buffers = engine buffers`).toBe(s.buffers);
    });
    // the steps trained: the last epoch's mean loss below the first's
    expect(run.history[24].loss).toBeLessThan(run.history[0].loss);
    disposeParams(run.network.store);
    expect(counts()).toEqual(start);
  }, 120_000);
});
