// Oracle tier (b): the fused training kernels (batch norm, swish), the depthwise backprop kernels and
// the zero-copy Identity on wasm against tfjs's composite / reference ops on the `cpu` backend, on
// seeded random inputs, forward and gradient, with and without the SIMD loops.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../core/rng.js';
import { expectNear, onBackend as on } from '../../../../test/helpers/near.js';
import { initDeepEngine } from '../backend.js';
import { batchNormTraining, fusedTrainingOpsAvailable, nativeDepthwiseTrainable, swishOp } from '../fused-ops.js';
import { heapSimd, heapSimdModuleBytes, setHeapSimdEnabled } from './simd/heap-simd.js';

const rng = createRng(20261128);
const randn = (n: number, scale = 1, offset = 0) => Float32Array.from({ length: n }, () => offset + scale * rng.normal());
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

beforeAll(async () => {
  await initDeepEngine({ backend: 'wasm' });
});
afterAll(async () => {
  setHeapSimdEnabled(true);
  await initDeepEngine({ backend: 'wasm' });
});

describe('SIMD loops over the wasm heap', () => {
  it('the assembled module validates, and binds to the wasm backend heap', async () => {
    const wasmApi = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasmApi.validate(heapSimdModuleBytes())).toBe(true);
    await initDeepEngine({ backend: 'wasm' });
    expect(heapSimd(tf.backend())).not.toBeNull();
    setHeapSimdEnabled(false);
    expect(heapSimd(tf.backend())).toBeNull();
    setHeapSimdEnabled(true);
  });
});

/** Σ r⊙y + Σ rm⊙mean + Σ rv⊙var and its gradients in x, γ, β (the statistics outputs carry gradient too). */
function bnValueAndGrads(xs: number[], xd: Float32Array, gd: Float32Array, bd: Float32Array, r: Float32Array, rm: Float32Array, rv: Float32Array) {
  return tf.tidy(() => {
    const x = tf.tensor(xd, xs);
    const c = xs[xs.length - 1];
    const g = tf.tensor1d(gd);
    const b = tf.tensor1d(bd);
    const out = batchNormTraining(x, g, b, 1e-3);
    const loss = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const o = batchNormTraining(xx, gg, bb, 1e-3);
      return tf.addN([tf.sum(tf.mul(o.y, tf.tensor(r, xs))), tf.sum(tf.mul(o.mean, tf.tensor1d(rm))), tf.sum(tf.mul(o.variance, tf.tensor1d(rv)))]);
    };
    const [gx, gg, gb] = tf.grads(loss)([x, g, b]);
    expect(out.mean.shape).toEqual([c]);
    return {
      y: out.y.dataSync().slice(),
      mean: out.mean.dataSync().slice(),
      variance: out.variance.dataSync().slice(),
      gx: gx.dataSync().slice(),
      gg: gg.dataSync().slice(),
      gb: gb.dataSync().slice(),
    };
  });
}

describe('fused training batch norm (HccBatchNormTrain) on wasm vs tf.moments + element-wise ops on cpu', () => {
  const cases: Array<{ xs: number[]; offset: number; simd: boolean; note: string }> = [
    { xs: [16, 12, 12, 8], offset: 0, simd: true, note: 'C multiple of 4: SIMD loops, several 128-row blocks' },
    { xs: [16, 12, 12, 8], offset: 0, simd: false, note: 'same shape, JS loops' },
    { xs: [2, 5, 7, 6], offset: 0, simd: true, note: 'C = 6: JS loops' },
    { xs: [37, 12], offset: 0, simd: true, note: 'rank 2 (dense features)' },
    { xs: [2, 3, 4, 5, 4], offset: 0, simd: true, note: 'rank 5 (the 3-D member)' },
    { xs: [8, 9, 9, 16], offset: 300, simd: true, note: '|mean| ≫ std: the shifted sums keep the variance' },
  ];
  for (const c of cases) {
    it(`x ${c.xs} (${c.note}): y, mean, var, dx, dγ, dβ within 1e-5 relative`, async () => {
      const ch = c.xs[c.xs.length - 1];
      const xd = randn(size(c.xs), 2, c.offset);
      const gd = randn(ch, 0.5, 1);
      const bd = randn(ch);
      const r = randn(size(c.xs));
      const rm = randn(ch);
      const rv = randn(ch);
      const ref = await on('cpu', () => bnValueAndGrads(c.xs, xd, gd, bd, r, rm, rv));
      await initDeepEngine({ backend: 'wasm' });
      expect(fusedTrainingOpsAvailable()).toBe(true);
      setHeapSimdEnabled(c.simd);
      const got = bnValueAndGrads(c.xs, xd, gd, bd, r, rm, rv);
      setHeapSimdEnabled(true);
      expectNear(got.y, ref.y, 1e-5, 'y');
      expectNear(got.mean, ref.mean, 1e-5, 'mean');
      expectNear(got.variance, ref.variance, 1e-5, 'variance');
      expectNear(got.gx, ref.gx, 1e-5, 'dx');
      expectNear(got.gg, ref.gg, 1e-5, 'dγ');
      expectNear(got.gb, ref.gb, 1e-5, 'dβ');
    });
  }

  it('known answer: x = [1, 2, 3, 6] in one channel gives mean 3, var 3.5, y = (x − 3)/sqrt(3.5 + 1e-3)', async () => {
    await initDeepEngine({ backend: 'wasm' });
    const out = tf.tidy(() => {
      const o = batchNormTraining(tf.tensor2d([1, 2, 3, 6], [4, 1]), tf.ones([1]), tf.zeros([1]), 1e-3);
      return { y: o.y.dataSync().slice(), mean: o.mean.dataSync()[0], variance: o.variance.dataSync()[0] };
    });
    expect(out.mean).toBeCloseTo(3, 6);
    expect(out.variance).toBeCloseTo(3.5, 6);
    const s = Math.sqrt(3.5 + 1e-3);
    expectNear(out.y, [-2 / s, -1 / s, 0, 3 / s], 1e-6, 'y');
  });

  it('without the project kernels the composite path runs (plain wasm)', async () => {
    await initDeepEngine({ backend: 'wasm', kernels: false });
    expect(fusedTrainingOpsAvailable()).toBe(false);
    expect(nativeDepthwiseTrainable()).toBe(false);
    const y = tf.tidy(() => batchNormTraining(tf.tensor2d([1, 2, 3, 6], [4, 1]), tf.ones([1]), tf.zeros([1]), 1e-3).y.dataSync()[3]);
    expect(y).toBeCloseTo(3 / Math.sqrt(3.501), 5);
    await initDeepEngine({ backend: 'wasm' });
    expect(fusedTrainingOpsAvailable()).toBe(true);
    expect(nativeDepthwiseTrainable()).toBe(true);
  });
});

describe('fused swish (HccSwish) on wasm vs x · sigmoid(x) on cpu', () => {
  for (const xs of [[4, 6, 6, 8], [3, 5, 7]]) {
    it(`x ${xs} (${size(xs) % 4 === 0 ? 'SIMD' : 'SIMD and a JS tail'}): forward and gradient within 1e-5 relative`, async () => {
      const xd = randn(size(xs), 3);
      const r = randn(size(xs));
      const run = () =>
        tf.tidy(() => {
          const x = tf.tensor(xd, xs);
          const y = swishOp(x).dataSync().slice();
          const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(swishOp(v), tf.tensor(r, xs))))(x).dataSync().slice();
          return { y, g };
        });
      const ref = await on('cpu', run);
      const got = await on('wasm', run);
      expectNear(got.y, ref.y, 1e-5, 'y');
      expectNear(got.g, ref.g, 1e-5, 'dx');
      // known value: swish(0) = 0 and swish'(0) = 1/2
      const z = await on('wasm', () => tf.tidy(() => tf.grad((v: tf.Tensor) => tf.sum(swishOp(v)))(tf.zeros([4])).dataSync().slice()));
      expect(Array.from(z)).toEqual([0.5, 0.5, 0.5, 0.5]);
    });
  }
});

describe('native depthwise convolution trains on wasm (DepthwiseConv2dNativeBackprop{Input,Filter}) vs cpu', () => {
  type Case = { xs: number[]; ws: number[]; stride: number; pad: 'same' | 'valid' | number; dil: number; note: string };
  const cases: Case[] = [
    { xs: [4, 12, 12, 8], ws: [3, 3, 8, 1], stride: 1, pad: 'same', dil: 1, note: 'the member: input grad via conv, filter grad SIMD' },
    { xs: [2, 9, 8, 6], ws: [3, 3, 6, 1], stride: 1, pad: 'valid', dil: 1, note: 'valid, C = 6 (JS filter grad)' },
    { xs: [2, 9, 11, 4], ws: [3, 3, 4, 1], stride: 2, pad: 'same', dil: 1, note: 'stride 2 (JS input grad, strided SIMD filter grad)' },
    { xs: [2, 7, 7, 3], ws: [3, 3, 3, 2], stride: 1, pad: 'same', dil: 1, note: 'channel multiplier 2' },
    { xs: [2, 8, 9, 4], ws: [2, 4, 4, 1], stride: 1, pad: 'same', dil: 1, note: 'even kernel: asymmetric padding' },
    { xs: [2, 11, 10, 12], ws: [5, 5, 12, 1], stride: 1, pad: 'same', dil: 1, note: '5×5 kernel' },
    { xs: [1, 6, 6, 4], ws: [3, 3, 4, 1], stride: 1, pad: 3, dil: 1, note: 'padding 3 > kernel − 1 (JS input grad)' },
  ];
  for (const c of cases) {
    it(`x ${c.xs} w ${c.ws} stride ${c.stride} pad ${c.pad} dilation ${c.dil} (${c.note}): y, dX, dW within 1e-5 relative`, async () => {
      const xd = randn(size(c.xs));
      const wd = randn(size(c.ws));
      const f = (x: tf.Tensor, w: tf.Tensor) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dil);
      const outShape = await on('cpu', () => tf.tidy(() => f(tf.tensor(xd, c.xs), tf.tensor(wd, c.ws)).shape));
      const r = randn(size(outShape));
      const run = () =>
        tf.tidy(() => {
          const x = tf.tensor(xd, c.xs);
          const w = tf.tensor(wd, c.ws);
          const y = f(x, w).dataSync().slice();
          const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), tf.tensor(r, outShape))))([x, w]);
          return { y, gx: gx.dataSync().slice(), gw: gw.dataSync().slice() };
        });
      const ref = await on('cpu', run);
      const got = await on('wasm', run);
      expectNear(got.y, ref.y, 1e-5, 'y');
      expectNear(got.gx, ref.gx, 1e-5, 'dX');
      expectNear(got.gw, ref.gw, 1e-5, 'dW');
      setHeapSimdEnabled(false);
      const js = run();
      setHeapSimdEnabled(true);
      expectNear(js.gw, ref.gw, 1e-5, 'dW (JS loops)');
    });
  }

  it('plain wasm has no depthwise backprop kernels (the gap this fills)', async () => {
    await initDeepEngine({ backend: 'wasm', kernels: false });
    const x = tf.randomNormal([1, 4, 4, 2]);
    expect(() => tf.grad((w: tf.Tensor) => tf.sum(tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')))(tf.ones([3, 3, 2, 1]))).toThrow(/DepthwiseConv2dNativeBackprop/);
    x.dispose();
    await initDeepEngine({ backend: 'wasm' });
  });
});

describe('zero-copy Identity on wasm', () => {
  it('a clone shares the data buffer, outlives its source, and the buffer goes with the last reference', async () => {
    await initDeepEngine({ backend: 'wasm' });
    const be = tf.backend();
    const before = be.numDataIds();
    const a = tf.tensor1d([1, 2, 3, 4]);
    const b = tf.clone(a);
    expect(be.numDataIds() - before).toBe(1); // one buffer for both
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4]);
    b.dispose();
    expect(be.numDataIds()).toBe(before);
  });
});
