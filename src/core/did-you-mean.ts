// "Did you mean" suggestions for misspelt keys, columns and values: one nearest-name rule, with the
// acceptance test of each kind of name (keys, values) beside it.

/** Levenshtein distance (insertions, deletions, substitutions; each costs 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Most edits a suggestion may be from the name given. */
const MAX_EDITS = 2;

/**
 * The name among `known` that `name` was most likely meant to be: one equal ignoring case, else the
 * nearest within {@link MAX_EDITS} edits that `accept` lets through (given the candidate and its edit
 * distance); ties go to the alphabetically first. null when none is close.
 */
export function suggestNearest(name: string, known: readonly string[], accept: (candidate: string, distance: number) => boolean): string | null {
  const sorted = [...new Set(known)].sort();
  const lower = name.toLowerCase();
  const sameCase = sorted.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of sorted) {
    const d = editDistance(name, k);
    if (d <= MAX_EDITS && d < bestD && accept(k, d)) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/**
 * The known key `key` was most likely meant to be ({@link suggestNearest}): a near key must also be
 * closer than the shorter key's length, so "id" does not suggest "x".
 */
export function suggestKey(key: string, known: readonly string[]): string | null {
  return suggestNearest(key, known, (k, d) => d < Math.min(key.length, k.length));
}

/**
 * The value (e.g. a centre id) `name` was most likely meant to be ({@link suggestNearest}): a near
 * value must be at most 0.4 of `name`'s length away, and not one that differs only in its digits
 * ("C5" is another centre, not a typo of "C1").
 */
export function suggestValue(name: string, known: readonly string[]): string | null {
  const letters = (x: string) => x.toLowerCase().replace(/[0-9]/g, '');
  return suggestNearest(name, known, (k, d) => d <= 0.4 * name.length && letters(k) !== letters(name));
}

/** `; did you mean "x"?` (with `(where)` when given) for a suggestion, '' for none. */
export function didYouMean(guess: string | null, where?: string): string {
  return guess === null ? '' : `; did you mean "${guess}"${where ? ` (${where})` : ''}?`;
}
