// `trainMembersParallel` reports each member as soon as its worker finishes (what lets an interrupted
// ensemble keep its finished members), with the record it returns for that job; the workers run the
// TypeScript source through test-only module hooks (test/fusion/ts-worker/).
import { describe, expect, it } from 'vitest';
import { plantedSignalDataset, trainMembersParallel } from '../../src/deep/index.js';
import type { TrainedMemberRecord } from '../../src/deep/index.js';

const train = plantedSignalDataset({ n: 24, seed: 1, beta: 4 });
const valid = plantedSignalDataset({ n: 12, seed: 3, beta: 4 });
const workerUrl = new URL('../fusion/ts-worker/train-worker.mjs', import.meta.url);
const settings = (seed: number) => ({ seed, epochs: 1, batchSize: 12, learningRate: 1e-2, widths: [4], headWidth: 4, augment: 'none' as const, network: { kind: 'cnn25d' as const, phases: 3, widths: [4], headWidth: 4 } });

describe('trainMembersParallel onDone', () => {
  it('is called once per job, with its index and the record returned in that slot', async () => {
    const done: { index: number; record: TrainedMemberRecord; resultsKnown: boolean }[] = [];
    const jobs = [0, 1, 2].map((k) => ({ member: `m${k}`, train: train.data, valid: valid.data, settings: settings(10 + k) }));
    let finished = false;
    const records = await trainMembersParallel(jobs, { workers: 2, workerUrl, onDone: (index, record) => done.push({ index, record, resultsKnown: finished }) });
    finished = true;
    expect(done.map((d) => d.index).sort()).toEqual([0, 1, 2]);
    expect(done.every((d) => !d.resultsKnown)).toBe(true);
    for (const d of done) {
      expect(d.record).toBe(records[d.index]);
      expect(d.record.member).toBe(`m${d.index}`);
    }
  }, 120_000);
});
