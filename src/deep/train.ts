import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { HccError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { createRng, permutation } from '../core/rng.js';
import type { DeepCheckpoint } from './checkpoints.js';
import { writeCheckpoint } from './checkpoints.js';
import type { DeepDataset } from './dataset.js';
import { assertDeepDataset, gatherImages, hashDeepDataset } from './dataset.js';
import { initDeepEngine } from './engine/backend.js';
import { coxBatchLayout, coxBatchLayoutUnsorted, orderByTimeDescending } from './loss/cox-partial-likelihood.js';
import { harrellConcordance } from './metrics/harrell-concordance.js';
import type { BatchTargets } from './model/multitask-loss.js';
import { multitaskLoss, multitaskWeightingSchema } from './model/multitask-loss.js';
import type { Network } from './model/network.js';
import { buildNetwork, forwardNetwork } from './model/network.js';
import { networkSpecSchema } from './model/network-spec.js';
import type { ParamSnapshot } from './model/params.js';
import { restoreParams, snapshotParams, trainableVariables } from './model/params.js';
import { predictMember } from './predict.js';

/** Training settings (zod; the parsed value is recorded in checkpoints). Sizes come from the dataset. */
export const trainSettingsSchema = z.object({
  /** tfjs backend: the one setting to change for a faster backend. */
  backend: z.string().min(1).default('wasm'),
  /** Register the project's kernels (see `initDeepEngine`); off only to benchmark plain tfjs. */
  kernels: z.boolean().default(true),
  seed: z.number().int().default(1),
  epochs: z.number().int().min(1).default(30),
  batchSize: z.number().int().min(2).default(16),
  learningRate: z.number().positive().default(1e-3),
  /** Stop after this many epochs without a better validation C-index. */
  patience: z.number().int().min(1).default(8),
  /** Epochs before best-model selection and early stopping start (the paper skips 50 of 250). */
  minEpochs: z.number().int().min(0).default(0),
  /** Convolution implementation in training ('native' with the project's Conv2DBackpropFilter is the fast one on wasm; 'im2col' runs without it). */
  convImpl: z.enum(['im2col', 'native']).default('native'),
  /**
   * Augmentation (seeded): 'flip' mirrors each sample left-right with probability ½; 'dihedral' applies
   * one of the 8 in-plane symmetries of the square (identity, 3 quarter turns, 4 mirrors) with equal
   * probability (flips only when the stack is not square).
   */
  augment: z.enum(['none', 'flip', 'dihedral']).default('none'),
  weighting: multitaskWeightingSchema.default({ kind: 'uncertainty' }),
  network: networkSpecSchema.omit({ height: true, width: true, channels: true }).prefault({}),
  /** Write a checkpoint after every epoch to `<checkpointBase>.json/.bin` (optional). */
  checkpointBase: z.string().optional(),
});
export type TrainSettings = z.output<typeof trainSettingsSchema>;
export type TrainSettingsInput = z.input<typeof trainSettingsSchema>;

/** Progress report (the library never prints; callers render it). */
export interface TrainProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
  readonly elapsedMs: number;
  /** Estimated time left for all remaining epochs at the current rate. */
  readonly etaMs: number;
  readonly samplesPerSecond: number;
  /** Validation C-index, on the last step of an epoch with validation data. */
  readonly validC?: number;
  /** On the last batch of an epoch whose validation event (with `validC`) follows: that event completes the epoch. */
  readonly validationFollows?: boolean;
  /** On an epoch's validation event: training stops after this epoch (no better validation C for `patience` epochs). */
  readonly stopsEarly?: boolean;
  /** On an epoch's validation event: the epoch whose weights are kept so far (0-based). */
  readonly bestEpoch?: number;
}

/** One epoch in the history. */
export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly parts: Readonly<Record<string, number>>;
  readonly validC: number | null;
  readonly ms: number;
}

/** Optional callbacks and resume state. */
export interface TrainHooks {
  onProgress?(p: TrainProgress): void;
  /** Validation score from OS risks (default: Harrell's C on the validation OS outcome). */
  validationScore?(risk: Float32Array, valid: DeepDataset): number;
  /** Continue from a checkpoint (same settings and data): weights, optimizer state, epoch, best. */
  resumeFrom?: DeepCheckpoint;
}

/** A trained member. */
export interface TrainResult {
  /** The network holding the best epoch's weights. */
  readonly network: Network;
  readonly settings: TrainSettings;
  readonly history: readonly EpochRecord[];
  readonly bestEpoch: number;
  readonly bestValidC: number | null;
  readonly stoppedEarly: boolean;
  readonly inputHashes: Readonly<Record<string, string>>;
  readonly samplesPerSecond: number;
  readonly durationMs: number;
  readonly backend: string;
}

/**
 * Apply in-plane symmetry `codes[k]` (0–7: bit 0 mirrors x, bits 1–2 count quarter turns; turns only
 * when h = w) to each sample of an NHWC block, in place.
 */
export function dihedral(block: Float32Array, rows: number, h: number, w: number, c: number, codes: readonly number[]): void {
  const per = h * w * c;
  const src = new Float32Array(per);
  for (let k = 0; k < rows; k++) {
    const code = codes[k];
    if (!code) continue;
    const mirror = (code & 1) === 1;
    const turns = h === w ? code >> 1 : 0;
    src.set(block.subarray(k * per, (k + 1) * per));
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let sx = mirror ? w - 1 - x : x;
        let sy = y;
        for (let t = 0; t < turns; t++) {
          const nx = sy;
          sy = w - 1 - sx;
          sx = nx;
        }
        const o = k * per + (y * w + x) * c;
        const i = (sy * w + sx) * c;
        for (let ch = 0; ch < c; ch++) block[o + ch] = src[i + ch];
      }
    }
  }
}

/** Batches of one epoch: a seeded permutation cut into chunks (a last chunk of 1 joins the previous one). */
export function epochBatches(n: number, batchSize: number, rng: Rng): Int32Array[] {
  const p = permutation(n, rng);
  const out: Int32Array[] = [];
  for (let s = 0; s < n; s += batchSize) out.push(p.slice(s, Math.min(n, s + batchSize)));
  if (out.length > 1 && out[out.length - 1].length < 2) {
    const last = out.pop() as Int32Array;
    const prev = out.pop() as Int32Array;
    out.push(Int32Array.from([...prev, ...last]));
  }
  return out;
}

function batchInputs(net: Network, d: DeepDataset, rows: Int32Array, symmetry: number[] | null, viewOf: Int32Array | null = null): { x: tf.Tensor4D; targets: BatchTargets } {
  const order = orderByTimeDescending(Array.from(rows, (r) => d.os.time[r]), Array.from(rows, (r) => d.os.event[r]));
  const sorted = Int32Array.from(order, (k) => rows[k]);
  const block = gatherImages(d, sorted, viewOf ? Int32Array.from(sorted, (r) => viewOf[r]) : 0);
  if (symmetry) dihedral(block, sorted.length, d.height, d.width, d.channels, symmetry);
  const x = tf.tensor4d(block, [sorted.length, d.height, d.width, d.channels]);
  const os = coxBatchLayout(Array.from(sorted, (r) => d.os.time[r]), Array.from(sorted, (r) => d.os.event[r]));
  const pfs = d.pfs && net.spec.pfsHead ? coxBatchLayoutUnsorted(Array.from(sorted, (r) => d.pfs!.time[r]), Array.from(sorted, (r) => d.pfs!.event[r])) : null;
  const aux: Record<string, { classes: number; labels: Int32Array }> = {};
  for (const h of net.spec.auxHeads) {
    const labels = d.aux?.[h.name];
    if (labels) aux[h.name] = { classes: h.classes, labels: Int32Array.from(sorted, (r) => labels[r]) };
  }
  const osOffset = d.os.offset ? tf.tensor1d(Float32Array.from(sorted, (r) => d.os.offset![r])) : null;
  const pfsOffset = pfs && d.pfs?.offset ? tf.tensor1d(Float32Array.from(sorted, (r) => d.pfs!.offset![r])) : null;
  return { x, targets: { os, pfs, aux, input: net.spec.kind === 'autoencoder' ? x : null, osOffset, pfsOffset } };
}

/**
 * Train one ensemble member with a custom loop (`optimizer.minimize`, Adam), seeded and reproducible:
 * parameters are initialised from `settings.seed` in JS, each epoch's batch order and augmentation come
 * from a stream forked by the epoch number, so the same seed, data and backend give identical scores
 * (and a resumed run equals an uninterrupted one). Each batch is sorted by OS time in JS for the Cox
 * loss. After every epoch the validation C-index (Harrell, OS) selects the best weights; training stops
 * after `patience` epochs without improvement (counted from `minEpochs`). Without validation data the
 * last epoch is kept.
 * @throws HccError `E_INPUT` for malformed datasets, `E_OPTION` for a bad backend or network spec.
 * @see paper §3 (multitask Cox training, best-C-index model saving).
 */
export async function trainMember(train: DeepDataset, valid: DeepDataset | null, settingsInput: TrainSettingsInput = {}, hooks: TrainHooks = {}): Promise<TrainResult> {
  const settings = trainSettingsSchema.parse(settingsInput);
  assertDeepDataset(train, 'trainMember (training data)');
  if (valid) {
    assertDeepDataset(valid, 'trainMember (validation data)');
    if (valid.height !== train.height || valid.width !== train.width || valid.channels !== train.channels) {
      throw new HccError('E_INPUT', `trainMember: validation samples are ${valid.height}×${valid.width}×${valid.channels}, training samples ${train.height}×${train.width}×${train.channels}`);
    }
  }
  if (train.n < 2) throw new HccError('E_INPUT', 'trainMember: need at least 2 training samples');
  const t0 = performance.now();
  const engine = await initDeepEngine({ backend: settings.backend, kernels: settings.kernels });
  const root = createRng(settings.seed);
  const net = buildNetwork({ ...settings.network, height: train.height, width: train.width, channels: train.channels }, root.fork('params').seed);
  const inputHashes: Record<string, string> = { train: hashDeepDataset(train) };
  if (valid) inputHashes.valid = hashDeepDataset(valid);
  const optimizer = tf.train.adam(settings.learningRate);
  // Create loss-owned parameters (uncertainty log-variances) before fixing the variable list.
  tf.tidy(() => {
    const { x, targets } = batchInputs(net, train, Int32Array.from({ length: Math.min(train.n, 2) }, (_, i) => i), null);
    multitaskLoss(net.store, forwardNetwork(net, x, { training: false, convImpl: 'native' }), targets, settings.weighting);
  });
  const vars = trainableVariables(net.store);

  let startEpoch = 0;
  let history: EpochRecord[] = [];
  let bestEpoch = -1;
  let bestValidC: number | null = null;
  let best: ParamSnapshot | null = null;
  if (hooks.resumeFrom) {
    const ck = hooks.resumeFrom;
    restoreParams(net.store, ck.params);
    if (ck.optimizer) await optimizer.setWeights(ck.optimizer.names.map((name, k) => ({ name, tensor: tf.tensor(ck.optimizer!.values[k], [...ck.optimizer!.shapes[k]]) })));
    startEpoch = ck.epoch + 1;
    history = [...(ck.history as EpochRecord[])];
    bestEpoch = ck.bestEpoch;
    bestValidC = ck.bestValidC;
    best = ck.bestParams;
  }

  const steps = Math.max(1, epochBatches(train.n, settings.batchSize, root.fork('probe')).length);
  let samplesDone = 0;
  let trainMs = 0;
  let stoppedEarly = false;
  let sinceBest = 0;
  for (let epoch = startEpoch; epoch < settings.epochs; epoch++) {
    const te = performance.now();
    const erng = root.fork(`epoch:${epoch}`);
    const batches = epochBatches(train.n, settings.batchSize, erng.fork('order'));
    const arng = erng.fork('augment');
    // Several views per sample: one drawn per sample for this epoch (its own stream, so one view changes nothing).
    const V = train.views ?? 1;
    const vrng = erng.fork('views');
    const viewOf = V > 1 ? Int32Array.from({ length: train.n }, () => Math.min(V - 1, Math.floor(vrng.uniform() * V))) : null;
    let lossSum = 0;
    const partSums: Record<string, number> = {};
    for (let s = 0; s < batches.length; s++) {
      const rows = batches[s];
      // One in-plane symmetry code per sample (`dihedral`): 'flip' draws mirror-or-not (code 1 or 0), 'dihedral' any of the 8.
      const symmetry = settings.augment === 'flip' ? Array.from(rows, () => (arng.uniform() < 0.5 ? 1 : 0)) : settings.augment === 'dihedral' ? Array.from(rows, () => Math.min(7, Math.floor(arng.uniform() * 8))) : null;
      const ts = performance.now();
      let partValues: Record<string, number> = {};
      const lossT = optimizer.minimize(() => {
        const { x, targets } = batchInputs(net, train, rows, symmetry, viewOf);
        const l = multitaskLoss(net.store, forwardNetwork(net, x, { training: true, convImpl: settings.convImpl }), targets, settings.weighting);
        partValues = Object.fromEntries(Object.entries(l.parts).map(([k, v]) => [k, v.dataSync()[0]]));
        return l.total;
      }, true, vars) as tf.Scalar;
      const loss = lossT.dataSync()[0];
      lossT.dispose();
      if (!Number.isFinite(loss)) throw new HccError('E_NUMERIC', `trainMember: loss is ${loss} at epoch ${epoch}, step ${s}`);
      trainMs += performance.now() - ts;
      samplesDone += rows.length;
      lossSum += loss;
      for (const [k, v] of Object.entries(partValues)) partSums[k] = (partSums[k] ?? 0) + v;
      const done = (epoch - startEpoch) * steps + s + 1;
      const left = (settings.epochs - epoch) * steps - (s + 1);
      const elapsedMs = performance.now() - t0;
      hooks.onProgress?.({ epoch, epochs: settings.epochs, step: s + 1, steps: batches.length, loss, elapsedMs, etaMs: (elapsedMs / done) * left, samplesPerSecond: samplesDone / (trainMs / 1000), ...(valid && s + 1 === batches.length ? { validationFollows: true } : {}) });
    }
    let validC: number | null = null;
    if (valid) {
      const net0 = predictMember(net, valid).os;
      const off = valid.os.offset;
      const risk = off ? Float32Array.from(net0, (v, i) => v + off[i]) : net0;
      validC = hooks.validationScore ? hooks.validationScore(risk, valid) : harrellConcordance(valid.os.time, valid.os.event, risk).concordance;
    }
    history.push({ epoch, loss: lossSum / batches.length, parts: Object.fromEntries(Object.entries(partSums).map(([k, v]) => [k, v / batches.length])), validC, ms: performance.now() - te });
    if (epoch >= settings.minEpochs || epoch === settings.epochs - 1) {
      if (validC === null || bestValidC === null || validC > bestValidC) {
        if (validC !== null || epoch === settings.epochs - 1 || bestEpoch < 0) {
          best = snapshotParams(net.store);
          bestEpoch = epoch;
          bestValidC = validC;
        }
        sinceBest = 0;
      } else sinceBest++;
    }
    if (valid && validC !== null) {
      const elapsedMs = performance.now() - t0;
      const stopsEarly = sinceBest >= settings.patience && epoch < settings.epochs - 1;
      hooks.onProgress?.({ epoch, epochs: settings.epochs, step: batches.length, steps: batches.length, loss: lossSum / batches.length, elapsedMs, etaMs: stopsEarly ? 0 : (elapsedMs / (epoch - startEpoch + 1)) * (settings.epochs - epoch - 1), samplesPerSecond: samplesDone / (trainMs / 1000), validC, stopsEarly, bestEpoch });
    }
    if (settings.checkpointBase) {
      const opt = await optimizer.getWeights();
      writeCheckpoint(settings.checkpointBase, {
        format: 'mmf-hcc/deep-checkpoint@1',
        spec: net.spec,
        settings,
        inputHashes,
        tfjsVersion: engine.tfjsVersion,
        backend: engine.backend,
        epoch,
        bestEpoch,
        bestValidC,
        history,
        params: snapshotParams(net.store),
        bestParams: best ?? snapshotParams(net.store),
        optimizer: { names: opt.map((o) => o.name), shapes: opt.map((o) => [...o.tensor.shape]), trainable: opt.map(() => false), values: opt.map((o) => o.tensor.dataSync().slice() as Float32Array) },
      });
    }
    if (valid && sinceBest >= settings.patience) {
      stoppedEarly = epoch < settings.epochs - 1;
      break;
    }
  }
  optimizer.dispose();
  if (best) restoreParams(net.store, best);
  return {
    network: net,
    settings,
    history,
    bestEpoch,
    bestValidC,
    stoppedEarly,
    inputHashes,
    samplesPerSecond: trainMs > 0 ? samplesDone / (trainMs / 1000) : 0,
    durationMs: performance.now() - t0,
    backend: engine.backend,
  };
}
