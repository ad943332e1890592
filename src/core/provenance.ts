import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { VERSION } from './version.js';

/** What was done by one stage, saved with its results so a run can be repeated and audited. */
export interface StageRecord {
  readonly stage: string;
  /** Options after defaults were applied. */
  readonly options: unknown;
  /** SHA-256 of each input, keyed by a name (file path or logical input). */
  readonly inputs: Readonly<Record<string, string>>;
  readonly version: string;
  readonly node: string;
  readonly startedAt: string;
  readonly durationMs: number;
}

/** SHA-256 (hex) of bytes or text. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hashes of files already read by this process, with the file's identity when it was read. */
const fileHashes = new Map<string, { readonly stamp: string; readonly hash: string }>();

/**
 * SHA-256 (hex) of a file's bytes. A study hashes the same image files in several steps (store keys,
 * radiomics, provenance), so the hash is kept per process and reused while the file's size, inode,
 * modification and change times (nanoseconds) are unchanged; any write changes them.
 */
export function sha256File(path: string): string {
  const st = statSync(path, { bigint: true });
  const stamp = `${st.size}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
  const key = resolve(path);
  const kept = fileHashes.get(key);
  if (kept && kept.stamp === stamp) return kept.hash;
  const hash = sha256(readFileSync(path));
  fileHashes.set(key, { stamp, hash });
  return hash;
}

/** Run `work` and return its value with a `StageRecord` describing it. */
export function recordStage<T>(stage: string, options: unknown, inputs: Record<string, string>, work: () => T): { value: T; record: StageRecord } {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const value = work();
  return {
    value,
    record: { stage, options, inputs, version: VERSION, node: process.version, startedAt, durationMs: performance.now() - t0 },
  };
}
