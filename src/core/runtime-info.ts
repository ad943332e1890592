import { existsSync, readFileSync } from 'node:fs';
import { cpus, platform, arch } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GitRevision } from './git-revision.js';
import { gitRevision } from './git-revision.js';

/** Where and with what a run was computed, for provenance.json: Node, platform, CPU, pinned dependencies. */
export interface RuntimeInfo {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpus: number;
  readonly cpuModel: string;
  /**
   * The package's runtime dependencies with the exact versions its package.json pins (and the lock
   * file installs): tfjs and its wasm backend train the members, so two runs agree bit for bit only
   * with the same ones. Empty when package.json cannot be found.
   */
  readonly dependencies: Readonly<Record<string, string>>;
  /** The git commit of the package's source checkout, or null for an installed package (see `gitRevision`). */
  readonly git: GitRevision | null;
}

/** The folder of the package.json above this file (src/core or dist/core), or null. */
function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return null;
}

/** The package's package.json, or null. */
function packageJson(root: string | null): { dependencies?: Record<string, string> } | null {
  if (!root) return null;
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  } catch {
    return null;
  }
}

/** The runtime of this process (see {@link RuntimeInfo}). */
export function runtimeInfo(): RuntimeInfo {
  const c = cpus();
  const root = packageRoot();
  return { node: process.version, platform: platform(), arch: arch(), cpus: c.length, cpuModel: c[0]?.model.trim() ?? 'unknown', dependencies: { ...(packageJson(root)?.dependencies ?? {}) }, git: root ? gitRevision(root) : null };
}
