import { editDistance, suggestKey } from '../../core/unknown-keys.js';

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

/**
 * The value (e.g. a centre id) `name` was most likely meant to be, among `known`: one equal ignoring
 * case, else the nearest within edit distance 2 whose distance is at most 0.4 of `name`'s length, and
 * not one that differs only in its digits ("C5" is another centre, not a typo of "C1"). null when
 * nothing is that close.
 */
export function suggestValue(name: string, known: readonly string[]): string | null {
  const sorted = [...new Set(known)].sort();
  const lower = name.toLowerCase();
  const same = sorted.find((k) => k.toLowerCase() === lower);
  if (same !== undefined) return same;
  const letters = (x: string) => x.toLowerCase().replace(/[0-9]/g, '');
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of sorted) {
    if (letters(k) === letters(name)) continue;
    const d = editDistance(name, k);
    if (d <= 2 && d <= 0.4 * name.length && d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** `; did you mean "x"?` for a suggestion, '' for none. */
export function didYouMean(guess: string | null, where?: string): string {
  return guess === null ? '' : `; did you mean "${guess}"${where ? ` (${where})` : ''}?`;
}
