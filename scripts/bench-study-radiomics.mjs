#!/usr/bin/env node
// Timing of the study's radiomic feature extraction (`extractCohortFeaturesParallel`, the demo's
// settings: IBSI preset C with the study overrides, tumour label 2) on a synthetic cohort: in this
// thread (workers = 1) versus on worker threads, each into a fresh study store, and a check that both
// give the same records. Needs the built package (`npm run build`). Indicative only on a shared machine.
//
//   node scripts/bench-study-radiomics.mjs [--patients 60] [--workers 2] [--seed 2] [--dir /tmp/mmf-bench-radiomics]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const patients = Number(arg('patients', '60'));
const workers = Number(arg('workers', '2'));
const seed = Number(arg('seed', '2'));
const dir = resolve(arg('dir', '/tmp/mmf-bench-radiomics'));
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'fusion', 'radiomics-model', 'extract-worker.js'))) {
  process.stderr.write('build first: npm run build\n');
  process.exit(1);
}
const { readManifest } = await import(join(dist, 'io', 'index.js'));
const { canonicalJson, extractCohortFeaturesParallel, openStudyStore, parseStudySettings } = await import(join(dist, 'fusion', 'index.js'));

const cohortParent = join(dir, 'cohort');
const findCohort = () => (existsSync(cohortParent) ? readdirSync(cohortParent).find((d) => d.endsWith(`-seed${seed}-n${patients}`)) : undefined);
if (!findCohort()) {
  mkdirSync(cohortParent, { recursive: true });
  process.stderr.write(`generating a ${patients}-patient synthetic cohort in ${cohortParent} ...\n`);
  execFileSync(process.execPath, [join(dist, 'cli', 'main.js'), 'synth', '--patients', String(patients), '--seed', String(seed), '--out', cohortParent, '--no-rnaseq', '--no-progress'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
const cohort = readManifest(join(cohortParent, findCohort()));
if (!cohort.ok) throw new Error(JSON.stringify(cohort.issues));
const settings = parseStudySettings({ models: { radiomics: { enabled: true, tumourLabel: 2 } } });
if (!settings.ok) throw new Error(JSON.stringify(settings.issues));
const s = settings.value.models.radiomics;

async function timed(label, w) {
  const out = join(dir, `store-${label}`);
  rmSync(out, { recursive: true, force: true });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const f = await extractCohortFeaturesParallel(cohort.value.table, openStudyStore(out), s, { workers: w });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6; // every thread of this process
  process.stderr.write(`${label}: ${seconds.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, ${f.computed} extracted, ${f.warnings.length} warning(s)\n`);
  return { f, seconds, cpu };
}

const serial = await timed('serial', 1);
const parallel = await timed(`workers${workers}`, workers);
const same = canonicalJson(serial.f.rows) === canonicalJson(parallel.f.rows) && canonicalJson(serial.f.warnings) === canonicalJson(parallel.f.warnings);
const summary = {
  patients,
  extracted: serial.f.computed,
  cores: availableParallelism(),
  serial_s: Number(serial.seconds.toFixed(2)),
  parallel_s: Number(parallel.seconds.toFixed(2)),
  serial_cpu_s: Number(serial.cpu.toFixed(2)),
  parallel_cpu_s: Number(parallel.cpu.toFixed(2)),
  load_average_1min: Number(loadavg()[0].toFixed(2)),
  workers,
  speedup: Number((serial.seconds / parallel.seconds).toFixed(2)),
  identical: same,
};
process.stdout.write(JSON.stringify(summary) + '\n');
if (!same) process.exitCode = 1;
