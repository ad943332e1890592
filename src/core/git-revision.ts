import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** The commit a source checkout is at, read from its `.git` files (no git program needed). */
export interface GitRevision {
  /** 40-hex commit id of HEAD. */
  readonly commit: string;
  /** The branch HEAD names (`refs/heads/main`), or null when detached. */
  readonly ref: string | null;
}

const COMMIT = /^[0-9a-f]{40}$/;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The git folder of a checkout at `root`: `.git` itself, or where a `.git` file (worktree, submodule) points. */
function gitDir(root: string): string | null {
  const dot = join(root, '.git');
  if (!existsSync(dot)) return null;
  if (statSync(dot).isDirectory()) return dot;
  const m = /^gitdir:\s*(.+)$/m.exec(read(dot) ?? '');
  if (!m) return null;
  return isAbsolute(m[1]) ? m[1] : join(root, m[1]);
}

/**
 * HEAD's commit of the git checkout at `root`, or null when `root` is not one (an installed package)
 * or its HEAD cannot be resolved. Whether the working tree has uncommitted changes is not known here:
 * the build fingerprint (`buildFingerprint`) identifies the code that actually ran.
 */
export function gitRevision(root: string): GitRevision | null {
  const dir = gitDir(root);
  if (!dir) return null;
  const head = read(join(dir, 'HEAD'));
  if (!head) return null;
  if (COMMIT.test(head)) return { commit: head, ref: null };
  const m = /^ref:\s*(\S+)$/.exec(head);
  if (!m) return null;
  const ref = m[1];
  // a worktree's refs live in the main repository's folder (`commondir`)
  const common = read(join(dir, 'commondir'));
  const dirs = [dir, ...(common ? [isAbsolute(common) ? common : join(dir, common)] : [])];
  for (const d of dirs) {
    const loose = read(join(d, ref));
    if (loose && COMMIT.test(loose)) return { commit: loose, ref };
    const packed = read(join(d, 'packed-refs'));
    const line = packed?.split('\n').find((l) => l.endsWith(` ${ref}`));
    const id = line?.split(' ')[0];
    if (id && COMMIT.test(id)) return { commit: id, ref };
  }
  return null;
}
