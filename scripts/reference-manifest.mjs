#!/usr/bin/env node
// Builds or checks test/reference/MANIFEST.json: one entry per golden case with the SHA-256 of
// every file, the generator script, and the provenance its expected.json declares (tool versions,
// call, tolerances). `--check` fails when a file's hash drifted from the manifest (CI runs the
// check through test/architecture/reference-manifest.test.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const refRoot = join(root, 'test', 'reference');
const manifestPath = join(refRoot, 'MANIFEST.json');

const sha = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

function provenanceOf(expectedPath) {
  if (!existsSync(expectedPath)) return null;
  let j;
  try { j = JSON.parse(readFileSync(expectedPath, 'utf8')); } catch { return null; }
  const pick = {};
  for (const k of ['generated_with', 'versions', 'R', 'tool', 'call', 'calls', 'tolerance', 'tolerances', 'description', 'note']) if (k in j) pick[k] = j[k];
  return pick;
}

export function buildManifest() {
  const cases = [];
  for (const stage of readdirSync(refRoot).sort()) {
    const sdir = join(refRoot, stage);
    if (!statSync(sdir).isDirectory()) continue;
    for (const name of readdirSync(sdir).sort()) {
      const cdir = join(sdir, name);
      if (!statSync(cdir).isDirectory()) continue;
      const files = {};
      for (const f of readdirSync(cdir).sort()) if (statSync(join(cdir, f)).isFile()) files[f] = sha(join(cdir, f));
      const generator = Object.keys(files).find((f) => /^generate\.(R|py|sh)$/.test(f)) ?? null;
      cases.push({ stage, case: name, path: relative(root, cdir), generator, files, provenance: provenanceOf(join(cdir, 'expected.json')) });
    }
  }
  return { description: 'Golden reference cases owned by this project; regenerate with npm run refs:regen (needs R/Python), check with npm test.', cases };
}

export function checkManifest() {
  if (!existsSync(manifestPath)) return ['test/reference/MANIFEST.json is missing: run node scripts/reference-manifest.mjs'];
  const want = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const have = buildManifest();
  const problems = [];
  const key = (c) => `${c.stage}/${c.case}`;
  const wantMap = new Map(want.cases.map((c) => [key(c), c]));
  for (const c of have.cases) {
    const w = wantMap.get(key(c));
    if (!w) { problems.push(`${key(c)}: not in MANIFEST.json`); continue; }
    if (!c.generator) problems.push(`${key(c)}: no generate.R / generate.py`);
    for (const [f, h] of Object.entries(c.files)) if (w.files[f] !== h) problems.push(`${key(c)}/${f}: hash ${h.slice(0, 12)} differs from the manifest`);
    for (const f of Object.keys(w.files)) if (!(f in c.files)) problems.push(`${key(c)}/${f}: listed in the manifest but missing`);
    wantMap.delete(key(c));
  }
  for (const k of wantMap.keys()) problems.push(`${k}: in the manifest but the folder is gone`);
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const p = checkManifest();
    p.forEach((x) => console.error(x));
    console.log(p.length ? `${p.length} problem(s)` : 'reference manifest OK');
    process.exit(p.length ? 1 : 0);
  }
  writeFileSync(manifestPath, JSON.stringify(buildManifest(), null, 2) + '\n');
  console.log(`wrote ${relative(root, manifestPath)}`);
}
