#!/usr/bin/env node
/**
 * Imaging benchmark (not a test): load a synthetic 512×512×300 int16 CT from .nii.gz and resample it
 * to 1 mm isotropic (linear, IBSI centre-aligned grid, int16 output like scipy's default), side by side
 * with nibabel + scipy.ndimage.affine_transform (bench/imaging_peer.py, same mapping) when
 * /usr/bin/python3 (or python3) has nibabel and scipy. Each side runs in its own process so its peak
 * RSS (getrusage maxRSS) is its own. Reports medians, the ratio ours/peer (≤ 1: no slower), and peak
 * memory relative to the decoded volume. Writes .bench/imaging.json.
 *
 * Env: BENCH_REPS (default 3), BENCH_IMAGING_SHAPE (e.g. "256,256,150" for a quick run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vec3 } from '../core/geometry.js';
import { createRng } from '../core/rng.js';
import { makeVolume } from '../core/volume.js';
import { readNifti, writeNifti } from '../io/index.js';
import { resampleImage } from '../preprocess/index.js';

const here = fileURLToPath(import.meta.url);
/** The repository root: the nearest folder above this file holding package.json and bench/. */
function findRoot(): string {
  let d = dirname(here);
  while (!(existsSync(join(d, 'package.json')) && existsSync(join(d, 'bench'))) && dirname(d) !== d) d = dirname(d);
  return d;
}
const root = findRoot();
const outDir = join(root, '.bench');
const reps = Number(process.env.BENCH_REPS ?? 3);
const shape = (process.env.BENCH_IMAGING_SHAPE ?? '512,512,300').split(',').map(Number) as unknown as Vec3;
const spacing: Vec3 = [0.7, 0.7, 1.25];
const file = join(outDir, `ct-${shape.join('x')}.nii.gz`);

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const mb = (bytes: number) => bytes / 2 ** 20;

/** A CT-like int16 volume: air, a body ellipse of soft tissue with a liver-like region and a spine, noise. */
function synthesise(): void {
  const [nx, ny, nz] = shape;
  const data = new Int16Array(nx * ny * nz);
  const rng = createRng(20261127);
  let o = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, o++) {
        const x = (i - nx / 2) / (nx * 0.42), y = (j - ny / 2) / (ny * 0.32);
        const r = x * x + y * y;
        let v = -1000;
        if (r < 1) {
          v = 40;
          const lx = x + 0.35, ly = y + 0.1;
          if (lx * lx + ly * ly < 0.12) v = 60 + (k % 50 < 8 && lx * lx + ly * ly < 0.01 ? 40 : 0);
          const sx = x, sy = y - 0.7;
          if (sx * sx + sy * sy < 0.02) v = 700;
        }
        data[o] = v + rng.int(21) - 10;
      }
    }
  }
  const vol = makeVolume({ data, shape, spacing, origin: [-180, -180, -400], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
  writeNifti(file, vol);
}

interface SideResult { load_ms: number[]; resample_ms: number[]; total_ms: number[]; shape_out: number[]; checksum: number; baseline_rss_mb: number; peak_rss_mb: number; samples?: unknown }

/** Child mode: load + resample `reps + 1` times (first = warm-up), report times and memory. */
function measure(): void {
  const baseline = process.memoryUsage();
  const loads: number[] = [], resamples: number[] = [], totals: number[] = [];
  let shapeOut: number[] = [];
  let checksum = 0;
  let maxSampledRss = baseline.rss, maxArrayBuffers = baseline.arrayBuffers;
  const sample = () => { const m = process.memoryUsage(); maxSampledRss = Math.max(maxSampledRss, m.rss); maxArrayBuffers = Math.max(maxArrayBuffers, m.arrayBuffers); };
  for (let r = 0; r <= reps; r++) {
    const t0 = performance.now();
    let img = readNifti(file).volume;
    sample();
    const t1 = performance.now();
    let out = resampleImage(img, { spacingMm: [1, 1, 1], interpolation: 'linear', outputType: 'input' }).value;
    const t2 = performance.now();
    sample();
    shapeOut = [...out.shape];
    checksum = 0;
    for (let i = 0; i < out.data.length; i++) checksum += out.data[i];
    img = undefined as never; out = undefined as never;
    (globalThis as { gc?: () => void }).gc?.(); // free this repetition's buffers before the next one
    if (r > 0) { loads.push(t1 - t0); resamples.push(t2 - t1); totals.push(t2 - t0); }
  }
  const peak = process.resourceUsage().maxRSS / 1024; // KiB -> MiB
  const res: SideResult = { load_ms: loads, resample_ms: resamples, total_ms: totals, shape_out: shapeOut, checksum, baseline_rss_mb: mb(baseline.rss), peak_rss_mb: peak,
    samples: { max_sampled_rss_mb: mb(maxSampledRss), max_array_buffers_mb: mb(maxArrayBuffers) } };
  process.stdout.write(JSON.stringify(res) + '\n');
}

function findPython(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import nibabel, scipy'], { stdio: 'ignore' });
      return py;
    } catch { /* try next */ }
  }
  return null;
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  if (!existsSync(file)) {
    process.stderr.write(`synthesising ${shape.join('x')} int16 CT -> ${file} ...\n`);
    synthesise();
  }
  const decodedMb = mb(shape[0] * shape[1] * shape[2] * 2);
  process.stderr.write(`measuring ours (${reps} reps + warm-up) ...\n`);
  const ours = JSON.parse(execFileSync(process.execPath, ['--expose-gc', here, '--measure'], { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env } })) as SideResult;
  const py = findPython();
  let peer: (SideResult & { nibabel: string; scipy: string }) | null = null;
  if (py) {
    process.stderr.write(`measuring nibabel + scipy (${py}) ...\n`);
    peer = JSON.parse(execFileSync(py, [join(root, 'bench', 'imaging_peer.py'), file, String(reps)], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  } else process.stderr.write('python3 with nibabel and scipy not found: reporting our times only\n');

  const rows = [
    ['load .nii.gz (ms)', median(ours.load_ms), peer ? median(peer.load_ms) : null],
    ['resample to 1 mm, linear (ms)', median(ours.resample_ms), peer ? median(peer.resample_ms) : null],
    ['load + resample (ms)', median(ours.total_ms), peer ? median(peer.total_ms) : null],
    ['peak RSS (MiB)', ours.peak_rss_mb, peer ? peer.peak_rss_mb : null],
    ['peak RSS − baseline (MiB)', ours.peak_rss_mb - ours.baseline_rss_mb, peer ? peer.peak_rss_mb - peer.baseline_rss_mb : null],
  ] as const;
  const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(1));
  const lines = [
    `imaging benchmark: ${shape.join('×')} int16 CT (.nii.gz, ${spacing.join('×')} mm) -> 1 mm isotropic [${ours.shape_out.join('×')}], median of ${reps}; ${cpus()[0]?.model ?? ''} ×${cpus().length}, Node ${process.version}`,
    `${'quantity'.padEnd(32)}${'ours'.padStart(12)}${'nibabel+scipy'.padStart(16)}${'ratio ours/peer'.padStart(18)}`,
    ...rows.map(([name, a, b]) => `${name.padEnd(32)}${fmt(a).padStart(12)}${fmt(b).padStart(16)}${(b ? (a / b).toFixed(2) : '—').padStart(18)}`),
    `decoded volume: ${decodedMb.toFixed(1)} MiB; our peak RSS / decoded = ${(ours.peak_rss_mb / decodedMb).toFixed(2)} (above baseline: ${((ours.peak_rss_mb - ours.baseline_rss_mb) / decodedMb).toFixed(2)}); peer ${peer ? (peer.peak_rss_mb / decodedMb).toFixed(2) : '—'}`,
    peer ? `output checksum ours ${ours.checksum} vs peer ${peer.checksum} (same grid, int16 rounding)` : '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  writeFileSync(join(outDir, 'imaging.json'), JSON.stringify({ shape, spacing, reps, decoded_mb: decodedMb, ours, peer, python: py, node: process.version, date: new Date().toISOString() }, null, 1));
}

if (process.argv.includes('--measure')) measure();
else main();
