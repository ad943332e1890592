import { readFileSync, writeFileSync } from 'node:fs';
import { HccError } from '../core/errors.js';
import type { ParamSnapshot } from './model/params.js';

/** Serializable training state: weights, settings, input hashes and (for resuming) optimizer state. */
export interface DeepCheckpoint {
  readonly format: 'mmf-hcc/deep-checkpoint@1';
  /** Resolved network spec and training settings (JSON). */
  readonly spec: unknown;
  readonly settings: unknown;
  /** SHA-256 of the training / validation datasets (`hashDeepDataset`). */
  readonly inputHashes: Readonly<Record<string, string>>;
  readonly tfjsVersion: string;
  readonly backend: string;
  /** Last completed epoch (0-based). */
  readonly epoch: number;
  readonly bestEpoch: number;
  readonly bestValidC: number | null;
  readonly history: readonly unknown[];
  /** Current weights. */
  readonly params: ParamSnapshot;
  /** Weights of the best epoch so far. */
  readonly bestParams: ParamSnapshot;
  /** Optimizer state in tfjs `getWeights()` order (values only). */
  readonly optimizer: ParamSnapshot | null;
}

interface TensorRecord {
  readonly group: 'params' | 'bestParams' | 'optimizer';
  readonly name: string;
  readonly shape: readonly number[];
  readonly trainable: boolean;
  readonly offset: number;
  readonly length: number;
}

/**
 * Write `<base>.json` (everything but tensor values, plus a tensor manifest) and `<base>.bin`
 * (float32 little-endian values concatenated in manifest order).
 * @returns the two paths written.
 */
export function writeCheckpoint(base: string, ckpt: DeepCheckpoint): { json: string; bin: string } {
  const records: TensorRecord[] = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  const add = (group: TensorRecord['group'], s: ParamSnapshot | null) => {
    if (!s) return;
    s.names.forEach((name, k) => {
      records.push({ group, name, shape: s.shapes[k], trainable: s.trainable[k], offset, length: s.values[k].length });
      chunks.push(s.values[k]);
      offset += s.values[k].length;
    });
  };
  add('params', ckpt.params);
  add('bestParams', ckpt.bestParams);
  add('optimizer', ckpt.optimizer);
  const all = new Float32Array(offset);
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  const { params: _p, bestParams: _b, optimizer, ...meta } = ckpt;
  const json = `${base}.json`;
  const bin = `${base}.bin`;
  writeFileSync(bin, new Uint8Array(all.buffer));
  writeFileSync(json, JSON.stringify({ ...meta, hasOptimizer: optimizer !== null, tensors: records }, null, 1));
  return { json, bin };
}

/** Read a checkpoint written by `writeCheckpoint`. @throws HccError `E_IO` / `E_INPUT`. */
export function readCheckpoint(base: string): DeepCheckpoint {
  let meta: any;
  let buf: Buffer;
  try {
    meta = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    buf = readFileSync(`${base}.bin`);
  } catch (cause) {
    throw new HccError('E_IO', `cannot read checkpoint ${base}.json/.bin`, { cause });
  }
  if (meta.format !== 'mmf-hcc/deep-checkpoint@1') throw new HccError('E_INPUT', `${base}.json is not a deep checkpoint (format ${meta.format})`);
  const values = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const group = (g: TensorRecord['group']): ParamSnapshot => {
    const rs = (meta.tensors as TensorRecord[]).filter((r) => r.group === g);
    for (const r of rs) if (r.offset + r.length > values.length) throw new HccError('E_INPUT', `${base}.bin is too short for tensor ${r.name}`);
    return { names: rs.map((r) => r.name), shapes: rs.map((r) => r.shape), trainable: rs.map((r) => r.trainable), values: rs.map((r) => values.slice(r.offset, r.offset + r.length)) };
  };
  const { tensors: _t, hasOptimizer, ...rest } = meta;
  return { ...rest, params: group('params'), bestParams: group('bestParams'), optimizer: hasOptimizer ? group('optimizer') : null };
}
