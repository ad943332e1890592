#!/usr/bin/env node
// Re-runs every golden case's generator (Rscript generate.R / python3 generate.py) in its folder,
// then checks the outputs against test/reference/MANIFEST.json: exits 1 when any hash drifted,
// so a changed tool version or script is noticed. Needs the tools named in each expected.json.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkManifest } from './reference-manifest.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'test/reference/MANIFEST.json'), 'utf8'));
const only = process.argv.slice(2);
for (const c of manifest.cases) {
  if (only.length && !only.includes(c.case)) continue;
  if (!c.generator) continue;
  const dir = join(root, c.path);
  const cmd = c.generator.endsWith('.R') ? ['Rscript', [c.generator]] : c.generator.endsWith('.sh') ? ['sh', [c.generator]] : ['python3', [c.generator]];
  console.log(`regenerating ${c.stage}/${c.case} with ${cmd[0]} ${c.generator}`);
  if (!existsSync(join(dir, c.generator))) throw new Error(`missing ${c.generator} in ${dir}`);
  execFileSync(cmd[0], cmd[1], { cwd: dir, stdio: 'inherit' });
}
const problems = checkManifest();
problems.forEach((p) => console.error(p));
console.log(problems.length ? `${problems.length} golden file(s) drifted` : 'all golden files reproduced byte for byte');
process.exit(problems.length ? 1 : 0);
