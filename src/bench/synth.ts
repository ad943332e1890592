#!/usr/bin/env node
/**
 * Benchmark (not a test) of `mmf synth`: wall time and disk size of the default demo cohort
 * (859 patients, 4 centres, seed 7, RNA-seq, 3-phase CT phantoms, masks, DICOM for the external
 * centre). Targets: < 10 minutes and < 3 GB. Run after `npm run build`:
 *   node dist/bench/synth.js            (BENCH_SYNTH_PATIENTS, BENCH_SYNTH_OUT, BENCH_SYNTH_KEEP=1)
 * Results are printed and written to .bench/synth.json.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultGeneSetFile, generateCohort, parseSynthConfig, readGeneUniverse, writeCohort } from '../synth/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Files and bytes under a folder; `blocks` counts allocated 512-byte blocks (what `du` reports). */
function diskUsage(dir: string): { files: number; bytes: number; allocatedBytes: number } {
  let files = 0, bytes = 0, allocatedBytes = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        files++;
        bytes += st.size;
        allocatedBytes += st.blocks * 512;
      }
    }
  };
  walk(dir);
  return { files, bytes, allocatedBytes };
}

function main(): void {
  const patients = Number(process.env.BENCH_SYNTH_PATIENTS ?? 859);
  const out = process.env.BENCH_SYNTH_OUT ?? join(mkdtempSync(join(tmpdir(), 'mmf-bench-synth-')), 'synthetic-bench');
  const config = parseSynthConfig({});
  const t0 = performance.now();
  const geneUniverse = readGeneUniverse(defaultGeneSetFile(), config.rnaseq.programmeSet);
  const cohort = generateCohort({ patients, centres: 4, seed: 7, config, geneUniverse });
  const tTables = performance.now();
  let last = -1;
  const res = writeCohort(cohort, out, {
    images: true,
    onProgress: (p) => {
      const pct = Math.floor((100 * p.done) / p.total);
      if (pct % 10 === 0 && pct !== last) {
        last = pct;
        process.stderr.write(`  ${p.done}/${p.total} patients, ${(p.elapsedMs / 1000).toFixed(0)} s\n`);
      }
    },
  });
  const t1 = performance.now();
  const du = diskUsage(out);
  const result = {
    patients,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    seconds: { total: (t1 - t0) / 1000, cohortModel: (tTables - t0) / 1000, imagesAndFiles: (t1 - tTables) / 1000, imagesOnly: (res.images?.elapsedMs ?? 0) / 1000 },
    secondsPerPatient: (t1 - t0) / 1000 / patients,
    disk: { files: du.files, bytes: du.bytes, gigabytes: du.bytes / 1e9, allocatedGigabytes: du.allocatedBytes / 1e9 },
    images: res.images ? { dicomPatients: res.images.dicomPatients, maskFormats: res.images.maskFormats } : null,
    targets: { secondsBelow: 600, gigabytesBelow: 3 },
    pass: (t1 - t0) / 1000 < 600 && du.allocatedBytes / 1e9 < 3,
    out,
  };
  mkdirSync(join(root, '.bench'), { recursive: true });
  writeFileSync(join(root, '.bench', 'synth.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(
    `synth bench: ${patients} patients in ${result.seconds.total.toFixed(1)} s (${(1000 * result.secondsPerPatient).toFixed(0)} ms/patient), ` +
      `${du.files} files, ${(du.bytes / 1e9).toFixed(2)} GB (${result.disk.allocatedGigabytes.toFixed(2)} GB allocated); targets < 600 s and < 3 GB: ${result.pass ? 'PASS' : 'FAIL'}\n`,
  );
  if (!process.env.BENCH_SYNTH_KEEP && !process.env.BENCH_SYNTH_OUT) rmSync(dirname(out), { recursive: true, force: true });
}

main();
