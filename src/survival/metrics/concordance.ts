import type { Issue, Result } from '../../core/issues.js';
import { fail, issueError, issueWarning, ok } from '../../core/issues.js';
import type { SurvivalData } from '../outcome.js';
import type { PairCounts, TiedTimeRule } from './concordance-kernel.js';
import { prepareConcordance, sweepConcordance } from './concordance-kernel.js';
import type { TimeWeighting } from './concordance-time-weights.js';
import { isTimeWeighting, TIME_WEIGHTINGS } from './concordance-time-weights.js';
import { concordanceInfluence } from './concordance-variance.js';
import { checkRowValues } from './metric-input.js';
import type { MarkerDirection, RiskScore } from './risk-score.js';
import { asRiskScore, isMarkerDirection, MARKER_DIRECTIONS } from './risk-score.js';

/** Knobs for `concordanceIndex`. */
export interface ConcordanceOptions {
  /** How the marker relates to prognosis. Default 'higher-is-worse' (a risk score). Never inferred. */
  readonly direction?: MarkerDirection;
  /** Time weighting of the pairs (see `TimeWeighting`). Default 'n' (Harrell). */
  readonly timeWeighting?: TimeWeighting;
  /** Only events at or before this time anchor pairs (R `ymax`; Uno's τ), same unit as the times. */
  readonly tauDays?: number | null;
  /** Pair rows only within `data.strata` (default true when the data carry strata). */
  readonly useStrata?: boolean;
  /** Group the influence by `data.cluster` for the variance (default true when present). */
  readonly useCluster?: boolean;
}

/** Pair counts of one stratum. */
export interface StratumConcordanceCounts {
  readonly stratum: string;
  readonly counts: PairCounts;
  readonly nEvents: number;
}

/** Harrell-type concordance with R survival's counts and infinitesimal-jackknife variance. */
export interface ConcordanceResult {
  /** C = (concordant + tiedX / 2) / (concordant + discordant + tiedX). */
  readonly concordance: number;
  /** Somers' d = 2C - 1. */
  readonly somersD: number;
  /** var(C) (R `concordance(...)$var`) and its square root. */
  readonly variance: number;
  readonly se: number;
  /** Weighted pair counts over all strata (R `$count`, reverse = TRUE). */
  readonly counts: PairCounts;
  /** Per-stratum counts; null when unstratified. */
  readonly countsByStratum: readonly StratumConcordanceCounts[] | null;
  /** Weighted comparable pairs concordant + discordant + tiedX. */
  readonly comparablePairs: number;
  readonly n: number;
  readonly nEvents: number;
  readonly direction: MarkerDirection;
  readonly timeWeighting: TimeWeighting;
  readonly tauDays: number | null;
  /** Per-row influence on C (R `dfbeta`, reverse = TRUE), input row order; Σ U_i^2 = variance without clusters. */
  readonly influence: Float64Array;
  readonly warnings: readonly Issue[];
}

/** Validation shared by the concordance family. */
export function checkConcordanceInput(data: SurvivalData, marker: ArrayLike<number>, name: string, o: { direction?: unknown; timeWeighting?: unknown; tauDays?: unknown }): Issue[] {
  const issues: Issue[] = [];
  if (data.entry) {
    issues.push(issueError('bad_option', ['entry'], 'concordance supports right-censored data only, not (start, stop] rows', { expected: 'no entry column', received: 'entry times' }));
  }
  if (data.n === 0) issues.push(issueError('empty_data', [], 'concordance: no rows', { expected: 'at least two rows' }));
  issues.push(...checkRowValues(marker, data.n, name));
  if (o.direction !== undefined && !isMarkerDirection(o.direction)) {
    issues.push(issueError('bad_option', ['direction'], `unknown direction ${JSON.stringify(o.direction)}`, { expected: MARKER_DIRECTIONS.join(' | '), received: String(o.direction) }));
  }
  if (o.timeWeighting !== undefined && !isTimeWeighting(o.timeWeighting)) {
    issues.push(issueError('bad_option', ['timeWeighting'], `unknown time weighting ${JSON.stringify(o.timeWeighting)}`, { expected: TIME_WEIGHTINGS.join(' | '), received: String(o.timeWeighting) }));
  }
  const tau = o.tauDays;
  if (tau !== undefined && tau !== null && !(typeof tau === 'number' && Number.isFinite(tau) && tau > 0)) {
    issues.push(issueError('bad_option', ['tauDays'], 'tau must be a positive finite time', { expected: 'a time > 0', received: String(tau) }));
  }
  if (data.n > 0 && !data.event.some((e) => e === 1)) {
    issues.push(issueError('no_events', ['event'], 'concordance needs at least one event; every row is censored', { expected: 'at least one event' }));
  }
  return issues;
}

/** The "no comparable pairs" problem (e.g. τ before the first event, or all events tied). */
export function noComparablePairsIssue(path: (string | number)[] = []): Issue {
  return issueError('too_few_rows', path, 'no comparable pairs: C is undefined', {
    expected: 'at least one event followed by a longer observed time (before tau, within a stratum)',
    received: '0 comparable pairs',
  });
}

/**
 * Concordance of a risk score with a right-censored outcome, exactly as
 * `survival::concordance(Surv(time, event) ~ marker, reverse = TRUE, timewt = ...)` counts it:
 * a pair (i, j) is comparable when i has an event and T_i < T_j (or T_i = T_j with j censored);
 * it is concordant when r_i > r_j, discordant when r_i < r_j, tied.x when r_i = r_j; each pair is
 * weighted w_i w_j τ(T_i). C = (C + T/2) / (C + D + T). Pairs are formed within strata only.
 * The variance is R's infinitesimal jackknife Σ U_i^2 (see `concordanceInfluence`). O(n log n).
 * @see survival::concordance, survival::concordancefit
 */
export function concordanceIndex(data: SurvivalData, marker: ArrayLike<number> | RiskScore, options: ConcordanceOptions = {}): Result<ConcordanceResult> {
  const issues = checkConcordanceInput(data, marker, 'marker', options);
  if (issues.length) return fail(issues);
  const direction = options.direction ?? 'higher-is-worse';
  const timeWeighting = options.timeWeighting ?? 'n';
  const tauDays = options.tauDays ?? null;
  const strata = options.useStrata === false ? null : data.strata;
  const cluster = options.useCluster === false ? null : data.cluster;
  const risk = asRiskScore(marker, direction);
  const rule: TiedTimeRule = 'censored-after-event';
  const prep = prepareConcordance(data.time, data.event, risk, strata, rule);
  const k = sweepConcordance(prep, { weights: data.weights, timeWeighting, tauDays, influence: true });
  const { concordant, discordant, tiedX } = k.total;
  const npair = concordant + discordant + tiedX;
  if (!(npair > 0)) return fail([noComparablePairsIssue(tauDays !== null ? ['tauDays'] : [])]);
  const inf = concordanceInfluence(k, data.weights, cluster);
  const warnings: Issue[] = k.fellBackToN.map((s) =>
    issueWarning('too_few_rows', ['strata', strata ? (data.strataLevels[s] ?? s) : 'all'], `fewer than two events: time weighting '${timeWeighting}' replaced by 'n' (as R does)`, { expected: 'at least two events' }),
  );
  const concordance = (concordant + tiedX / 2) / npair;
  let nEvents = 0;
  for (let i = 0; i < data.n; i++) nEvents += data.event[i];
  return ok(
    {
      concordance,
      somersD: (concordant - discordant) / npair,
      variance: inf.variance,
      se: Math.sqrt(inf.variance),
      counts: k.total,
      countsByStratum: strata
        ? k.byStratum.map((c, s) => ({ stratum: data.strataLevels[s] ?? String(s), counts: c, nEvents: k.eventsByStratum[s] }))
        : null,
      comparablePairs: npair,
      n: data.n,
      nEvents,
      direction,
      timeWeighting,
      tauDays,
      influence: inf.influence,
      warnings,
    },
    warnings,
  );
}
