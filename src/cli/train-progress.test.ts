import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../deep/index.js';
import { captureStderr } from '../../test/helpers/stderr.js';
import { drawTrainProgress } from './train-progress.js';

const step = (epoch: number, s: number, extra: Partial<TrainProgress> = {}): TrainProgress => ({ epoch, epochs: 5, step: s, steps: 3, loss: 1.23456, elapsedMs: 1000, etaMs: 65_000, samplesPerSecond: 100, ...extra });

describe('drawTrainProgress', () => {
  it('off a terminal writes one line per epoch: the validation event, not the last batch before it', () => {
    const lines = captureStderr(() => {
      for (const e of [0, 1]) {
        drawTrainProgress('deep: ', 'cnn25d', step(e, 1));
        drawTrainProgress('deep: ', 'cnn25d', step(e, 2));
        drawTrainProgress('deep: ', 'cnn25d', step(e, 3, { validationFollows: true }));
        drawTrainProgress('deep: ', 'cnn25d', step(e, 3, { validC: 0.61234, bestEpoch: 0, stopsEarly: e === 1 }));
      }
    });
    expect(lines).toEqual([
      'deep: cnn25d epoch 1/5 [########################] 3/3 loss 1.235 valid C 0.612 100.0 samples/s ETA 1:05\n',
      'deep: cnn25d epoch 2/5 [########################] 3/3 loss 1.235 valid C 0.612 100.0 samples/s — early stop (best epoch 1)\n',
    ]);
  });

  it('without validation the last batch ends the epoch', () => {
    const lines = captureStderr(() => {
      drawTrainProgress('', 'ae', step(0, 2));
      drawTrainProgress('', 'ae', step(0, 3));
    });
    expect(lines).toEqual(['ae epoch 1/5 [########################] 3/3 loss 1.235 100.0 samples/s ETA 1:05\n']);
  });
});
