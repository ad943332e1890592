import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './provenance.js';

/**
 * Fingerprint of the code that is running: SHA-256 over the relative path and bytes of every code
 * file of the package (the compiled `dist/**\/*.js`, or `src/**\/*.ts` less tests when run from the
 * sources), computed once per process. The study store keys every object with it besides the package
 * version, so a study folder never reuses a result computed by different code: a user who pulls new
 * commits without a version bump, or a developer who rebuilds, gets fresh results, while an
 * interrupted run of the same build resumes. Recorded in provenance.json as `build`.
 */
let cached: string | null = null;

/** Code files under `root`, relative paths sorted (so the fingerprint does not depend on the folder's name or listing order). */
export function codeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts|mjs)$/.test(e.name) && !/\.d\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** SHA-256 (hex) over the listed files' relative paths and contents. */
export function fingerprintFiles(root: string, files: readonly string[]): string {
  const parts: string[] = [];
  for (const f of files) parts.push(f, sha256(readFileSync(join(root, f))));
  return sha256(parts.join('\n'));
}

/** The running package's code fingerprint (first 16 hex digits are enough to tell builds apart; the full hash is returned). */
export function buildFingerprint(): string {
  if (cached === null) {
    // This file sits in <root>/core/ (dist or src): the package's code root is one folder up.
    const root = dirname(dirname(fileURLToPath(import.meta.url)));
    cached = fingerprintFiles(root, codeFiles(root));
  }
  return cached;
}
