// Oracle tier (b): edge cases of the project's wasm kernels against the cpu backend (tfjs reference
// kernels) or float64 references computed here: batch 1 and 2, channel counts that are not a multiple
// of 4 (JS loops), odd spatial sizes, explicit pooling padding, zero-variance and badly centred
// batch-norm channels, extreme values, and inputs the fused kernels must refuse.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../core/rng.js';
import { expectNear } from '../../../../test/helpers/near.js';
import { initDeepEngine } from '../backend.js';
import { batchNormTraining, swishOp } from '../fused-ops.js';
import { setHeapSimdEnabled } from './simd/heap-simd.js';

const rng = createRng(20261201);
const randn = (n: number, scale = 1, offset = 0) => Float32Array.from({ length: n }, () => offset + scale * rng.normal());
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
type Arrays = Record<string, Float32Array>;

/** `f` on cpu, then on wasm with the SIMD loops and without. */
async function cpuWasm(f: () => Arrays): Promise<{ ref: Arrays; simd: Arrays; js: Arrays }> {
  await initDeepEngine({ backend: 'cpu' });
  const ref = f();
  await initDeepEngine({ backend: 'wasm' });
  const simd = f();
  setHeapSimdEnabled(false);
  try {
    return { ref, simd, js: f() };
  } finally {
    setHeapSimdEnabled(true);
  }
}

beforeAll(async () => {
  await initDeepEngine({ backend: 'wasm' });
});
afterAll(async () => {
  setHeapSimdEnabled(true);
  await initDeepEngine({ backend: 'wasm' });
});

describe('depthwise backprop kernels: batch 1 / 2, C not a multiple of 4, odd spatial sizes', () => {
  const cases: Array<{ xs: number[]; ws: number[]; stride: number; pad: 'same' | 'valid' }> = [];
  for (const n of [1, 2]) {
    for (const c of [1, 3, 4, 5]) {
      for (const pad of ['same', 'valid'] as const) {
        cases.push({ xs: [n, 7, 7, c], ws: [3, 3, c, 1], stride: 1, pad });
        cases.push({ xs: [n, 7, 9, c], ws: [3, 3, c, 1], stride: 2, pad });
      }
    }
  }
  cases.push({ xs: [1, 7, 7, 3], ws: [2, 2, 3, 2], stride: 1, pad: 'same' }, { xs: [2, 5, 7, 8], ws: [5, 3, 8, 1], stride: 1, pad: 'valid' });
  for (const c of cases) {
    it(`x ${c.xs} w ${c.ws} stride ${c.stride} ${c.pad}: y, dX, dW within 1e-5 relative of cpu (SIMD and JS loops)`, async () => {
      const xd = randn(size(c.xs));
      const wd = randn(size(c.ws));
      const f = (x: tf.Tensor, w: tf.Tensor) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad);
      const run = (): Arrays =>
        tf.tidy(() => {
          const x = tf.tensor(xd, c.xs);
          const w = tf.tensor(wd, c.ws);
          const y = f(x, w);
          const r = tf.tensor(Float32Array.from({ length: y.size }, (_, i) => Math.sin(0.7 * i + 0.3)), y.shape);
          const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)))([x, w]);
          return { y: y.dataSync() as Float32Array, gx: gx.dataSync() as Float32Array, gw: gw.dataSync() as Float32Array };
        });
      const { ref, simd, js } = await cpuWasm(run);
      for (const [name, got] of [['SIMD', simd], ['JS', js]] as const) {
        expectNear(got.y, ref.y, 1e-5, `${name} y`);
        expectNear(got.gx, ref.gx, 1e-5, `${name} dX`);
        expectNear(got.gw, ref.gw, 1e-5, `${name} dW`);
      }
    });
  }
});

describe('MaxPoolGrad replacement: odd sizes, ties, padding forms', () => {
  type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
  const cases: Array<{ xs: number[]; f: number; s: number; pad: Pad }> = [
    { xs: [1, 7, 7, 3], f: 2, s: 2, pad: 'valid' },
    { xs: [2, 7, 7, 5], f: 2, s: 2, pad: 'same' },
    { xs: [1, 9, 7, 4], f: 3, s: 2, pad: 'same' },
    { xs: [2, 8, 8, 2], f: 3, s: 2, pad: 1 },
    { xs: [1, 7, 7, 3], f: 2, s: 2, pad: [[0, 0], [1, 0], [0, 1], [0, 0]] },
    { xs: [2, 8, 9, 2], f: 3, s: 1, pad: [[0, 0], [2, 1], [1, 0], [0, 0]] },
  ];
  for (const c of cases) {
    for (const kind of ['random', 'ties'] as const) {
      it(`x ${c.xs} window ${c.f} stride ${c.s} pad ${JSON.stringify(c.pad)}, ${kind} input: dX exact to 1e-6 of cpu`, async () => {
        // 'ties': post-ReLU-like values (many equal maxima, zeros); the first maximum in row-major order wins.
        const xd = kind === 'random' ? randn(size(c.xs)) : Float32Array.from({ length: size(c.xs) }, (_, i) => Math.max(0, Math.round(2 * Math.sin(i))));
        const run = (): Arrays =>
          tf.tidy(() => {
            const x = tf.tensor4d(xd, c.xs as [number, number, number, number]);
            const p = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, c.f, c.s, c.pad as Parameters<typeof tf.maxPool>[3]);
            const y = p(x);
            const r = tf.tensor(Float32Array.from({ length: y.size }, (_, i) => 1 + Math.sin(0.7 * i)), y.shape);
            return { y: y.dataSync() as Float32Array, gx: tf.grad((a: tf.Tensor) => tf.sum(tf.mul(p(a), r)))(x).dataSync() as Float32Array };
          });
        const { ref, simd } = await cpuWasm(run);
        expectNear(simd.y, ref.y, 1e-6, 'y');
        expectNear(simd.gx, ref.gx, 1e-6, 'dX');
      });
    }
  }
});

/** Float64 mean and biased variance of each channel of x [rows, c]. */
function exactMoments(x: Float32Array, c: number): { mean: Float64Array; variance: Float64Array } {
  const rows = x.length / c;
  const mean = new Float64Array(c);
  const variance = new Float64Array(c);
  for (let p = 0; p < x.length; p++) mean[p % c] += x[p];
  for (let k = 0; k < c; k++) mean[k] /= rows;
  for (let p = 0; p < x.length; p++) variance[p % c] += (x[p] - mean[p % c]) ** 2;
  for (let k = 0; k < c; k++) variance[k] /= rows;
  return { mean, variance };
}

function bnOutputs(xd: Float32Array, xs: number[], eps = 1e-3): Arrays {
  return tf.tidy(() => {
    const c = xs[xs.length - 1];
    const x = tf.tensor(xd, xs);
    const g = tf.tensor1d(Float32Array.from({ length: c }, (_, k) => 1 + 0.1 * k));
    const b = tf.tensor1d(Float32Array.from({ length: c }, (_, k) => 0.05 * k));
    const o = batchNormTraining(x, g, b, eps);
    const r = tf.tensor(Float32Array.from({ length: size(xs) }, (_, i) => Math.cos(0.3 * i)), xs);
    const [gx, gg, gb] = tf.grads((a: tf.Tensor, gg2: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(batchNormTraining(a, gg2, bb, eps).y, r)))([x, g, b]);
    return {
      y: o.y.dataSync() as Float32Array,
      mean: o.mean.dataSync() as Float32Array,
      variance: o.variance.dataSync() as Float32Array,
      gx: gx.dataSync() as Float32Array,
      gg: gg.dataSync() as Float32Array,
      gb: gb.dataSync() as Float32Array,
    };
  });
}

describe('fused batch norm: statistics accuracy and edge cases', () => {
  it('a far outlier in the first row (the one-pass shift) keeps mean and variance within 1e-6 / 1e-5 relative of float64, SIMD and JS', async () => {
    const rows = 16 * 48 * 48;
    const c = 8;
    const xd = randn(rows * c, 1, 0);
    for (let k = 0; k < c; k++) xd[k] = 1000 * (k + 1); // first row far from the bulk
    xd[(rows >> 1) * c + 3] = -4000; // and one outlier inside
    const ex = exactMoments(xd, c);
    await initDeepEngine({ backend: 'wasm' });
    for (const simd of [true, false]) {
      setHeapSimdEnabled(simd);
      const got = bnOutputs(xd, [rows, c]);
      setHeapSimdEnabled(true);
      for (let k = 0; k < c; k++) {
        const sd = Math.sqrt(ex.variance[k]);
        expect(Math.abs(got.mean[k] - ex.mean[k]), `simd ${simd} mean[${k}] ${got.mean[k]} vs ${ex.mean[k]}`).toBeLessThanOrEqual(1e-6 * (Math.abs(ex.mean[k]) + sd));
        expect(Math.abs(got.variance[k] - ex.variance[k]), `simd ${simd} var[${k}] ${got.variance[k]} vs ${ex.variance[k]}`).toBeLessThanOrEqual(1e-5 * ex.variance[k]);
      }
    }
  });

  it('|mean| ≫ std with a sorted (trending) channel: mean and variance within 1e-5 relative of float64', async () => {
    const rows = 4096;
    const c = 4;
    const xd = new Float32Array(rows * c);
    for (let r = 0; r < rows; r++) for (let k = 0; k < c; k++) xd[r * c + k] = 500 + (k + 1) * (r / rows) + 0.01 * Math.sin(r);
    const ex = exactMoments(xd, c);
    await initDeepEngine({ backend: 'wasm' });
    for (const simd of [true, false]) {
      setHeapSimdEnabled(simd);
      const got = bnOutputs(xd, [rows, c]);
      setHeapSimdEnabled(true);
      for (let k = 0; k < c; k++) {
        expect(Math.abs(got.mean[k] - ex.mean[k]), `simd ${simd} mean[${k}]`).toBeLessThanOrEqual(1e-6 * Math.abs(ex.mean[k]));
        // float32 data at ≈ 500 carries ≈ 3e-5 rounding per value: the variance (≈ 0.08 k²) to 1e-5 relative
        expect(Math.abs(got.variance[k] - ex.variance[k]), `simd ${simd} var[${k}] ${got.variance[k]} vs ${ex.variance[k]}`).toBeLessThanOrEqual(1e-5 * ex.variance[k]);
      }
    }
  });

  it('zero-variance channels (constant, and batch 1 with one position): y = β, finite gradients, as cpu', async () => {
    const xs = [2, 3, 3, 6];
    const xd = randn(size(xs));
    for (let p = 0; p < xd.length; p += 6) {
      xd[p + 1] = 2.5; // constant channel
      xd[p + 4] = 0; // all-zero channel
    }
    const { ref, simd, js } = await cpuWasm(() => bnOutputs(xd, xs));
    for (const got of [simd, js]) {
      for (const key of Object.keys(ref)) expectNear(got[key], ref[key], 1e-5, key);
      expect(got.variance[1]).toBe(0);
      expect(got.variance[4]).toBe(0);
      for (let p = 0; p < got.y.length; p += 6) expect(got.y[p + 1]).toBeCloseTo(0.05, 6); // β₁
    }
    for (const shape of [[1, 4], [1, 1, 1, 8]]) {
      const one = randn(size(shape), 3);
      const r = await cpuWasm(() => bnOutputs(one, shape));
      for (const got of [r.simd, r.js]) {
        for (const key of Object.keys(r.ref)) expectNear(got[key], r.ref[key], 1e-5, `${shape} ${key}`);
        for (const v of got.gx) expect(Number.isFinite(v)).toBe(true);
      }
    }
  });

  it('batch 1 and batch 2 images, C = 3 and C = 8: everything within 1e-5 relative of cpu', async () => {
    for (const xs of [[1, 7, 7, 3], [2, 7, 7, 3], [1, 5, 5, 8], [2, 5, 5, 8]]) {
      const xd = randn(size(xs), 2, 1);
      const { ref, simd, js } = await cpuWasm(() => bnOutputs(xd, xs));
      for (const got of [simd, js]) for (const key of Object.keys(ref)) expectNear(got[key], ref[key], 1e-5, `${xs} ${key}`);
    }
  });

  it('very large (1e15) and very small (1e-20) magnitudes: y and gradients as cpu, nothing NaN', async () => {
    for (const scale of [1e15, 1e-20]) {
      const xs = [64, 8];
      const xd = randn(size(xs), scale, 3 * scale);
      const { ref, simd, js } = await cpuWasm(() => bnOutputs(xd, xs));
      for (const got of [simd, js]) {
        for (const key of Object.keys(ref)) for (const v of got[key]) expect(Number.isFinite(v), `${scale} ${key}`).toBe(true);
        // at 1e15, var ≫ ε: y and dx are scale-free; at 1e-20, var (≈ 1e-40, float32 subnormal) ≪ ε
        expectNear(got.y, ref.y, 1e-5, `${scale} y`);
        expectNear(got.gx, ref.gx, 1e-5, `${scale} dx`);
        expectNear(got.gb, ref.gb, 1e-5, `${scale} dβ`);
        if (scale > 1) for (let k = 0; k < 8; k++) expect(Math.abs(got.variance[k] - ref.variance[k])).toBeLessThanOrEqual(1e-5 * ref.variance[k]);
      }
    }
  });

  it('γ or β not of length C is refused (E_OPTION) instead of reading past them', async () => {
    await initDeepEngine({ backend: 'wasm' });
    const x = tf.ones([4, 3]);
    expect(() => batchNormTraining(x, tf.ones([1]), tf.zeros([3]), 1e-3)).toThrow(/gamma/);
    expect(() => batchNormTraining(x, tf.ones([3]), tf.zeros([2]), 1e-3)).toThrow(/beta/);
    expect(() => batchNormTraining(x, tf.ones([3, 1]), tf.zeros([3]), 1e-3)).toThrow(/gamma/);
    tf.disposeVariables();
    x.dispose();
  });
});

describe('fused swish: extremes as cpu', () => {
  it('±1e30, ±100, ±20, 0 and ±∞: y and dy/dx as x·sigmoid(x) on cpu (NaN where cpu is NaN)', async () => {
    const xd = Float32Array.from([-1e30, -100, -20, -1, 0, 1, 20, 100, 1e30, -Infinity, Infinity, 3]);
    const { ref, simd, js } = await cpuWasm(() =>
      tf.tidy(() => {
        const x = tf.tensor1d(xd);
        return { y: swishOp(x).dataSync() as Float32Array, g: tf.grad((v: tf.Tensor) => tf.sum(swishOp(v)))(x).dataSync() as Float32Array };
      }),
    );
    for (const got of [simd, js]) {
      for (let i = 0; i < xd.length; i++) {
        expect(Number.isNaN(got.y[i]), `y(${xd[i]})`).toBe(Number.isNaN(ref.y[i]));
        expect(Number.isNaN(got.g[i]), `g(${xd[i]})`).toBe(Number.isNaN(ref.g[i]));
        if (!Number.isFinite(ref.y[i])) expect(got.y[i], `y(${xd[i]})`).toBe(ref.y[i]);
        else expect(Math.abs(got.y[i] - ref.y[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ref.y[i])));
        if (!Number.isNaN(ref.g[i])) expect(Math.abs(got.g[i] - ref.g[i])).toBeLessThanOrEqual(1e-6);
      }
    }
  });
});
