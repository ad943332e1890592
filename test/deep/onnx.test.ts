// ONNX import: a tiny network written as ONNX protobuf bytes in the test, run by onnxruntime-node,
// compared with the same weights run in tfjs (cpu backend).
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import type { HccError } from '../../src/core/errors.js';
import { loadOnnxModel, predictOnnx, toOnnxLayout } from '../../src/deep/index.js';
import { encodeOnnxModel } from './helpers/onnx-protobuf.js';
import type { OnnxNode } from './helpers/onnx-protobuf.js';

const rng = createRng(5);
const rand = (n: number, s = 0.3) => Float32Array.from({ length: n }, () => s * rng.normal());
const B = 5, H = 12, W = 12, P = 3, S = 2, C = S * P, F = 4;
const data = { n: B, height: H, width: W, channels: C, images: rand(B * H * W * C, 1) };
const w = { conv: rand(F * C * 9), bias: rand(F), os: rand(F), osB: rand(1), pfs: rand(F), pfsB: rand(1) };
const head = (featuresName: string): OnnxNode[] => [
  { op: 'GlobalAveragePool', inputs: ['act'], outputs: ['gap'] },
  { op: 'Flatten', inputs: ['gap'], outputs: [featuresName], attrs: { axis: { i: 1 } } },
  { op: 'Gemm', inputs: [featuresName, 'w_os', 'b_os'], outputs: ['os'], attrs: { transB: { i: 1 } } },
  { op: 'Gemm', inputs: [featuresName, 'w_pfs', 'b_pfs'], outputs: ['pfs'], attrs: { transB: { i: 1 } } },
];
const headWeights = { w_os: { dims: [1, F], values: w.os }, b_os: { dims: [1], values: w.osB }, w_pfs: { dims: [1, F], values: w.pfs }, b_pfs: { dims: [1], values: w.pfsB } };
const outputs = [{ name: 'os', dims: ['batch', 1] }, { name: 'pfs', dims: ['batch', 1] }, { name: 'features', dims: ['batch', F] }];

const model2d = encodeOnnxModel({
  nodes: [{ op: 'Conv', inputs: ['x', 'w_conv', 'b_conv'], outputs: ['c'], attrs: { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } } }, { op: 'Relu', inputs: ['c'], outputs: ['act'] }, ...head('features')],
  weights: { w_conv: { dims: [F, C, 3, 3], values: w.conv }, b_conv: { dims: [F], values: w.bias }, ...headWeights },
  inputs: [{ name: 'x', dims: ['batch', C, H, W] }],
  outputs,
});

/** Same network in tfjs: OIHW kernel → HWIO, 'same' padding, ReLU, spatial mean, two dense heads. */
function tfjsReference(): { os: Float32Array; pfs: Float32Array; features: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(data.images, [B, H, W, C]);
    const k = tf.transpose(tf.tensor4d(w.conv, [F, C, 3, 3]), [2, 3, 1, 0]) as tf.Tensor4D;
    const act = tf.relu(tf.add(tf.conv2d(x, k, 1, 'same'), tf.tensor1d(w.bias)));
    const feat = tf.mean(act, [1, 2]) as tf.Tensor2D;
    const dense = (wt: Float32Array, b: Float32Array) => tf.add(tf.matMul(feat, tf.tensor2d(wt, [F, 1])), b[0]).dataSync() as Float32Array;
    return { os: dense(w.os, w.osB), pfs: dense(w.pfs, w.pfsB), features: feat.dataSync() as Float32Array };
  });
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
};

describe('ONNX members through onnxruntime-node', async () => {
  await tf.setBackend('cpu');
  const m = await loadOnnxModel(model2d, { layout: 'nchw', osOutput: 'os', pfsOutput: 'pfs', featuresOutput: 'features' });
  afterAll(() => m.release());

  it('2-D Conv/Relu/GlobalAveragePool/Gemm model equals tfjs with the same weights (batch split 2+2+1)', async () => {
    const ref = tfjsReference();
    const seen: number[] = [];
    const out = await predictOnnx(m, data, { batchSize: 2, onProgress: (d) => seen.push(d) });
    expect(seen).toEqual([2, 4, 5]);
    expect(out.featureDim).toBe(F);
    close(out.os, ref.os, 1e-5);
    close(out.pfs!, ref.pfs, 1e-5);
    close(out.features, ref.features, 1e-5);
    expect(new Set(Array.from(out.os)).size).toBe(B); // scores really differ per sample
  });

  it('several views per sample: the outputs are the mean of the views\' outputs', async () => {
    const per = data.height * data.width * data.channels;
    const images = new Float32Array(B * 2 * per);
    for (let i = 0; i < B; i++) {
      images.set(data.images.subarray(i * per, (i + 1) * per), 2 * i * per);
      const j = (i + 1) % B;
      images.set(data.images.subarray(j * per, (j + 1) * per), (2 * i + 1) * per);
    }
    const two = await predictOnnx(m, { ...data, views: 2, images });
    const one = await predictOnnx(m, data); // view 0 of sample i = sample i; view 1 = sample i + 1
    for (let i = 0; i < B; i++) {
      expect(two.os[i]).toBeCloseTo((one.os[i] + one.os[(i + 1) % B]) / 2, 5);
      expect(two.pfs![i]).toBeCloseTo((one.pfs![i] + one.pfs![(i + 1) % B]) / 2, 5);
    }
    expect(two.features[1]).toBeCloseTo((one.features[1] + one.features[F + 1]) / 2, 5);
  });

  it('3-D (NCDHW: phases as channels, slices as depth) model equals tfjs conv3d', async () => {
    const k3 = rand(F * P * 27);
    const m3 = await loadOnnxModel(encodeOnnxModel({
      nodes: [{ op: 'Conv', inputs: ['x', 'w_conv', 'b_conv'], outputs: ['c'], attrs: { kernel_shape: { ints: [3, 3, 3] }, pads: { ints: [1, 1, 1, 1, 1, 1] } } }, { op: 'Relu', inputs: ['c'], outputs: ['act'] }, ...head('feat3')],
      weights: { w_conv: { dims: [F, P, 3, 3, 3], values: k3 }, b_conv: { dims: [F], values: w.bias }, ...headWeights },
      inputs: [{ name: 'x', dims: ['batch', P, S, H, W] }],
      outputs: [{ name: 'os', dims: ['batch', 1] }],
    }), { layout: 'ncdhw', phases: P });
    const out = await predictOnnx(m3, data);
    await m3.release();
    const ref = tf.tidy(() => {
      // NHWC with channel = slice·P + phase → NDHWC [B, S, H, W, P]
      const x = tf.transpose(tf.reshape(tf.tensor4d(data.images, [B, H, W, C]), [B, H, W, S, P]), [0, 3, 1, 2, 4]) as tf.Tensor5D;
      const k = tf.transpose(tf.tensor(k3, [F, P, 3, 3, 3]), [2, 3, 4, 1, 0]) as tf.Tensor5D;
      const feat = tf.mean(tf.relu(tf.add(tf.conv3d(x, k, 1, 'same'), tf.tensor1d(w.bias))), [1, 2, 3]) as tf.Tensor2D;
      return tf.add(tf.matMul(feat, tf.tensor2d(w.os, [F, 1])), w.osB[0]).dataSync() as Float32Array;
    });
    close(out.os, ref, 1e-5);
    expect(out.pfs).toBeNull();
    expect(out.featureDim).toBe(0);
  });

  it('toOnnxLayout: NHWC → NCHW and NCDHW place every value where expected', () => {
    const block = Float32Array.from({ length: 2 * 2 * 3 * 6 }, (_, i) => i);
    const nchw = toOnnxLayout(block, 2, 2, 3, 6, 'nchw');
    expect(nchw.dims).toEqual([2, 6, 2, 3]);
    expect(nchw.data[((1 * 6 + 4) * 2 + 1) * 3 + 2]).toBe(block[((1 * 2 + 1) * 3 + 2) * 6 + 4]);
    const ncdhw = toOnnxLayout(block, 2, 2, 3, 6, 'ncdhw', 3);
    expect(ncdhw.dims).toEqual([2, 3, 2, 2, 3]);
    // phase 2 of slice 1 = channel 1·3 + 2 = 5
    expect(ncdhw.data[(((1 * 3 + 2) * 2 + 1) * 2 + 0) * 3 + 1]).toBe(block[((1 * 2 + 0) * 3 + 1) * 6 + 5]);
    expect(toOnnxLayout(block, 2, 2, 3, 6, 'nhwc').data).toBe(block);
    expect(() => toOnnxLayout(block, 2, 2, 3, 6, 'ncdhw', 4)).toThrow(/not slices × 4 phases/);
  });

  it('reports unreadable models and unknown names', async () => {
    const err = async (p: Promise<unknown>) => p.then(() => { throw new Error('no throw'); }, (e: HccError) => e);
    expect((await err(loadOnnxModel(Uint8Array.of(1, 2, 3)))).code).toBe('E_INPUT');
    expect((await err(loadOnnxModel('/nonexistent/model.onnx'))).code).toBe('E_IO');
    const e = await err(loadOnnxModel(model2d, { osOutput: 'risk' }));
    expect(e.code).toBe('E_OPTION');
    expect(e.message).toMatch(/unknown output "risk" \(model outputs: os, pfs, features\)/);
    const wrong = await loadOnnxModel(model2d, { osOutput: 'features' });
    await expect(predictOnnx(wrong, data)).rejects.toThrow(/output "features" has 20 values \[5, 4\], expected 5 × 1/);
    await wrong.release();
  });
});
