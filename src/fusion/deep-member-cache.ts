import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sha256File } from '../core/provenance.js';
import type { MemberCache, MemberKind } from '../deep/index.js';
import { readMemberCheckpoint, writeMemberCheckpoint } from '../deep/index.js';
import type { StudyStore } from './store.js';

/** What the store records of a kept member (its weights are a checkpoint beside the store). */
interface KeptMember {
  /** Checkpoint base name under `<state>/deep-members/`. */
  readonly base: string;
  /** SHA-256 of the checkpoint's `.json` and `.bin`: a file changed or cut short is trained again. */
  readonly files: { readonly json: string; readonly bin: string };
  readonly samplesPerSecond: number;
  readonly durationMs: number;
}

/**
 * Finished Ensemble-DL members of one ensemble (`scope`: the stage key and the part, e.g. the full
 * ensemble or a cross-fitting fold), kept in the study store so an interrupted run trains only the
 * members it had not finished. The weights are checkpoints in `<state>/deep-members/<key>.json/.bin`,
 * written before the store records their SHA-256; a missing, partial or changed checkpoint is not
 * reused (the member is trained again).
 */
export function storeMemberCache(store: StudyStore, scope: Readonly<Record<string, unknown>>, label: string): MemberCache {
  const dir = join(store.dir, 'deep-members');
  const material = (index: number, kind: MemberKind) => ({ ...scope, member: index, kind });
  return {
    get(index, kind) {
      const kept = store.get<KeptMember>(store.keyOf('deep-member', material(index, kind)))?.value;
      if (!kept) return null;
      const base = join(dir, kept.base);
      const json = `${base}.json`;
      const bin = `${base}.bin`;
      if (!existsSync(json) || !existsSync(bin) || sha256File(json) !== kept.files.json || sha256File(bin) !== kept.files.bin) return null;
      try {
        return { member: readMemberCheckpoint(base, kind), samplesPerSecond: kept.samplesPerSecond, durationMs: kept.durationMs };
      } catch {
        return null;
      }
    },
    put(index, kind, entry) {
      mkdirSync(dir, { recursive: true });
      const key = store.keyOf('deep-member', material(index, kind));
      const files = writeMemberCheckpoint(join(dir, key), entry.member);
      const value: KeptMember = { base: key, files: { json: sha256File(files.json), bin: sha256File(files.bin) }, samplesPerSecond: entry.samplesPerSecond, durationMs: entry.durationMs };
      store.put('deep-member', `ensemble-dl: ${label}, member ${index + 1} (${kind})`, material(index, kind), value);
    },
  };
}
