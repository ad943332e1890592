#!/usr/bin/env node
/**
 * `npm run bench [-- name ...]`: runs each benchmark in its own Node process, one after the other
 * (so they do not compete for the 2 cores), each side by side with its peer where the peer is
 * installed (R survival, R DESeq2, nibabel + scipy). Results land in .bench/<name>.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ALL = ['survival', 'imaging', 'radiomics', 'genomics', 'deep', 'synth'] as const;
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = asked.length ? asked : [...ALL];
let failed = 0;
for (const name of names) {
  const script = join(here, `${name}.js`);
  if (!existsSync(script)) {
    process.stdout.write(`\n== ${name}: not available in this build\n`);
    continue;
  }
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
