import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Write a file atomically: the data go to `<path>.<pid>.tmp` in the same folder, which is then
 * renamed over `path`, so a reader (or a run resumed after a kill) sees the old file or the whole
 * new one, never a part. On failure the temporary file is removed and the error is rethrown
 * unchanged; callers wrap it in their own coded error naming what they were writing.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw cause;
  }
}
