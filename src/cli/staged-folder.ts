// A command's output folder written in full or not at all: the files go to a fresh staging folder
// beside the target and are moved into it only once the command has succeeded (`mmf predict`'s
// Grad-CAM overlays, written before the patients file is known to be valid).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A staging folder for the outputs that belong in `target`. */
export interface StagedFolder {
  /** The target folder the outputs belong in. */
  readonly target: string;
  /** Where to write them meanwhile: a fresh folder beside `target` (same file system, so moves are renames). */
  readonly dir: string;
  /** The path a file written at `path` (under {@link StagedFolder.dir}) has once committed; any other path unchanged. */
  finalPath(path: string): string;
  /**
   * Move everything written into `target`: the staging folder becomes `target` when there is none,
   * else its files are moved into it (a file of the same name replaced, every other file kept).
   */
  commit(): void;
  /**
   * Remove the staging folder with what it holds, and the folders created to hold it when they are
   * left empty; `target` is not touched. Nothing happens after {@link StagedFolder.commit}.
   */
  discard(): void;
}

/** Move the files under `from` into `to`, folder by folder (a file replaces a file of the same name). */
function mergeInto(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, e.name);
    const dst = join(to, e.name);
    if (e.isDirectory() && existsSync(dst) && statSync(dst).isDirectory()) mergeInto(src, dst);
    else {
      if (existsSync(dst)) rmSync(dst, { recursive: true, force: true });
      renameSync(src, dst);
    }
  }
}

/**
 * Stage the outputs of `target` (created with its parent folders only when committed, see
 * {@link StagedFolder}). Call `discard` in a `finally`: after `commit` it does nothing.
 */
export function stageFolder(target: string): StagedFolder {
  const parent = dirname(target);
  // the first folder created for the staging folder (undefined: the parent was there)
  const created = mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `.${basename(target)}.partial-`));
  let done = false;
  return {
    target,
    dir,
    finalPath: (path) => {
      const rel = relative(resolve(dir), resolve(path));
      if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return path;
      return join(target, rel);
    },
    commit: () => {
      if (done) return;
      if (existsSync(target)) {
        mergeInto(dir, target);
        rmSync(dir, { recursive: true, force: true });
      } else renameSync(dir, target);
      done = true;
    },
    discard: () => {
      if (done) return;
      done = true;
      rmSync(dir, { recursive: true, force: true });
      if (created === undefined) return;
      // the folders made for the staging folder, innermost first, while they are empty
      const top = resolve(created);
      for (let d = resolve(parent); ; d = dirname(d)) {
        if (readdirSync(d).length) return;
        rmdirSync(d);
        if (d === top || dirname(d) === d) return;
      }
    },
  };
}
