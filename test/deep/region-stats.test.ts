// Region statistics: a member's tumour and ring mean / SD of a shared per-slice conv, pooled over all
// the stack's slices (spread slices included), joined to the features its heads read.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { HccError } from '../../src/core/errors.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNetwork, forwardNetwork, initDeepEngine, loadEnsembleBundle, predictMember, saveEnsembleBundle, trainEnsemble, tumourStackSpecSchema } from '../../src/deep/index.js';
import { regionMasks, weightedMoments } from '../../src/deep/model/region-stats.js';

await initDeepEngine({ backend: 'wasm' });

let seed = 7;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

describe('weightedMoments', () => {
  it('gives the mean and SD over the weighted pixels, pooled over each sample\'s slices', () => {
    const [n, h, w, c, groups] = [4, 3, 3, 2, 2];
    const a = Float32Array.from({ length: n * h * w * c }, () => rnd() * 10 - 5);
    const m = Float32Array.from({ length: n * h * w }, () => (rnd() < 0.4 ? 1 : 0));
    const got = tf.tidy(() => weightedMoments(tf.tensor4d(a, [n, h, w, c]), tf.tensor4d(m, [n, h, w, 1]), groups).arraySync());
    for (let b = 0; b < n / groups; b++) {
      for (let ch = 0; ch < c; ch++) {
        const vals: number[] = [];
        for (let r = b * groups; r < (b + 1) * groups; r++) for (let q = 0; q < h * w; q++) if (m[r * h * w + q]) vals.push(a[(r * h * w + q) * c + ch]);
        const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
        const sd = Math.sqrt(vals.reduce((s, v) => s + (v - mean) ** 2, 0) / vals.length);
        expect(vals.length).toBeGreaterThan(1);
        expect(got[b][ch]).toBeCloseTo(mean, 4);
        expect(got[b][c + ch]).toBeCloseTo(sd, 3);
      }
    }
  });

  it('gives 0 for a region without pixels (never NaN)', () => {
    const got = tf.tidy(() => weightedMoments(tf.ones([2, 2, 2, 3]) as tf.Tensor4D, tf.zeros([2, 2, 2, 1]) as tf.Tensor4D, 1).dataSync());
    for (const v of got) expect(Number.isFinite(v) && Math.abs(v) < 0.011).toBe(true);
  });
});

describe('regionMasks', () => {
  it('reads each slice\'s last channel as the tumour and takes its one-pixel ring', () => {
    // 1 sample, 5 × 5, 2 slices × (1 image channel + mask): slice 0 tumour = the centre pixel, slice 1 = the central 3 × 3
    const H = 5, P = 2, S = 2;
    const x = new Float32Array(H * H * S * P);
    for (let y = 0; y < H; y++) for (let xx = 0; xx < H; xx++) {
      const at = (s: number, p: number) => (y * H + xx) * S * P + s * P + p;
      x[at(0, 0)] = x[at(1, 0)] = 0.3;
      if (y === 2 && xx === 2) x[at(0, 1)] = 1;
      if (Math.abs(y - 2) <= 1 && Math.abs(xx - 2) <= 1) x[at(1, 1)] = 1;
    }
    const { mask, ring, perSample } = regionMasks(tf.tensor4d(x, [1, H, H, S * P]), P);
    const m = mask.dataSync(), r = ring.dataSync();
    expect(perSample).toBe(2);
    const sum = (v: Float32Array | Int32Array | Uint8Array, s: number) => Array.from(v.subarray(s * H * H, (s + 1) * H * H)).reduce((a, b) => a + b, 0);
    expect([sum(m, 0), sum(r, 0)]).toEqual([1, 8]);
    expect([sum(m, 1), sum(r, 1)]).toEqual([9, 16]);
    for (let q = 0; q < H * H * S; q++) expect(m[q] * r[q]).toBe(0); // the ring is outside the tumour
  });
});

describe('a member with region statistics', () => {
  // 4 slices × 3 channels (2 phases + mask); the trunk reads the first 2 slices (6 channels)
  const H = 16, C = 12, P = 3;
  function stack(b: number, extraValue: number): Float32Array {
    const d = new Float32Array(b * H * H * C);
    for (let i = 0; i < b; i++) for (let y = 0; y < H; y++) for (let x = 0; x < H; x++) for (let s = 0; s < 4; s++) {
      const inside = Math.abs(y - 8) <= 3 && Math.abs(x - 8) <= 3;
      const o = ((i * H + y) * H + x) * C + s * P;
      d[o] = s < 2 ? 0.2 + 0.5 * rnd() : extraValue * (0.5 + rnd());
      d[o + 1] = s < 2 ? 0.3 + 0.4 * rnd() : extraValue;
      d[o + 2] = inside ? 1 : 0;
    }
    return d;
  }
  const spec = { kind: 'cnn25d' as const, height: H, width: H, channels: C, phases: P, widths: [4, 8], headWidth: 8, pfsHead: false, trunkChannels: 6 };
  const mode = { training: false, convImpl: 'native' as const };

  it('joins 4 × width statistics to the features, and its score reads the slices beyond the trunk\'s', () => {
    const net = buildNetwork({ ...spec, regionStats: 5 }, 11);
    seed = 7;
    const a = tf.tensor4d(stack(2, 0.1), [2, H, H, C]);
    seed = 7;
    const b = tf.tensor4d(stack(2, 0.9), [2, H, H, C]); // same trunk slices, other spread slices
    const oa = forwardNetwork(net, a, mode), ob = forwardNetwork(net, b, mode);
    expect(oa.features.shape).toEqual([2, 8 + 4 * 5]);
    const da = oa.os.dataSync(), db = ob.os.dataSync();
    expect(Math.abs(da[0] - db[0]) + Math.abs(da[1] - db[1])).toBeGreaterThan(1e-4);
    // without region statistics the trunk alone never sees those slices
    const plain = buildNetwork({ ...spec, regionStats: 0 }, 11);
    const pa = forwardNetwork(plain, a, mode).os.dataSync(), pb = forwardNetwork(plain, b, mode).os.dataSync();
    expect(Array.from(pa)).toEqual(Array.from(pb));
  });

  it('trains: the region stem gets gradients', () => {
    const net = buildNetwork({ ...spec, regionStats: 5 }, 11);
    const x = tf.tensor4d(stack(3, 0.5), [3, H, H, C]);
    const stem = net.store.entries.get('region.stem.w');
    expect(stem?.trainable).toBe(true);
    const { grads } = tf.variableGrads(() => tf.sum(forwardNetwork(net, x, { training: true, convImpl: 'im2col' }).os) as tf.Scalar, [stem!.variable]);
    const g = Object.values(grads)[0].dataSync();
    expect(g.some((v) => Math.abs(v) > 1e-8)).toBe(true);
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
  });

  it('rejects a trunk view that is not whole slices, and region statistics on cnn3d', () => {
    expect(() => buildNetwork({ ...spec, trunkChannels: 5 }, 1)).toThrow(HccError);
    expect(() => buildNetwork({ ...spec, trunkChannels: 15 }, 1)).toThrow(/trunkChannels/);
    expect(() => buildNetwork({ kind: 'cnn3d', height: H, width: H, channels: C, phases: P, widths: [4, 8], regionStats: 2 }, 1)).toThrow(/regionStats/);
  });
});

describe('an ensemble with region statistics and spread slices', () => {
  // 24 patients, 16 × 16, 1 adjacent + 2 spread slices × (2 phases + mask)
  const n = 24, H = 16, S = 3, CP = 3, C = S * CP;
  const images = new Float32Array(n * H * H * C);
  const time = new Float64Array(n), event = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const level = i / n;
    for (let y = 0; y < H; y++) for (let x = 0; x < H; x++) for (let s = 0; s < S; s++) {
      const inside = Math.abs(y - 8) <= 3 && Math.abs(x - 8) <= 3;
      const o = ((i * H + y) * H + x) * C + s * CP;
      images[o] = (s === 0 ? 0.4 : inside ? level : 0.2) + 0.05 * rnd();
      images[o + 1] = 0.3 + 0.05 * rnd();
      images[o + 2] = inside ? 1 : 0;
    }
    time[i] = 30 * (1 - level) + 1 + rnd();
    event[i] = i % 5 === 0 ? 0 : 1;
  }
  const data = { n, height: H, width: H, channels: C, images, os: { time, event } };
  const stack = tumourStackSpecSchema.parse({ phases: ['a', 'b'], slices: 1, spreadSlices: 2, maskChannel: true, size: [H, H] });
  const settings = { members: ['cnn25d' as const], seed: 3, epochs: 2, batchSize: 8, learningRate: 1e-2, widths: [4, 8], headWidth: 8, augment: 'none' as const, regionStats: 4 };

  it('trains, saves and loads: the loaded members give the same scores, with the trunk on the adjacent slice only', async () => {
    const t = await trainEnsemble(data, null, stack, settings);
    const spec = t.networks[0].network.spec;
    expect([spec.trunkChannels, spec.regionStats, spec.channels]).toEqual([CP, 4, C]);
    const dir = mkdtempSync(join(tmpdir(), 'mmf-region-stats-'));
    saveEnsembleBundle(dir, stack, t.members, { os: t.ensemble.os, pfs: t.ensemble.pfs });
    const loaded = loadEnsembleBundle(dir);
    expect(loaded.stack.spreadSlices).toBe(2);
    const a = predictMember(t.networks[0].network, data).os, b = predictMember(loaded.members[0].network, data).os;
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('without the mask channel, or with a cnn3d member: a coded option error before any training', async () => {
    await expect(trainEnsemble(data, null, { ...stack, maskChannel: false }, settings)).rejects.toThrow(/maskChannel/);
    await expect(trainEnsemble(data, null, stack, { ...settings, members: ['cnn25d', 'cnn3d'] })).rejects.toThrow(/not cnn3d/);
  });
});
