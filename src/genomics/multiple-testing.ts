/**
 * Multiple-testing adjustment of p-values. NaN entries (R's NA) are kept as NaN and excluded from
 * the number of tests n, as `p.adjust` does.
 */

export type PAdjustMethod = 'BH' | 'bonferroni' | 'holm';

function finiteIndex(p: ArrayLike<number>): number[] {
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i])) idx.push(i);
  return idx;
}

/**
 * Benjamini–Hochberg: with the n non-missing p sorted decreasing, p_adj(i) = min(1, cummin(n/i · p(i))).
 * @see R `p.adjust(p, "BH")`
 */
export function adjustBH(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length).fill(NaN);
  const idx = finiteIndex(p);
  const n = idx.length;
  if (n === 0) return out;
  idx.sort((a, b) => p[b] - p[a]);
  let run = Infinity;
  for (let r = 0; r < n; r++) {
    const rank = n - r;
    const v = (n / rank) * p[idx[r]];
    if (v < run) run = v;
    out[idx[r]] = Math.min(1, run);
  }
  return out;
}

/** Bonferroni: min(1, n·p). @see R `p.adjust(p, "bonferroni")` */
export function adjustBonferroni(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length).fill(NaN);
  const idx = finiteIndex(p);
  for (const i of idx) out[i] = Math.min(1, idx.length * p[i]);
  return out;
}

/**
 * Holm: with p sorted increasing, p_adj(i) = min(1, cummax((n − i + 1)·p(i))).
 * @see R `p.adjust(p, "holm")`
 */
export function adjustHolm(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length).fill(NaN);
  const idx = finiteIndex(p);
  const n = idx.length;
  idx.sort((a, b) => p[a] - p[b]);
  let run = 0;
  for (let r = 0; r < n; r++) {
    const v = (n - r) * p[idx[r]];
    if (v > run) run = v;
    out[idx[r]] = Math.min(1, run);
  }
  return out;
}

/** Dispatch on the method name. */
export function adjustPValues(p: ArrayLike<number>, method: PAdjustMethod): Float64Array {
  if (method === 'BH') return adjustBH(p);
  if (method === 'bonferroni') return adjustBonferroni(p);
  return adjustHolm(p);
}
