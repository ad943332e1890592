import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { HccError } from '../../core/errors.js';
import { dateOffsetFor, pseudonymFor } from './keyed-hash.js';

/** One patient's entry: original PatientID ↔ pseudonym, and the date shift applied. */
export interface PseudonymEntry {
  readonly pseudonym: string;
  readonly dateOffsetDays: number;
}

/**
 * The re-identification key of an import: the secret HMAC key (hex) and every patient seen. It
 * identifies patients, so it is written only where the user says, never beside the images, and
 * nothing from it may be logged.
 */
export interface PseudonymTable {
  readonly format: 'mmf-hcc-pseudonyms';
  readonly version: 1;
  readonly keyHex: string;
  readonly patients: Record<string, PseudonymEntry>;
}

const schema = z.object({
  format: z.literal('mmf-hcc-pseudonyms'),
  version: z.literal(1),
  keyHex: z.string().regex(/^[0-9a-f]{64}$/),
  patients: z.record(z.string(), z.object({ pseudonym: z.string().min(1), dateOffsetDays: z.number().int() })),
});

/** A new table with a fresh 256-bit random key (a secret, so `crypto.randomBytes`, not the seeded RNG). */
export function createPseudonymTable(): PseudonymTable {
  return { format: 'mmf-hcc-pseudonyms', version: 1, keyHex: randomBytes(32).toString('hex'), patients: {} };
}

/** The key as bytes. */
export function tableKey(table: PseudonymTable): Uint8Array {
  return Buffer.from(table.keyHex, 'hex');
}

/** The entry of a patient, added (deterministically from the key) when new. Mutates `table.patients`. */
export function pseudonymEntry(table: PseudonymTable, originalPatientId: string): PseudonymEntry {
  const known = table.patients[originalPatientId];
  if (known) return known;
  const key = tableKey(table);
  const entry = { pseudonym: pseudonymFor(key, originalPatientId), dateOffsetDays: dateOffsetFor(key, originalPatientId) };
  table.patients[originalPatientId] = entry;
  return entry;
}

/** Read a table; `E_INPUT` (without echoing contents) when it is not a valid table. */
export function readPseudonymTable(path: string): PseudonymTable {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new HccError('E_IO', `cannot read pseudonym table ${path}: ${(e as Error).name}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new HccError('E_INPUT', `${path} is not an mmf-hcc pseudonym table (${parsed.error.issues.length} schema problem(s))`);
  return parsed.data as PseudonymTable;
}

/** Write a table readable by the owner only (mode 0600). */
export function writePseudonymTable(path: string, table: PseudonymTable): void {
  writeFileSync(path, JSON.stringify(table, null, 2) + '\n', { mode: 0o600 });
}
