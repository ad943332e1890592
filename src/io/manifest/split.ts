import { sha256 } from '../../core/provenance.js';
import type { Split, SplitRule } from './schema.js';
import { SPLIT_ALIASES } from './schema.js';

/** Read a split value as written in a split column; null when it is not a known spelling. */
export function parseSplitValue(value: string): Split | null {
  const key = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return SPLIT_ALIASES[key] ?? null;
}

/**
 * A uniform number in [0, 1) from (seed, patient id): the first 48 bits of SHA-256 of
 * `"<seed>:<patientId>"`. It depends on nothing else, so a patient keeps its assignment when
 * patients are added, removed or reordered.
 */
export function patientUniform(seed: number, patientId: string): number {
  return parseInt(sha256(`${seed}:${patientId}`).slice(0, 12), 16) / 2 ** 48;
}

/**
 * Split of one patient under a by-centre rule: training centres give training, except the share
 * `internalValidationFraction` (by {@link patientUniform} < fraction) that goes to internal
 * validation; internal-validation and external-test centres give theirs. Null for a centre the
 * rule does not name.
 */
export function splitByCentre(rule: Extract<SplitRule, { kind: 'by-centre' }>, centre: string, patientId: string): Split | null {
  if (rule.training.includes(centre)) {
    return rule.internalValidationFraction > 0 && patientUniform(rule.seed, patientId) < rule.internalValidationFraction ? 'internal_validation' : 'training';
  }
  if (rule.internalValidation.includes(centre)) return 'internal_validation';
  if (rule.externalTest.includes(centre)) return 'external_test';
  return null;
}
