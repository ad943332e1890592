// Oracle tier (b): a short training run of the default member's architecture gives the same losses and
// scores on the cpu backend (tfjs reference kernels, composite batch norm and swish) and on wasm with
// the project's kernels (fused batch norm and swish, native depthwise convolution, SIMD loops), up to
// float32 rounding; plain wasm with im2col convolution (the benchmark's baseline) starts from the same loss.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNetwork, forwardNetwork } from '../model/network.js';
import { trainableVariables } from '../model/params.js';
import { plantedSignalDataset } from '../planted-signal.js';
import { predictMember } from '../predict.js';
import type { TrainSettingsInput } from '../train.js';
import { trainMember } from '../train.js';
import { initDeepEngine } from './backend.js';

const data = plantedSignalDataset({ n: 24, size: 16, channels: 4, seed: 5 }).data;
const test = plantedSignalDataset({ n: 8, size: 16, channels: 4, seed: 6 }).data;
const settings: TrainSettingsInput = {
  seed: 3,
  epochs: 2,
  batchSize: 8,
  learningRate: 1e-3,
  network: { kind: 'cnn25d', widths: [8, 16, 24], headWidth: 16, phases: 4, pfsHead: false },
};

afterAll(async () => {
  await initDeepEngine({ backend: 'wasm' });
});

/** Train with `extra` settings; the loss of every step (before that step's update). */
async function stepLosses(extra: TrainSettingsInput) {
  const losses: number[] = [];
  const run = await trainMember(data, null, { ...settings, ...extra }, {
    onProgress: (p) => {
      if (p.validC === undefined) losses.push(p.loss);
    },
  });
  return { losses, scores: predictMember(run.network, test).os };
}

describe('training equivalence: cpu vs wasm + project kernels vs plain wasm (im2col)', () => {
  it('every step loss of 6 Adam steps within 1e-5 relative of cpu, held-out scores within 1e-3; plain wasm starts from the same loss', async () => {
    const fused = await stepLosses({ backend: 'wasm', convImpl: 'native' });
    const fusedIm2col = await stepLosses({ backend: 'wasm', convImpl: 'im2col' });
    const plain = await stepLosses({ backend: 'wasm', convImpl: 'im2col', kernels: false });
    const cpu = await stepLosses({ backend: 'cpu', convImpl: 'native' });
    expect(cpu.losses).toHaveLength(6);
    // the steps moved the weights
    expect(Math.abs(cpu.losses[5] - cpu.losses[0])).toBeGreaterThan(1e-2);
    for (const [name, run] of [['wasm + kernels, native conv', fused], ['wasm + kernels, im2col', fusedIm2col]] as const) {
      run.losses.forEach((l, k) => {
        expect(Math.abs(l - cpu.losses[k]), `${name}, step ${k}: ${l} vs cpu ${cpu.losses[k]}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(cpu.losses[k])));
      });
      // Scores are looser than losses: Adam's first steps move each weight by ≈ ±lr whatever the size of
      // its gradient, so weights whose gradient is rounding noise (e.g. shifts that batch norm cancels)
      // move differently on the two backends (≈ 1e-4 in the scores after 6 steps at lr 1e-3).
      const scale = Math.max(1, ...Array.from(cpu.scores, Math.abs));
      for (let i = 0; i < test.n; i++) expect(Math.abs(run.scores[i] - cpu.scores[i]), `${name}, score ${i}`).toBeLessThanOrEqual(1e-3 * scale);
    }
    // Plain wasm computes the same first loss; its later steps differ because tfjs-wasm 4.22.0's own
    // MaxPoolGrad drops some windows' gradients (max-pool-grad-wasm.ts), which the project kernels replace.
    expect(Math.abs(plain.losses[0] - cpu.losses[0])).toBeLessThanOrEqual(1e-5 * Math.abs(cpu.losses[0]));
  }, 120_000);
});

/** Gradients of Σ r ⊙ (OS risk) + Σ r' ⊙ (PFS risk) for every trainable weight of the default member's architecture at 24×24×12. */
function memberGradients(convImpl: 'native' | 'im2col'): Map<string, Float32Array> {
  const net = buildNetwork({ kind: 'cnn25d', height: 24, width: 24, channels: 12, phases: 4, pfsHead: true }, 11);
  const x = tf.tensor4d(Float32Array.from({ length: 6 * 24 * 24 * 12 }, (_, i) => Math.sin(0.37 * i) + 0.1 * Math.cos(0.011 * i)), [6, 24, 24, 12]);
  const r = tf.tensor1d([1, -2, 0.5, 3, -1, 2]);
  const vars = trainableVariables(net.store);
  const loss = () => {
    const o = forwardNetwork(net, x, { training: true, convImpl });
    return tf.add(tf.sum(tf.mul(o.os, r)), tf.sum(tf.mul(o.pfs as tf.Tensor1D, tf.reverse(r)))) as tf.Scalar;
  };
  const { grads } = tf.variableGrads(loss, vars);
  const out = new Map<string, Float32Array>();
  for (const e of net.store.entries.values()) if (e.trainable) out.set(e.name, grads[e.variable.name].dataSync().slice() as Float32Array);
  tf.dispose([x, r, ...Object.values(grads)]);
  return out;
}

describe('one training step of the default member: every weight gradient, cpu vs wasm + project kernels', () => {
  it('each weight tensor\'s gradient within 1e-4 of its largest entry (native and im2col convolution; floor 1e-7 of the largest of all)', async () => {
    await initDeepEngine({ backend: 'cpu' });
    const ref = memberGradients('native');
    for (const impl of ['native', 'im2col'] as const) {
      await initDeepEngine({ backend: 'wasm' });
      const got = memberGradients(impl);
      expect([...got.keys()]).toEqual([...ref.keys()]);
      let global = 0;
      for (const g of ref.values()) for (const v of g) global = Math.max(global, Math.abs(v));
      let compared = 0;
      for (const [name, g] of ref) {
        const w = got.get(name) as Float32Array;
        let scale = 0;
        let diff = 0;
        for (let i = 0; i < g.length; i++) {
          scale = Math.max(scale, Math.abs(g[i]));
          diff = Math.max(diff, Math.abs(w[i] - g[i]));
        }
        // Gradients that are zero in exact arithmetic (a batch-norm shift that the next batch norm
        // cancels) are rounding noise on both backends: compared on the network's overall scale.
        if (scale >= 1e-4 * global) compared++;
        expect(diff, `${impl} ${name}: max diff ${diff}, scale ${scale}, network scale ${global}`).toBeLessThanOrEqual(1e-4 * Math.max(scale, 1e-3 * global));
      }
      expect(compared).toBeGreaterThan(ref.size * 0.8);
    }
  }, 120_000);
});
