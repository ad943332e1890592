import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/** SHA-256 (hex) of a file's bytes. */
export function sha256File(path: string): string {
  return sha256(readFileSync(path));
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
