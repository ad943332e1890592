// Oracle tier (b): each supplied kernel / gradient against tfjs's reference op on the `cpu` backend,
// on random inputs (seeded), forward and gradient, at stated tolerances (float32 arithmetic).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../core/rng.js';
import { expectNear, onBackend as on } from '../../../../test/helpers/near.js';
import { initDeepEngine } from '../backend.js';
import { conv2dStride1, depthwiseConvSame } from '../conv-ops.js';
import type { ConvImpl } from '../conv-ops.js';

const rng = createRng(20261127);
const randn = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Forward value and the gradients w.r.t. both inputs of Σ r ⊙ f(x, w). */
function valueAndGrads(f: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor, xs: number[], xd: Float32Array, ws: number[], wd: Float32Array, r: Float32Array | null) {
  return tf.tidy(() => {
    const x = tf.tensor(xd, xs);
    const w = tf.tensor(wd, ws);
    const y = f(x, w);
    const rr = r ? tf.tensor(r, y.shape) : tf.onesLike(y);
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), rr)))([x, w]);
    return { y: y.dataSync().slice(), gx: gx.dataSync().slice(), gw: gw.dataSync().slice(), shape: y.shape };
  });
}

/** conv2d on wasm against cpu: forward, dW and dX of Σ r ⊙ conv2d(x, w) within 1e-5 relative (r random). */
async function expectConv2dMatchesCpu(c: { xs: number[]; ws: number[]; stride: number | [number, number]; pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding }): Promise<void> {
  const xd = randn(size(c.xs));
  const wd = randn(size(c.ws));
  const f = (x: tf.Tensor, w: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad as 'same');
  const ref = await on('cpu', () => valueAndGrads(f, c.xs, xd, c.ws, wd, null));
  const r = randn(size(ref.shape));
  const refR = await on('cpu', () => valueAndGrads(f, c.xs, xd, c.ws, wd, r));
  const got = await on('wasm', () => valueAndGrads(f, c.xs, xd, c.ws, wd, r));
  expect(got.shape).toEqual(refR.shape);
  expectNear(got.y, refR.y, 1e-5, 'y');
  expectNear(got.gw, refR.gw, 1e-5, 'dW');
  expectNear(got.gx, refR.gx, 1e-5, 'dX');
}

beforeAll(async () => {
  await initDeepEngine({ backend: 'wasm' });
});
afterAll(async () => {
  await initDeepEngine({ backend: 'wasm' });
});

describe('Conv2DBackpropFilter on wasm (stride 1: one forward conv2d; strided: JS loop) vs cpu', () => {
  const cases = [
    { xs: [2, 9, 11, 3], ws: [3, 3, 3, 5], stride: 1, pad: 'same' as const },
    { xs: [3, 8, 8, 4], ws: [3, 3, 4, 6], stride: 2, pad: 'same' as const },
    { xs: [2, 10, 7, 2], ws: [5, 3, 2, 3], stride: 1, pad: 'valid' as const },
    { xs: [1, 12, 12, 3], ws: [2, 2, 3, 4], stride: [2, 3] as [number, number], pad: 'valid' as const },
    { xs: [2, 7, 6, 3], ws: [3, 3, 3, 2], stride: 1, pad: 1 as const },
    { xs: [2, 8, 9, 3], ws: [2, 4, 3, 2], stride: 1, pad: 'same' as const }, // even kernel: asymmetric 'same' padding
    { xs: [16, 48, 48, 12], ws: [3, 3, 12, 16], stride: 1, pad: 'same' as const }, // the default member's stem
  ];
  for (const c of cases) {
    it(`x ${c.xs} w ${c.ws} stride ${c.stride} pad ${c.pad}: forward and dW, dX within 1e-5 relative`, () => expectConv2dMatchesCpu(c));
  }

  it('without the project kernels plain wasm conv2d training throws (the gap this fills)', async () => {
    await initDeepEngine({ backend: 'wasm', kernels: false });
    const x = tf.randomNormal([1, 4, 4, 1]);
    const w = tf.randomNormal([3, 3, 1, 1]);
    expect(() => tf.grad((v: tf.Tensor) => tf.sum(tf.conv2d(x as tf.Tensor4D, v as tf.Tensor4D, 1, 'same')))(w)).toThrow(/Conv2DBackpropFilter/);
    tf.dispose([x, w]);
    const info = await initDeepEngine({ backend: 'wasm' });
    expect(info.kernelsAdded).toEqual([
      'Conv2DBackpropFilter',
      'UnsortedSegmentSum',
      'DepthwiseConv2dNativeBackpropInput',
      'DepthwiseConv2dNativeBackpropFilter',
      'HccBatchNormTrain',
      'HccBatchNormTrainGrad',
      'HccSwish',
      'HccSwishGrad',
      'MaxPoolGrad',
      'Identity',
      'Conv2DBackpropInput',
    ]);
  });
});

describe('Conv2DBackpropInput on wasm (stride 1: one forward conv2d of the flipped filter; else wasm own) vs cpu', () => {
  const cases: Parameters<typeof expectConv2dMatchesCpu>[0][] = [
    { xs: [4, 24, 24, 32], ws: [3, 3, 32, 32], stride: 1, pad: 'same' }, // the autoencoder's decoder
    { xs: [2, 9, 7, 3], ws: [2, 2, 3, 4], stride: 1, pad: 'valid' }, // even kernel, full convolution back
    { xs: [2, 8, 9, 3], ws: [4, 2, 3, 2], stride: 1, pad: 'same' }, // even kernel: asymmetric 'same' padding
    { xs: [1, 7, 8, 2], ws: [3, 3, 2, 3], stride: 1, pad: [[0, 0], [2, 0], [1, 2], [0, 0]] }, // explicit, asymmetric
    { xs: [2, 6, 6, 2], ws: [3, 3, 2, 2], stride: 1, pad: [[0, 0], [3, 3], [1, 4], [0, 0]] }, // padding wider than the filter: wasm's own
    { xs: [2, 9, 8, 3], ws: [3, 3, 3, 4], stride: 2, pad: 'same' }, // strided: wasm's own
  ];
  for (const c of cases) {
    it(`x ${c.xs} w ${c.ws} stride ${c.stride} pad ${JSON.stringify(c.pad)}: forward and dW, dX within 1e-5 relative`, () => expectConv2dMatchesCpu(c));
  }

  it('tf.conv2dTranspose (Conv2DBackpropInput called directly) on wasm: within 1e-5 relative of cpu', async () => {
    const dyd = randn(2 * 6 * 5 * 4);
    const wd = randn(3 * 3 * 3 * 4);
    const f = () => tf.tidy(() => tf.conv2dTranspose(tf.tensor4d(dyd, [2, 6, 5, 4]), tf.tensor4d(wd, [3, 3, 3, 4]), [2, 6, 5, 3], 1, 'same').dataSync().slice());
    const ref = await on('cpu', f);
    const got = await on('wasm', f);
    expect(got.length).toBe(2 * 6 * 5 * 3);
    expectNear(got, ref, 1e-5, 'dX');
  });
});

describe('im2col conv2d and shifted-slice depthwise conv vs tf.conv2d / tf.depthwiseConv2d on cpu', () => {
  for (const pad of ['same', 'valid'] as const) {
    it(`conv2d im2col (${pad}, 3×3 and 1×1) on cpu and wasm: forward and both gradients within 1e-5 relative`, async () => {
      for (const ws of [[3, 3, 4, 6], [1, 1, 4, 5]]) {
        const xs = [2, 10, 9, 4];
        const xd = randn(size(xs));
        const wd = randn(size(ws));
        const native = (x: tf.Tensor, w: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, pad);
        const mk = (impl: ConvImpl) => (x: tf.Tensor, w: tf.Tensor) => conv2dStride1(x as tf.Tensor4D, w as tf.Tensor4D, ws[0] === 1 ? 'same' : pad, impl);
        const ref = await on('cpu', () => valueAndGrads(native, xs, xd, ws, wd, null));
        const r = randn(size(ref.shape));
        const refR = await on('cpu', () => valueAndGrads(native, xs, xd, ws, wd, r));
        for (const be of ['cpu', 'wasm'] as const) {
          const got = await on(be, () => valueAndGrads(mk('im2col'), xs, xd, ws, wd, r));
          expect(got.shape).toEqual(refR.shape);
          expectNear(got.y, refR.y, 1e-5, `${be} y`);
          expectNear(got.gx, refR.gx, 1e-5, `${be} dX`);
          expectNear(got.gw, refR.gw, 1e-5, `${be} dW`);
        }
      }
    });
  }

  it('depthwise 3×3 via shifted slices: forward and gradients within 1e-5 relative of cpu depthwiseConv2d', async () => {
    const xs = [2, 7, 8, 5];
    const ws = [3, 3, 5];
    const xd = randn(size(xs));
    const wd = randn(size(ws));
    const native = (x: tf.Tensor, w: tf.Tensor) => depthwiseConvSame(x as tf.Tensor4D, w as tf.Tensor3D, 'native');
    const shifted = (x: tf.Tensor, w: tf.Tensor) => depthwiseConvSame(x as tf.Tensor4D, w as tf.Tensor3D, 'im2col');
    const r = randn(size(xs));
    const ref = await on('cpu', () => valueAndGrads(native, xs, xd, ws, wd, r));
    for (const be of ['cpu', 'wasm'] as const) {
      const got = await on(be, () => valueAndGrads(shifted, xs, xd, ws, wd, r));
      expectNear(got.y, ref.y, 1e-5, `${be} y`);
      expectNear(got.gx, ref.gx, 1e-5, `${be} dX`);
      expectNear(got.gw, ref.gw, 1e-5, `${be} dW`);
    }
  });
});

describe('BatchMatMul gradient with explicit transposes vs tfjs original (cpu)', () => {
  it('plain, transposed and broadcast products: gradients within 1e-5 relative', async () => {
    const shapes: Array<{ a: number[]; b: number[]; ta: boolean; tb: boolean }> = [
      { a: [3, 7, 5], b: [3, 5, 4], ta: false, tb: false },
      { a: [40, 9], b: [9, 6], ta: false, tb: false },
      { a: [2, 5, 7], b: [2, 4, 5], ta: true, tb: true },
      { a: [2, 7, 5], b: [2, 4, 5], ta: false, tb: true },
    ];
    for (const s of shapes) {
      const ad = randn(size(s.a));
      const bd = randn(size(s.b));
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, s.ta, s.tb);
      const shapeOut = await on('cpu', () => valueAndGrads(f, s.a, ad, s.b, bd, null).shape);
      const r = randn(size(shapeOut));
      // Reference: the original gradient on cpu.
      await initDeepEngine({ backend: 'cpu', kernels: false });
      const ref = valueAndGrads(f, s.a, ad, s.b, bd, r);
      for (const be of ['cpu', 'wasm'] as const) {
        const got = await on(be, () => valueAndGrads(f, s.a, ad, s.b, bd, r));
        expectNear(got.gx, ref.gx, 1e-5, `${be} dA ${JSON.stringify(s)}`);
        expectNear(got.gw, ref.gw, 1e-5, `${be} dB ${JSON.stringify(s)}`);
      }
    }
  });
});

describe('UnsortedSegmentSum on wasm vs cpu', () => {
  it('forward (ids out of range dropped) and the gradient of gather, exact to 1e-6', async () => {
    const xd = randn(12 * 3);
    const ids = Int32Array.from({ length: 12 }, () => rng.int(6) - 1); // includes -1 (dropped)
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor2d(xd, [12, 3]);
        const s = tf.unsortedSegmentSum(x, tf.tensor1d(ids, 'int32'), 5).dataSync().slice();
        const idx = tf.tensor1d([4, 0, 4, 11, 7, 4], 'int32');
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.gather(v, idx), tf.range(0, 18).reshape([6, 3]))))(x).dataSync().slice();
        return { s, g };
      });
    const ref = await on('cpu', run);
    const got = await on('wasm', run);
    expectNear(got.s, ref.s, 1e-6, 'segment sum');
    expectNear(got.g, ref.g, 1e-6, 'gather grad');
    expect(ref.g[4 * 3]).toBe(0 + 6 + 15); // row 4 gathered at positions 0, 2, 5 (column-0 multipliers 0, 6, 15)
  });
});

describe('MaxPoolGrad on wasm (replacement) vs cpu', () => {
  const cases = [
    { xs: [1, 4, 4, 1], f: 2, s: 2, pad: 'valid' as const },
    { xs: [1, 6, 6, 1], f: 2, s: 2, pad: 'valid' as const },
    { xs: [16, 48, 48, 16], f: 2, s: 2, pad: 'valid' as const },
    { xs: [2, 5, 7, 3], f: 2, s: 2, pad: 'valid' as const }, // 2×2 fast path with an uncovered last row and column
    { xs: [2, 7, 9, 3], f: 3, s: 2, pad: 'same' as const },
  ];
  for (const c of cases) {
    it(`x ${c.xs} window ${c.f} stride ${c.s} ${c.pad}: the gradient of max pooling, exact to 1e-6`, async () => {
      // values with a deterministic pattern that made wasm 4.22.0's own kernel drop gradients
      const xd = Float32Array.from({ length: size(c.xs) }, (_, i) => Math.sin(i * 0.37 + 0.1) + 1e-3 * i);
      const run = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(xd, c.xs as [number, number, number, number]);
          const y = tf.maxPool(x, c.f, c.s, c.pad);
          const r = tf.tensor(Float32Array.from({ length: y.size }, (_, i) => 1 + (i % 7)), y.shape);
          return tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(v as tf.Tensor4D, c.f, c.s, c.pad), r)))(x).dataSync().slice();
        });
      const ref = await on('cpu', run);
      const got = await on('wasm', run);
      expectNear(got, ref, 1e-6, 'max-pool gradient');
      // every output's gradient lands somewhere: the totals agree
      const total = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);
      expect(total(got)).toBeCloseTo(total(ref), 2);
    });
  }
});

describe('engine options', () => {
  it('an unknown backend is E_OPTION', async () => {
    await expect(initDeepEngine({ backend: 'no-such-backend' })).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});
