import { HccError } from '../../core/errors.js';

declare const riskScoreBrand: unique symbol;

/**
 * A per-row risk score where a HIGHER value means a WORSE prognosis (earlier event), e.g. a Cox
 * linear predictor or a predicted event probability. Kept distinct from survival probabilities so a
 * concordance direction can never be flipped silently. Built only by `asRiskScore`.
 */
export type RiskScore = Float64Array & { readonly [riskScoreBrand]: true };

/** How a raw marker relates to prognosis. */
export type MarkerDirection = 'higher-is-worse' | 'higher-is-better';

/** The accepted `MarkerDirection` values (for option parsing and messages). */
export const MARKER_DIRECTIONS: readonly MarkerDirection[] = ['higher-is-worse', 'higher-is-better'];

/** Type guard for `MarkerDirection`. */
export function isMarkerDirection(v: unknown): v is MarkerDirection {
  return v === 'higher-is-worse' || v === 'higher-is-better';
}

/**
 * Convert a raw marker to a `RiskScore`: r = x for 'higher-is-worse', r = -x for 'higher-is-better'
 * (a predicted survival time or probability). Nothing is inferred from the data: the caller states
 * the direction. Negative zero is normalised to +0 so ties stay ties.
 * @see survival::concordance(reverse = TRUE) for risk scores; reverse = FALSE for predicted survival.
 */
export function asRiskScore(marker: ArrayLike<number>, direction: MarkerDirection = 'higher-is-worse'): RiskScore {
  if (!isMarkerDirection(direction)) {
    throw new HccError('E_OPTION', `direction must be one of ${MARKER_DIRECTIONS.join(', ')}; got ${String(direction)}`);
  }
  const n = marker.length;
  const out = new Float64Array(n);
  if (direction === 'higher-is-worse') for (let i = 0; i < n; i++) out[i] = marker[i] + 0;
  else for (let i = 0; i < n; i++) out[i] = -marker[i] + 0;
  return out as RiskScore;
}
