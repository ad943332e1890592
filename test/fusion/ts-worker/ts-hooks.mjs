// Module hooks for tests only: let a worker thread import the TypeScript sources (a relative `./x.js`
// import from a `.ts` file resolves to `./x.ts` when only that exists; `.ts` files are transpiled with
// the project's TypeScript, types stripped, no type checking). vitest transforms the main thread's
// sources, not a worker's, so a worker under test loads the sources through these hooks. Transpiled
// files are cached in the temporary folder by content hash, so later workers start quickly.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';

const cacheDir = join(tmpdir(), 'mmf-test-ts-worker-cache');
let ts = null;

function transpile(path, source) {
  const file = join(cacheDir, createHash('sha256').update(path).update('\0').update(source).digest('hex') + '.js');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  ts ??= createRequire(import.meta.url)('typescript');
  const out = ts.transpileModule(source, { fileName: path, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  writeFileSync(tmp, out);
  renameSync(tmp, file);
  return out;
}

export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith('.ts') && /^\.\.?\//.test(specifier) && specifier.endsWith('.js')) {
    const js = new URL(specifier, context.parentURL);
    const tsUrl = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (!existsSync(fileURLToPath(js)) && existsSync(fileURLToPath(tsUrl))) return { url: tsUrl.href, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const path = fileURLToPath(url);
  return { format: 'module', source: transpile(path, readFileSync(path, 'utf8')), shortCircuit: true };
}
