#!/usr/bin/env node
/**
 * `npm run bench -- survival`: the survival engine against R `survival` on the same simulated data, side by
 * side in one run on this machine. Reports median wall times and the ratio ours / R (<= 1 means
 * no slower than R). Needs `Rscript` with the survival package for the peer column; without R it
 * reports our times only. Results are also written to .bench/survival.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concordanceIndex, fitCox, groupingFromValues, kaplanMeier, logRankTest, makeSurvivalData } from '../survival/index.js';
import type { SurvivalData } from '../survival/index.js';
import { median } from './common.js';
import { simulateSurvival, writeSimulatedCsv } from './simulate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, '.bench');
const reps = Number(process.env.BENCH_REPS ?? 5);
const n = Number(process.env.BENCH_N ?? 100_000);
const nBig = Number(process.env.BENCH_N_BIG ?? 1_000_000);


function time(label: string, f: () => unknown): number {
  f(); // warm-up (JIT), as R's first call is also excluded
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  const m = median(ts);
  process.stderr.write(`  ours ${label}: ${m.toFixed(1)} ms (median of ${reps})\n`);
  return m;
}

function unwrapData(d: ReturnType<typeof makeSurvivalData>): SurvivalData {
  if (!d.ok) throw new Error('simulated data failed validation');
  return d.value;
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  process.stderr.write(`simulating n=${n} (p=10) and n=${nBig}...\n`);
  const sim = simulateSurvival(n, 10, 20261127);
  const big = simulateSurvival(nBig, 1, 20261128);
  const csv = join(outDir, 'sim.csv');
  const bigCsv = join(outDir, 'sim-big.csv');
  writeSimulatedCsv(sim, csv);
  writeSimulatedCsv(big, bigCsv, false);
  const data = unwrapData(makeSurvivalData({ time: sim.time, event: sim.event }));
  const bigData = unwrapData(makeSurvivalData({ time: big.time, event: big.event }));
  const names = Array.from({ length: 10 }, (_, j) => `x${j + 1}`);
  const groups = groupingFromValues(Array.from(sim.group), 'group');

  const ours = {
    cox_efron_ms: time('Cox Efron fit', () => fitCox(data, sim.x, names, { ties: 'efron' })),
    concordance_ms: time('Harrell C + SE', () => concordanceIndex(data, sim.risk)),
    km_ms: time('Kaplan-Meier', () => kaplanMeier(data)),
    logrank_ms: time('log-rank (3 groups)', () => logRankTest(data, groups)),
    concordance_1e6_ms: time(`Harrell C + SE, n=${nBig}`, () => concordanceIndex(bigData, big.risk)),
  };
  const fit = fitCox(data, sim.x, names, { ties: 'efron' }).model;
  const c = concordanceIndex(data, sim.risk);
  const check = {
    cox_coef: Array.from(fit.coef),
    cox_loglik: fit.loglik,
    concordance: c.ok ? c.value.concordance : NaN,
    logrank_chisq: logRankTest(data, groups).chisq,
  };

  let peer: Record<string, unknown> | null = null;
  const rScript = join(root, 'bench', 'survival-bench.R');
  try {
    const rOut = join(outDir, 'r.json');
    process.stderr.write('running R survival on the same data...\n');
    execFileSync('Rscript', [rScript, csv, bigCsv, String(reps), rOut], { stdio: ['ignore', 'inherit', 'inherit'] });
    peer = JSON.parse(readFileSync(rOut, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    process.stderr.write(`R peer not run (${(err as Error).message.split('\n')[0]}); reporting our times only\n`);
  }

  const rows = Object.entries(ours).map(([k, v]) => {
    const r = peer ? (peer[k] as number) : NaN;
    return { task: k.replace(/_ms$/, ''), ours_ms: v, r_ms: r, ratio: v / r };
  });
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  const agreement = peer
    ? {
        max_abs_coef_diff: Math.max(...check.cox_coef.map((b, j) => Math.abs(b - ((peer!.check as { cox_coef: number[] }).cox_coef[j])))),
        loglik_diff: Math.abs(check.cox_loglik - (peer.check as { cox_loglik: number }).cox_loglik),
        concordance_diff: Math.abs(check.concordance - (peer.check as { concordance: number }).concordance),
        logrank_chisq_rel_diff: Math.abs(check.logrank_chisq / (peer.check as { logrank_chisq: number }).logrank_chisq - 1),
      }
    : null;
  const result = { date: new Date().toISOString(), n, nBig, reps, machine, rows, agreement, peerVersions: peer?.versions ?? null };
  writeFileSync(join(outDir, 'survival.json'), JSON.stringify(result, null, 2));
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB, Node ${machine.node}; median of ${reps} runs`);
  console.log('task                 ours ms      R ms   ratio (ours/R)');
  for (const r of rows) console.log(`${r.task.padEnd(18)} ${r.ours_ms.toFixed(1).padStart(9)} ${Number.isFinite(r.r_ms) ? r.r_ms.toFixed(1).padStart(9) : '      n/a'} ${Number.isFinite(r.ratio) ? r.ratio.toFixed(3).padStart(8) : '     n/a'}`);
  if (agreement) console.log('agreement with R:', JSON.stringify(agreement));
  if (!existsSync(rScript)) console.log('note: bench/survival-bench.R missing');
}

main();
