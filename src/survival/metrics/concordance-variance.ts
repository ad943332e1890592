import type { KernelOutput } from './concordance-kernel.js';
import { HccError } from '../../core/errors.js';

/** Influence of each row (or cluster) on C and the variance they imply. */
export interface ConcordanceInfluence {
  /**
   * Per-row influence on C (R `concordance(..., influence = 1)$dfbeta` with reverse = TRUE):
   * U_i = w_i [ (c_i - d_i) / P - (D / P) (c_i + d_i + t_i) ] / 2, where c_i, d_i, t_i are the
   * weighted concordant / discordant / risk-tied comparable pairs row i takes part in, P = C + D + T
   * the weighted comparable pairs and D = (C - D) / P Somers' d.
   */
  readonly influence: Float64Array;
  /** Σ_g (Σ_{i in g} U_i)^2 over clusters g (every row its own cluster when none are given). */
  readonly variance: number;
}

/**
 * Infinitesimal-jackknife variance of the concordance from the sweep's per-row counts.
 * var(C) = Σ_i U_i^2 (or grouped by cluster). Strata pool their counts: P and D are totals.
 * @see survival::concordancefit (`dfbeta`, `var`)
 */
export function concordanceInfluence(k: KernelOutput, weights: Float64Array | null, cluster: Int32Array | null): ConcordanceInfluence {
  const ic = k.inConcordant;
  const id = k.inDiscordant;
  const it = k.inTiedX;
  if (!ic || !id || !it) throw new HccError('E_INTERNAL', 'concordanceInfluence: the sweep was run without influence');
  const { concordant, discordant, tiedX } = k.total;
  const npair = concordant + discordant + tiedX;
  const somer = (concordant - discordant) / npair;
  const n = ic.length;
  const influence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    influence[i] = (w * ((ic[i] - id[i]) / npair - (somer / npair) * (ic[i] + id[i] + it[i]))) / 2;
  }
  let variance = 0;
  if (cluster) {
    let g = 0;
    for (let i = 0; i < n; i++) if (cluster[i] + 1 > g) g = cluster[i] + 1;
    const sums = new Float64Array(g);
    for (let i = 0; i < n; i++) sums[cluster[i]] += influence[i];
    for (let c = 0; c < g; c++) variance += sums[c] * sums[c];
  } else {
    for (let i = 0; i < n; i++) variance += influence[i] * influence[i];
  }
  return { influence, variance };
}
