// Oracle tier (c): behaviour on a planted signal (a bright disc whose intensity sets an exponential
// survival time); the generator's true risk gives the attainable C-index.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildNetwork,
  camMaskScore,
  camOfSample,
  gradCam,
  harrellConcordance,
  plantedSignalDataset,
  predictMember,
  readCheckpoint,
  restoreParams,
  trainMember,
} from '../../src/deep/index.js';
import type { TrainSettingsInput } from '../../src/deep/index.js';

const beta = 4;
const train = plantedSignalDataset({ n: 64, seed: 1, beta });
const valid = plantedSignalDataset({ n: 32, seed: 3, beta });
const test = plantedSignalDataset({ n: 64, seed: 2, beta });
const settings: TrainSettingsInput = {
  seed: 7,
  epochs: 5,
  batchSize: 16,
  learningRate: 1e-2,
  patience: 10,
  network: { kind: 'cnn25d', widths: [8, 16, 24], headWidth: 24, pfsHead: false },
};
const dir = mkdtempSync(join(tmpdir(), 'deep-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cnn25d member on a planted signal (wasm, im2col + shims)', async () => {
  const run1 = await trainMember(train.data, valid.data, settings);
  const scores1 = predictMember(run1.network, test.data).os;
  const oracle = harrellConcordance(test.data.os.time, test.data.os.event, test.trueRisk).concordance;

  it('reaches C > 0.7 on held-out data within 5 epochs (oracle C ≈ 0.8) and the training loss falls', () => {
    expect(oracle).toBeGreaterThan(0.75);
    const c = harrellConcordance(test.data.os.time, test.data.os.event, scores1);
    expect(c.comparable).toBeGreaterThan(1000);
    expect(c.concordance).toBeGreaterThan(0.7);
    expect(run1.history).toHaveLength(5);
    expect(run1.history[run1.history.length - 1].loss).toBeLessThan(run1.history[0].loss);
    expect(run1.bestValidC).toBe(Math.max(...run1.history.map((h) => h.validC as number)));
  });

  it('two runs with the same seed give identical scores; another seed differs', async () => {
    const run2 = await trainMember(train.data, valid.data, settings);
    expect(Array.from(predictMember(run2.network, test.data).os)).toEqual(Array.from(scores1));
    const run3 = await trainMember(train.data, valid.data, { ...settings, seed: 8, epochs: 1 });
    expect(Array.from(predictMember(run3.network, test.data).os)).not.toEqual(Array.from(scores1));
  });

  it('Grad-CAM peak falls on the planted disc (2 px margin) for most samples', () => {
    const cam = gradCam(run1.network, test.data);
    const px = 32 * 32;
    let inside = 0;
    for (let i = 0; i < test.data.n; i++) {
      const s = camMaskScore(cam.maps.subarray(i * px, (i + 1) * px), test.masks.subarray(i * px, (i + 1) * px), 32, 32, 2);
      if (s.peakInside) inside++;
      expect(s.massInside).toBeGreaterThanOrEqual(0);
      expect(s.massInside).toBeLessThanOrEqual(1);
    }
    expect(inside / test.data.n).toBeGreaterThan(0.5);
  });
});

describe('checkpoints and resume', () => {
  it('a resumed run (1 epoch + checkpoint + 1 epoch) equals an uninterrupted 2-epoch run; weights round-trip', async () => {
    const s2 = { ...settings, epochs: 2 };
    const full = await trainMember(train.data, null, s2);
    const base = join(dir, 'ck');
    await trainMember(train.data, null, { ...s2, epochs: 1, checkpointBase: base });
    const ck = readCheckpoint(base);
    expect(ck.epoch).toBe(0);
    expect(ck.inputHashes.train).toMatch(/^[0-9a-f]{64}$/);
    expect(ck.optimizer?.names.length).toBeGreaterThan(1);
    const resumed = await trainMember(train.data, null, s2, { resumeFrom: ck });
    expect(resumed.history.map((h) => h.epoch)).toEqual([0, 1]);
    expect(Array.from(predictMember(resumed.network, test.data).os)).toEqual(Array.from(predictMember(full.network, test.data).os));
    // Rebuilding from the checkpoint's spec and weights reproduces the checkpointed network's scores.
    const rebuilt = buildNetwork(ck.spec as any, 123);
    restoreParams(rebuilt.store, ck.params);
    const again = await trainMember(train.data, null, { ...s2, epochs: 1 });
    expect(Array.from(predictMember(rebuilt, test.data).os)).toEqual(Array.from(predictMember(again.network, test.data).os));
  });

  it('bad inputs: malformed dataset is E_INPUT with issue paths; unknown backend is E_OPTION', async () => {
    const bad = { ...train.data, os: { time: train.data.os.time.map((t, i) => (i === 3 ? NaN : t)), event: train.data.os.event } };
    await expect(trainMember(bad, null, settings)).rejects.toMatchObject({ code: 'E_INPUT', issues: [expect.objectContaining({ code: 'non_finite', path: ['os', 'time', 3] })] });
    await expect(trainMember(train.data, null, { ...settings, backend: 'nope' })).rejects.toMatchObject({ code: 'E_OPTION' });
  });
});

describe('other members train and predict', () => {
  for (const kind of ['autoencoder', 'm3t'] as const) {
    it(`${kind}: one epoch with PFS and an auxiliary head gives finite losses per task and deterministic scores`, async () => {
      const n = train.data.n;
      const aux = { bclc: Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? -1 : i % 3)) };
      const pfs = { time: train.data.os.time.map((t) => Math.max(1, Math.round(t * 0.6))), event: train.data.os.event };
      const data = { ...train.data, channels: 3, pfs, aux };
      const res = await trainMember(data, null, {
        ...settings,
        epochs: 1,
        network: { kind, widths: [8, 16], headWidth: 16, phases: 1, pfsHead: true, auxHeads: [{ name: 'bclc', classes: 3 }] },
      });
      const parts = res.history[0].parts;
      expect(Object.keys(parts).sort()).toEqual(kind === 'autoencoder' ? ['aux.bclc', 'os', 'pfs', 'reconstruction'] : ['aux.bclc', 'os', 'pfs']);
      for (const v of Object.values(parts)) expect(Number.isFinite(v)).toBe(true);
      const p1 = predictMember(res.network, test.data);
      const p2 = predictMember(res.network, test.data, { batchSize: 7 });
      expect(p1.pfs).not.toBeNull();
      for (let i = 0; i < n; i++) expect(Math.abs(p1.os[i] - p2.os[i])).toBeLessThan(1e-5);
      expect(p1.features.length).toBe(test.data.n * 16);
      const cam = gradCam(res.network, test.data, { target: 'pfs' });
      expect(cam.maps.every((v) => v >= 0 && v <= 1)).toBe(true);
      const hw = cam.height * cam.width;
      if (kind === 'autoencoder') {
        expect([cam.sliceMaps, cam.slices]).toEqual([null, 1]);
        expect(camOfSample(cam, 2)).toEqual(cam.maps.subarray(2 * hw, 3 * hw));
      } else {
        // M3T: one map per slice token (3 channels, 1 phase → 3 slices); their mean is the averaged map
        expect(cam.slices).toBe(3);
        const sm = cam.sliceMaps as Float32Array;
        expect(sm.length).toBe(cam.n * 3 * hw);
        expect(camOfSample(cam, 2).length).toBe(3 * hw);
        for (let e = 0; e < cam.n; e++) {
          const own = sm.subarray(e * 3 * hw, (e + 1) * 3 * hw);
          const max = own.reduce((a, b) => Math.max(a, b), 0);
          expect(max === 0 || Math.abs(max - 1) < 1e-6).toBe(true);
          const mean = Float32Array.from({ length: hw }, (_, q) => (own[q] + own[hw + q] + own[2 * hw + q]) / 3);
          const mMax = mean.reduce((a, b) => Math.max(a, b), 0);
          for (let q = 0; q < hw; q += 7) expect(cam.maps[e * hw + q]).toBeCloseTo(mMax > 0 ? mean[q] / mMax : 0, 5);
        }
      }
    });
  }
});
