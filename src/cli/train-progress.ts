import type { TrainProgress } from '../deep/index.js';
import { formatMs, progressBar } from './progress.js';

/**
 * One member's training progress as a bar per epoch: loss, validation C, speed and ETA. The last
 * batch of an epoch with validation data is not drawn as the epoch's end (its validation event
 * follows and completes the line), so logs get one line per epoch; an epoch after which training
 * stops early says so, with the epoch whose weights are kept.
 */
export function drawTrainProgress(prefix: string, member: string, p: TrainProgress): void {
  if (p.validationFollows === true) return;
  const valid = p.validC !== undefined ? ` valid C ${p.validC.toFixed(3)}` : '';
  const stop = p.stopsEarly === true ? ` — early stop (best epoch ${(p.bestEpoch ?? p.epoch) + 1})` : '';
  progressBar(`${prefix}${member} epoch ${p.epoch + 1}/${p.epochs}`, p.step, p.steps, `loss ${p.loss.toFixed(3)}${valid} ${p.samplesPerSecond.toFixed(1)} samples/s${stop ? stop : ` ETA ${formatMs(p.etaMs)}`}`);
}
