import { suggestKey } from '../../core/did-you-mean.js';

/**
 * The column `name` was most likely meant to be, among `known`: the nearest by `suggestKey` (same
 * name ignoring case, else within edit distance 2, e.g. "Hopsital" → "Hospital", "deaht" → "death"),
 * else the only column that starts with `name` followed by `_` or that `name` abbreviates that way
 * ("afp" → "afp_ng_ml"). null when nothing is close or the prefix is ambiguous.
 */
export function suggestColumn(name: string, known: readonly string[]): string | null {
  const near = suggestKey(name, known);
  if (near !== null) return near;
  if (name.length < 2) return null;
  const lower = name.toLowerCase();
  const prefixed = [...new Set(known)].filter((k) => {
    const kl = k.toLowerCase();
    return kl.startsWith(`${lower}_`) || lower.startsWith(`${kl}_`);
  });
  return prefixed.length === 1 ? prefixed[0] : null;
}
