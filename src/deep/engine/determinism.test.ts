// Invariant tier: reproducibility of training on wasm with the project's kernels (SIMD loops, fused batch
// norm and swish, zero-copy Identity). The same seed gives bit-identical step losses and held-out scores
// twice in one process (with a heap already used and laid out differently) and in a fresh process;
// another seed gives different ones.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { disposeParams } from '../model/params.js';
import { plantedSignalDataset } from '../planted-signal.js';
import { predictMember } from '../predict.js';
import { trainMember } from '../train.js';

/** Set in the child process this file starts: where to write its run. */
const CHILD_OUT = process.env.HCC_DETERMINISM_CHILD_OUT;

const data = plantedSignalDataset({ n: 16, size: 48, channels: 12, seed: 5 }).data;
const test = plantedSignalDataset({ n: 6, size: 48, channels: 12, seed: 6 }).data;

/** 10 Adam steps of the default member's architecture (small widths); every step's loss and the held-out OS scores. */
async function trainRun(seed: number): Promise<{ losses: number[]; scores: number[] }> {
  const losses: number[] = [];
  const run = await trainMember(data, null, { seed, epochs: 5, batchSize: 8, augment: 'flip', network: { kind: 'cnn25d', widths: [8, 16, 24], headWidth: 16, phases: 4, pfsHead: true } }, {
    onProgress: (p) => losses.push(p.loss),
  });
  expect(run.backend).toBe('wasm');
  const scores = Array.from(predictMember(run.network, test).os);
  disposeParams(run.network.store);
  return { losses, scores };
}

describe.runIf(CHILD_OUT === undefined)('training is reproducible on wasm + project kernels', () => {
  it('same seed twice in one process: bit-identical losses and scores; another seed differs', async () => {
    const a = await trainRun(11);
    const b = await trainRun(11);
    expect(a.losses).toHaveLength(10);
    for (const l of a.losses) expect(Number.isFinite(l)).toBe(true);
    expect(b).toEqual(a);
    const c = await trainRun(12);
    expect(c.losses).not.toEqual(a.losses);
  }, 120_000);

  it('a fresh process gives the same bits', async () => {
    const here = await trainRun(11);
    const dir = mkdtempSync(join(tmpdir(), 'hcc-determinism-'));
    try {
      const out = join(dir, 'run.json');
      const cli = join(process.cwd(), 'node_modules', 'vitest', 'vitest.mjs');
      const self = relative(process.cwd(), fileURLToPath(import.meta.url));
      const child = spawnSync(process.execPath, [cli, 'run', self], { cwd: process.cwd(), env: { ...process.env, HCC_DETERMINISM_CHILD_OUT: out }, encoding: 'utf8', timeout: 110_000 });
      expect(child.status, `child vitest failed:\n${child.stdout}\n${child.stderr}`).toBe(0);
      const there = JSON.parse(readFileSync(out, 'utf8')) as { losses: number[]; scores: number[] };
      expect(there).toEqual(here);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.runIf(CHILD_OUT !== undefined)('child process of the reproducibility test', () => {
  it('writes its run', async () => {
    writeFileSync(CHILD_OUT as string, JSON.stringify(await trainRun(11)));
  }, 110_000);
});
