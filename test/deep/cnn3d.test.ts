// The opt-in true 3-D member: same outputs on wasm and cpu (stride-1 3-D convolutions only), and it
// learns a planted signal (a bright blob whose intensity sets the hazard) read as a 3-slice volume.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildNetwork, forwardNetwork, harrellConcordance, initDeepEngine, plantedSignalDataset, predictMember, trainMember } from '../../src/deep/index.js';

describe('cnn3d member', () => {
  it('gives the same risk and input gradient on the wasm and cpu backends', async () => {
    const spec = { kind: 'cnn3d' as const, height: 8, width: 8, channels: 6, phases: 2, widths: [4, 6], headWidth: 6, pfsHead: false };
    const x = plantedSignalDataset({ n: 2, size: 8, channels: 6, seed: 4 }).data.images;
    const run = async (backend: string) => {
      await initDeepEngine({ backend });
      const net = buildNetwork(spec, 5);
      const xt = tf.tensor4d(x, [2, 8, 8, 6]);
      const mode = { training: false, convImpl: 'native' as const };
      const risk = Array.from(forwardNetwork(net, xt, mode).os.dataSync());
      const g = tf.grad((inp: tf.Tensor) => tf.sum(forwardNetwork(net, inp as tf.Tensor4D, mode).os))(xt);
      return { risk, grad: Array.from(g.dataSync()) };
    };
    const a = await run('wasm');
    const b = await run('cpu');
    await initDeepEngine({ backend: 'wasm' });
    a.risk.forEach((v, i) => expect(v).toBeCloseTo(b.risk[i], 4));
    const scale = Math.max(...b.grad.map(Math.abs));
    a.grad.forEach((v, i) => expect(Math.abs(v - b.grad[i])).toBeLessThan(1e-4 * scale + 1e-7));
  });

  it('learns a planted signal read as a volume of 3 slices (held-out C > 0.65)', async () => {
    const make = (n: number, seed: number) => plantedSignalDataset({ n, size: 16, channels: 3, seed, beta: 4 });
    const train = make(64, 1), valid = make(32, 3), test = make(64, 2);
    const r = await trainMember(train.data, valid.data, { seed: 7, epochs: 5, batchSize: 16, learningRate: 1e-2, patience: 10, convImpl: 'native', network: { kind: 'cnn3d', phases: 1, widths: [6, 8], headWidth: 8, pfsHead: false } });
    const p = predictMember(r.network, test.data).os;
    expect(harrellConcordance(test.data.os.time, test.data.os.event, p).concordance).toBeGreaterThan(0.65);
  }, 120_000);
});

describe('tfjs-wasm 4.22.0 MaxPool3D with a [1, 2, 2] window (the bug cnn3d works around)', () => {
  it('differs from a hand computation on wasm while 2-D pooling per slice agrees', async () => {
    await initDeepEngine({ backend: 'wasm' });
    const D = 3, H = 8, W = 8, C = 2;
    const x = Array.from({ length: D * H * W * C }, (_, i) => Math.sin(i * 0.37));
    const hand: number[] = [];
    for (let d = 0; d < D; d++) for (let h = 0; h < H / 2; h++) for (let w = 0; w < W / 2; w++) for (let c = 0; c < C; c++) {
      let m = -Infinity;
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) m = Math.max(m, x[((d * H + 2 * h + a) * W + 2 * w + b) * C + c]);
      hand.push(m);
    }
    const maxDiff = (p: ArrayLike<number>) => hand.reduce((acc, v, i) => Math.max(acc, Math.abs(v - p[i])), 0);
    const pool3d = tf.maxPool3d(tf.tensor5d(x, [1, D, H, W, C]), [1, 2, 2], [1, 2, 2], 'valid').dataSync();
    const perSlice = tf.maxPool(tf.tensor4d(x, [D, H, W, C]), 2, 2, 'valid').dataSync();
    expect(maxDiff(perSlice)).toBeLessThan(1e-6);
    // If this starts failing, tfjs fixed the kernel and cnn3d may use tf.maxPool3d again.
    expect(maxDiff(pool3d)).toBeGreaterThan(0.1);
  });
});
