import { HccError } from '../../core/errors.js';

/** Harrell's C with its pair counts. */
export interface HarrellConcordanceResult {
  /** (concordant + tied/2) / comparable; NaN-free: 0.5 when no pair is comparable. */
  readonly concordance: number;
  readonly concordant: number;
  readonly discordant: number;
  readonly tiedRisk: number;
  readonly comparable: number;
}

/**
 * Harrell's concordance index of a risk score (higher = worse) by the O(n²) pair count used for
 * validation during training (small n): a pair (i, j) is comparable when t_i < t_j and δ_i = 1; it is
 * concordant when risk_i > risk_j; tied risks count ½. Pairs tied in time are not comparable.
 * @see R survival `concordance(..., timewt = "n")` (Harrell); lifelines `concordance_index`.
 */
export function harrellConcordance(time: ArrayLike<number>, event: ArrayLike<number>, risk: ArrayLike<number>): HarrellConcordanceResult {
  const n = time.length;
  if (event.length !== n || risk.length !== n) throw new HccError('E_INPUT', `harrellConcordance: lengths differ (time ${n}, event ${event.length}, risk ${risk.length})`);
  let concordant = 0;
  let discordant = 0;
  let tiedRisk = 0;
  for (let i = 0; i < n; i++) {
    if (event[i] !== 1) continue;
    if (!Number.isFinite(risk[i])) throw new HccError('E_NUMERIC', `harrellConcordance: risk[${i}] is not finite`);
    for (let j = 0; j < n; j++) {
      if (!(time[i] < time[j])) continue;
      if (risk[i] > risk[j]) concordant++;
      else if (risk[i] < risk[j]) discordant++;
      else tiedRisk++;
    }
  }
  const comparable = concordant + discordant + tiedRisk;
  return { concordance: comparable > 0 ? (concordant + tiedRisk / 2) / comparable : 0.5, concordant, discordant, tiedRisk, comparable };
}
