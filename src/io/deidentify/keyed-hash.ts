import { createHmac } from 'node:crypto';

/**
 * Deterministic keyed pseudonyms. All use HMAC-SHA256 with the import's secret key, so the same
 * original value always maps to the same replacement under one key (consistent within and across
 * series of a study, and across re-imports that reuse the pseudonym table), while nobody without the
 * key can recompute or reverse the mapping.
 */

function hmac(key: Uint8Array, domain: string, value: string): Buffer {
  return createHmac('sha256', key).update(domain).update('\u0000').update(value).digest();
}

/**
 * Replacement UID `2.25.<decimal>` (PS3.5 §B.2: a UUID-derived UID under the 2.25 arc) built from
 * the first 128 bits of HMAC-SHA256(key, uid). At most 5 + 39 = 44 characters (< 64).
 */
export function remapUid(key: Uint8Array, uid: string): string {
  const h = hmac(key, 'uid', uid.trim());
  let n = 0n;
  for (let i = 0; i < 16; i++) n = (n << 8n) | BigInt(h[i]);
  return `2.25.${n.toString(10)}`;
}

/** Patient pseudonym: 'P' + 12 upper-case hex digits of HMAC(key, patient id). */
export function pseudonymFor(key: Uint8Array, patientId: string): string {
  return 'P' + hmac(key, 'pseudonym', patientId).subarray(0, 6).toString('hex').toUpperCase();
}

/** Per-patient date shift in whole days, in [-maxDays, -minDays] (dates move into the past). */
export function dateOffsetFor(key: Uint8Array, patientId: string, minDays = 365, maxDays = 3650): number {
  const u = hmac(key, 'date-offset', patientId).readUInt32BE(0);
  return -(minDays + (u % (maxDays - minDays + 1)));
}
