#!/usr/bin/env node
/**
 * Deep-learning engine benchmark: training throughput (samples/s, forward + backward + Adam) of the
 * default 2.5-D member (cnn25d, 48×48×12 stacks = 3 slices × (3 phases + tumour mask), batch 16, Cox loss) on the
 * planted-signal generator, side by side:
 *   - wasm + project kernels, native tfjs convolution (the default: fused batch norm and swish, native
 *     depthwise conv with the project's backprop kernels, Conv2DBackpropFilter as one forward conv),
 *   - wasm + project kernels, im2col convolution,
 *   - plain wasm without the added kernels (native conv: throws for lack of Conv2DBackpropFilter;
 *     im2col: runs on tfjs's own, transposing BatchMatMul gradient — the only way plain tfjs-wasm
 *     trains this member),
 *   - the tfjs cpu backend (pure JS),
 *   - two members in parallel worker threads (aggregate samples/s; needs the compiled worker),
 *   - the study's autoencoder and M3T members (full 3×3 convolutions) with the project's kernels, with
 *     wasm's own Conv2DBackpropInput in place of the project's, and on plain wasm (im2col).
 * wasm rows: 3 epochs of 48 samples per run, steady state = the mean of epochs 2–3; the wasm variants
 * run round-robin BENCH_DEEP_ROUNDS times (default 5) and each row reports the median round, so that
 * other processes on the machine load all variants alike. Writes .bench/deep.json. Env:
 * BENCH_DEEP_CPU=0 skips the cpu run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countTrainable, initDeepEngine, plantedSignalDataset, trainMember, trainMembersParallel, useBackendOwnKernel } from '../deep/index.js';
import { median } from './common.js';
import type { DeepDataset, TrainSettingsInput } from '../deep/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, '.bench');

interface Row {
  readonly variant: string;
  readonly backend: string;
  /** Median over the rounds of the steady-state throughput (null when the variant failed). */
  readonly samplesPerSecond: number | null;
  /** Each round's steady-state throughput (mean of the epochs after the first). */
  readonly rounds: number[];
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

/** The study's (and `mmf train-dl`'s) default member: widths 16, 32, 48 and the 'mean' context gate. */
const study: TrainSettingsInput = { ...base, network: { kind: 'cnn25d', pfsHead: true, phases: 4, widths: [16, 32, 48], roiGate: 'mean' } };

/**
 * One training run; its steady-state samples/s (epochs after the first: the first includes warm-up).
 * `ownKernels`: kernels the project replaces on wasm that this run uses wasm's own implementation of.
 */
async function once(data: DeepDataset, s: TrainSettingsInput, ownKernels: readonly string[] = []): Promise<{ sps: number; samples: number }> {
  if (ownKernels.length) {
    await initDeepEngine({ backend: 'wasm' });
    for (const k of ownKernels) if (!useBackendOwnKernel('wasm', k, true)) throw new Error(`${k} is not a kernel the project replaces on wasm`);
  }
  let r;
  try {
    r = await trainMember(data, null, s);
  } finally {
    for (const k of ownKernels) useBackendOwnKernel('wasm', k, false);
  }
  const samples = data.n * r.history.length;
  const later = r.history.slice(1);
  const sps = later.length ? later.reduce((a, h) => a + data.n / (h.ms / 1000), 0) / later.length : r.samplesPerSecond;
  return { sps, samples };
}

interface Variant {
  readonly variant: string;
  readonly data: DeepDataset;
  readonly settings: TrainSettingsInput;
  readonly note: string;
  /** Replaced kernels this variant runs with wasm's own implementation. */
  readonly ownKernels?: readonly string[];
}

/**
 * Measure the variants round-robin, `rounds` times each, so that load from other processes on the
 * (shared) machine falls on all of them alike; each row reports the median round.
 */
async function measureInterleaved(variants: readonly Variant[], rounds: number): Promise<Row[]> {
  const runs = variants.map(() => [] as number[]);
  const samples = variants.map(() => 0);
  const errors: (string | null)[] = variants.map(() => null);
  for (let r = 0; r < rounds; r++) {
    process.stderr.write(`  round ${r + 1}/${rounds}:`);
    for (let k = 0; k < variants.length; k++) {
      if (errors[k] !== null) continue;
      try {
        const m = await once(variants[k].data, variants[k].settings, variants[k].ownKernels);
        runs[k].push(m.sps);
        samples[k] += m.samples;
        process.stderr.write(` ${m.sps.toFixed(1)}`);
      } catch (e) {
        errors[k] = (e as Error).message.split('\n')[0];
        process.stderr.write(' failed');
      }
    }
    process.stderr.write('\n');
  }
  return variants.map((v, k) => ({
    variant: v.variant,
    backend: v.settings.backend ?? 'wasm',
    samplesPerSecond: errors[k] === null && runs[k].length ? median(runs[k]) : null,
    rounds: runs[k],
    samples: samples[k],
    error: errors[k],
    note: v.note,
  }));
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const size = 48;
  const channels = 12;
  const rounds = Math.max(1, Number(process.env.BENCH_DEEP_ROUNDS ?? 5));
  const data = plantedSignalDataset({ n: 48, size, channels, seed: 3 }).data;
  const pfs = { time: data.os.time.map((t) => Math.max(1, Math.round(t * 0.6))), event: data.os.event };
  const d: DeepDataset = { ...data, pfs };
  // The earlier default stack (64 × 64 × 9: no mask channel, whole crop).
  const old = plantedSignalDataset({ n: 48, size: 64, channels: 9, seed: 3 }).data;
  const oldD: DeepDataset = { ...old, pfs: { time: old.os.time.map((t) => Math.max(1, Math.round(t * 0.6))), event: old.os.event } };
  const oldBase = { ...base, network: { ...base.network, phases: 3 } };
  const e3 = { epochs: 3 };
  const rows: Row[] = await measureInterleaved(
    [
      { variant: 'wasm + kernels, native conv (default)', data: d, settings: { ...base, ...e3, convImpl: 'native' }, note: 'project kernels: fused batch norm and swish, native depthwise conv with backprop kernels, Conv2DBackpropFilter as one forward conv2d, f32x4 SIMD loops on the heap, corrected MaxPoolGrad, zero-copy Identity, transposing BatchMatMul gradient' },
      { variant: 'plain wasm, im2col', data: d, settings: { ...base, ...e3, convImpl: 'im2col', kernels: false }, note: "no added kernels (the only way plain tfjs-wasm trains this member): im2col conv, shifted-slice depthwise conv, tf.moments batch norm, tfjs's own BatchMatMul gradient" },
      { variant: 'wasm + kernels, im2col', data: d, settings: { ...base, ...e3, convImpl: 'im2col' }, note: 'project kernels registered, 3×3 convolutions as shifted slices + matMul (depthwise too)' },
      { variant: 'study member (widths 16,32,48, roiGate mean), wasm + kernels, native conv', data: d, settings: { ...study, ...e3, convImpl: 'native' }, note: "the study's and train-dl's default member since 2026-11-27: two poolings (12 × 12 last map), features gated to the kept context" },
      { variant: 'study member (widths 16,32,48, roiGate mean), plain wasm, im2col', data: d, settings: { ...study, ...e3, convImpl: 'im2col', kernels: false }, note: 'the same member without the added kernels' },
      { variant: '64×64×9 input, wasm + kernels, native conv', data: oldD, settings: { ...oldBase, ...e3, convImpl: 'native' }, note: 'the earlier default input' },
      { variant: '64×64×9 input, plain wasm, im2col', data: oldD, settings: { ...oldBase, ...e3, convImpl: 'im2col', kernels: false }, note: 'the earlier default input, no added kernels' },
      ...(['autoencoder', 'm3t'] as const).flatMap((kind): Variant[] => {
        const member: TrainSettingsInput = { ...study, ...e3, network: { ...study.network, kind } };
        return [
          { variant: `study ${kind}, wasm + kernels, native conv`, data: d, settings: { ...member, convImpl: 'native' }, note: `the study's ${kind} member (widths 16,32,48): every 3×3 convolution is a full one, so the input gradient (Conv2DBackpropInput) dominates its training` },
          { variant: `study ${kind}, wasm + kernels but wasm's own Conv2DBackpropInput`, data: d, settings: { ...member, convImpl: 'native' }, ownKernels: ['Conv2DBackpropInput'], note: "the same with tfjs-wasm's loop for the input gradient instead of the project's one forward convolution (the project before 2026-11-28)" },
          { variant: `study ${kind}, plain wasm, im2col`, data: d, settings: { ...member, convImpl: 'im2col', kernels: false }, note: 'the same member without the added kernels' },
        ];
      }),
    ],
    rounds,
  );
  const nativePlain = await measureInterleaved([{ variant: 'plain wasm, native conv', data: d, settings: { ...base, epochs: 1, convImpl: 'native', kernels: false }, note: 'no added kernels: expected to throw' }], 1);
  rows.splice(2, 0, ...nativePlain);
  if (process.env.BENCH_DEEP_CPU !== '0') {
    const small: DeepDataset = { ...d, n: 16, images: d.images.subarray(0, 16 * size * size * channels), os: { time: d.os.time.subarray(0, 16), event: d.os.event.subarray(0, 16) }, pfs: { time: pfs.time.subarray(0, 16), event: pfs.event.subarray(0, 16) } };
    const cpuRow = await measureInterleaved([{ variant: 'tfjs cpu backend, native conv', data: small, settings: { ...base, backend: 'cpu', epochs: 1, convImpl: 'native' }, note: 'pure JS; one step of 16' }], 1);
    rows.push(...cpuRow);
  }
  let parallel: { workers: number; aggregateSamplesPerSecond: number | null; perWorker: number[]; error: string | null } = { workers: 2, aggregateSamplesPerSecond: null, perWorker: [], error: null };
  try {
    process.stderr.write('  2 members in parallel worker threads ...');
    const recs = await trainMembersParallel(
      [0, 1].map((k) => ({ member: `m${k}`, train: d, valid: null, settings: { ...base, seed: k + 1, epochs: 3, convImpl: 'native' as const } })),
      { workers: 2 },
    );
    // Steady state, as the single-process rows: the epochs after the first of each worker (the first includes warm-up).
    const per = recs.map((r) => { const later = r.history.slice(1); return later.length ? later.reduce((a, h) => a + d.n / (h.ms / 1000), 0) / later.length : r.samplesPerSecond; });
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
    rounds,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    network: { kind: 'cnn25d', input: [size, size, channels], batch: 16, trainableParams: params },
    rows,
    parallel,
    speedupVsPlainWasm: def !== null && plain !== null ? def / plain : null,
    speedupVsPlainWasm64: get('64×64×9 input, wasm + kernels') !== null && get('64×64×9 input, plain wasm') !== null ? (get('64×64×9 input, wasm + kernels') as number) / (get('64×64×9 input, plain wasm') as number) : null,
    speedupVsPlainWasmStudyMember: get('study member (widths 16,32,48, roiGate mean), wasm') !== null && get('study member (widths 16,32,48, roiGate mean), plain') !== null ? (get('study member (widths 16,32,48, roiGate mean), wasm') as number) / (get('study member (widths 16,32,48, roiGate mean), plain') as number) : null,
    ensembleMembers: (['autoencoder', 'm3t'] as const).map((kind) => {
      const mine = get(`study ${kind}, wasm + kernels, native conv`);
      const ownInput = get(`study ${kind}, wasm + kernels but`);
      const plainMember = get(`study ${kind}, plain wasm`);
      return {
        kind,
        samplesPerSecond: mine,
        speedupVsWasmOwnBackpropInput: mine !== null && ownInput !== null ? mine / ownInput : null,
        speedupVsPlainWasm: mine !== null && plainMember !== null ? mine / plainMember : null,
      };
    }),
    speedupVsCpu: def !== null && get('tfjs cpu') !== null ? def / (get('tfjs cpu') as number) : null,
  };
  writeFileSync(join(outDir, 'deep.json'), JSON.stringify(out, null, 2));
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

void main();
