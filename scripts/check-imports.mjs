#!/usr/bin/env node
// Import-boundary lint: stages import `core/` and only the public index of allowed upstream stages.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOWED } from './import-rules.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

export function checkImports() {
  const problems = [];
  for (const file of walk(src)) {
    const stage = relative(src, file).split(sep)[0];
    const text = readFileSync(file, 'utf8');
    const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
    for (const m of text.matchAll(re)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      const rel = relative(src, target);
      if (rel.startsWith('..')) { problems.push(`${relative(root, file)}: imports outside src: ${spec}`); continue; }
      const tStage = rel.split(sep)[0];
      if (tStage === stage) continue;
      const allowed = ALLOWED[stage];
      if (!allowed) { problems.push(`${relative(root, file)}: unknown stage folder "${stage}"`); continue; }
      if (!allowed.includes(tStage)) problems.push(`${relative(root, file)}: stage "${stage}" may not import "${tStage}" (${spec})`);
      else if (tStage !== 'core' && !/^[^/\\]+[/\\]index\.js$/.test(rel)) problems.push(`${relative(root, file)}: import the public index of "${tStage}", not ${spec}`);
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = checkImports();
  for (const p of problems) console.error(p);
  console.log(problems.length ? `${problems.length} import-boundary problem(s)` : 'import boundaries OK');
  process.exit(problems.length ? 1 : 0);
}
