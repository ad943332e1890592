import { HccError } from '../core/errors.js';
import type { StageSpec } from './specs.js';
import { parseStageSpec } from './specs.js';

/**
 * Validate `input` as the spec of step `kind` (defaults applied); throws `E_OPTION` with the
 * `bad_option` issues when it is invalid.
 */
export function resolveSpec<K extends StageSpec['kind']>(kind: K, input: object): Extract<StageSpec, { kind: K }> {
  const r = parseStageSpec({ ...input, kind });
  if (!r.ok) throw new HccError('E_OPTION', `invalid ${kind} options: ${r.issues.map((i) => i.message).join('; ')}`, { issues: r.issues });
  return r.value as Extract<StageSpec, { kind: K }>;
}
