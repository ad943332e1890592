// The ensemble's `minEpochs` reaches every member: best-model selection and early stopping start only
// after that many epochs (the paper skips the first 50 of 250), so the kept weights come from an epoch
// >= minEpochs even when an earlier epoch validated better.
import { describe, expect, it } from 'vitest';
import { plantedSignalDataset, trainEnsemble, tumourStackSpecSchema } from '../../src/deep/index.js';

const train = plantedSignalDataset({ n: 48, seed: 1, beta: 4 });
const valid = plantedSignalDataset({ n: 24, seed: 3, beta: 4 });
const stack = tumourStackSpecSchema.parse({ phases: ['a', 'b', 'c'], slices: 1, size: [32, 32] });
const base = { members: ['cnn25d' as const], seed: 2, epochs: 4, batchSize: 16, learningRate: 1e-2, widths: [8], headWidth: 8, augment: 'none' as const, patience: 1 };

describe('trainEnsemble minEpochs', () => {
  it('keeps an epoch at or after minEpochs, and records the setting with the member', async () => {
    const t = await trainEnsemble(train.data, valid.data, stack, { ...base, minEpochs: 3 });
    const m = t.members[0];
    expect(m.bestEpoch).toBe(3);
    expect(m.history).toHaveLength(4);
    expect((m.settings as { minEpochs: number }).minEpochs).toBe(3);
  });

  it('defaults to 0 (selection from the first epoch)', async () => {
    const t = await trainEnsemble(train.data, valid.data, stack, base);
    expect((t.members[0].settings as { minEpochs: number }).minEpochs).toBe(0);
  });
});

describe('training progress events', () => {
  it('flag the last batch when a validation event follows, give one validation event per epoch, and announce early stopping', async () => {
    const events: { member: string; p: import('../../src/deep/index.js').TrainProgress }[] = [];
    const t = await trainEnsemble(train.data, valid.data, stack, { ...base, epochs: 8, patience: 1 }, { onProgress: (member, p) => events.push({ member, p }) });
    const m = t.members[0];
    const epochsRun = m.history.length;
    const validation = events.filter((e) => e.p.validC !== undefined);
    expect(validation.map((e) => e.p.epoch)).toEqual(Array.from({ length: epochsRun }, (_, i) => i));
    const lastBatches = events.filter((e) => e.p.validC === undefined && e.p.step === e.p.steps);
    expect(lastBatches).toHaveLength(epochsRun);
    expect(lastBatches.every((e) => e.p.validationFollows === true)).toBe(true);
    expect(events.filter((e) => e.p.step < e.p.steps).every((e) => e.p.validationFollows === undefined)).toBe(true);
    const stops = validation.filter((e) => e.p.stopsEarly === true);
    const stoppedEarly = epochsRun < 8;
    expect(stops.length).toBe(stoppedEarly ? 1 : 0);
    if (stoppedEarly) {
      expect(stops[0].p.epoch).toBe(epochsRun - 1);
      expect(stops[0].p.bestEpoch).toBe(m.bestEpoch);
    }
  });
});
