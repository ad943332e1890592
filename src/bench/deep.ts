#!/usr/bin/env node
/**
 * Deep-learning engine benchmark: training throughput (samples/s, forward + backward + Adam) of the
 * default 2.5-D member (cnn25d, 48×48×12 stacks = 3 slices × (3 phases + tumour mask), batch 16, Cox loss) on the
 * planted-signal generator, side by side:
 *   - wasm + project kernels, native tfjs convolution (the default: Conv2DBackpropFilter as one forward conv),
 *   - wasm + project kernels, im2col convolution,
 *   - plain wasm without the added kernels (native conv: throws for lack of Conv2DBackpropFilter;
 *     im2col: runs on tfjs's own, transposing BatchMatMul gradient),
 *   - the tfjs cpu backend (pure JS),
 *   - two members in parallel worker threads (aggregate samples/s; needs the compiled worker).
 * wasm rows report the last of 2 epochs (steady state). Other processes on the machine skew the
 * numbers: run on an idle machine. Writes .bench/deep.json. Env: BENCH_DEEP_CPU=0 skips the cpu run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTrainable, plantedSignalDataset, trainMember, trainMembersParallel } from '../deep/index.js';
import type { DeepDataset, TrainSettingsInput } from '../deep/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, '.bench');

interface Row {
  readonly variant: string;
  readonly backend: string;
  readonly samplesPerSecond: number | null;
  readonly samples: number;
  readonly error: string | null;
  readonly note: string;
}

const base: TrainSettingsInput = {
  seed: 1,
  batchSize: 16,
  learningRate: 1e-3,
  network: { kind: 'cnn25d', pfsHead: true, phases: 4 },
};

async function measure(variant: string, data: DeepDataset, s: TrainSettingsInput, note: string): Promise<Row> {
  const backend = s.backend ?? 'wasm';
  process.stderr.write(`  ${variant} ...`);
  try {
    const r = await trainMember(data, null, s);
    const samples = data.n * r.history.length;
    // Steady state: the last epoch when there are several (the first includes warm-up).
    const last = r.history[r.history.length - 1];
    const sps = r.history.length > 1 ? data.n / (last.ms / 1000) : r.samplesPerSecond;
    process.stderr.write(` ${sps.toFixed(2)} samples/s\n`);
    return { variant, backend, samplesPerSecond: sps, samples, error: null, note };
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    process.stderr.write(` failed: ${msg}\n`);
    return { variant, backend, samplesPerSecond: null, samples: 0, error: msg, note };
  }
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const size = 48;
  const channels = 12;
  const data = plantedSignalDataset({ n: 48, size, channels, seed: 3 }).data;
  const pfs = { time: data.os.time.map((t) => Math.max(1, Math.round(t * 0.6))), event: data.os.event };
  const d: DeepDataset = { ...data, pfs };
  const rows: Row[] = [];
  rows.push(await measure('wasm + kernels, native conv (default)', d, { ...base, epochs: 2, convImpl: 'native' }, 'project kernels: Conv2DBackpropFilter as one forward conv2d, corrected MaxPoolGrad'));
  rows.push(await measure('wasm + kernels, im2col', d, { ...base, epochs: 2, convImpl: 'im2col' }, 'project kernels registered, convolutions as shifted slices + matMul'));
  rows.push(await measure('plain wasm, native conv', d, { ...base, epochs: 1, convImpl: 'native', kernels: false }, 'no added kernels: expected to throw'));
  rows.push(await measure('plain wasm, im2col', d, { ...base, epochs: 2, convImpl: 'im2col', kernels: false }, "no added kernels; tfjs's transposing BatchMatMul gradient"));
  // The earlier default stack (64 × 64 × 9: no mask channel, whole crop), where the engine's gain is larger.
  const old = plantedSignalDataset({ n: 48, size: 64, channels: 9, seed: 3 }).data;
  const oldD: DeepDataset = { ...old, pfs: { time: old.os.time.map((t) => Math.max(1, Math.round(t * 0.6))), event: old.os.event } };
  const oldBase = { ...base, network: { ...base.network, phases: 3 } };
  rows.push(await measure('64×64×9 input, wasm + kernels, native conv', oldD, { ...oldBase, epochs: 2, convImpl: 'native' }, 'the earlier default input'));
  rows.push(await measure('64×64×9 input, plain wasm, im2col', oldD, { ...oldBase, epochs: 2, convImpl: 'im2col', kernels: false }, 'the earlier default input, no added kernels'));
  if (process.env.BENCH_DEEP_CPU !== '0') {
    const small: DeepDataset = { ...d, n: 16, images: d.images.subarray(0, 16 * size * size * channels), os: { time: d.os.time.subarray(0, 16), event: d.os.event.subarray(0, 16) }, pfs: { time: pfs.time.subarray(0, 16), event: pfs.event.subarray(0, 16) } };
    rows.push(await measure('tfjs cpu backend, native conv', small, { ...base, backend: 'cpu', epochs: 1, convImpl: 'native' }, 'pure JS; one step of 16'));
  }
  let parallel: { workers: number; aggregateSamplesPerSecond: number | null; perWorker: number[]; error: string | null } = { workers: 2, aggregateSamplesPerSecond: null, perWorker: [], error: null };
  try {
    process.stderr.write('  2 members in parallel worker threads ...');
    const recs = await trainMembersParallel(
      [0, 1].map((k) => ({ member: `m${k}`, train: d, valid: null, settings: { ...base, seed: k + 1, epochs: 2, convImpl: 'native' as const } })),
      { workers: 2 },
    );
    // Steady state, as the single-process rows: the last epoch of each worker (the first includes warm-up).
    const per = recs.map((r) => { const last = r.history[r.history.length - 1]; return r.history.length > 1 ? d.n / (last.ms / 1000) : r.samplesPerSecond; });
    parallel = { workers: 2, aggregateSamplesPerSecond: per.reduce((a, b) => a + b, 0), perWorker: per, error: null };
    process.stderr.write(` ${parallel.aggregateSamplesPerSecond?.toFixed(2)} samples/s aggregate\n`);
  } catch (e) {
    parallel = { ...parallel, error: (e as Error).message };
    process.stderr.write(` failed: ${parallel.error}\n`);
  }
  const { buildNetwork } = await import('../deep/index.js');
  const params = countTrainable(buildNetwork({ kind: 'cnn25d', height: size, width: size, channels, phases: 4, pfsHead: true }, 1).store);
  const get = (v: string) => rows.find((r) => r.variant.startsWith(v))?.samplesPerSecond ?? null;
  const def = get('wasm + kernels, native conv (default)');
  const plain = get('plain wasm, im2col');
  const out = {
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    network: { kind: 'cnn25d', input: [size, size, channels], batch: 16, trainableParams: params },
    rows,
    parallel,
    speedupVsPlainWasm: def !== null && plain !== null ? def / plain : null,
    speedupVsPlainWasm64: get('64×64×9 input, wasm + kernels') !== null && get('64×64×9 input, plain wasm') !== null ? (get('64×64×9 input, wasm + kernels') as number) / (get('64×64×9 input, plain wasm') as number) : null,
    speedupVsCpu: def !== null && get('tfjs cpu') !== null ? def / (get('tfjs cpu') as number) : null,
  };
  writeFileSync(join(outDir, 'deep.json'), JSON.stringify(out, null, 2));
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

void main();
