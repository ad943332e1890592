#!/usr/bin/env node
/**
 * Imaging benchmark (not a test): a synthetic 512×512×300 int16 CT, stored once as .nii.gz and once
 * as a DICOM series (300 explicit-VR little-endian files, writeDicomSeries), both cached in .bench/.
 * Each path is loaded and resampled to 1 mm isotropic (linear, IBSI centre-aligned grid, int16
 * output like scipy's default): ours = readNifti / readDicomFolder + resampleImage; peer
 * (bench/imaging_peer.py) = nibabel, or pydicom reading the 300 files, sorting by
 * ImagePositionPatient along the slice normal, rescaling and stacking, then
 * scipy.ndimage.affine_transform with the same mapping — when /usr/bin/python3 (or python3) has
 * nibabel, pydicom and scipy. Each side and path runs in its own process so its peak RSS
 * (getrusage maxRSS) is its own; reported absolute and above the process's baseline (RSS after
 * imports, before any work), each divided by the decoded volume's size. Reports medians, the ratio
 * ours/peer (≤ 1: no slower). Writes .bench/imaging.json.
 *
 * Env: BENCH_REPS (default 3), BENCH_IMAGING_SHAPE (e.g. "256,256,150" for a quick run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Vec3 } from '../core/geometry.js';
import { createRng } from '../core/rng.js';
import type { Volume } from '../core/volume.js';
import { makeVolume } from '../core/volume.js';
import { readDicomFolder, readNifti, writeDicomSeries, writeNifti } from '../io/index.js';
import { resampleImage } from '../preprocess/index.js';
import { median, repoRoot } from './common.js';

const here = fileURLToPath(import.meta.url);
/** The repository root: the nearest folder above this file holding package.json and bench/. */
const root = repoRoot(import.meta.url);
const outDir = join(root, '.bench');
const reps = Number(process.env.BENCH_REPS ?? 3);
const shape = (process.env.BENCH_IMAGING_SHAPE ?? '512,512,300').split(',').map(Number) as unknown as Vec3;
const spacing: Vec3 = [0.7, 0.7, 1.25];
const file = join(outDir, `ct-${shape.join('x')}.nii.gz`);
const dicomDir = join(outDir, `ct-${shape.join('x')}-dicom`);
type Path = 'nifti' | 'dicom';

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
  if (!existsSync(file)) writeNifti(file, vol);
  if (!existsSync(dicomDir)) {
    // Written to a temporary folder renamed at the end, so an interrupted run never leaves a partial series.
    const tmp = `${dicomDir}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const uid = '2.25.20261127';
    const slices = writeDicomSeries(vol, { studyInstanceUid: `${uid}.1`, seriesInstanceUid: `${uid}.2`, frameOfReferenceUid: `${uid}.3` });
    for (const sl of slices) writeFileSync(join(tmp, `IM${String((sl.k * 7919) % 100003).padStart(6, '0')}.dcm`), sl.bytes); // names not in slice order
    renameSync(tmp, dicomDir);
  }
}

interface SideResult { load_ms: number[]; resample_ms: number[]; total_ms: number[]; shape_out: number[]; checksum: number; baseline_rss_mb: number; peak_rss_mb: number; samples?: unknown }

/** Load one path's volume (ours). */
async function loadOurs(path: Path): Promise<Volume> {
  if (path === 'nifti') return readNifti(file).volume;
  const read = await readDicomFolder(dicomDir);
  const r = read.series[0]?.result;
  if (read.series.length !== 1 || !r?.ok) throw new Error(`DICOM bench series did not load: ${JSON.stringify(r && !r.ok ? r.issues : read.fileIssues)}`);
  return r.value.volume;
}

/** Let V8 finish freeing the previous repetition's array buffers (its sweeper runs after the GC, off the sync path). */
async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((r) => setTimeout(r, 20));
  gc?.();
}

/** Child mode: load + resample `reps + 1` times (first = warm-up), report times and memory. */
async function measure(path: Path): Promise<void> {
  await settle();
  const baseline = process.memoryUsage();
  const loads: number[] = [], resamples: number[] = [], totals: number[] = [];
  let shapeOut: number[] = [];
  let checksum = 0;
  let maxSampledRss = baseline.rss, maxArrayBuffers = baseline.arrayBuffers;
  const sample = () => { const m = process.memoryUsage(); maxSampledRss = Math.max(maxSampledRss, m.rss); maxArrayBuffers = Math.max(maxArrayBuffers, m.arrayBuffers); };
  for (let r = 0; r <= reps; r++) {
    const t0 = performance.now();
    let img = await loadOurs(path);
    sample();
    const t1 = performance.now();
    let out = resampleImage(img, { spacingMm: [1, 1, 1], interpolation: 'linear', outputType: 'input' }).value;
    const t2 = performance.now();
    sample();
    shapeOut = [...out.shape];
    checksum = 0;
    for (let i = 0; i < out.data.length; i++) checksum += out.data[i];
    img = undefined as never; out = undefined as never;
    await settle(); // free this repetition's buffers before the next one
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
      execFileSync(py, ['-c', 'import nibabel, pydicom, scipy'], { stdio: 'ignore' });
      return py;
    } catch { /* try next */ }
  }
  return null;
}

type PeerResult = SideResult & { nibabel: string; pydicom: string; scipy: string };

function runOurs(path: Path): SideResult {
  process.stderr.write(`measuring ours, ${path} (${reps} reps + warm-up) ...\n`);
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', here, '--measure', path], { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env } })) as SideResult;
}

function runPeer(py: string, path: Path): PeerResult {
  process.stderr.write(`measuring peer, ${path} (${py}) ...\n`);
  const args = path === 'nifti' ? [file] : ['--dicom', dicomDir];
  return JSON.parse(execFileSync(py, [join(root, 'bench', 'imaging_peer.py'), ...args, String(reps)], { encoding: 'utf8', maxBuffer: 1 << 20 })) as PeerResult;
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  if (!existsSync(file) || !existsSync(dicomDir)) {
    process.stderr.write(`synthesising ${shape.join('x')} int16 CT -> ${file}, ${dicomDir}/ ...\n`);
    synthesise();
  }
  const decodedMb = mb(shape[0] * shape[1] * shape[2] * 2);
  const py = findPython();
  if (!py) process.stderr.write('python3 with nibabel, pydicom and scipy not found: reporting our times only\n');
  const results = (['nifti', 'dicom'] as const).map((path) => ({ path, ours: runOurs(path), peer: py ? runPeer(py, path) : null }));

  const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(1));
  const lines = [
    `imaging benchmark: ${shape.join('×')} int16 CT (${spacing.join('×')} mm) -> 1 mm isotropic [${results[0].ours.shape_out.join('×')}], linear, median of ${reps}; ${cpus()[0]?.model ?? ''} ×${cpus().length}, Node ${process.version}`,
    `decoded volume ${decodedMb.toFixed(1)} MiB; memory = peak RSS of the process (absolute, and above its baseline after imports) / decoded volume`,
    `${'path'.padEnd(16)}${'quantity'.padEnd(30)}${'ours'.padStart(11)}${'peer'.padStart(11)}${'ours/peer'.padStart(11)}`,
  ];
  for (const { path, ours, peer } of results) {
    const name = path === 'nifti' ? '.nii.gz' : 'DICOM x' + shape[2];
    const peerName = path === 'nifti' ? 'nibabel+scipy' : 'pydicom+scipy';
    const above = (s: SideResult) => s.peak_rss_mb - s.baseline_rss_mb;
    const rows: [string, number, number | null, string?][] = [
      ['load (ms)', median(ours.load_ms), peer ? median(peer.load_ms) : null],
      ['resample to 1 mm (ms)', median(ours.resample_ms), peer ? median(peer.resample_ms) : null],
      ['load + resample (ms)', median(ours.total_ms), peer ? median(peer.total_ms) : null],
      ['peak RSS (MiB)', ours.peak_rss_mb, peer ? peer.peak_rss_mb : null],
      ['peak RSS / decoded', ours.peak_rss_mb / decodedMb, peer ? peer.peak_rss_mb / decodedMb : null, 'x'],
      ['peak − baseline (MiB)', above(ours), peer ? above(peer) : null],
      ['(peak − baseline) / decoded', above(ours) / decodedMb, peer ? above(peer) / decodedMb : null, 'x'],
    ];
    lines.push(...rows.map(([q, a, b, unit], i) => `${(i === 0 ? name : i === 1 ? `(${peerName})` : '').padEnd(16)}${q.padEnd(30)}${(unit ? a.toFixed(2) : fmt(a)).padStart(11)}${(b === null ? '—' : unit ? b.toFixed(2) : fmt(b)).padStart(11)}${(b ? (a / b).toFixed(2) : '—').padStart(11)}`));
    lines.push(`${''.padEnd(16)}checksum of the resampled volume: ours ${ours.checksum}, peer ${peer ? peer.checksum : '—'}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  const paths = Object.fromEntries(results.map((r) => [r.path, { ours: r.ours, peer: r.peer, peak_over_decoded: { ours: r.ours.peak_rss_mb / decodedMb, ours_above_baseline: (r.ours.peak_rss_mb - r.ours.baseline_rss_mb) / decodedMb, peer: r.peer ? r.peer.peak_rss_mb / decodedMb : null, peer_above_baseline: r.peer ? (r.peer.peak_rss_mb - r.peer.baseline_rss_mb) / decodedMb : null } }]));
  writeFileSync(join(outDir, 'imaging.json'), JSON.stringify({ shape, spacing, reps, decoded_mb: decodedMb, paths, table: lines, python: py, node: process.version, date: new Date().toISOString() }, null, 1));
}

const mi = process.argv.indexOf('--measure');
if (mi >= 0) await measure(process.argv[mi + 1] === 'dicom' ? 'dicom' : 'nifti');
else await main();
