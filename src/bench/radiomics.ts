#!/usr/bin/env node
/**
 * Radiomics benchmark (not a test).
 * 1. PyRadiomics' 107 default features (binWidth 25, 3D) on the IBSI CT phantom tumour (GTV-1,
 *    ~125 k voxels; read from ../shared, licensed non-commercial, never copied): median of 5 runs
 *    after one warm-up, from the loaded volumes (preparation included), compared with the issue's
 *    PyRadiomics 3.1.0 figure of 1.5 s on this kind of machine. PyRadiomics itself cannot be
 *    installed here (no Python package access), so the peer figure is the stated one, not re-measured.
 * 2. A whole cohort (the PyRadiomics test cases and both IBSI 1 phantoms, replicated) extracted
 *    serially and on worker threads (one per core) with a progress bar on stderr.
 * Writes .bench/radiomics.json.
 *
 * Env: BENCH_REPS (default 5), BENCH_COHORT_REPLICAS (default 4).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { readNifti } from '../io/index.js';
import type { CohortJob } from '../radiomics/index.js';
import { extractCohortParallel, extractPyRadiomics, runCohortJob } from '../radiomics/index.js';
import { median, repoRoot } from './common.js';

const root = repoRoot(import.meta.url);
const ref = resolve(root, '..', 'shared', 'reference', 'ibsi');
const reps = Number(process.env.BENCH_REPS ?? 5);
const replicas = Number(process.env.BENCH_COHORT_REPLICAS ?? 4);
/** The issue's figure for PyRadiomics 3.1.0 on the CT phantom tumour, 107 default features. */
const PYRADIOMICS_STATED_S = 1.5;

async function main(): Promise<void> {
  const ctImage = join(ref, 'ibsi1/ct_radiomics_phantom/nifti/phantom.nii.gz');
  const ctMask = join(ref, 'ibsi1/ct_radiomics_phantom/nifti/mask.nii.gz');
  if (!existsSync(ctImage)) {
    process.stdout.write(`radiomics bench: ${ctImage} not found (needs ../shared beside the checkout)\n`);
    process.exitCode = 1;
    return;
  }
  const image = readNifti(ctImage).volume;
  const mask = readNifti(ctMask).volume;
  extractPyRadiomics(image, mask); // warm-up (JIT)
  const totals: number[] = [];
  const perClass: Record<string, number[]> = {};
  let nVoxels = 0;
  let nFeatures = 0;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const res = extractPyRadiomics(image, mask);
    totals.push(performance.now() - t0);
    for (const [k, v] of Object.entries(res.timingsMs)) (perClass[k] ??= []).push(v);
    nVoxels = res.details.image.maskVoxelNum;
    nFeatures = Object.keys(res.features).length;
  }
  const medMs = median(totals);
  const classMedians = Object.fromEntries(Object.entries(perClass).map(([k, v]) => [k, Number(median(v).toFixed(2))]));
  process.stdout.write(
    `CT phantom tumour (${nVoxels} voxels), ${nFeatures} PyRadiomics default features: median ${medMs.toFixed(0)} ms over ${reps} runs\n` +
      `  per step (median ms): ${Object.entries(classMedians).map(([k, v]) => `${k} ${v}`).join(', ')}\n` +
      `  PyRadiomics 3.1.0: ${PYRADIOMICS_STATED_S} s as stated in the issue (PyRadiomics cannot be installed here; not re-measured)\n` +
      `  speed-up vs stated figure: ${(PYRADIOMICS_STATED_S * 1000 / medMs).toFixed(1)}x (target 5x: under 300 ms)\n`,
  );

  // Cohort.
  const data = join(ref, 'pyradiomics_testdata');
  const base: CohortJob[] = [
    ...['brain1', 'brain2', 'breast1'].map((c) => ({ id: c, imagePath: join(data, `${c}_image.nrrd`), maskPath: join(data, `${c}_label.nrrd`) })),
    { id: 'ibsi_digital_phantom', imagePath: join(ref, 'ibsi1/digital_phantom/phantom.nii.gz'), maskPath: join(ref, 'ibsi1/digital_phantom/mask.nii.gz'), settings: { binWidth: 1 } },
    { id: 'ibsi_ct_phantom', imagePath: ctImage, maskPath: ctMask },
  ];
  const jobs: CohortJob[] = [];
  for (let r = 0; r < replicas; r++) for (const j of base) jobs.push({ ...j, id: `${j.id}#${r + 1}` });
  const t1 = performance.now();
  for (const j of jobs) runCohortJob(j);
  const serialMs = performance.now() - t1;
  const threads = cpus().length;
  const t2 = performance.now();
  const results = await extractCohortParallel(jobs, {
    threads,
    onProgress: ({ done, total, last }) => {
      const w = 30;
      const filled = Math.round((done / total) * w);
      process.stderr.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(w - filled)}] ${done}/${total} ${last.id.padEnd(24)}`);
      if (done === total) process.stderr.write('\n');
    },
  });
  const parallelMs = performance.now() - t2;
  const failed = results.filter((r) => !r.ok);
  process.stdout.write(
    `Cohort: ${jobs.length} cases (${base.length} distinct x ${replicas}); serial ${(serialMs / 1000).toFixed(2)} s, ` +
      `${threads} worker threads ${(parallelMs / 1000).toFixed(2)} s (${(serialMs / parallelMs).toFixed(2)}x), ${failed.length} failed\n`,
  );

  const outDir = join(root, '.bench');
  mkdirSync(outDir, { recursive: true });
  const out = {
    benchmark: 'radiomics (PyRadiomics-compatible mode)',
    date: new Date().toISOString(),
    node: process.version,
    cpus: threads,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    single_case: {
      data: 'IBSI 1 CT phantom, GTV-1 (read from ../shared; licensed non-commercial)',
      voxels: nVoxels,
      features: nFeatures,
      settings: 'PyRadiomics defaults (binWidth 25, label 1, 3D, no resampling)',
      runs_ms: totals.map((x) => Number(x.toFixed(2))),
      median_ms: Number(medMs.toFixed(2)),
      per_class_median_ms: classMedians,
    },
    peer: {
      name: 'PyRadiomics 3.1.0',
      median_s: PYRADIOMICS_STATED_S,
      source: 'figure stated in issue 5; PyRadiomics cannot be installed in this environment, so it was not re-measured',
      speedup: Number(((PYRADIOMICS_STATED_S * 1000) / medMs).toFixed(2)),
      target_speedup: 5,
    },
    cohort: {
      cases: jobs.length,
      distinct_cases: base.map((b) => b.id),
      threads,
      serial_s: Number((serialMs / 1000).toFixed(3)),
      parallel_s: Number((parallelMs / 1000).toFixed(3)),
      parallel_speedup: Number((serialMs / parallelMs).toFixed(2)),
      failed: failed.map((f) => ({ id: f.id, error: f.error })),
    },
  };
  writeFileSync(join(outDir, 'radiomics.json'), JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`wrote ${join(outDir, 'radiomics.json')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`radiomics bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
