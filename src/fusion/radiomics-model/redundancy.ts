/**
 * Redundancy filtering of radiomic features on the training rows: Spearman correlation and a
 * greedy keep-the-stronger rule.
 */

/** Mid-ranks (1-based, ties averaged) of `v`. @see R `rank(ties.method = "average")` */
export function midRanks(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(n);
  for (let s = 0; s < n; ) {
    let e = s;
    while (e + 1 < n && v[order[e + 1]] === v[order[s]]) e++;
    const mid = (s + e) / 2 + 1;
    for (let q = s; q <= e; q++) r[order[q]] = mid;
    s = e + 1;
  }
  return r;
}

/** Pearson correlation of two equally long vectors; 0 when either is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Spearman's ρ: Pearson correlation of the mid-ranks. @see R `cor(method = "spearman")` */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(midRanks(a), midRanks(b));
}

/** One feature's fate in the filter. */
export interface RedundancyStep {
  readonly feature: string;
  /** Univariable strength used to order features (e.g. max(C, 1 − C)). */
  readonly strength: number;
  readonly kept: boolean;
  /** The kept feature it correlated with (|ρ| above the threshold), when dropped. */
  readonly redundantWith: string | null;
  readonly rho: number | null;
}

/**
 * Greedy redundancy filter: visit features by decreasing `strength` (ties by name) and keep one
 * unless its |Spearman ρ| with an already kept feature exceeds `threshold`; so of every correlated
 * pair the one with the higher univariable strength survives.
 * @param columns feature values on the training rows, one array per feature.
 */
export function filterRedundant(names: readonly string[], columns: readonly ArrayLike<number>[], strength: readonly number[], threshold: number): RedundancyStep[] {
  const order = names.map((_, j) => j).sort((a, b) => strength[b] - strength[a] || (names[a] < names[b] ? -1 : 1));
  const ranks = columns.map((c) => midRanks(c));
  const kept: number[] = [];
  const steps: RedundancyStep[] = [];
  for (const j of order) {
    let hit: { k: number; rho: number } | null = null;
    for (const k of kept) {
      const rho = pearson(ranks[j], ranks[k]);
      if (Math.abs(rho) > threshold) {
        hit = { k, rho };
        break;
      }
    }
    if (!hit) kept.push(j);
    steps.push({ feature: names[j], strength: strength[j], kept: hit === null, redundantWith: hit ? names[hit.k] : null, rho: hit ? hit.rho : null });
  }
  return steps;
}
