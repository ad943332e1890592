import type { BreslowRiskSets } from './breslow-risk-sets.js';
import { allocateBreslowWork, breslowLogLik, breslowSaturatedLogLik, buildBreslowRiskSets } from './breslow-risk-sets.js';

/**
 * Breslow partial-likelihood deviance of a row subset, with glmnet's weight convention for
 * `coxnet.deviance(std.weights = TRUE)`: weights rescaled to mean 1 within the subset.
 * D(b) = 2 (l_sat - l(b)), l_sat = -sum_k D_k log D_k.
 * @see glmnet:::coxnet.deviance
 */
export interface SubsetDeviance {
  readonly riskSets: BreslowRiskSets;
  /** Original row index for each subset row (subset order). */
  readonly rows: Int32Array;
  readonly saturated: number;
  /** Deviance for a linear predictor given per subset row (subset order). */
  deviance(eta: Float64Array): number;
}

/** Prepare the deviance of the rows `rows` (indices into `time`, `event`, `weight`). */
export function subsetDeviance(time: Float64Array, event: Uint8Array, weight: Float64Array, rows: Int32Array): SubsetDeviance {
  const m = rows.length;
  let sw = 0;
  for (let i = 0; i < m; i++) sw += weight[rows[i]];
  const t = new Float64Array(m);
  const d = new Uint8Array(m);
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    t[i] = time[rows[i]];
    d[i] = event[rows[i]];
    w[i] = (m * weight[rows[i]]) / sw;
  }
  const riskSets = buildBreslowRiskSets(t, d, w);
  const work = allocateBreslowWork(riskSets);
  const sorted = new Float64Array(m);
  const saturated = breslowSaturatedLogLik(riskSets);
  return {
    riskSets,
    rows,
    saturated,
    deviance(eta: Float64Array): number {
      for (let r = 0; r < m; r++) sorted[r] = eta[riskSets.order[r]];
      return 2 * (saturated - breslowLogLik(riskSets, sorted, work));
    },
  };
}

/** Weighted pair counts behind Harrell's C. */
export interface HarrellConcordance {
  readonly concordant: number;
  readonly discordant: number;
  /** Comparable pairs with equal risk (count 1/2). */
  readonly tiedRisk: number;
  /** (concordant + tiedRisk / 2) / (concordant + discordant + tiedRisk); NaN when no pair is comparable. */
  readonly c: number;
}

/**
 * Harrell's C for a risk score (higher = earlier event). A pair (i, j) is comparable when i has an event
 * and t_j > t_i, or t_j = t_i and j is censored; pairs of events at the same time are not counted.
 * Pair weight w_i w_j. O(n log n) by one sort and a Fenwick tree over risk ranks.
 * @see survival::concordance(Surv ~ -risk) (timewt = "n"), which glmnet:::Cindex calls
 */
export function harrellConcordance(time: Float64Array, event: Uint8Array, risk: Float64Array, weight?: Float64Array): HarrellConcordance {
  const n = time.length;
  const byRisk = Array.from({ length: n }, (_, i) => i).sort((a, b) => risk[a] - risk[b]);
  const rank = new Int32Array(n);
  let nr = 0;
  for (let r = 0; r < n; r++) {
    if (r > 0 && risk[byRisk[r]] !== risk[byRisk[r - 1]]) nr++;
    rank[byRisk[r]] = nr + 1;
  }
  const size = nr + 1;
  const tree = new Float64Array(size + 1);
  const add = (k: number, v: number) => {
    for (; k <= size; k += k & -k) tree[k] += v;
  };
  const prefix = (k: number) => {
    let s = 0;
    for (; k > 0; k -= k & -k) s += tree[k];
    return s;
  };
  const w = (i: number) => (weight ? weight[i] : 1);
  const byTime = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[b] - time[a]);
  let conc = 0;
  let disc = 0;
  let tied = 0;
  let total = 0;
  let g = 0;
  while (g < n) {
    let h = g;
    while (h < n && time[byTime[h]] === time[byTime[g]]) h++;
    for (let r = g; r < h; r++) {
      const i = byTime[r];
      if (!event[i]) {
        add(rank[i], w(i));
        total += w(i);
      }
    }
    for (let r = g; r < h; r++) {
      const i = byTime[r];
      if (!event[i]) continue;
      const below = prefix(rank[i] - 1);
      const upTo = prefix(rank[i]);
      conc += w(i) * below;
      tied += w(i) * (upTo - below);
      disc += w(i) * (total - upTo);
    }
    for (let r = g; r < h; r++) {
      const i = byTime[r];
      if (event[i]) {
        add(rank[i], w(i));
        total += w(i);
      }
    }
    g = h;
  }
  const denom = conc + disc + tied;
  return { concordant: conc, discordant: disc, tiedRisk: tied, c: denom > 0 ? (conc + tied / 2) / denom : NaN };
}
