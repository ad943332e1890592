#!/usr/bin/env node
/**
 * Genomics benchmark (not a test): DESeq2 (`DESeq()` + `results()`, defaults) on simulated
 * negative-binomial counts, 20,000 genes × 100 samples (50 vs 50; 10 % of genes with |log2FC| = 1),
 * ours (`runDeseq2`) vs R DESeq2 (bench/deseq2-bench.R via Rscript) on the same CSV, side by side
 * in one run. Reports the median of BENCH_REPS runs (default 3; ours after one warm-up run), the
 * ratio ours / R (≤ 1: no slower than R) and the agreement of the results. Writes
 * .bench/genomics.json. Without Rscript + DESeq2 it reports our time only.
 *
 * Env: BENCH_REPS (default 3), BENCH_GENES (default 20000), BENCH_SAMPLES (default 100).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Rng } from '../core/rng.js';
import { createRng } from '../core/rng.js';
import { readCountMatrix, readSampleSheet, runDeseq2, twoGroupCounts } from '../genomics/index.js';
import type { Deseq2Result } from '../genomics/index.js';
import { gammaVariate, poissonVariate } from '../synth/index.js';
import { median, repoRoot } from './common.js';

const root = repoRoot(import.meta.url);
const outDir = join(root, '.bench');
const reps = Number(process.env.BENCH_REPS ?? 3);
const nGenes = Number(process.env.BENCH_GENES ?? 20_000);
const nSamples = Number(process.env.BENCH_SAMPLES ?? 100);

/**
 * Simulated counts: gene means log-normal (median 100, log-SD 1.5), dispersion (0.05 + 1/μ)·e^{0.3 N},
 * size factors log-normal (log-SD 0.2); genes 0, 10, 20, … have log2FC ±1 in group B.
 */
function simulate(countsPath: string, samplesPath: string): void {
  const rng = createRng(20261201);
  const sf = Array.from({ length: nSamples }, () => Math.exp(0.2 * rng.normal()));
  const sampleIds = Array.from({ length: nSamples }, (_, j) => `S${j + 1}`);
  const group = sampleIds.map((_, j) => (j < nSamples / 2 ? 'A' : 'B'));
  const lines = [['gene_id', ...sampleIds].join(',')];
  for (let g = 0; g < nGenes; g++) {
    const mu0 = Math.exp(Math.log(100) + 1.5 * rng.normal());
    const phi = (0.05 + 1 / mu0) * Math.exp(0.3 * rng.normal());
    const lfc = g % 10 === 0 ? (rng.uniform() < 0.5 ? -1 : 1) : 0;
    const row: (string | number)[] = [`G${g + 1}`];
    for (let j = 0; j < nSamples; j++) {
      const mu = mu0 * sf[j] * (group[j] === 'B' ? 2 ** lfc : 1);
      row.push(poissonVariate(rng, mu * gammaVariate(rng, 1 / phi) * phi));
    }
    lines.push(row.join(','));
  }
  writeFileSync(countsPath, lines.join('\n') + '\n');
  writeFileSync(samplesPath, ['sample,group', ...sampleIds.map((s, j) => `${s},${group[j]}`)].join('\n') + '\n');
}

function agreement(ours: Deseq2Result, rGenesCsv: string): Record<string, number> {
  const lines = readFileSync(rGenesCsv, 'utf8').trim().split('\n').slice(1);
  const num = (s: string) => (s === 'NA' ? NaN : Number(s));
  let maxLfc = 0;
  let maxLog10P = 0;
  let agree = 0;
  let n = 0;
  lines.forEach((l, g) => {
    const [, lfc, p, padj] = l.split(',').map((c, k) => (k === 0 ? NaN : num(c)));
    const o = ours.genes;
    if (Number.isFinite(lfc) && Number.isFinite(o.log2FoldChange[g])) maxLfc = Math.max(maxLfc, Math.abs(lfc - o.log2FoldChange[g]));
    if (p > 1e-300 && o.pvalue[g] > 1e-300) maxLog10P = Math.max(maxLog10P, Math.abs(Math.log10(p) - Math.log10(o.pvalue[g])));
    n++;
    if ((padj < 0.1) === (o.padj[g] < 0.1)) agree++;
  });
  return { max_abs_lfc_diff: maxLfc, max_abs_log10_p_diff: maxLog10P, significant_call_agreement: agree / n };
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const countsPath = join(outDir, `deseq2-counts-${nGenes}x${nSamples}.csv`);
  const samplesPath = join(outDir, `deseq2-samples-${nSamples}.csv`);
  if (!existsSync(countsPath) || !existsSync(samplesPath)) {
    process.stderr.write(`simulating ${nGenes} genes x ${nSamples} samples...\n`);
    simulate(countsPath, samplesPath);
  }
  const matrix = readCountMatrix(countsPath);
  const sheet = readSampleSheet(samplesPath);
  if (!matrix.ok || !sheet.ok) throw new Error('simulated data failed validation');
  const input = twoGroupCounts(matrix.value, sheet.value, { reference: 'A', alternative: 'B' });
  if (!input.ok) throw new Error('two-group design failed');
  let fit = runDeseq2(input.value); // warm-up (JIT)
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fit = runDeseq2(input.value);
    ts.push(performance.now() - t0);
    process.stderr.write(`  ours run ${r + 1}: ${ts[r].toFixed(0)} ms\n`);
  }
  const oursMs = median(ts);
  let peer: { deseq2_ms: number; runs_ms: number[]; n_padj_lt_0_1: number; versions: Record<string, string> } | null = null;
  let agree: Record<string, number> | null = null;
  try {
    const rJson = join(outDir, 'deseq2-r.json');
    const rGenes = join(outDir, 'deseq2-r-genes.csv');
    process.stderr.write('running R DESeq2 on the same data...\n');
    execFileSync('Rscript', [join(root, 'bench', 'deseq2-bench.R'), countsPath, samplesPath, String(reps), rJson, rGenes], { stdio: ['ignore', 'inherit', 'inherit'] });
    peer = JSON.parse(readFileSync(rJson, 'utf8'));
    agree = agreement(fit, rGenes);
  } catch (err) {
    process.stderr.write(`R peer not run (${(err as Error).message.split('\n')[0]}); reporting our time only\n`);
  }
  let oursSig = 0;
  for (const p of fit.genes.padj) if (p < 0.1) oursSig++;
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  const result = {
    date: new Date().toISOString(),
    task: 'DESeq2 DESeq() + results(), ~ group, defaults',
    genes: nGenes,
    samples: nSamples,
    reps,
    machine,
    ours_ms: oursMs,
    ours_runs_ms: ts,
    r_ms: peer?.deseq2_ms ?? null,
    r_runs_ms: peer?.runs_ms ?? null,
    ratio: peer ? oursMs / peer.deseq2_ms : null,
    significant: { ours_padj_lt_0_1: oursSig, r_padj_lt_0_1: peer?.n_padj_lt_0_1 ?? null },
    agreement: agree,
    peerVersions: peer?.versions ?? null,
  };
  writeFileSync(join(outDir, 'genomics.json'), JSON.stringify(result, null, 2));
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB, Node ${machine.node}; median of ${reps} runs`);
  console.log('task                               ours ms       R ms   ratio (ours/R)');
  const r = result.r_ms;
  console.log(`DESeq2 ${nGenes} x ${nSamples}`.padEnd(32) + ` ${oursMs.toFixed(0).padStart(9)} ${r !== null ? r.toFixed(0).padStart(10) : '       n/a'} ${result.ratio !== null ? result.ratio.toFixed(3).padStart(10) : '       n/a'}`);
  if (agree) console.log('agreement with R:', JSON.stringify(agree), `padj<0.1: ours ${oursSig}, R ${peer?.n_padj_lt_0_1}`);
}

main();
