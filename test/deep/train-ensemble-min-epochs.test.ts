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
