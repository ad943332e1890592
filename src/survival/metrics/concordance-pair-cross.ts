import { FenwickTree } from './fenwick-tree.js';

/**
 * Σ over comparable pairs (i event, T_i < T_j, or T_i = T_j with j censored) of
 * sign(y_i - y_j) · sign(z_i - z_j) for two integer rank vectors y, z: how often two markers order a
 * comparable pair the same way minus how often they disagree (pairs tied on either marker add 0).
 * This is the cross term of compareC's covariance. Offline 3-D dominance counting by divide and
 * conquer over the sweep order (CDQ), with a Fenwick tree over z: O(n log² n) time, O(n) memory.
 */
export function comparablePairSignCross(time: Float64Array, event: Uint8Array, y: Int32Array, z: Int32Array): number {
  const n = time.length;
  let zCount = 0;
  for (let i = 0; i < n; i++) if (z[i] + 1 > zCount) zCount = z[i] + 1;
  // Sweep order: time descending; within a time, censored rows enter first, then the events are
  // queried, then the events enter (so events tied in time are never paired).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[b] - time[a]);
  const evRow: number[] = [];
  const evIsQuery: number[] = [];
  for (let j = 0; j < n; ) {
    let k = j;
    while (k < n && time[order[k]] === time[order[j]]) k++;
    for (let q = j; q < k; q++) if (!event[order[q]]) { evRow.push(order[q]); evIsQuery.push(0); }
    for (let q = j; q < k; q++) if (event[order[q]]) { evRow.push(order[q]); evIsQuery.push(1); }
    for (let q = j; q < k; q++) if (event[order[q]]) { evRow.push(order[q]); evIsQuery.push(0); }
    j = k;
  }
  const L = evRow.length;
  const ey = Int32Array.from(evRow, (r) => y[r]);
  const ez = Int32Array.from(evRow, (r) => z[r]);
  const isQ = Uint8Array.from(evIsQuery);
  const perm = new Int32Array(L);
  for (let i = 0; i < L; i++) perm[i] = i;
  const tmp = new Int32Array(L);
  const fen = new FenwickTree(Math.max(1, zCount));
  fen.reset(Math.max(1, zCount));
  let total = 0;

  const solve = (lo: number, hi: number): void => {
    if (hi - lo < 2) return;
    const mid = (lo + hi) >>> 1;
    solve(lo, mid);
    solve(mid, hi);
    // perm[lo..mid) and perm[mid..hi) are each sorted by y. Updates on the left meet queries on the right.
    // Ascending sweep: updates with y < y_q.
    let pl = lo;
    for (let r = mid; r < hi; r++) {
      const q = perm[r];
      if (!isQ[q]) continue;
      while (pl < mid && ey[perm[pl]] < ey[q]) {
        const u = perm[pl++];
        if (!isQ[u]) fen.add(ez[u], 1);
      }
      const below = fen.below(ez[q]);
      const above = fen.above(ez[q], below);
      total += below - above;
    }
    for (let j = lo; j < pl; j++) if (!isQ[perm[j]]) fen.add(ez[perm[j]], -1);
    // Descending sweep: updates with y > y_q.
    pl = mid - 1;
    for (let r = hi - 1; r >= mid; r--) {
      const q = perm[r];
      if (!isQ[q]) continue;
      while (pl >= lo && ey[perm[pl]] > ey[q]) {
        const u = perm[pl--];
        if (!isQ[u]) fen.add(ez[u], 1);
      }
      const below = fen.below(ez[q]);
      const above = fen.above(ez[q], below);
      total += above - below;
    }
    for (let j = mid - 1; j > pl; j--) if (!isQ[perm[j]]) fen.add(ez[perm[j]], -1);
    // Merge by y.
    let a = lo;
    let b = mid;
    let t = lo;
    while (a < mid && b < hi) tmp[t++] = ey[perm[b]] < ey[perm[a]] ? perm[b++] : perm[a++];
    while (a < mid) tmp[t++] = perm[a++];
    while (b < hi) tmp[t++] = perm[b++];
    perm.set(tmp.subarray(lo, hi), lo);
  };
  solve(0, L);
  return total;
}
