/**
 * Time weights for the concordance statistic: how much the pairs anchored at each event time count.
 * With S(t-) the Kaplan-Meier survival just before t, G(t-) the censoring Kaplan-Meier just before t
 * (a censoring tied with an event is taken to happen after it), Y(t) the weighted number at risk and
 * W the total case weight of the stratum:
 *
 *   'n'    w(t) = 1                       Harrell's C
 *   'S'    w(t) = W S(t-) / Y(t)          (Peto-Wilcoxon-like)
 *   'S/G'  w(t) = W S(t-) / (G(t-) Y(t))
 *   'n/G2' w(t) = 1 / G(t-)^2             Uno's C
 *   'I'    w(t) = 1 / Y(t)
 *
 * Events after `tauDays` (R: `ymax`) get weight 0 (Uno's truncated C).
 * @see survival::concordance(timewt = ...); survival's fastkm1 (S(t-), G(t-) at the event times)
 */
export type TimeWeighting = 'n' | 'S' | 'S/G' | 'n/G2' | 'I';

/** The accepted `TimeWeighting` values. */
export const TIME_WEIGHTINGS: readonly TimeWeighting[] = ['n', 'S', 'S/G', 'n/G2', 'I'];

/** Type guard for `TimeWeighting`. */
export function isTimeWeighting(v: unknown): v is TimeWeighting {
  return typeof v === 'string' && (TIME_WEIGHTINGS as readonly string[]).includes(v);
}

/** Distinct exit times of one stratum, latest first, with their weighted counts. */
export interface TimeBlocks {
  readonly count: number;
  readonly time: Float64Array;
  /** Σ weight of rows with time >= this block's time (the risk set Y(t)). */
  readonly atRisk: Float64Array;
  /** Σ weight of events / censorings exactly at this time. */
  readonly eventWeight: Float64Array;
  readonly censorWeight: Float64Array;
  /** Whether any row at this time is an event (a weight-0 event still opens an event time). */
  readonly hasEvent: Uint8Array;
}

/**
 * One weight per block (0 for blocks without events). `totalWeight` is W above.
 */
export function concordanceTimeWeights(blocks: TimeBlocks, totalWeight: number, weighting: TimeWeighting, tauDays: number | null): Float64Array {
  const B = blocks.count;
  const out = new Float64Array(B);
  let S = 1;
  let G = 1;
  for (let k = B - 1; k >= 0; k--) {
    const y = blocks.atRisk[k];
    const d = blocks.eventWeight[k];
    if (blocks.hasEvent[k] && y > 0) {
      let w: number;
      switch (weighting) {
        case 'n':
          w = 1;
          break;
        case 'S':
          w = (totalWeight * S) / y;
          break;
        case 'S/G':
          w = (totalWeight * S) / (G * y);
          break;
        case 'n/G2':
          w = 1 / (G * G);
          break;
        case 'I':
          w = 1 / y;
          break;
      }
      out[k] = tauDays !== null && blocks.time[k] > tauDays ? 0 : w;
      S = (S * (y - d)) / y;
    }
    const c = blocks.censorWeight[k];
    if (c > 0) {
      const r = y - d;
      G = (G * (r - c)) / r;
    }
  }
  return out;
}
