import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { HccError } from '../core/errors.js';
import { sha256 } from '../core/provenance.js';
import { buildFingerprint } from '../core/build-id.js';
import { VERSION } from '../core/version.js';

/**
 * Study state as a content-addressed JSON store in the output folder (`<out>/state/`). Each
 * step's result is one JSON object stored under the SHA-256 of its *key material* (step kind,
 * input hashes, the settings that matter, the package version and the code's fingerprint,
 * `buildFingerprint`): the same inputs and code give the same
 * key, so a resumed run finds the object and does not compute it again; changed inputs give a new
 * key and the old result stays untouched. Objects are written to a temporary file and renamed,
 * so an interrupted run never leaves a half-written object. `index.jsonl` logs every object
 * (kind, label, key, time) for people and the provenance record. Why a JSON store rather than
 * SQLite: docs/study-pipeline.md.
 */

/** What one stored object carries besides its value. */
export interface StoredObject<T> {
  readonly key: string;
  readonly kind: string;
  readonly label: string;
  readonly version: string;
  /** Fingerprint of the code that computed it (`buildFingerprint`). */
  readonly build: string;
  readonly createdAt: string;
  /** The key material the key hashes (kept so a person can see why a result was reused). */
  readonly keyMaterial: unknown;
  readonly value: T;
}

/** A step of the run as the index logs it. */
export interface StoreIndexEntry {
  readonly key: string;
  readonly kind: string;
  readonly label: string;
  readonly createdAt: string;
}

/** JSON with sorted object keys, typed arrays as arrays and non-finite numbers as null. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
  if (Array.isArray(v)) return v.map(normalise);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = normalise(x);
    }
    return out;
  }
  return v;
}

/** The store of one study output folder. */
export interface StudyStore {
  readonly dir: string;
  /** Key of a step: SHA-256 of the canonical JSON of { kind, version, build, material }. */
  keyOf(kind: string, material: unknown): string;
  has(key: string): boolean;
  get<T>(key: string): StoredObject<T> | null;
  put<T>(kind: string, label: string, material: unknown, value: T): StoredObject<T>;
  /** Return the stored value for (kind, material), or compute, store and return it. */
  memo<T>(kind: string, label: string, material: unknown, compute: () => T): { value: T; reused: boolean; key: string };
  /** Objects reused and computed since the store was opened. */
  readonly stats: { reused: number; computed: number };
  entries(): StoreIndexEntry[];
}

function objectPath(dir: string, key: string): string {
  return join(dir, 'objects', key.slice(0, 2), `${key}.json`);
}

/** Open (creating if needed) the store under `<outDir>/state`. */
export function openStudyStore(outDir: string): StudyStore {
  const dir = join(outDir, 'state');
  mkdirSync(join(dir, 'objects'), { recursive: true });
  const indexPath = join(dir, 'index.jsonl');
  const stats = { reused: 0, computed: 0 };
  const build = buildFingerprint();
  const keyOf = (kind: string, material: unknown) => sha256(canonicalJson({ kind, version: VERSION, build, material }));
  const get = <T>(key: string): StoredObject<T> | null => {
    const p = objectPath(dir, key);
    if (!existsSync(p)) return null;
    try {
      return JSON.parse(readFileSync(p, 'utf8')) as StoredObject<T>;
    } catch (cause) {
      // A corrupt object (e.g. disk full during a copy) is recomputed rather than trusted.
      if (cause instanceof SyntaxError) return null;
      throw new HccError('E_IO', `cannot read study state ${p}`, { cause });
    }
  };
  const put = <T>(kind: string, label: string, material: unknown, value: T): StoredObject<T> => {
    const key = keyOf(kind, material);
    const obj = { key, kind, label, version: VERSION, build, createdAt: new Date().toISOString(), keyMaterial: normalise(material), value: normalise(value) as T };
    const p = objectPath(dir, key);
    mkdirSync(join(dir, 'objects', key.slice(0, 2)), { recursive: true });
    writeFileAtomic(p, JSON.stringify(obj));
    appendFileSync(indexPath, JSON.stringify({ key, kind, label, createdAt: obj.createdAt }) + '\n');
    return obj;
  };
  return {
    dir,
    keyOf,
    has: (key) => existsSync(objectPath(dir, key)),
    get,
    put,
    memo<T>(kind: string, label: string, material: unknown, compute: () => T) {
      const key = keyOf(kind, material);
      const found = get<T>(key);
      if (found) {
        stats.reused++;
        return { value: found.value, reused: true, key };
      }
      const stored = put(kind, label, material, compute());
      stats.computed++;
      return { value: stored.value, reused: false, key };
    },
    stats,
    entries() {
      if (!existsSync(indexPath)) return [];
      return readFileSync(indexPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as StoreIndexEntry);
    },
  };
}
