import { createHash } from 'node:crypto';
import type { Issue } from '../core/issues.js';
import type { StageRecord } from '../core/provenance.js';
import { recordStage } from '../core/provenance.js';
import type { Volume } from '../core/volume.js';

/** A preprocessing result: the value, what was done (provenance) and any warnings. */
export interface StageOutput<T> {
  readonly value: T;
  readonly record: StageRecord;
  readonly warnings: readonly Issue[];
}

/** SHA-256 of a volume: geometry (shape, spacing, origin, direction, array type) and voxel bytes. */
export function volumeDigest(v: Volume): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ shape: v.shape, spacing: v.spacing, origin: v.origin, direction: v.direction, type: v.data.constructor.name }));
  h.update(new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength));
  return h.digest('hex');
}

/**
 * Run a pure stage body and record it: `options` are the resolved spec (plus sampled parameters for
 * random stages), `inputs` the digests of the input volumes.
 */
export function runRecorded<T>(stage: string, options: unknown, inputs: Record<string, Volume>, work: () => { value: T; warnings?: Issue[] }): StageOutput<T> {
  const digests: Record<string, string> = {};
  for (const [k, v] of Object.entries(inputs)) digests[k] = volumeDigest(v);
  const { value, record } = recordStage(stage, options, digests, work);
  return { value: value.value, record, warnings: value.warnings ?? [] };
}
