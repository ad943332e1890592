/**
 * Harrell's concordance for the forest's out-of-bag error and permutation importance (private to
 * the forest; the public C-index lives in the metrics module).
 *
 * A pair (i, j) is comparable when T_i < T_j and δ_i = 1, or T_i = T_j with δ_i = 1, δ_j = 0
 * (the death precedes the censoring, as R's `survival::concordance`). It is concordant when
 * risk_i > risk_j, tied when risk_i = risk_j (counted ½), discordant otherwise.
 * C = (concordant + ½·tied) / comparable. O(m log m): rows are visited from the longest time down
 * while a Fenwick tree over risk ranks counts the rows already seen.
 *
 * ranger's `computeConcordanceIndex` differs in one corner: a death and a censoring at the same
 * time form a pair it counts as comparable but never concordant (unless risks tie).
 */
export interface HarrellCounts {
  readonly concordant: number;
  readonly discordant: number;
  readonly tiedRisk: number;
  readonly comparable: number;
  /** NaN when no pair is comparable (callers skip such sets and say so). */
  readonly concordance: number;
}

/** Harrell's C of `risk` (higher = earlier death) against (time, event), all of length m. */
export function harrellConcordance(time: ArrayLike<number>, event: ArrayLike<number>, risk: ArrayLike<number>): HarrellCounts {
  const m = time.length;
  const byRisk = new Float64Array(m);
  for (let i = 0; i < m; i++) byRisk[i] = risk[i];
  byRisk.sort();
  let R = 0;
  for (let i = 0; i < m; i++) if (i === 0 || byRisk[i] !== byRisk[i - 1]) byRisk[R++] = byRisk[i];
  const rank = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    let lo = 0;
    let hi = R - 1;
    const v = risk[i];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byRisk[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo + 1; // 1-based for the Fenwick tree
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => time[b] - time[a]);
  const fen = new Float64Array(R + 1);
  const add = (r: number) => {
    for (let i = r; i <= R; i += i & -i) fen[i] += 1;
  };
  const prefix = (r: number) => {
    let s = 0;
    for (let i = r; i > 0; i -= i & -i) s += fen[i];
    return s;
  };
  let seen = 0;
  let concordant = 0;
  let discordant = 0;
  let tied = 0;
  for (let k = 0; k < m; ) {
    const t = time[order[k]];
    let k2 = k;
    while (k2 < m && time[order[k2]] === t) k2++;
    for (let q = k; q < k2; q++) {
      const i = order[q];
      if (event[i] !== 1) {
        add(rank[i]);
        seen++;
      }
    }
    for (let q = k; q < k2; q++) {
      const i = order[q];
      if (event[i] !== 1) continue;
      const below = prefix(rank[i] - 1);
      const atOrBelow = prefix(rank[i]);
      concordant += below;
      tied += atOrBelow - below;
      discordant += seen - atOrBelow;
    }
    for (let q = k; q < k2; q++) {
      const i = order[q];
      if (event[i] === 1) {
        add(rank[i]);
        seen++;
      }
    }
    k = k2;
  }
  const comparable = concordant + discordant + tied;
  return { concordant, discordant, tiedRisk: tied, comparable, concordance: comparable > 0 ? (concordant + 0.5 * tied) / comparable : NaN };
}
